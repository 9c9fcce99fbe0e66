#!/usr/bin/env bash
# Installs this aismush checkout for the current user: builds the release jar (if needed) and links
# bin/aismush and bin/aismush-start into ~/.local/bin (or $AISMUSH_BIN_DIR). Nothing outside that folder and
# this checkout is touched; no root needed.
#   ./install.sh              install (or update the links)
#   ./install.sh --uninstall  remove the links; your data stays in ~/.hybrid-proxy (delete it yourself if you wish)
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin_dir="${AISMUSH_BIN_DIR:-$HOME/.local/bin}"

if [ "${1:-}" = "--uninstall" ]; then
  for name in aismush aismush-start; do
    link="$bin_dir/$name"
    if [ -L "$link" ] && [ "$(readlink "$link")" = "$root/bin/$name" ]; then rm -f "$link" && echo "removed $link"; fi
  done
  echo "aismush is uninstalled. Your keys, history and log stay in ~/.hybrid-proxy; remove that folder to forget them."
  echo "A proxy still running in the background: stop it with kill \$(cat ~/.hybrid-proxy/proxy.pid)."
  exit 0
fi

# shellcheck source=bin/lib/jdk.sh
. "$root/bin/lib/jdk.sh"
find_jdk || exit 1
if [ ! -f "$root/proxy/target/aismush.jar" ]; then
  echo "building aismush ..." >&2
  (cd "$root" && JAVA_HOME="$JDK_HOME" ./mvnw -B -q -DskipTests -pl proxy -am package) >&2
fi

mkdir -p "$bin_dir"
for name in aismush aismush-start; do
  ln -sfn "$root/bin/$name" "$bin_dir/$name"
  echo "linked $bin_dir/$name -> $root/bin/$name"
done
case ":$PATH:" in
  *":$bin_dir:"*) ;;
  *) echo
     echo "$bin_dir is not on your PATH. Add it, e.g. in ~/.bashrc or ~/.zshrc:"
     echo "  export PATH=\"$bin_dir:\$PATH\"" ;;
esac
echo
echo "Try it:  aismush demo      (a simulated session, no keys needed)"
echo "Then:    aismush-start     (Claude Code through aismush; asks for your DeepSeek key once)"
echo "Uninstall: $root/install.sh --uninstall"
