#!/usr/bin/env bash
# The generated Swift validators (release build) against validate.mjs on every vector of the client
# package's forms: validations per second and ratios, side by side in one run.
# Usage: scripts/bench-swift-validators.sh [SECONDS_PER_ROUND]
set -euo pipefail
cd "$(dirname "$0")/.."
work=.build-client/ClientPackage
# The client package test makes a fresh copy, its artifacts and the data JavaScript validated.
bash scripts/test-client-package.sh
(cd "$work" && swift build -c release --product ValidatorBench) >.build-client/bench.log 2>&1 \
  || { cat .build-client/bench.log; exit 1; }
node scripts/bench-swift-validators.mjs "$work/Artifacts" "$work/.build/release/ValidatorBench" "${1:-0.3}"
# How fast FormcRuntime reads JSON, beside Foundation's readers.
"$work/.build/release/ValidatorBench" --parse "$work/Artifacts/js-results.json"
