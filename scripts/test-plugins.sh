#!/usr/bin/env bash
# The SwiftPM command plugin, run as a package's user runs it (outside `swift test`, which holds the
# build folder): it writes the corpus's artifacts into a folder of the package, and a spec error
# fails it with formc's located diagnostics.
set -euo pipefail
cd "$(dirname "$0")/.."
out=.build-plugin-test
rm -rf "$out"
swift package --allow-writing-to-package-directory formc-artifacts --out "$out/artifacts" >"$out.log" 2>&1 || { cat "$out.log"; exit 1; }
test -f "$out/artifacts/manifest.json" || { echo "plugin test: no manifest.json"; exit 1; }
count=$(grep -c '"kind"' "$out/artifacts/manifest.json")
mkdir -p "$out/broken"
printf 'formc: 1\nform: hong\nversion: 1.0\ntitle: { vi: Hỏng }\nsections: {}\n' > "$out/broken/a.yaml"
if swift package --allow-writing-to-package-directory formc-artifacts --specs "$out/broken" --out "$out/never" >"$out.log" 2>&1; then
  echo "plugin test: a broken spec did not fail the command plugin"; exit 1
fi
# The failure, as a user reads it (golden): one error line that says nothing was written, then
# formc's located diagnostics in order.
grep -v '^Building for\|^\[[0-9]*/[0-9]*\]\|^Build of product\|^Build complete' "$out.log" | sed "s|$PWD/||g" >"$out.got"
diff -u Tests/Judges/fixtures/command-plugin-failure.txt "$out.got" || { echo "plugin test: the failure output differs from Tests/Judges/fixtures/command-plugin-failure.txt"; exit 1; }
test ! -e "$out/never" || { echo "plugin test: a failed build wrote output"; exit 1; }
echo "command plugin: wrote $count artifacts; a broken spec failed with a located error and wrote nothing"
rm -rf "$out" "$out.log" "$out.got"
