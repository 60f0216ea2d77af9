#!/usr/bin/env bash
# Installs what is needed and starts the workbench: the local engine (built once per machine)
# unless MONGODB_URI is set, demo data into an empty database, and the URL and demo logins.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_node_modules
ensure_cjk_font
log "building the server and the web client"
tsc -b server
npm run --silent build -w client >/dev/null
exec node server/dist/main.js
