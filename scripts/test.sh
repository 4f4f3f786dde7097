#!/usr/bin/env bash
# Quick start, command 2: run the whole test suite (unit, diagnostics, golden, CLI, the independent
# JSON Schema validators, the SwiftPM plugins through a client package, and a minute of fuzzing per
# fuzz target). Installs what the tests need when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh test
# Debian's ajv lives outside node's default module path.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
swift build --build-tests
bash scripts/test-plugins.sh
bash scripts/test-client-package.sh
# The optimiser has crashed on code the debug build accepts, and `formc bench` needs a release build:
# build it and run the benchmark once on a small corpus (its figures are printed, not judged).
swift build -c release --product formc
.build/release/formc bench --copies 5 --rounds 1
# A short coverage-guided fuzz run of each target (libFuzzer, address sanitizer) on the whole suite's
# run: a crash, a hang or runaway memory fails it (docs/testing.md, "Fuzzing").
if [ $# -eq 0 ]; then bash scripts/fuzz.sh --seconds 60; fi
exec swift test --skip-build "$@"
