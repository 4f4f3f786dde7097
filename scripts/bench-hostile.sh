#!/usr/bin/env bash
# Hostile request bodies (1M wrong list items, 1M unknown members, 1M wrong choices; 12 to 50 MB)
# through validate.mjs and the generated Swift validators, under the default error limit and with
# none, side by side in one run: validation time, errors, peak memory (docs/performance.md).
# Usage: scripts/bench-hostile.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=.build-client/ClientPackage
# The client package test makes a fresh copy and its artifacts.
bash scripts/test-client-package.sh
(cd "$work" && swift build -c release --product ValidatorBench) >.build-client/bench.log 2>&1 \
  || { cat .build-client/bench.log; exit 1; }
node scripts/bench-hostile.mjs "$work/Artifacts" "$work/.build/release/ValidatorBench" .build-client/hostile
