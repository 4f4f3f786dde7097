#!/usr/bin/env bash
# Quick start, command 1: compile the bundled forms/ into out/ (or the folder given as $1).
# Installs the C libraries it needs when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out}
bash scripts/ensure-deps.sh build
swift build --product formc >&2
exec .build/debug/formc build forms --out "$out"
