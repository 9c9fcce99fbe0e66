@echo off
rem aismush launcher for Windows: finds Java 25+ (JAVA_HOME, then java on the PATH), builds the jar with mvnw.cmd
rem when it is missing, and runs it. All arguments go to aismush: `aismush.cmd start`, `aismush.cmd demo`, ...
setlocal EnableDelayedExpansion
set "ROOT=%~dp0.."
set "JAR=%ROOT%\proxy\target\aismush.jar"
set "JAVA="
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "JAVA=%JAVA_HOME%\bin\java.exe"
if not defined JAVA for /f "delims=" %%J in ('where java 2^>nul') do if not defined JAVA set "JAVA=%%J"
if not defined JAVA (
  echo aismush needs Java 25 or newer and found none. Install one ^(e.g. Eclipse Temurin 25^) and set JAVA_HOME. 1>&2
  exit /b 1
)
set "MAJOR="
for /f "tokens=3" %%V in ('"%JAVA%" -version 2^>^&1 ^| findstr /i "version"') do if not defined MAJOR set "MAJOR=%%~V"
for /f "delims=." %%M in ("%MAJOR%") do set "MAJOR=%%M"
if %MAJOR% LSS 25 (
  echo aismush needs Java 25 or newer; "%JAVA%" is Java %MAJOR%. Set JAVA_HOME to a JDK 25. 1>&2
  exit /b 1
)
if not exist "%JAR%" (
  echo aismush: building the jar ^(first run^) ... 1>&2
  for %%J in ("%JAVA%") do set "JAVA_DIR=%%~dpJ"
  pushd "%ROOT%"
  if not defined JAVA_HOME for %%H in ("!JAVA_DIR!..") do set "JAVA_HOME=%%~fH"
  call mvnw.cmd -B -q -DskipTests -pl proxy -am package 1>&2 || (popd & exit /b 1)
  popd
)
set "AISMUSH_LAUNCHER="
"%JAVA%" -XX:+UseSerialGC -Xms16m -Xmx256m -XX:MaxMetaspaceSize=96m -XX:+ExitOnOutOfMemoryError %AISMUSH_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
