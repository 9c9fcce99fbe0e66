# A throwaway PostgreSQL server for the tests. Source it, then call pg_start: it installs Debian's `postgresql`
# package when no server binaries are present (as root), initdb's a cluster in a temp folder as the unprivileged
# `postgres` user (or the current user when not root), starts it on a free loopback port with fsync off, and exports
# AISMUSH_TEST_PG_URL. pg_stop stops it and deletes the folder; pg_start arranges that on the shell's exit.

pg_bindir() { # prints the newest PostgreSQL bin folder, or nothing
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d"
}

pg_free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

pg_start() {
  local bindir port
  bindir="$(pg_bindir)"
  if [ -z "$bindir" ]; then
    if [ "$(id -u)" != 0 ]; then
      echo "postgres.sh: no PostgreSQL server found; install Debian's package: sudo apt-get install postgresql" >&2
      return 1
    fi
    echo "postgres.sh: installing Debian's postgresql package for the tests" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql) >/dev/null || return 1
    bindir="$(pg_bindir)"
  fi
  AISMUSH_PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/aismush-pg.XXXXXX")"
  AISMUSH_PG_RUNAS=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$AISMUSH_PG_DIR"
    AISMUSH_PG_RUNAS=(runuser -u postgres --)
  fi
  port="$(pg_free_port)" || { echo "postgres.sh: no free port" >&2; return 1; }
  "${AISMUSH_PG_RUNAS[@]}" "$bindir/initdb" -D "$AISMUSH_PG_DIR/data" -A trust -U postgres -E UTF8 --no-sync >"$AISMUSH_PG_DIR/initdb.log" 2>&1 \
    || { cat "$AISMUSH_PG_DIR/initdb.log" >&2; return 1; }
  "${AISMUSH_PG_RUNAS[@]}" "$bindir/pg_ctl" -D "$AISMUSH_PG_DIR/data" -l "$AISMUSH_PG_DIR/server.log" -w -t 30 \
    -o "-p $port -k $AISMUSH_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
    || { cat "$AISMUSH_PG_DIR/server.log" >&2; return 1; }
  AISMUSH_PG_BINDIR="$bindir"
  export AISMUSH_TEST_PG_URL="jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres"
  trap pg_stop EXIT
  echo "postgres.sh: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') for the tests on 127.0.0.1:$port" >&2
}

pg_stop() {
  [ -n "${AISMUSH_PG_DIR:-}" ] || return 0
  "${AISMUSH_PG_RUNAS[@]}" "$AISMUSH_PG_BINDIR/pg_ctl" -D "$AISMUSH_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$AISMUSH_PG_DIR"
  AISMUSH_PG_DIR=""
  unset AISMUSH_TEST_PG_URL
}
