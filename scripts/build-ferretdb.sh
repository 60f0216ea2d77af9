#!/usr/bin/env bash
# Builds FerretDB (the local MongoDB-compatible engine) from its released Go module into $1.
#
# This is `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2`, done in steps: the
# module proxy reachable here refuses version listings, which `go install pkg@version` needs
# for its deprecation check, and a module-cache build lacks build/version/version.txt, which
# FerretDB's release process generates and its binary requires at start.
set -euo pipefail

out="${1:?usage: build-ferretdb.sh OUTPUT_PATH}"
version="v1.24.2"
module="github.com/FerretDB/FerretDB"

command -v go >/dev/null || { echo "build-ferretdb: Go is required to build FerretDB (no 'go' on PATH)" >&2; exit 1; }
export GOTOOLCHAIN=local GOFLAGS=-mod=mod

work="$(mktemp -d)"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
go mod init refute.local/ferretdb-build >/dev/null 2>&1
echo "build-ferretdb: downloading $module@$version" >&2
src="$(go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[ -n "$src" ] || { echo "build-ferretdb: go mod download $module@$version failed" >&2; exit 1; }
cp -r "$src" "$work/src"
chmod -R u+w "$work/src"
echo "$version" > "$work/src/build/version/version.txt"
cd "$work/src"
echo "build-ferretdb: compiling (a few minutes the first time)" >&2
mkdir -p "$(dirname "$out")"
go build -trimpath -o "$out.partial.$$" ./cmd/ferretdb
mv -f "$out.partial.$$" "$out"
echo "build-ferretdb: built $out" >&2
