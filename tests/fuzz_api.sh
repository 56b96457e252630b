#!/usr/bin/env bash
# Fuzz the custom API endpoints with Schemathesis: every operation in the OpenAPI
# document at /api/schema/ (the cluster endpoints), against a real server.
#
# The server is gunicorn on a free loopback port with a throwaway SQLite file
# (migrated and loaded with the demo), so this never touches db.sqlite3 or
# PostgreSQL. Bounded: FUZZ_MAX_EXAMPLES cases per operation (default 30) and
# FUZZ_TIME_LIMIT seconds overall (default 300). Fails on any 5xx response.
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${PY:-.venv/bin/python}"
MAX_EXAMPLES="${FUZZ_MAX_EXAMPLES:-30}"
TIME_LIMIT="${FUZZ_TIME_LIMIT:-300}"

work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

export DJANGO_SETTINGS_MODULE=cms.settings.test
export DATABASE_URL="sqlite:///$work/db.sqlite3"
port="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"

echo "fuzz-api: preparing a demo database in $work"
"$PY" manage.py migrate --noinput >/dev/null
"$PY" manage.py load_demo >/dev/null

"$PY" -m gunicorn cms.wsgi:application --bind "127.0.0.1:$port" --workers 2 --log-level warning &
server=$!
"$PY" - "$base/api/schema/" <<'PYEOF'
import sys, time, urllib.request

deadline = time.monotonic() + 60
while True:
    try:
        urllib.request.urlopen(sys.argv[1], timeout=5)
        break
    except OSError:
        if time.monotonic() > deadline:
            sys.exit("fuzz-api: the server did not start")
        time.sleep(0.3)
PYEOF

echo "fuzz-api: schemathesis against $base/api/schema/ (max $MAX_EXAMPLES examples per operation, ${TIME_LIMIT}s)"
timeout "$TIME_LIMIT" "$(dirname "$PY")/schemathesis" run "$base/api/schema/" \
  --checks not_a_server_error \
  --max-examples "$MAX_EXAMPLES" \
  --generation-database none \
  --seed "${FUZZ_SEED:-20261126}" \
  --no-color
