#!/usr/bin/env bash
# `formc build` of the scaled catalogue against its floor, side by side in one run: libyaml's event
# parse of the same specs (from `formc bench --check-only`) plus a plain `cp -r` of the output tree
# the build wrote. Alternates build and copy ROUNDS times, so disk and machine noise hit both. Both
# write into a folder that does not exist (the previous one is removed, untimed), like for like; then
# each round also times a build that replaces the output it made, which adds the previous tree's
# removal (what a pipeline that builds into the same folder again pays).
# Usage: scripts/bench-build.sh [COPIES=256] [ROUNDS=3]
# BENCH_DIR (default /tmp) is where the catalogue, the build and the copy go: /dev/shm (memory)
# takes the disk out of both sides, which on a shared virtual disk decides the ratio otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-256}
rounds=${2:-3}
swift build -c release --product formc >/dev/null
formc=.build/release/formc
work=$(mktemp -d "${BENCH_DIR:-/tmp}/formc-bench-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$formc" bench forms --copies "$copies" --write-catalogue "$work/specs" >/dev/null
parse=$("$formc" bench forms --copies "$copies" --rounds 1 --check-only | sed -n 's/^libyaml raw parse (events only): *\([0-9.]*\) s.*/\1/p')
echo "catalogue: $copies copies of the corpus; libyaml's event parse of it: $parse s"
# What else the filesystem holds: on a tmpfs (/dev/shm), other trees left there slow every write into
# it, and the build writes 1 GB (docs/performance.md, "2026-12-04, night").
df -m "$work" | awk -v work="$work" 'NR == 2 { print "filesystem of " work ": " $3 " MB in use (with the catalogue), " $4 " MB free" }'
build() {
  /usr/bin/time -o "$1" -f "%e %U %S" "$formc" build "$work/specs" -o "$work/out" --today 2026-11-25 \
    >/dev/null 2>"$work/build.log" || { cat "$work/build.log"; exit 1; }
}
for round in $(seq "$rounds"); do
  rm -rf "$work/out" "$work/copy"
  build "$work/build.time"
  /usr/bin/time -o "$work/copy.time" -f "%e %U %S" sh -c "cp -r '$work/out' '$work/copy' && sync"
  rm -rf "$work/copy"
  build "$work/rebuild.time"
  python3 - "$parse" "$round" "$(du -sm "$work/out" | cut -f1)" "$work/build.time" "$work/copy.time" "$work/rebuild.time" <<'EOF'
import sys
parse, round_, size = float(sys.argv[1]), sys.argv[2], sys.argv[3]
build, copy, rebuild = ([float(x) for x in open(f).read().split()[-3:]] for f in sys.argv[4:7])
print(f"round {round_}: build {build[0]:.2f} s ({build[1] + build[2]:.1f} s CPU)   parse + cp -r of its {size} MB output "
      f"{parse + copy[0]:.2f} s ({copy[1] + copy[2]:.1f} s CPU)   ratio {build[0] / (parse + copy[0]):.2f}x wall, "
      f"{(build[1] + build[2]) / (parse + copy[1] + copy[2]):.1f}x CPU")
print(f"         replacing that output: {rebuild[0]:.2f} s ({rebuild[1] + rebuild[2]:.1f} s CPU)   ratio {rebuild[0] / (parse + copy[0]):.2f}x wall")
EOF
done
