# Sourced by the measuring scripts here. portal_sign_in signs in through the real sign-in form (antiforgery token included) and
# prints the session's Cookie header. Fails, naming the status, when the portal does not accept the sign-in.
#   cookie=$(portal_sign_in <base-url> <email>)       password: $PORTAL_PASSWORD, else the demo one
portal_sign_in() {
  local base=$1 email=$2 jar token status
  jar=$(mktemp)
  token=$(curl -s -c "$jar" -b "$jar" "$base/Identity/Account/Login" | grep -o '__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
  status=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" -X POST "$base/Identity/Account/Login" \
    --data-urlencode "Input.Email=$email" --data-urlencode "Input.Password=${PORTAL_PASSWORD:-Train#2026}" --data-urlencode "__RequestVerificationToken=$token")
  if [ "$status" != 302 ]; then
    echo "sign-in as $email failed (HTTP $status)" >&2
    rm -f "$jar"
    return 1
  fi
  sed 's/^#HttpOnly_//' "$jar" | grep -v '^#' | awk 'NF>=7 {printf "%s=%s; ", $6, $7}'
  rm -f "$jar"
}

# Starts bin/Release's app in Production on a SQLite file, as the Dockerfile runs it, and waits until it answers; sets
# $portal_pid and writes the app's output to <log>. Build first: dotnet build -c Release src/TrainingPortal.Web.
# Stop it with kill (SIGTERM), as docker does.
#   portal_start <root> <database file> <base-url> <log> [NAME=value …]      (extra environment, e.g. logging)
portal_start() {
  local root=$1 db=$2 base=$3 log=$4
  shift 4
  (cd "$root/src/TrainingPortal.Web" && exec env ASPNETCORE_ENVIRONMENT=Production \
    ConnectionStrings__Portal="Data Source=$db" DataProtection__AllowUnencryptedKeys=true Cookies__RequireSecure=false \
    Security__RequireTwoFactorFor= Logging__LogLevel__Default=Warning "$@" \
    "$root/src/TrainingPortal.Web/bin/Release/net10.0/TrainingPortal.Web" --Database:SeedDemoData=false \
    --Portal:PublicBaseUrl="$base" --urls "$base" > "$log" 2>&1) &
  portal_pid=$!
  for _ in $(seq 1 240); do
    kill -0 "$portal_pid" 2>/dev/null || { echo "the app stopped:" >&2; cat "$log" >&2; return 1; }
    curl -s -o /dev/null "$base/Identity/Account/Login" && return 0
    sleep 0.5
  done
  echo "the app did not answer in 120 s" >&2
  return 1
}
