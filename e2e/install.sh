#!/usr/bin/env bash
# Installs the pinned Claude Code CLI into e2e/node_modules for the end-to-end test. Idempotent.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
want="2.1.330"
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
