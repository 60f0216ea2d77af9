#!/usr/bin/env bash
# Runs a script of bench/ (compiled with tsc) on the project's Node: bench.sh NAME [ARGS...]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_node_modules
tsc -b server
tsc -p bench
name="$1"
shift
exec node --expose-gc --max-old-space-size=8192 "bench/dist/bench/$name.js" "$@"
