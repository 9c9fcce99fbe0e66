# aismush start for Windows PowerShell: finds Java 25+ (JAVA_HOME, then java on the PATH), builds the jar with
# mvnw.cmd when it is missing, then runs `aismush start` with every argument (they go on to `claude`).
#   powershell -ExecutionPolicy Bypass -File bin\start.ps1 [--direct] [claude args...]
$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $PSScriptRoot
$jar = Join-Path $root 'proxy\target\aismush.jar'

function Get-JavaMajor([string]$java) {
    $line = (& $java -version 2>&1 | Select-String 'version' | Select-Object -First 1).ToString()
    if ($line -match 'version "(\d+)(\.(\d+))?') { if ($Matches[1] -eq '1') { return [int]$Matches[3] } else { return [int]$Matches[1] } }
    return 0
}

$candidates = @()
if ($env:JAVA_HOME) { $candidates += (Join-Path $env:JAVA_HOME 'bin\java.exe') }
$onPath = Get-Command java -ErrorAction SilentlyContinue
if ($onPath) { $candidates += $onPath.Source }
$java = $null
foreach ($c in $candidates) {
    if ((Test-Path $c) -and ((Get-JavaMajor $c) -ge 25)) { $java = $c; break }
}
if (-not $java) {
    Write-Error 'aismush needs Java 25 or newer and found none. Install one (e.g. Eclipse Temurin 25) and set JAVA_HOME.'
    exit 1
}
if (-not (Test-Path $jar)) {
    Write-Host 'aismush: building the jar (first run) ...'
    if (-not $env:JAVA_HOME) { $env:JAVA_HOME = Split-Path -Parent (Split-Path -Parent $java) }
    Push-Location $root
    try { & (Join-Path $root 'mvnw.cmd') -B -q -DskipTests -pl proxy -am package; if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE } }
    finally { Pop-Location }
}
$env:AISMUSH_LAUNCHER = $null
& $java -XX:+UseSerialGC -Xms16m -Xmx256m -XX:+ExitOnOutOfMemoryError -jar $jar start @args
exit $LASTEXITCODE
