#!/usr/bin/env bash
# The SwiftPM build-tool plugin, used as an adopting package uses it: builds and tests
# Tests/ClientPackage (which depends on formc by path), then checks that editing one spec
# regenerates only that spec's Swift, and that a spec error fails `swift build` with a located line.
# It works on a copy in .build-client/, so the committed specs are never edited.
set -euo pipefail
cd "$(dirname "$0")/.."
work=.build-client/ClientPackage
# A fresh copy each run: SwiftPM keeps a path dependency's old build plan when files are added to it,
# so a kept .build could test yesterday's formc.
rm -rf .build-client
mkdir -p "$work"
cp -a Tests/ClientPackage/. "$work/"
log=.build-client/build.log
odd=Sources/HoTich/specs/thu-nghiem/to-khai-dang-ky-khai-sinh.yaml
generated() { find "$work/.build/plugins/outputs" -path '*FormcSwift/*.swift' -printf '%f %T@\n' | sort; }
fail() { echo "client package test: $1"; cat "$log"; exit 1; }

(cd "$work" && swift build --build-tests) >"$log" 2>&1 || fail "the client package does not build"
# What JavaScript answers, for the parity tests: the command plugin writes the target's artifacts
# (as a team publishing them would), and node runs each validate.mjs on every vector.
(cd "$work" && swift package --allow-writing-to-package-directory formc-artifacts \
  --target HoTich --out Artifacts --today 2026-11-25) >"$log" 2>&1 || fail "the command plugin failed"
node Tests/Judges/js_results.mjs "$work/Artifacts" 2026-11-25 >"$work/Artifacts/js-results.json" 2>"$log" \
  || fail "node could not run the generated validators"
(cd "$work" && swift test --skip-build) >"$log" 2>&1 || fail "the client package's tests fail"
passed=$(grep -c '✔ Test .*() passed' "$log" || true)
[ "$passed" -ge 41 ] || fail "expected at least 41 passing tests, saw $passed"
forms=$(generated | wc -l)
[ "$forms" -eq 30 ] || fail "expected 30 generated Swift files (17 forms, 1 combined declaration, 12 procedures), found $forms"
# NoiBo's project file asks for internal declarations: none of its generated lines is public.
! grep -q '^ *public ' "$work"/.build/plugins/outputs/*/NoiBo/destination/FormcSwift/*.swift || fail "NoiBo's generated Swift has public declarations"

# A service without Foundation: Intake links (FormcRuntime brings libm itself), takes a body in
# with one call, and names the field of each error.
intake="$(cd "$work" && swift build --show-bin-path)/Intake"
! ldd "$intake" | grep -q Foundation || fail "Intake links Foundation"
valid='{"nguoi_yeu_cau":{"ho_ten":"Mai Văn Sơn","so_dinh_danh":"031080001122"},"van_ban":{"ten_van_ban":"Giấy ủy quyền","so_chu_ky":1,"hinh_thuc":"ky"}}'
echo "$valid" | "$intake" 2026-11-25 >"$log" 2>&1 || fail "Intake rejected a valid request"
grep -q '^accepted: Mai Văn Sơn, 1 signature(s) on Giấy ủy quyền$' "$log" || fail "Intake did not accept the request"
if echo '{"nguoi_yeu_cau":{"ho_ten":"Mai Văn Sơn"},"van_ban":{"ten_van_ban":"Giấy ủy quyền","so_chu_ky":0,"hinh_thuc":"ky"}}' | "$intake" 2026-11-25 >"$log" 2>&1; then
  fail "Intake accepted an invalid request"
fi
grep -q '^/nguoi_yeu_cau/so_dinh_danh \[required\] Số định danh cá nhân (Người yêu cầu chứng thực): ' "$log" || fail "Intake did not name the missing field"
grep -q '^/van_ban/so_chu_ky \[minimum\] Số chữ ký trên văn bản (Văn bản cần chứng thực chữ ký): ' "$log" || fail "Intake did not name the field out of range"

# One edited spec: one formc command runs, one generated file changes. (`swift test` relinks the
# plugin's formc tool in its own way, which makes the next build rerun every command; a plain build
# settles that first, as it would in an editor's build loop.)
(cd "$work" && swift build --build-tests) >"$log" 2>&1 || fail "the second build failed"
before=$(generated)
sed -i 's/Trường init }/Trường init (đã sửa) }/' "$work/$odd"
(cd "$work" && swift build --build-tests) >"$log" 2>&1 || fail "the build after an edit failed"
runs=$(grep -c 'formc: .*\.yaml' "$log" || true)
[ "$runs" -eq 1 ] || fail "editing one spec ran formc $runs times"
after=$(generated)
changed=$(diff <(echo "$before") <(echo "$after") | grep '^>' || true)
[ "$(echo "$changed" | grep -c .)" -eq 1 ] || fail "editing one spec changed these generated files: $changed"
[[ "$changed" == "> SpecsThuNghiemToKhaiDangKyKhaiSinh.swift "* ]] || fail "the edited spec's file did not change"
grep -q 'Trường init (đã sửa)' "$work"/.build/plugins/outputs/*/HoTich/destination/FormcSwift/SpecsThuNghiemToKhaiDangKyKhaiSinh.swift \
  || fail "the regenerated file lacks the edit"

# A form that a procedure names: its types and that procedure's command run, nothing else; only the
# types change (the fee rules do not depend on a form's title).
khai_tu=Sources/HoTich/specs/forms/to-khai-dang-ky-khai-tu.yaml
before=$(generated)
sed -i 's/^title: { vi: /title: { vi: (sửa) /' "$work/$khai_tu"   # replaces the copy's link with a file
(cd "$work" && swift build --build-tests) >"$log" 2>&1 || fail "the build after editing a form failed"
ran=$(grep -o 'formc: .* from [^ ]*\.yaml' "$log" | sed 's/.* from //' | sort | tr '\n' ' ')
[ "$ran" = "1.000656-dang-ky-khai-tu.yaml to-khai-dang-ky-khai-tu.yaml " ] || fail "editing the khai tu form ran: $ran"
changed=$(diff <(echo "$before") <(generated) | grep '^>' || true)
[[ "$changed" == "> ToKhaiDangKyKhaiTu.swift "* && $(echo "$changed" | grep -c .) -eq 1 ]] || fail "editing the khai tu form changed: $changed"
rm "$work/$khai_tu" && cp -a "Tests/ClientPackage/$khai_tu" "$work/$khai_tu"

# A form a combined procedure's member names: the combined declaration's command reruns with the
# form's and that procedure's, nothing else (after a build that settles the restored khai tu form).
(cd "$work" && swift build --build-tests) >"$log" 2>&1 || fail "the build after restoring the khai tu form failed"
khai_sinh=Sources/HoTich/specs/forms/to-khai-dang-ky-khai-sinh.yaml
sed -i 's/^title: { vi: /title: { vi: (sửa) /' "$work/$khai_sinh"
(cd "$work" && swift build --build-tests) >"$log" 2>&1 || fail "the build after editing a bundle member's form failed"
ran=$(grep -o 'formc: .* from [^ ]*\.yaml' "$log" | sed 's/.* from //' | sort | tr '\n' ' ')
[ "$ran" = "1.001193-dang-ky-khai-sinh.yaml lien-thong-khai-sinh-thuong-tru.yaml to-khai-dang-ky-khai-sinh.yaml " ] || fail "editing the khai sinh form ran: $ran"
rm "$work/$khai_sinh" && cp -a "Tests/ClientPackage/$khai_sinh" "$work/$khai_sinh"
(cd "$work" && swift build --build-tests) >"$log" 2>&1 || fail "the build after restoring the khai sinh form failed"

# A spec error fails the build with a located line, and the last good Swift stays as it was.
before=$(generated)
sed -i 's/^version: 1.0.0$/version: 1.0/' "$work/$odd"
if (cd "$work" && swift build --build-tests) >"$log" 2>&1; then fail "a spec error did not fail swift build"; fi
grep -q "thu-nghiem/to-khai-dang-ky-khai-sinh.yaml:8:10: error: version '1.0' is not MAJOR.MINOR.PATCH .*\[E0208\]" "$log" \
  || fail "no located error line"
[ "$(generated)" = "$before" ] || fail "a failed build changed generated files"
cp "Tests/ClientPackage/$odd" "$work/$odd"

echo "client package: built through the FormcSwift plugin ($forms files: 17 forms, 1 combined declaration, 12 procedures), a Foundation-free Intake linked and ran, $passed tests passed (Swift validators agree with validate.mjs on every vector); one edit regenerated one file, a form edit reran only its procedure (and its combined procedure); a spec error failed swift build at its line"
