#!/usr/bin/env bash
# Requests per second of a lesson page against a static file of similar size served by the same app,
# alternating three rounds after a warm-up. Needs a running portal and wrk.
#   tests/load/lesson-vs-static.sh http://127.0.0.1:5000
#   ACCEPT_LANGUAGE=zh-CN LESSON=/courses/customers-at-the-centre/why-relationships-drive-growth tests/load/lesson-vs-static.sh …
set -euo pipefail
base=${1:-http://127.0.0.1:5000}
lesson=${LESSON:-/courses/customer-communication/listening-first}
static=${STATIC:-/lib/bootstrap/dist/css/bootstrap-reboot.min.css}
language=${ACCEPT_LANGUAGE:-en}
jar=$(mktemp); trap 'rm -f "$jar"' EXIT
token=$(curl -s -c "$jar" -b "$jar" "$base/Identity/Account/Login" | grep -o '__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
curl -s -o /dev/null -c "$jar" -b "$jar" -X POST "$base/Identity/Account/Login" \
  --data-urlencode "Input.Email=employee@demo.bank" --data-urlencode "Input.Password=Train#2026" --data-urlencode "__RequestVerificationToken=$token"
cookie=$(sed 's/^#HttpOnly_//' "$jar" | grep -v '^#' | awk 'NF>=7 {printf "%s=%s; ", $6, $7}')
echo "lesson ($language): $(curl -s -H "Cookie: $cookie" -H "Accept-Language: $language" "$base$lesson" | grep -o '<html lang="[^"]*"') $(curl -s -H "Cookie: $cookie" -H "Accept-Language: $language" "$base$lesson" | wc -c) bytes, static: $(curl -s "$base$static" | wc -c) bytes"
rps() { wrk -t2 -c16 -d"$2" -H "Cookie: $cookie" -H "Accept-Language: $language" "$base$1" | awk '/Requests\/sec/ {print $2}'; }
rps "$lesson" 10s >/dev/null; rps "$static" 10s >/dev/null   # warm-up: JIT tiers, caches
for round in 1 2 3; do
  l=$(rps "$lesson" 15s); s=$(rps "$static" 15s)
  echo "round $round: lesson $l req/s, static $s req/s, ratio $(awk -v a="$l" -v b="$s" 'BEGIN {printf "%.2f", a/b}')"
done
