#!/usr/bin/env bash
# Measures the completion report's export memory as the requirement states it: the app in Release and Production on
# SQLite (the memory settings are the project's, in its runtimeconfig), signed in as HR, HR's home page opened, then
# the full report downloaded twice; prints the memory at rest and the peak (VmHWM) of the app's process. Runs it twice.
#
#   tests/load/export-memory.sh <database file> [xlsx|csv]
#
# The database: ConnectionStrings__Portal="Data Source=/tmp/big.db" dotnet run -c Release --project src/TrainingPortal.Web \
#   -- generate-demo --employees 50000 --branches 500
# Build first (dotnet build -c Release src/TrainingPortal.Web); the script starts bin/Release's app on port 5059.
set -euo pipefail
db=$(realpath -- "${1:?database file}"); format=${2:-xlsx}
[ -f "$db" ] || { echo "no database at $db" >&2; exit 1; }
root=$(cd "$(dirname "$0")/../.." && pwd)
base=http://127.0.0.1:5059
source "$root/tests/load/portal.sh"
out=$(mktemp)
portal_pid=
trap '[ -n "$portal_pid" ] && kill $portal_pid 2>/dev/null; wait 2>/dev/null; rm -f "$out"' EXIT
for start in 1 2; do
  portal_start "$root" "$db" "$base" "$out"
  pid=$portal_pid
  cookie=$(portal_sign_in "$base" hr@demo.bank) || { cat "$out" >&2; exit 1; }
  echo "start $start"
  curl -s -o /dev/null -w "/hr %{http_code} %{time_total} s\n" -H "Cookie: $cookie" "$base/hr"
  sleep 3
  echo "at rest: $(awk '/VmRSS/ {print $2 / 1024 " MB"}' /proc/$pid/status)"
  for _ in 1 2; do
    result=$(curl -s -o /dev/null -w "%{http_code} %{size_download} B %{time_total} s" -H "Cookie: $cookie" "$base/reports/completion?format=$format")
    echo "export $result"
    [ "${result%% *}" = 200 ] || { echo "the export failed" >&2; exit 1; }
  done
  echo "peak: $(awk '/VmHWM/ {print $2 / 1024 " MB"}' /proc/$pid/status)"
  kill $portal_pid; wait $portal_pid 2>/dev/null || true
  portal_pid=
done
