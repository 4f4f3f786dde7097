#!/usr/bin/env bash
# The generated Swift validators (release build) against validate.mjs on every vector of the client
# package's forms: validations per second and ratios, side by side in one run.
# Usage: scripts/bench-swift-validators.sh [SECONDS_PER_ROUND]
#        scripts/bench-swift-validators.sh --valid [SECONDS_PER_ROUND]
#        scripts/bench-swift-validators.sh --bodies [--valid] [SECONDS_PER_ROUND]
#        scripts/bench-swift-validators.sh --hostile
# --valid: only the submissions JavaScript found valid, on both sides (what a back end mostly
# receives once the form page has checked the answers).
# --bodies: each submission as JSON text on both sides: JSON.parse + validate.mjs against the Swift
# validator reading the text (validate(json:), a JSONTape): what a back end does with a request body.
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
flags=()
while [ "${1:-}" = --valid ] || [ "${1:-}" = --bodies ]; do flags+=("$1"); shift; done
if [ ${#flags[@]} -gt 0 ]; then
  node scripts/bench-swift-validators.mjs "$work/Artifacts" "$work/.build/release/ValidatorBench" "${1:-0.3}" "${flags[@]}"
  exit 0
fi
node scripts/bench-swift-validators.mjs "$work/Artifacts" "$work/.build/release/ValidatorBench" "${1:-0.3}"
# How fast FormcRuntime reads JSON, beside Foundation's readers, and matches a pattern, beside Regex.
"$work/.build/release/ValidatorBench" --parse "$work/Artifacts/js-results.json"
