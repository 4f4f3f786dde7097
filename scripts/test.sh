#!/usr/bin/env bash
# Quick start, command 2: run the whole test suite (unit, diagnostics, golden, CLI, the independent
# JSON Schema validators, and the SwiftPM plugins through a client package). Installs what the
# tests need when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh test
# Debian's ajv lives outside node's default module path.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
swift build --build-tests
bash scripts/test-plugins.sh
bash scripts/test-client-package.sh
exec swift test --skip-build "$@"
