#!/usr/bin/env bash
# How `formc build` and `formc check` grow with the specs: the bundled corpus scaled to 1×, 4× and
# 16× (16, 64 and 256 copies: `formc bench --write-catalogue`), each command run ROUNDS times with
# the sizes interleaved, so machine noise hits every size alike. Prints every run (wall, user and
# system seconds, peak KiB), then per size the fastest user CPU and the highest peak memory, and the
# growth per 4× step against issue 17's limit (4.4×).
# Usage: scripts/bench-scaling.sh [ROUNDS=3]
# BENCH_DIR (default /tmp) is where the catalogues and the builds go: /dev/shm (memory) takes the
# disk out, which on a shared virtual disk otherwise decides the system time.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
swift build -c release --product formc >/dev/null
formc=$PWD/.build/release/formc
work=$(mktemp -d "${BENCH_DIR:-/tmp}/formc-bench-scaling.XXXXXX")
trap 'rm -rf "$work"' EXIT
sizes=(16 64 256)
for n in "${sizes[@]}"; do "$formc" bench forms --copies "$n" --write-catalogue "$work/c$n" >/dev/null; done
log="$work/runs.txt"
for round in $(seq "$rounds"); do
  for n in "${sizes[@]}"; do
    rm -rf "$work/out$n"
    /usr/bin/time -o "$work/time" -f "%e %U %S %M" "$formc" build "$work/c$n" -o "$work/out$n" --today 2026-11-25 \
      >/dev/null 2>"$work/build.log" || { cat "$work/build.log"; exit 1; }
    echo "build $n $(cat "$work/time")" | tee -a "$log"
  done
  for n in "${sizes[@]}"; do
    /usr/bin/time -o "$work/time" -f "%e %U %S %M" "$formc" check "$work/c$n" >/dev/null 2>&1 || { echo "check of $n copies failed"; exit 1; }
    echo "check $n $(cat "$work/time")" | tee -a "$log"
  done
done
python3 - "$log" <<'EOF'
import sys
runs = {}
for line in open(sys.argv[1]):
    command, size, wall, user, system, peak = line.split()
    runs.setdefault((command, int(size)), []).append((float(user), int(peak)))
print("\ncommand  copies  fastest user CPU  highest peak memory   growth per 4x step: CPU, memory (limit 4.4x)")
for command in ("build", "check"):
    previous = None
    for size in (16, 64, 256):
        user = min(u for u, _ in runs[(command, size)])
        peak = max(p for _, p in runs[(command, size)])
        growth = "" if previous is None else f"{user / previous[0]:.2f}x, {peak / previous[1]:.2f}x"
        print(f"{command:8} {size:6}  {user:14.2f} s  {peak / 1024:12.1f} MiB       {growth}")
        previous = (user, peak)
EOF
