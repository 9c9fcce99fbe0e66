# Installs claude-code-router, pinned by bench/peers/claude-code-router/package-lock.json, into that folder
# (never globally), for the peer comparison. Source it, then call find_ccr: on success it sets CCR_CLI (the
# package's cli.js) and CCR_NODE; otherwise it sets CCR_SKIP to the reason.
find_ccr() {
    CCR_CLI="" CCR_NODE="" CCR_SKIP=""
    local here dir major
    here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
    dir="$here/../peers/claude-code-router"
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        CCR_SKIP="Node.js and npm are not installed (claude-code-router 2.0.0 needs Node >= 20)"
        return 1
    fi
    major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
    if [ "$major" -lt 20 ]; then
        CCR_SKIP="Node $(node --version) is too old (claude-code-router 2.0.0 needs Node >= 20)"
        return 1
    fi
    CCR_CLI="$dir/node_modules/@musistudio/claude-code-router/dist/cli.js"
    if [ ! -f "$CCR_CLI" ]; then
        echo "bench/run: installing claude-code-router (pinned, into bench/peers/claude-code-router)" >&2
        if ! (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts) >&2; then
            CCR_SKIP="npm ci in bench/peers/claude-code-router failed"
            return 1
        fi
    fi
    CCR_NODE="$(command -v node)"
    return 0
}
