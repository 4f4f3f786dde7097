internal import CLibYAML
internal import FormcRuntime

/// Limits that keep a hostile or broken spec from costing more than a diagnostic.
public struct SourceLimits: Sendable {
    /// Largest spec file accepted, in bytes.
    public var maxFileSize: Int = 4 << 20
    /// Deepest nesting of mappings and lists.
    public var maxDepth: Int = 48

    public init() {}
}

/// Reads one YAML spec file into located nodes with libyaml's event API.
///
/// Nothing is typed here: scalars keep their text and style, so `no`, `010`, `1.001193` and
/// `2025-07-01` reach the decoder exactly as written. Everything YAML allows but specs should not use
/// (anchors, aliases, tags, several documents, non-string keys, duplicate keys) is a diagnostic.
/// Anchors are refused outright rather than expanded, so alias bombs ("billion laughs") cost nothing.
public struct YAMLReader {
    private let file: String
    private let limits: SourceLimits
    private let diagnostics: DiagnosticEngine

    public init(file: String, limits: SourceLimits = SourceLimits(), diagnostics: DiagnosticEngine) {
        self.file = file
        self.limits = limits
        self.diagnostics = diagnostics
    }

    /// Parses `bytes` and returns the root node of its single document, or nil when the file cannot
    /// be read as one document (every reason is reported to the diagnostics engine).
    public func read(_ bytes: [UInt8]) -> YAMLNode? {
        if bytes.count > limits.maxFileSize {
            diagnostics.emit(
                .fileTooLarge,
                "spec file is \(bytes.count) bytes; the limit is \(limits.maxFileSize) bytes",
                at: .file(file))
            return nil
        }
        var input = bytes
        if input.starts(with: [0xEF, 0xBB, 0xBF]) { input.removeFirst(3) }  // a BOM is fine
        if let bad = Self.firstInvalidUTF8(in: input) {
            diagnostics.emit(
                .invalidUTF8, "invalid UTF-8 byte 0x\(String(bad.byte, radix: 16, uppercase: true)); save the file as UTF-8",
                at: SourceLocation(file: file, line: bad.line, column: bad.column))
            return nil
        }
        return input.withUnsafeBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) != 0 else { return nil }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress ?? UnsafePointer(bitPattern: 1), buffer.count)
            var session = ParseSession(parser: parser, reader: self, input: input, fileID: FileNames.id(of: file))
            let root = session.parseStream()
            parser = session.parser
            return root
        }
    }

    // MARK: - Parsing

    /// Thrown to unwind when parsing cannot go on; the reason is already reported.
    private struct Abort: Error {}

    private struct ParseSession {
        var parser: yaml_parser_t
        let reader: YAMLReader
        let input: [UInt8]
        var depth = 0

        var file: String { reader.file }
        /// The file's number, given once: every node's location carries it.
        let fileID: Int32
        var diagnostics: DiagnosticEngine { reader.diagnostics }

        mutating func parseStream() -> YAMLNode? {
            do {
                var event = try next()
                guard event.type == YAML_STREAM_START_EVENT else { yaml_event_delete(&event); return nil }
                yaml_event_delete(&event)
                event = try next()
                if event.type == YAML_STREAM_END_EVENT {
                    yaml_event_delete(&event)
                    diagnostics.emit(.emptyFile, "spec file is empty; it should hold one YAML mapping", at: .file(file))
                    return nil
                }
                // DOCUMENT-START, then the root node, then DOCUMENT-END.
                yaml_event_delete(&event)
                let root = try parseNode(try next())
                var end = try next()
                yaml_event_delete(&end)
                var after = try next()
                defer { yaml_event_delete(&after) }
                if after.type == YAML_DOCUMENT_START_EVENT {
                    diagnostics.emit(
                        .multipleDocuments,
                        "a spec file holds one YAML document; this starts a second one",
                        at: location(after.start_mark),
                        notes: [.init("put each form or procedure in its own file")])
                    return nil
                }
                if case .scalar(let text, .plain) = root.content, text.isEmpty {
                    diagnostics.emit(.emptyFile, "spec file holds an empty document", at: root.location)
                    return nil
                }
                return root
            } catch {
                return nil
            }
        }

        /// The next event, or `Abort` after reporting libyaml's error.
        mutating func next() throws(Abort) -> yaml_event_t {
            var event = yaml_event_t()
            if yaml_parser_parse(&parser, &event) == 0 {
                reportParserError()
                throw Abort()
            }
            return event
        }

        /// Builds the node that starts with `event` (which this call consumes).
        /// From this many keys on, a mapping's keys are looked up in a dictionary, not compared one by one.
        static let indexedKeys = 12

        mutating func parseNode(_ first: yaml_event_t) throws(Abort) -> YAMLNode {
            var event = first
            defer { yaml_event_delete(&event) }
            let start = location(event.start_mark)
            switch event.type {
            case YAML_ALIAS_EVENT:
                diagnostics.emit(
                    .aliasNotAllowed, "YAML aliases are not allowed in specs; write the value out, or use a shared option list",
                    at: start)
                return YAMLNode(.invalid, at: start, end: location(event.end_mark))

            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                checkAnchorAndTag(anchor: scalar.anchor, tag: scalar.tag, at: start)
                let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                let style: ScalarStyle =
                    switch scalar.style {
                    case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
                    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
                    case YAML_LITERAL_SCALAR_STYLE: .literal
                    case YAML_FOLDED_SCALAR_STYLE: .folded
                    default: .plain
                    }
                return YAMLNode(.scalar(text, style), at: start, end: location(event.end_mark))

            case YAML_SEQUENCE_START_EVENT:
                checkAnchorAndTag(anchor: event.data.sequence_start.anchor, tag: event.data.sequence_start.tag, at: start)
                try enter(at: start)
                defer { depth -= 1 }
                // Room for the few children most lists and mappings of a spec have (a label's vi
                // and en, a field's type, label and rules), instead of regrowing: 7% of reading.
                var items: [YAMLNode] = []
                items.reserveCapacity(4)
                while true {
                    var child = try next()
                    if child.type == YAML_SEQUENCE_END_EVENT {
                        let end = location(child.end_mark)
                        yaml_event_delete(&child)
                        return YAMLNode(.sequence(items), at: start, end: end)
                    }
                    items.append(try parseNode(child))
                }

            case YAML_MAPPING_START_EVENT:
                checkAnchorAndTag(anchor: event.data.mapping_start.anchor, tag: event.data.mapping_start.tag, at: start)
                try enter(at: start)
                defer { depth -= 1 }
                var pairs: [YAMLPair] = []
                pairs.reserveCapacity(8)
                var firstSeen: [String: SourceLocation] = [:]
                while true {
                    var keyEvent = try next()
                    if keyEvent.type == YAML_MAPPING_END_EVENT {
                        let end = location(keyEvent.end_mark)
                        yaml_event_delete(&keyEvent)
                        return YAMLNode(.mapping(pairs), at: start, end: end)
                    }
                    let key = try parseNode(keyEvent)
                    let value = try parseNode(try next())
                    guard case .scalar(let text, _) = key.content else {
                        if case .invalid = key.content {} else {
                            diagnostics.emit(
                                .nonScalarKey, "a mapping key must be a plain string, not \(key.kindName)", at: key.location)
                        }
                        continue
                    }
                    // Most mappings have a few keys: they are compared in place; a large one is indexed.
                    if pairs.count == Self.indexedKeys { for pair in pairs { firstSeen[pair.key] = pair.keyLocation } }
                    let first = pairs.count < Self.indexedKeys ? pairs.first(where: { $0.key == text })?.keyLocation : firstSeen[text]
                    if let first {
                        diagnostics.emit(
                            .duplicateKey, "duplicate key '\(text)'", at: key.location,
                            notes: [.init("'\(text)' is first defined here", at: first)])
                        continue
                    }
                    if pairs.count >= Self.indexedKeys { firstSeen[text] = key.location }
                    pairs.append(YAMLPair(key: text, keyLocation: key.location, keyEnd: key.end, value: value))
                }

            default:
                // DOCUMENT-END or STREAM-END where a node should be: libyaml only does this for an
                // empty document, which `parseStream` reports.
                return YAMLNode(.scalar("", .plain), at: start, end: start)
            }
        }

        mutating func enter(at start: SourceLocation) throws(Abort) {
            depth += 1
            if depth > reader.limits.maxDepth {
                diagnostics.emit(
                    .nestingTooDeep, "nesting is deeper than \(reader.limits.maxDepth) levels", at: start)
                throw Abort()
            }
        }

        func checkAnchorAndTag(anchor: UnsafeMutablePointer<yaml_char_t>?, tag: UnsafeMutablePointer<yaml_char_t>?, at start: SourceLocation) {
            if let anchor {
                let name = String(cString: anchor)
                diagnostics.emit(
                    .aliasNotAllowed, "YAML anchors are not allowed in specs (anchor '&\(name)')", at: start)
            }
            if let tag {
                let name = String(cString: tag)
                diagnostics.emit(
                    .tagNotAllowed,
                    "YAML tags are not allowed in specs (tag '\(name)'); formc decides each value's type from the spec format",
                    at: start)
            }
        }

        func location(_ mark: yaml_mark_t) -> SourceLocation {
            SourceLocation(fileID: fileID, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        }

        func reportParserError() {
            let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
            let at = location(parser.problem_mark)
            let source = SourceFile(path: file, bytes: input)
            // A tab where indentation is expected: say so, and point at every such line, not only the first.
            if let line = source.line(at.line), character(of: line, at: at.column) == "\t",
                line.unicodeScalars.prefix(at.column).allSatisfy({ $0 == " " || $0 == "\t" })
            {
                reportTabs(in: source, from: at.line)
                return
            }
            var notes: [Diagnostic.Note] = []
            if let context = parser.context.map({ String(cString: $0) }) {
                let contextAt = location(parser.context_mark)
                notes.append(.init(context.prefix(1).uppercased() + context.dropFirst() + " that starts here", at: contextAt))
            }
            diagnostics.emit(.yamlSyntax, problem, at: at, notes: notes)
        }

        func reportTabs(in source: SourceFile, from firstLine: Int) {
            var number = firstLine
            while let line = source.line(number) {
                let indentation = line.prefix { $0 == " " || $0 == "\t" }
                if let tab = indentation.firstIndex(of: "\t") {
                    let column = line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: tab.samePosition(in: line.unicodeScalars) ?? line.unicodeScalars.startIndex) + 1
                    diagnostics.emit(
                        .tabIndentation, "tab character in indentation; YAML indents with spaces only",
                        at: SourceLocation(file: file, line: number, column: column))
                }
                number += 1
            }
        }

        func character(of line: String, at column: Int) -> Character? {
            let scalars = Array(line.unicodeScalars)
            guard column >= 1, column <= scalars.count else { return nil }
            return Character(scalars[column - 1])
        }
    }

    // MARK: - UTF-8

    /// The first byte that breaks UTF-8 (overlong forms, surrogates and code points above U+10FFFF
    /// included), with its line and column.
    static func firstInvalidUTF8(in bytes: [UInt8]) -> (byte: UInt8, line: Int, column: Int)? {
        // The line and column are worked out only for a file that has an invalid byte.
        func at(_ index: Int, _ byte: UInt8) -> (byte: UInt8, line: Int, column: Int) {
            var line = 1, column = 1
            for scalar in String(decoding: bytes[..<index], as: UTF8.self).unicodeScalars {
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            }
            return (byte, line, column)
        }
        guard let bad = bytes.withUnsafeBufferPointer({ ValidationSupport.firstInvalidUTF8(in: $0) }) else { return nil }
        return at(bad.index, bad.byte)
    }
}

extension YAMLReader {
    /// Runs libyaml's parser over `bytes` and only counts its events: the floor the whole pipeline
    /// is measured against (`formc bench`). Returns nil when the text is not valid YAML.
    public static func countEvents(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) != 0 else { return nil }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress ?? UnsafePointer(bitPattern: 1), buffer.count)
            var count = 0
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) != 0 else { return nil }
                let done = event.type == YAML_STREAM_END_EVENT
                yaml_event_delete(&event)
                count += 1
                if done { return count }
            }
        }
    }
}
