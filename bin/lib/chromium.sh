# Installs Debian's Chromium for the dashboard's browser tests when it is missing (needs root or sudo).
# Sourced by bin/test; usable alone: bash bin/lib/chromium.sh
chromium_install() {
    [ -x /usr/bin/chromium ] && return 0
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing chromium for the dashboard's browser tests" >&2
    $sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q chromium
}
if [ "${BASH_SOURCE[0]}" = "$0" ]; then chromium_install; fi
