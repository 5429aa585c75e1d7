#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL server, for the SQL tests:
#   scripts/with-postgres.sh COMMAND [ARGS...]
# Creates a cluster in a temporary directory (as the unprivileged `postgres` user when run as
# root: initdb refuses root), starts it on a free loopback port with trust authentication, exports
# GLEAN_TEST_POSTGRES_URL (and POSTGRES_URL, which Pipelines/json-to-postgres.yml reads), runs the
# command, then stops the server and removes the directory.
set -euo pipefail

bindir=""
for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  [ -x "$candidate/initdb" ] && { bindir=$candidate; break; }
done
[ -n "$bindir" ] || { echo "with-postgres: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

as_user=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  as_user=(runuser -u postgres --)
fi

dir=$(mktemp -d /tmp/glean-pg.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cleanup() {
  "${as_user[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${as_user[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
"${as_user[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }

export GLEAN_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/postgres"
# The example pipelines read POSTGRES_URL: with it set, the end-to-end tests run them too.
export POSTGRES_URL="$GLEAN_TEST_POSTGRES_URL"
echo "with-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
"$@"
