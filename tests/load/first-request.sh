#!/usr/bin/env bash
# Measures a page's first request after start as #17 states it: for each page and each start, the app starts afresh
# (Release, Production, SQLite; the reminder scan off, so nothing else runs), signs in through the real form (which
# does not count as a warm-up), waits two seconds, then times that one page. Prints one line per start and page.
# The app opens the boards and the report itself before it listens (Performance:WarmUpOnStart, on as shipped); to time
# a start without that, run the script with Performance__WarmUpOnStart=false in its environment.
#
#   tests/load/first-request.sh <database file> <email> <starts> <path> [<path> …]
#
# SQL_LOG=1 also prints, under each line, every SQL command the request ran: milliseconds from the request's start,
# EF Core's own duration and the command's first words (needs python3), to see what a first request waits for.
# The database: ConnectionStrings__Portal="Data Source=/tmp/w5.db" dotnet run -c Release --project src/TrainingPortal.Web \
#   -- generate-demo --employees 500000 --branches 10000
# Build first (dotnet build -c Release src/TrainingPortal.Web); the script starts bin/Release's app on port 5058.
# Example: tests/load/first-request.sh /tmp/w5.db exec@demo.bank 4 /dashboard '/dashboard?region=2' /dashboard/branches/BR0011
set -euo pipefail
db=$(realpath -- "${1:?database file}"); email=${2:?email}; starts=${3:?starts}; shift 3
[ $# -gt 0 ] || { echo "name at least one page" >&2; exit 1; }
[ -f "$db" ] || { echo "no database at $db" >&2; exit 1; }
root=$(cd "$(dirname "$0")/../.." && pwd)
base=http://127.0.0.1:5058
source "$root/tests/load/portal.sh"
out=$(mktemp)
portal_pid=
trap '[ -n "$portal_pid" ] && kill $portal_pid 2>/dev/null; wait 2>/dev/null; rm -f "$out"' EXIT

settings=(Reminders__ScanInBackground=false)
if [ "${SQL_LOG:-}" = 1 ]; then
  settings+=(Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command=Information Logging__Console__FormatterName=json
    Logging__Console__FormatterOptions__TimestampFormat=HH:mm:ss.fff Logging__Console__FormatterOptions__UseUtcTimestamp=true)
fi

for path in "$@"; do
  for start in $(seq 1 "$starts"); do
    portal_start "$root" "$db" "$base" "$out" "${settings[@]}"
    cookie=$(portal_sign_in "$base" "$email") || { cat "$out" >&2; exit 1; }
    sleep 2
    began=$(date -u +%H:%M:%S.%3N)
    curl -s -o /dev/null -w "start $start $path %{http_code} %{time_total} s\n" -H "Cookie: $cookie" "$base$path"
    if [ "${SQL_LOG:-}" = 1 ]; then
      python3 - "$out" "$began" <<'PY'
import json, sys
def ms(t): h, m, s = t.split(':'); return (int(h) * 3600 + int(m) * 60) * 1000 + round(float(s) * 1000)
began = ms(sys.argv[2])
for line in open(sys.argv[1], encoding='utf-8'):
    if not line.startswith('{'):
        continue
    entry = json.loads(line)
    at = ms(entry['Timestamp'].strip())
    if at >= began and entry.get('EventId') == 20101:
        head, _, sql = entry['Message'].partition('\n')
        print(f"  {at - began:5d} ms  {head.split('(')[1].split(')')[0]:>6}  {' '.join(sql.split())[:100]}")
PY
    fi
    kill $portal_pid; wait $portal_pid 2>/dev/null || true
    portal_pid=
  done
done
