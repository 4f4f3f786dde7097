#!/usr/bin/env bash
# What adopting formc costs in build time, as a Swift back-end team meets it: a fresh package
# `CommuneService` that depends on this checkout by path and applies the FormcSwift build-tool plugin to
# a target holding the marriage form and its procedure (with the bundled project file, option lists and
# catalogue), plus a Foundation-free executable using it. Prints the wall-clock seconds of each build in
# the order an adopter meets them, and the CPU seconds of the first debug and release builds.
#
#   scripts/bench-adopter-build.sh            # takes about 6 minutes on 2 cores
#
# Not part of the test suite: timings on a shared machine are figures to read, not to assert
# (docs/swiftpm.md shows the latest output).
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d /tmp/formc-adopter.XXXXXX)
[ -n "${FORMC_KEEP:-}" ] || trap 'rm -rf "$scratch"' EXIT   # FORMC_KEEP=1 keeps the package to look into
# A snapshot of this checkout's files (what git tracks, as they are now), so edits made while the
# benchmark runs do not make SwiftPM rebuild formc in the middle of it.
root="$scratch/formc"
mkdir -p "$root"
git ls-files -z | tar --null -T - -cf - | tar -xf - -C "$root"
work="$scratch/CommuneService"
specs="$work/Sources/CommuneService/specs"
mkdir -p "$specs/options" "$specs/catalogues" "$work/Sources/Serve"
cp forms/formc.yaml "$specs/"
cp forms/options/*.yaml "$specs/options/"
cp forms/catalogues/*.json "$specs/catalogues/"
cp forms/forms/to-khai-dang-ky-ket-hon.yaml forms/procedures/1.000894-dang-ky-ket-hon.yaml "$specs/"
cat >"$work/Package.swift" <<EOF
// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "CommuneService",
    dependencies: [.package(path: "../formc")],
    targets: [
        .target(
            name: "CommuneService",
            dependencies: [.product(name: "FormcRuntime", package: "formc")],
            plugins: [.plugin(name: "FormcSwift", package: "formc")]
        ),
        .executableTarget(name: "Serve", dependencies: ["CommuneService"]),
    ]
)
EOF
# A target of specs needs one Swift file of its own besides what the plugin generates.
cat >"$work/Sources/CommuneService/Marriage.swift" <<'EOF'
import FormcRuntime

/// A request body in, a typed submission and its fee out: what a receiving endpoint does.
public func receiveMarriageRegistration(_ body: [UInt8]) -> [String] {
    do {
        let submission = try ToKhaiDangKyKetHon.intake(body)
        let fee = try Procedure1000894DangKyKetHon.fees(channel: .trucTuyen, on: .todayInVietnam(), answers: .init(toKhai: submission))
        return ["accepted, fee: " + (fee.total.map(String.init) ?? "unknown")]
    } catch let rejection as SubmissionRejection {
        return rejection.errors.map { ToKhaiDangKyKetHon.labels.describe($0).vi }
    } catch {
        return ["\(error)"]
    }
}
EOF
cat >"$work/Sources/Serve/main.swift" <<'EOF'
import CommuneService

var body: [UInt8] = []
while let line = readLine(strippingNewline: false) { body += Array(line.utf8) }
for line in receiveMarriageRegistration(body) { print(line) }
EOF

measure() { # label, command…: runs it in the package; prints its wall-clock and CPU seconds
  python3 - "$work" "$@" <<'PY'
import resource, subprocess, sys, time
work, label, *command = sys.argv[1:]
start = time.monotonic()
with open(work + "/build.log", "a") as log:  # every step's output, one after the other
    log.write(f"==== {label}: {' '.join(command)}\n")
    log.flush()
    status = subprocess.run(command, cwd=work, stdout=log, stderr=subprocess.STDOUT).returncode
wall = time.monotonic() - start
if status:
    sys.exit(open(work + "/build.log").read() + f"\n{label}: exit status {status}")
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{label:<48} {wall:7.1f} s wall {usage.ru_utime + usage.ru_stime:8.1f} s CPU")
PY
}

echo "formc adopter build cost: $(nproc) cores, $(swift --version 2>/dev/null | head -1)"
measure "first debug build (formc tool, runtime, generated)" swift build
measure "no-op debug build" swift build
sed -i 's/^title: { vi: /title: { vi: (sửa) /' "$specs/to-khai-dang-ky-ket-hon.yaml"
measure "debug build after editing the form" swift build
measure "first release build" swift build -c release
measure "no-op release build" swift build -c release
measure "back to debug (no change)" swift build
echo '{}' | "$work/.build/release/Serve" | head -1 | sed 's/^/release Serve on an empty body: /'
