#!/usr/bin/env bash
# Runs every test: types, lint, unit and integration (PGlite, and PostgreSQL when DATABASE_URL is set),
# a production build, and Playwright e2e in real Chromium (on PGlite, and on PostgreSQL too when
# DATABASE_URL is set). Installs what it needs first. Fails on the first failing step.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s ===\n' "$*"; }

step "dependencies"
[ -d node_modules ] || npm ci --no-audit --no-fund
[ -f public/duckdb/1.32.0/duckdb-eh.wasm ] || node scripts/copy-engine-assets.mjs

step "chromium"
if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else
    npx playwright install chromium
  fi
fi

step "typecheck"
npx tsc --noEmit -p .

step "lint"
npx eslint .

step "unit and integration tests${DATABASE_URL:+ (PGlite and PostgreSQL)}"
npx vitest run

step "production build"
npx next build

step "e2e on PGlite"
env -u DATABASE_URL npx playwright test

if [ -n "${DATABASE_URL:-}" ]; then
  step "e2e on PostgreSQL"
  e2e_db="assay_e2e_$$"
  psql "$DATABASE_URL" -qc "CREATE DATABASE $e2e_db"
  trap 'psql "$DATABASE_URL" -qc "DROP DATABASE IF EXISTS $e2e_db WITH (FORCE)" || true' EXIT
  E2E_DATABASE_URL="$(node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.toString())' "$DATABASE_URL" "$e2e_db")" \
    npx playwright test
fi

step "all tests passed"
