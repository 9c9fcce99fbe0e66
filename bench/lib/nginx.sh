# Finds nginx for the peer comparison, installing Debian's package when it is missing and apt-get can (as root).
# Source it, then call find_nginx: on success it sets NGINX_BIN; otherwise it sets NGINX_SKIP to the reason.
find_nginx() {
    NGINX_BIN="" NGINX_SKIP=""
    local candidate
    for candidate in "$(command -v nginx 2>/dev/null || true)" /usr/sbin/nginx /usr/local/sbin/nginx /usr/local/nginx/sbin/nginx; do
        if [ -n "$candidate" ] && [ -x "$candidate" ]; then NGINX_BIN="$candidate"; return 0; fi
    done
    if ! command -v apt-get >/dev/null 2>&1; then
        NGINX_SKIP="nginx is not installed and there is no apt-get to install it (install nginx, then run again)"
        return 1
    fi
    if [ "$(id -u)" != 0 ]; then
        NGINX_SKIP="nginx is not installed and installing it needs root (sudo apt-get install nginx)"
        return 1
    fi
    echo "bench/run: installing nginx (Debian package nginx)" >&2
    # The package's post-install starts a system nginx on port 80; the benchmark runs its own, so stop that one.
    if { apt-get install -y -q nginx || { apt-get update -q && apt-get install -y -q nginx; }; } >&2; then
        if command -v systemctl >/dev/null 2>&1; then systemctl stop nginx >/dev/null 2>&1 || true; fi
        NGINX_BIN="$(command -v nginx || echo /usr/sbin/nginx)"
        [ -x "$NGINX_BIN" ] && return 0
    fi
    NGINX_SKIP="apt-get could not install nginx"
    return 1
}
