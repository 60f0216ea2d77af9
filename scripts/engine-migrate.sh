#!/usr/bin/env bash
# Copies a data folder of the old local engine (FerretDB on SQLite) into the current one
# (FerretDB on PostgreSQL): REFUTE_DATA_DIR, default ./data.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_node_modules
tsc -b server
exec node server/dist/db/engineMigrate.js
