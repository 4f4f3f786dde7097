/// Renders diagnostics for people (compiler-style text) and for machines (JSON, SARIF 2.1.0).
/// All rendering lives here; stages only report.
public enum DiagnosticRenderer {
    public enum Format: String, Sendable, CaseIterable {
        case text, json, sarif
    }

    /// How a run ended, for the machine formats: whether it failed, and whether warnings made it fail.
    public struct Outcome: Sendable {
        public var failed: Bool
        public var warningsAsErrors: Bool
        /// Where `helpUri`s point: the diagnostics page, each id its anchor.
        public var helpBase: String

        public init(failed: Bool, warningsAsErrors: Bool = false, helpBase: String = DiagnosticRenderer.defaultHelpBase) {
            self.failed = failed
            self.warningsAsErrors = warningsAsErrors
            self.helpBase = helpBase
        }
    }

    /// Where help lives when no base is given: a URN naming the page, an absolute URI as SARIF
    /// requires (`--help-base-url` points it at a served copy of docs/diagnostics.md).
    public static let defaultHelpBase = "urn:formc:docs:diagnostics"

    public static func render(
        _ diagnostics: [Diagnostic], format: Format, sources: [String: SourceFile], colour: Bool = false,
        outcome: Outcome? = nil
    ) -> String {
        let outcome = outcome ?? Outcome(failed: diagnostics.contains { $0.severity == .error })
        switch format {
        case .text: return text(diagnostics, sources: sources, colour: colour)
        case .json: return JSONCodec.encodeString(json(diagnostics, outcome: outcome))
        case .sarif: return JSONCodec.encodeString(sarif(diagnostics, outcome: outcome))
        }
    }

    // MARK: Text

    /// `file:line:col: error: message [E0103]`, the line with a caret under the column, then notes and
    /// fix-its: the shape SwiftPM, editors and CI log parsers pick up.
    public static func text(_ diagnostics: [Diagnostic], sources: [String: SourceFile], colour: Bool) -> String {
        var out = ""
        func paint(_ text: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        for d in diagnostics {
            let severity: String =
                switch d.severity {
                case .error: paint("error:", "1;31")
                case .warning: paint("warning:", "1;33")
                case .note: paint("note:", "1;36")
                }
            let place = d.location.map { "\($0): " } ?? "formc: "
            out += paint(place, "1") + severity + " " + paint(d.message, "1") + " [\(d.id.code)]\n"
            if let location = d.location { out += snippet(location, sources: sources, colour: colour) }
            for note in d.notes {
                let notePlace = note.location.map { "\($0): " } ?? "    "
                out += notePlace + paint("note:", "1;36") + " " + note.message + "\n"
            }
            for fix in d.fixIts {
                out += "\(fix.range.start): " + paint("note:", "1;36") + " fix-it: \(fix.message)\n"
            }
        }
        return out
    }

    private static func snippet(_ location: SourceLocation, sources: [String: SourceFile], colour: Bool) -> String {
        guard let line = sources[location.file]?.line(location.line) else { return "" }
        let number = String(location.line)
        let gutter = String(repeating: " ", count: number.count)
        // Keep tabs as tabs so the caret lines up with what the terminal shows.
        let prefix = line.unicodeScalars.prefix(max(0, location.column - 1)).map { $0 == "\t" ? "\t" : " " }.joined()
        let caret = colour ? "\u{1B}[1;32m^\u{1B}[0m" : "^"
        return " \(number) | \(line)\n \(gutter) | \(prefix)\(caret)\n"
    }

    /// "2 errors, 1 warning" (empty when there is nothing to say).
    public static func summary(errors: Int, warnings: Int) -> String {
        var parts: [String] = []
        if errors > 0 { parts.append("\(errors) error\(errors == 1 ? "" : "s")") }
        if warnings > 0 { parts.append("\(warnings) warning\(warnings == 1 ? "" : "s")") }
        return parts.joined(separator: ", ")
    }

    // MARK: JSON

    public static func json(_ diagnostics: [Diagnostic], outcome: Outcome? = nil) -> JSONValue {
        let outcome = outcome ?? Outcome(failed: diagnostics.contains { $0.severity == .error })
        func location(_ l: SourceLocation?) -> [(String, JSONValue)] {
            guard let l else { return [] }
            return [("file", .string(l.file)), ("line", .integer(Int64(l.line))), ("column", .integer(Int64(l.column)))]
        }
        let items: [JSONValue] = diagnostics.map { d in
            var members: [(key: String, value: JSONValue)] = [("id", .string(d.id.code)), ("severity", .string(d.severity.rawValue)), ("message", .string(d.message))]
            members += location(d.location).map { (key: $0.0, value: $0.1) }
            members.append(("notes", .array(d.notes.map { note in .object([("message", JSONValue.string(note.message))] + location(note.location).map { (key: $0.0, value: $0.1) }) })))
            members.append(("fixits", .array(d.fixIts.map { fix in
                .object([
                    ("message", .string(fix.message)), ("replacement", .string(fix.replacement)),
                    ("start", .object(location(fix.range.start).map { (key: $0.0, value: $0.1) })),
                    ("end", .object(location(fix.range.end).map { (key: $0.0, value: $0.1) })),
                ])
            })))
            return .object(members)
        }
        let errors = diagnostics.count { $0.severity == .error }
        let warnings = diagnostics.count { $0.severity == .warning }
        return .object([
            ("formc_version", .string(FormcVersion.current)), ("errors", .integer(Int64(errors))),
            ("warnings", .integer(Int64(warnings))), ("failed", .bool(outcome.failed)),
            ("warnings_as_errors", .bool(outcome.warningsAsErrors)), ("diagnostics", .array(items)),
        ])
    }

    // MARK: SARIF

    /// SARIF 2.1.0, one run, with a rule per diagnostic id that occurs.
    public static func sarif(_ diagnostics: [Diagnostic], outcome: Outcome? = nil) -> JSONValue {
        let outcome = outcome ?? Outcome(failed: diagnostics.contains { $0.severity == .error })
        var ruleIDs: [DiagnosticID] = []
        for d in diagnostics where !ruleIDs.contains(d.id) { ruleIDs.append(d.id) }
        ruleIDs.sort { $0.code < $1.code }
        func physical(_ l: SourceLocation) -> JSONValue {
            .object([
                ("physicalLocation", .object([
                    ("artifactLocation", .object([("uri", .string(l.file))])),
                    ("region", .object([("startLine", .integer(Int64(l.line))), ("startColumn", .integer(Int64(l.column)))])),
                ])),
            ])
        }
        let results: [JSONValue] = diagnostics.map { d in
            var r = JSONObjectBuilder()
            r.set("ruleId", d.id.code)
            r.set("level", d.severity == .note ? "note" : d.severity.rawValue)
            r.set("message", JSONValue.object([("text", .string(d.message))]))
            if let l = d.location { r.set("locations", JSONValue.array([physical(l)])) }
            let related = d.notes.compactMap { note -> JSONValue? in
                guard let l = note.location, case .object(var members) = physical(l) else { return nil }
                members.append(("message", .object([("text", .string(note.message))])))
                return .object(members)
            }
            if !related.isEmpty { r.set("relatedLocations", JSONValue.array(related)) }
            // Fix-its: the span to replace and the text to put there (columns in code points, end
            // exclusive, as the run's columnKind says).
            let fixes = d.fixIts.map { fix -> JSONValue in
                .object([
                    ("description", .object([("text", .string(fix.message))])),
                    ("artifactChanges", .array([.object([
                        ("artifactLocation", .object([("uri", .string(fix.range.start.file))])),
                        ("replacements", .array([.object([
                            ("deletedRegion", .object([
                                ("startLine", .integer(Int64(fix.range.start.line))), ("startColumn", .integer(Int64(fix.range.start.column))),
                                ("endLine", .integer(Int64(fix.range.end.line))), ("endColumn", .integer(Int64(fix.range.end.column))),
                            ])),
                            ("insertedContent", .object([("text", .string(fix.replacement))])),
                        ])])),
                    ])])),
                ])
            }
            if !fixes.isEmpty { r.set("fixes", JSONValue.array(fixes)) }
            return r.value
        }
        let rules: [JSONValue] = ruleIDs.map { id in
            .object([
                ("id", .string(id.code)), ("shortDescription", .object([("text", .string(id.summary))])),
                ("helpUri", .string(outcome.helpBase + "#" + id.code.lowercased())),
                ("defaultConfiguration", .object([("level", .string(id.severity.rawValue))])),
            ])
        }
        return .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([
                .object([
                    ("tool", .object([("driver", .object([
                        ("name", .string("formc")), ("version", .string(FormcVersion.current)), ("rules", .array(rules)),
                    ]))])),
                    ("columnKind", .string("unicodeCodePoints")),
                    ("invocations", .array([.object([
                        ("executionSuccessful", .bool(!outcome.failed)),
                    ] + (outcome.warningsAsErrors && outcome.failed ? [("toolExecutionNotifications", JSONValue.array([.object([
                        ("message", .object([("text", .string("warnings are treated as errors"))])), ("level", .string("note")),
                    ])]))] : []))])),
                    ("results", .array(results)),
                ]),
            ])),
        ])
    }
}
