#!/usr/bin/env bash
# Writes reviewers' matching decisions as labelled pairs, JSON Lines (MONGODB_URI, or the local engine of REFUTE_DATA_DIR).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_node_modules
tsc -b server
exec node server/dist/features/matching/pairDecisionsCommand.js "$@"
