#!/usr/bin/env bash
# Lints the OpenAPI document the server serves at /api/v1/openapi.json with Redocly (redocly.yaml)
# and Spectral (.spectral.yaml); fails on any error or warning from either.
set -euo pipefail
cd "$(dirname "$0")/.."
PATH="$PWD/node_modules/.bin:$PATH"

# Neither tool may phone home: Redocly's usage data and update check; Spectral's only ping (scarf)
# is an install script that pnpm-workspace.yaml never runs, and this says no to it as well.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true DO_NOT_TRACK=1 SCARF_ANALYTICS=false

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
document="$work/openapi.json"
tsx packages/api/scripts/write-openapi.ts "$document"

failed=0

echo "=== redocly lint"
# Its exit code ignores warnings, so the verdict comes from the totals of its JSON report.
redocly lint "$document" --config redocly.yaml --lint-config=error --format=json >"$work/redocly.json" || true
node scripts/redocly-verdict.mjs "$work/redocly.json" || failed=1

echo "=== spectral lint"
spectral lint "$document" --ruleset .spectral.yaml --fail-severity=warn || failed=1

exit "$failed"
