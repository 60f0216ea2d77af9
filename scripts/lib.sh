# Helpers shared by the project's scripts. Source it; do not run it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf '\033[1m[refute]\033[0m %s\n' "$*" >&2; }

# Installs the npm packages when node_modules is missing or older than the lockfile.
# The lockfile pins the `node` package, which brings Node.js 24 into node_modules/.bin.
ensure_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  export PATH="$ROOT/node_modules/.bin:$PATH"
  # Made at install (npm's postinstall); also here for a checkout whose packages predate it.
  node "$ROOT/scripts/term-frequencies.mjs" --if-missing
  node "$ROOT/scripts/bilingual-glossary.mjs" --if-missing
  local major minor
  IFS=. read -r major minor _ <<<"$(node --version | tr -d v)"
  if [ "$major" -lt 22 ] || { [ "$major" -eq 22 ] && [ "$minor" -lt 12 ]; }; then
    log "Node.js >= 22.12 is required, found $(node --version) at $(command -v node)"
    exit 1
  fi
}

# Installs the Debian packages whose command (or file) is missing, with one package-list update
# for all of them (CI machines start without them). Arguments: PATH:PACKAGE pairs.
ensure_debian_packages() {
  local pair missing=()
  for pair in "$@"; do
    [ -e "${pair%%:*}" ] || missing+=("${pair#*:}")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  log "installing Debian packages ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The CJK font the public pages' share images are drawn with (server/src/features/publicSite/shareImage.ts).
CJK_FONT=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
ensure_cjk_font() {
  ensure_debian_packages "$CJK_FONT:fonts-noto-cjk"
}

# Where the engine's setup looks for the FerretDB binary (server/src/db/ferretdbBinary.ts),
# of the version scripts/build-ferretdb.sh builds.
ferretdb_binary_path() {
  local version
  version="$(sed -n 's/^version="\(.*\)"$/\1/p' "$ROOT/scripts/build-ferretdb.sh")"
  printf '%s/ferretdb-%s/ferretdb\n' "${REFUTE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/refute}" "$version"
}

# Starts building FerretDB in the background when the binary is missing, holding the same lock
# folder as ensureFerretdbBinary, so the engine's setup waits for this build instead of starting
# its own. Sets FERRETDB_BUILD_PID and FERRETDB_BUILD_LOG; wait_for_ferretdb_build collects it.
FERRETDB_BUILD_PID=""
FERRETDB_BUILD_LOG=""
start_ferretdb_build() {
  local binary
  binary="$(ferretdb_binary_path)"
  [ -e "$binary" ] && return 0
  mkdir -p "$(dirname "$binary")"
  # Another build holds the lock: the engine's setup waits for that one.
  mkdir "$binary.building" 2>/dev/null || return 0
  log "building FerretDB into $binary in the background"
  FERRETDB_BUILD_LOG="$(mktemp)"
  (
    trap 'rm -rf "$binary.building"' EXIT
    bash "$ROOT/scripts/build-ferretdb.sh" "$binary"
  ) >"$FERRETDB_BUILD_LOG" 2>&1 &
  FERRETDB_BUILD_PID=$!
}

wait_for_ferretdb_build() {
  [ -n "$FERRETDB_BUILD_PID" ] || return 0
  if ! wait "$FERRETDB_BUILD_PID"; then
    cat "$FERRETDB_BUILD_LOG" >&2
    log "building FerretDB failed"
    return 1
  fi
  rm -f "$FERRETDB_BUILD_LOG"
}
