# Sourced by the measuring scripts here: signs in through the real sign-in form (antiforgery token included) and
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
