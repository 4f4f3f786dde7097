// Times the generated Swift validators on the data validate.mjs validated (js-results.json, written
// by scripts/test-client-package.sh), for scripts/bench-swift-validators.mjs, which runs this and the
// JavaScript side by side and prints the ratios.
//
// Usage: ValidatorBench JS_RESULTS_JSON [SECONDS_PER_FORM]
// Prints one JSON object: validations per second by form id.
import Foundation
import FormcRuntime
import HoTich

let arguments = CommandLine.arguments
guard arguments.count >= 2, let bytes = FileManager.default.contents(atPath: arguments[1]) else {
    FileHandle.standardError.write(Data("usage: ValidatorBench JS_RESULTS_JSON [SECONDS_PER_FORM]\n".utf8))
    exit(2)
}
let seconds = arguments.count > 2 ? Double(arguments[2]) ?? 0.3 : 0.3
let results = try JSON(parsing: bytes)
let clock = ContinuousClock()
var rates = JSONObject()
var sink = 0
for form in results["forms"]?.array ?? [] {
    guard let id = form["form"]?.string, let validate = Forms.all[id]?.validate else { continue }
    let inputs = (form["vectors"]?.array ?? []).compactMap { vector -> (JSON, CalendarDate)? in
        guard let today = CalendarDate(vector["today"]?.string ?? "") else { return nil }
        return (vector["data"] ?? .null, today)
    }
    guard !inputs.isEmpty else { continue }
    var count = 0
    let start = clock.now
    let limit = Duration.nanoseconds(Int64(seconds * 1e9))
    while clock.now - start < limit {
        for (data, today) in inputs { sink &+= validate(data, today).errors.count }
        count += inputs.count
    }
    let elapsed = clock.now - start
    let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    rates[id] = .number((Double(count) / elapsedSeconds).rounded())
}
let encoder = JSONEncoder()
encoder.outputFormatting = [.sortedKeys]
print(String(decoding: try encoder.encode(JSON.object(rates)), as: UTF8.self))
if sink == -1 { print(sink) }  // keeps the work observable
