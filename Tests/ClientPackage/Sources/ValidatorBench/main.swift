// Times the generated Swift validators on the data validate.mjs validated (js-results.json, written
// by scripts/test-client-package.sh), for scripts/bench-swift-validators.mjs, which runs this and the
// JavaScript side by side and prints the ratios.
//
// Usage: ValidatorBench JS_RESULTS_JSON [SECONDS_PER_FORM [valid] [bodies]]
// Prints one JSON object: validations per second by form id@version; with `valid`, on the vectors JavaScript
// found valid only (what a back end mostly receives, once the form page has checked the answers);
// with `bodies`, each submission given as JSON text and read by the validator (`validate(json:)`'s
// tape), as a request body reaches a back end.
//        ValidatorBench --parse JSON_FILE
// Prints how fast JSON(parsing:), JSONTape(parsing:), JSONSerialization and JSONDecoder read the file
// (fastest of 5), then a pattern matched by TextPattern and by Regex over every text of the file
// (exit status 1 if they disagree on one).
//        ValidatorBench --hostile JSON_FILE FORM_ID MAX_ERRORS
// Reads one (large, hostile) body into a tape and validates it once under an error limit; prints one JSON object:
// parse and validation milliseconds, errors, and the process's peak memory (scripts/bench-hostile.mjs).
import Foundation
import FormcRuntime
import HoTich

var arguments = CommandLine.arguments
if arguments.count == 5 && arguments[1] == "--hostile" {
    let clock = ContinuousClock()
    guard let bytes = FileManager.default.contents(atPath: arguments[2]),
        let form = Forms.definitions.filter({ Forms.key($0).hasPrefix(arguments[3] + "@") }).max(by: { Forms.key($0) < Forms.key($1) }),
        let limit = Int(arguments[4])
    else {
        FileHandle.standardError.write(Data("usage: ValidatorBench --hostile JSON_FILE FORM_ID MAX_ERRORS\n".utf8))
        exit(2)
    }
    let start = clock.now
    // As `validate(json:)` reads a request body: into a tape, validated in place.
    let tape = try JSONTape(parsing: bytes)
    let parsed = clock.now
    let result = form.validate(tape, today: CalendarDate("2026-11-25")!, maxErrors: limit)
    let validated = clock.now
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    func ms(_ d: Duration) -> Double { (Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15).rounded() }
    print(#"{"parse_ms": \#(ms(parsed - start)), "validate_ms": \#(ms(validated - parsed)), "errors": \#(result.errors.count), "max_rss_mb": \#(usage.ru_maxrss / 1024)}"#)
    exit(0)
}
let parseOnly = arguments.count > 1 && arguments[1] == "--parse"
if parseOnly { arguments.remove(at: 1) }
guard arguments.count >= 2, let bytes = FileManager.default.contents(atPath: arguments[1]) else {
    FileHandle.standardError.write(Data("usage: ValidatorBench JS_RESULTS_JSON [SECONDS_PER_FORM] | ValidatorBench --parse JSON_FILE\n".utf8))
    exit(2)
}
let clock = ContinuousClock()

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

if parseOnly {
    let array = Array(bytes)
    func rate(_ body: () throws -> Void) rethrows -> String {
        var best = Duration.seconds(1_000)
        for _ in 0..<5 {
            let start = clock.now
            try body()
            best = min(best, clock.now - start)
        }
        return String(format: "%.1f MB/s", Double(array.count) / seconds(best) / 1e6)
    }
    // A reader that refuses the file says so instead of stopping the comparison: Foundation's
    // readers refuse JSON escapes of unpaired surrogates ("\\ud800"), which the near-miss vectors
    // hold and JSON allows.
    func report(_ name: String, _ body: () throws -> Void) {
        do { print(name, try rate(body)) } catch { print(name, "refuses this file: \(error.localizedDescription)") }
    }
    print("\(array.count) bytes; fastest of 5")
    report("JSON(parsing:)           ") { _ = try JSON(parsing: array) }
    report("JSONTape(parsing:)       ") { _ = try JSONTape(parsing: array) }
    report("JSONSerialization        ") { _ = try JSONSerialization.jsonObject(with: bytes) }
    report("JSONDecoder (into JSON)  ") { _ = try JSONDecoder().decode(JSON.self, from: bytes) }

    // A form's pattern as the Swift validators match it (`TextPattern`: FormcRuntime's automaton)
    // against the standard library's `Regex` given the same source, on every text of the file: the
    // test form's `[a-z\\"]+\.x`, in the ICU form formc writes. Same answers first, then the time.
    var texts: [String] = []
    func collect(_ value: JSON) {
        switch value {
        case .string(let text): texts.append(text)
        case .array(let items): items.forEach(collect)
        case .object(let members): members.values.forEach(collect)
        default: break
        }
    }
    collect(try JSON(parsing: array))
    let source = #"\A(?:[a-z\x{5c}\x{22}]+\x{2e}x)\z"#
    let pattern = TextPattern(source)
    let regex = try Regex(source).matchingSemantics(.unicodeScalar)
    let disagreements = texts.filter { pattern.matches($0) != ((try? regex.wholeMatch(in: $0)) != nil) }.count
    var matched = 0
    func nanoseconds(_ match: (String) -> Bool) -> Double {
        var best = Duration.seconds(1_000)
        for _ in 0..<5 {
            let start = clock.now
            for text in texts where match(text) { matched += 1 }
            best = min(best, clock.now - start)
        }
        return seconds(best) / Double(texts.count) * 1e9
    }
    let automaton = nanoseconds { pattern.matches($0) }
    let standard = nanoseconds { (try? regex.wholeMatch(in: $0)) != nil }
    print(String(format: "pattern over the file's %d texts: TextPattern %.0f ns a match, Regex %.0f ns (%.1fx); %d matches, answers differ on %d", texts.count, automaton, standard, standard / automaton, matched / 10, disagreements))
    exit(disagreements == 0 ? 0 : 1)
}

let seconds = arguments.count > 2 ? Double(arguments[2]) ?? 0.3 : 0.3
let validOnly = arguments.dropFirst(3).contains("valid")
let fromBodies = arguments.dropFirst(3).contains("bodies")
let results = try JSON(parsing: bytes)
var rates = JSONObject()
var sink = 0
for form in results["forms"]?.array ?? [] {
    // Rates by id@version: a form may have several versions.
    guard let id = form["form"]?.string, let version = form["version"]?.string, let validate = Forms.all[id + "@" + version]?.validate else { continue }
    let vectors = (form["vectors"]?.array ?? []).filter { !validOnly || $0["javascript"]?["valid"] == .bool(true) }
    let inputs = vectors.compactMap { vector -> (JSON, CalendarDate)? in
        guard let today = CalendarDate(vector["today"]?.string ?? "") else { return nil }
        return (vector["data"] ?? .null, today)
    }
    guard !inputs.isEmpty, let definition = Forms.definitions.first(where: { Forms.key($0) == id + "@" + version }) else { continue }
    let bodies = inputs.map { (Array($0.0.description.utf8), $0.1) }
    var count = 0
    let start = clock.now
    let limit = Duration.nanoseconds(Int64(seconds * 1e9))
    while clock.now - start < limit {
        if fromBodies {
            for (body, today) in bodies {
                sink &+= definition.validate(try JSONTape(parsing: body), today: today, maxErrors: ValidationLimits.defaultMaxErrors).errors.count
            }
        } else {
            for (data, today) in inputs { sink &+= validate(data, today, .null, ValidationLimits.defaultMaxErrors).errors.count }
        }
        count += inputs.count
    }
    rates[id + "@" + version] = .number((Double(count) / seconds(clock.now - start)).rounded())
}
let encoder = JSONEncoder()
encoder.outputFormatting = [.sortedKeys]
print(String(decoding: try encoder.encode(JSON.object(rates)), as: UTF8.self))
if sink == -1 { print(sink) }  // keeps the work observable
