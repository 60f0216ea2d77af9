#!/usr/bin/env bash
# Re-tokenises stored reports made by an older matching tokenizer (MONGODB_URI, or the local engine of REFUTE_DATA_DIR).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_node_modules
tsc -b server
exec node server/dist/features/claims/retokenizeCommand.js "$@"
