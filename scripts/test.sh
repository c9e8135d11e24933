#!/usr/bin/env bash
# The whole test run on a fresh Debian machine: installs what the tests need, starts the
# services they talk to (PostgreSQL), builds everything, lints, and runs every test.
# It stops what it started (PostgreSQL, through the EXIT trap in scripts/lib/postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

apt_packages=(postgresql prometheus prometheus-alertmanager chromium fonts-liberation)
missing=()
for package in "${apt_packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "missing Debian packages: ${missing[*]} (run as root, or install them first)" >&2
    exit 1
  fi
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

log "installing npm packages"
npm ci --no-audit --no-fund

log "starting PostgreSQL on 127.0.0.1"
source scripts/lib/postgres.sh
ensure_postgres PANE_TEST_POSTGRES_URL

log "building plugins, collector and CLI"
npm run build

log "type checking and linting"
npm run typecheck
npm run lint

log "running tests"
npx vitest run
