# Finds a JDK whose major version is at least 25, for the project's scripts. Source it, then call find_jdk:
# on success it sets JDK_HOME and JDK_JAVA; otherwise it prints why and returns 1.
# Order: $JAVA_HOME, java on PATH, then the usual install folders (Linux, macOS, SDKMAN, IntelliJ).

jdk_major() { # prints the major version of the given java executable, or nothing
  local real home
  real="$(readlink -f "$1" 2>/dev/null || echo "$1")"
  home="$(dirname "$(dirname "$real")")"
  if [ -f "$home/release" ]; then # cheap: no JVM start
    awk -F'"' '/^JAVA_VERSION=/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }' "$home/release"
  else
    "$1" -version 2>&1 | awk -F'"' '/version "/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
  fi
}

find_jdk() {
  local min=25 candidate major seen=""
  local -a candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(command -v java)")
  fi
  local pattern
  for pattern in /usr/lib/jvm/*/bin/java /usr/java/*/bin/java /opt/java/*/bin/java /opt/*jdk*/bin/java \
      /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java "$HOME"/.sdkman/candidates/java/*/bin/java \
      "$HOME"/.jdks/*/bin/java; do
    [ -e "$pattern" ] && candidates+=("$pattern")
  done
  for candidate in "${candidates[@]}"; do
    [ -x "$candidate" ] || continue
    major="$(jdk_major "$candidate")"
    seen="$seen $candidate(${major:-?})"
    if [ -n "$major" ] && [ "$major" -ge "$min" ] 2>/dev/null; then
      JDK_JAVA="$candidate"
      JDK_HOME="$(cd "$(dirname "$candidate")/.." && pwd -P)"
      # A java on PATH may be a symlink into the real JDK: resolve it so javac and the jar tool sit beside it.
      if command -v readlink >/dev/null 2>&1 && [ -L "$candidate" ]; then
        local real
        real="$(readlink -f "$candidate" 2>/dev/null || true)"
        [ -n "$real" ] && JDK_JAVA="$real" && JDK_HOME="$(cd "$(dirname "$real")/.." && pwd -P)"
      fi
      export JDK_HOME JDK_JAVA
      return 0
    fi
  done
  echo "aismush needs a JDK $min or newer, and found none." >&2
  [ -n "$seen" ] && echo "  looked at:$seen" >&2
  echo "  Install one (e.g. Eclipse Temurin 25) and set JAVA_HOME to its folder." >&2
  return 1
}
