#!/usr/bin/env bash
# Installs the pinned Claude Code CLI into e2e/node_modules for the end-to-end test. Idempotent.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
want="2.1.330"
# tmux drives the first-run test of `aismush start` in a real terminal.
if ! command -v tmux >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing tmux for the terminal test ..." >&2
    (apt-get install -y -qq tmux >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq tmux >/dev/null; }) >&2
  else
    echo "e2e/install.sh: tmux is needed for the terminal test (apt-get install tmux / brew install tmux)" >&2
    exit 1
  fi
fi
bin="$here/node_modules/.bin/claude"
if [ -x "$bin" ] && [ "$("$bin" --version 2>/dev/null | cut -d' ' -f1)" = "$want" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "e2e/install.sh: npm is needed to install the Claude Code CLI for the end-to-end test (apt-get install nodejs npm)" >&2
  exit 1
fi
echo "installing @anthropic-ai/claude-code@$want into e2e/node_modules ..." >&2
(cd "$here" && npm install --no-audit --no-fund --no-package-lock --loglevel=error >&2)
"$bin" --version >&2
