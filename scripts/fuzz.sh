#!/usr/bin/env bash
# Coverage-guided fuzzing of formc with libFuzzer (docs/testing.md, "Fuzzing").
#
#   scripts/fuzz.sh [--seconds N] [TARGET...]
#
# TARGET is `spec` (bytes as one spec file → Compiler.compile), `expression` (bytes as expression
# text → parse, type-check, lower, evaluate), `json` (bytes as a request body → JSON(parsing:),
# JSONTape and formc's validator) or `pattern` (a pattern, a line feed and a text → formc's
# portable-pattern check, then the Swift validators' automaton, Regex and ICU, which must agree);
# all four by default, N seconds each (default 60), as many side by side as there are cores. It builds
# .build-fuzz/release/formc-fuzz with -sanitize=fuzzer,address, seeds each target from forms/ and
# from Tests/Fuzz/regressions/TARGET/, uses the dictionary Tests/Fuzz/TARGET.dict, and keeps what it
# learns in .build-fuzz/corpus/TARGET for the next run. A crash, a hang (10 s on one input) or 2 GiB
# of memory stops the run with exit status 1, prints the head of the report and the command that
# replays the input through the debug build (which prints a failed precondition's message; the
# release fuzzer does not), and leaves the input in .build-fuzz/crashes/TARGET/; make it a
# regression test by copying it into Tests/Fuzz/regressions/TARGET/ under a name that says what it
# is (the suite replays every file there), then fix the bug.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=60
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    spec|expression|json|pattern) targets+=("$1"); shift ;;
    *) echo "usage: scripts/fuzz.sh [--seconds N] [spec|expression|json|pattern]..." >&2; exit 2 ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(spec expression json pattern)
bash scripts/ensure-deps.sh build
command -v python3 >/dev/null || { echo "fuzz: python3 is needed to make the seeds (scripts/ensure-deps.sh test installs it)" >&2; exit 2; }

work=.build-fuzz
mkdir -p "$work"
# SwiftPM names the executable's entry point itself (formc_fuzz_main), which GNU gold fails to link
# with libFuzzer's runtime; the toolchain's lld links it.
lld="$(dirname "$(readlink -f "$(command -v swift)")")/ld.lld"
[ -x "$lld" ] || { echo "fuzz: no ld.lld beside swift ($lld)" >&2; exit 2; }
printf '{ "schemaVersion": "1.0", "linker": { "path": "%s" } }\n' "$lld" >"$work/toolset.json"
swift build -c release --scratch-path "$work" --product formc-fuzz --toolset "$work/toolset.json" \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFORMC_LIBFUZZER >"$work/build.log" 2>&1 \
  || { cat "$work/build.log"; echo "fuzz: the fuzzer did not build" >&2; exit 2; }
fuzzer="$work/release/formc-fuzz"

# Seeds: the bundled specs, and every expression they hold (one file each).
seeds="$work/seeds"
rm -rf "$seeds"
mkdir -p "$seeds/spec" "$seeds/expression" "$seeds/json" "$seeds/pattern"
# Request bodies: every example and near miss of the bundled forms, as the vectors hold them.
python3 - "$seeds/json" <<'PY'
import json, pathlib, sys
out = pathlib.Path(sys.argv[1])
for n, path in enumerate(sorted(pathlib.Path("Tests/FormcCoreTests/Golden/forms").rglob("vectors.json"))):
    for i, vector in enumerate(json.loads(path.read_text(encoding="utf-8"))["vectors"][:20]):
        if "data" in vector:
            (out / f"{n:02}-{i:03}.json").write_text(json.dumps(vector["data"], ensure_ascii=False), encoding="utf-8")
PY
find forms -name '*.yaml' -exec cp {} "$seeds/spec/" \;
python3 - "$seeds/expression" <<'PY'
import pathlib, re, sys
out = pathlib.Path(sys.argv[1])
keys = r"(?:visible_when|required_when|compute|check|applies_when|units|multiplier|amount)"
n = 0
for path in sorted(pathlib.Path("forms").rglob("*.yaml")):
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.search(keys + r":\s*(.+?)\s*(?:#.*)?$", line)
        if not m:
            continue
        text = m.group(1).strip().rstrip(",}").strip()
        if len(text) > 1 and text[0] in "'\"" and text[-1] == text[0]:
            text = text[1:-1]
        if text and not text[0].isdigit():
            n += 1
            (out / f"forms-{n:03}.txt").write_text(text, encoding="utf-8")
PY
# Patterns: the constructs of the portable subset, each with texts it does and does not match.
python3 - "$seeds/pattern" <<'PY'
import pathlib, sys
out = pathlib.Path(sys.argv[1])
patterns = ["[0-9]{3}", "[0-9]{2,4}", "a.c", "[^@ \\t]+@[a-z]+", "(ab|cd)+", "x{0,}y?", "Việt[ a-zà-ỹ]*", "\\u00e0+",
            "[+-]?[0-9]+(\\.[0-9]{1,2})?", "(?:0[1-9]|1[0-2])/[0-9]{4}", "^ab$", "[A-ZĐ][a-zđ]*( [A-ZĐ][a-zđ]*)*"]
texts = ["", "123", "abcd", "x@y", "Việt Nam", "-1.5", "01/2025", "Đỗ Văn", "a\u2028c"]
for n, pattern in enumerate(patterns):
    for m, text in enumerate(texts):
        (out / f"{n:02}-{m}.txt").write_text(pattern + "\n" + text, encoding="utf-8")
PY

# The targets run side by side, as many at a time as there are cores: each is one process on one
# core for its N seconds, so a run of four takes two rounds on two cores instead of four.
cores=$(nproc 2>/dev/null || echo 1)
for target in "${targets[@]}"; do
  corpus="$work/corpus/$target"
  crashes="$work/crashes/$target"
  mkdir -p "$corpus" "$crashes"
  max_len=65536
  [ "$target" = expression ] && max_len=8192
  [ "$target" = pattern ] && max_len=512
  [ -f "Tests/Fuzz/$target.dict" ] || { echo "fuzz: no dictionary Tests/Fuzz/$target.dict" >&2; exit 2; }
  while [ "$(jobs -rp | wc -l)" -ge "$cores" ]; do wait -n || true; done
  echo "fuzz: $target for ${seconds}s (corpus $corpus)"
  rm -f "$work/$target.status"
  (
    code=0
    FORMC_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=0 "$fuzzer" "$corpus" "$seeds/$target" "Tests/Fuzz/regressions/$target" \
      -dict="Tests/Fuzz/$target.dict" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=$max_len \
      -artifact_prefix="$crashes/" -print_final_stats=1 >"$work/$target.log" 2>&1 || code=$?
    echo "$code" >"$work/$target.status"
  ) &
done
wait

status=0
for target in "${targets[@]}"; do
  crashes="$work/crashes/$target"
  if [ "$(cat "$work/$target.status" 2>/dev/null || echo missing)" != 0 ]; then
    # The report's head says what went wrong (a sanitizer's finding, a deadly signal, a timeout);
    # its tail, libFuzzer's summary. The whole log stays in $work/$target.log.
    first=$(grep -n -m1 -E '==[0-9]+== ?ERROR|deadly signal|ALARM: working on the last Unit|out-of-memory|Fatal error' "$work/$target.log" | cut -d: -f1 || true)
    if [ -n "$first" ]; then sed -n "${first},$((first + 40))p" "$work/$target.log"; echo "…"; fi
    tail -15 "$work/$target.log"
    echo "fuzz: $target found a problem; the input is in $crashes/ and the whole log in $work/$target.log" >&2
    # A release build's failed precondition prints no message; the debug replayer does.
    input=$(ls -t "$crashes" 2>/dev/null | head -1)
    [ -z "$input" ] || echo "fuzz: its message: swift build --product formc-fuzz && FORMC_FUZZ_TARGET=$target .build/debug/formc-fuzz $crashes/$input" >&2
    status=1
  else
    grep -E '^stat::number_of_executed_units|^Done' "$work/$target.log" | sed "s/^/fuzz: $target: /"
  fi
done
exit $status
