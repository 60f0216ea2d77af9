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

# Installs a Debian package when its command (or file) is missing (CI machines start without them).
ensure_debian_package() {
  local command_path="$1" package="$2"
  [ -e "$command_path" ] && return 0
  log "installing Debian package $package"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$package" >/dev/null
}

# The CJK font the public pages' share images are drawn with (server/src/features/publicSite/shareImage.ts).
CJK_FONT=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
ensure_cjk_font() {
  ensure_debian_package "$CJK_FONT" fonts-noto-cjk
}
