#!/usr/bin/env bash
# Measures pages of a running portal from a second process on loopback with wrk (apt-get install wrk).
#
#   tests/load/measure.sh <base-url> <email> <seconds> <connections> <path> [<path> …]
#
# Signs in as <email> (demo password) through the real sign-in form, then runs wrk against each path
# with that session and prints requests/s and the latency percentiles (50 % is the median).
# Example, against a generated 50,000-employee database:
#   ConnectionStrings__Portal="Data Source=/tmp/big.db" dotnet run -c Release --project src/TrainingPortal.Web -- generate-demo --employees 50000 --branches 500
#   ConnectionStrings__Portal="Data Source=/tmp/big.db" Logging__LogLevel__Default=Warning \
#     dotnet run -c Release --project src/TrainingPortal.Web --no-launch-profile --urls http://127.0.0.1:5055 &
#   tests/load/measure.sh http://127.0.0.1:5055 hr@demo.bank 20 1 /reports/completion /dashboard
set -euo pipefail
base=${1:?base url}; email=${2:?email}; seconds=${3:-20}; connections=${4:-1}; shift 4
source "$(dirname "$0")/portal.sh"
cookie=$(portal_sign_in "$base" "$email")

for path in "$@"; do
  curl -s -o /dev/null -H "Cookie: $cookie" "$base$path"   # warm up
  echo "== $path ($connections connection(s), ${seconds}s)"
  wrk -t1 -c"$connections" -d"${seconds}s" --latency -H "Cookie: $cookie" "$base$path" \
    | grep -E 'Requests/sec|Latency|50%|75%|90%|99%|Non-2xx|Socket errors'
done
