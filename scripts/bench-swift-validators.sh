#!/usr/bin/env bash
# The generated Swift validators (release build) against validate.mjs on every vector of the client
# package's forms: validations per second and ratios, side by side in one run.
# Usage: scripts/bench-swift-validators.sh [SECONDS_PER_ROUND]
#        scripts/bench-swift-validators.sh --hostile
# --hostile: 1M wrong list items, 1M unknown members, 1M wrong choices (10 to 50 MB) through both
# validators under the default error limit and with none (scripts/bench-hostile.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
work=.build-client/ClientPackage
# The client package test makes a fresh copy, its artifacts and the data JavaScript validated.
bash scripts/test-client-package.sh
(cd "$work" && swift build -c release --product ValidatorBench) >.build-client/bench.log 2>&1 \
  || { cat .build-client/bench.log; exit 1; }
if [ "${1:-}" = --hostile ]; then
  exec node scripts/bench-hostile.mjs "$work/Artifacts" "$work/.build/release/ValidatorBench" .build-client/hostile
fi
node scripts/bench-swift-validators.mjs "$work/Artifacts" "$work/.build/release/ValidatorBench" "${1:-0.3}"
# How fast FormcRuntime reads JSON, beside Foundation's readers.
"$work/.build/release/ValidatorBench" --parse "$work/Artifacts/js-results.json"
