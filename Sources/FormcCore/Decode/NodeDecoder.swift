internal import Foundation

/// The shared toolkit of every decoder: reading scalars as the spec format's value types, reading
/// mappings with unknown-key checks, and reporting each mistake at the node that holds it.
///
/// Every method reports its own diagnostics and returns nil on failure, so a decoder can read the
/// rest of the file and report every error in one run.
struct NodeDecoder {
    let diagnostics: DiagnosticEngine
    /// The file being decoded, to locate characters inside expressions.
    var source: SourceFile? = nil

    // MARK: Mappings

    /// A mapping node whose keys were checked against the keys allowed here.
    struct Mapping {
        let node: YAMLNode
        let pairs: [YAMLPair]

        subscript(key: String) -> YAMLNode? { pairs.first { $0.key == key }?.value }

        func pair(_ key: String) -> YAMLPair? { pairs.first { $0.key == key } }
    }

    /// Reads `node` as a mapping and reports each key that is not in `allowed`, with the closest
    /// allowed key as a fix-it. `what` names the mapping in messages ("field", "procedure").
    func mapping(_ node: YAMLNode, _ what: @autoclosure () -> String, allowed: [String]) -> Mapping? {
        guard case .mapping(let pairs) = node.content else {
            wrongKind(node, expected: "a mapping", for: what())
            return nil
        }
        for (index, pair) in pairs.enumerated() where !allowed.contains(pair.key) {
            unknownKey(pair, in: what(), allowed: allowed, quoting: commaSplitText(pairs, at: index))
        }
        return Mapping(node: node, pairs: pairs.filter { allowed.contains($0.key) })
    }

    /// `{ vi: Ngày, tháng, năm sinh }` reads as `vi: Ngày` and two keys with no value. At the first
    /// such key after a plain value on the same line: the fix that quotes the whole text
    /// (`"Ngày, tháng, năm sinh"`), from the value's start to the end of the last key of the run.
    func commaSplitText(_ pairs: [YAMLPair], at index: Int) -> Diagnostic.FixIt? {
        func isStray(_ pair: YAMLPair) -> Bool {
            if case .scalar("", .plain) = pair.value.content { return true }
            return false
        }
        guard index > 0, isStray(pairs[index]), !isStray(pairs[index - 1]) else { return nil }
        let value = pairs[index - 1].value
        guard case .scalar(_, .plain) = value.content, let source else { return nil }
        var last = index
        while last + 1 < pairs.count, isStray(pairs[last + 1]) { last += 1 }
        let end = pairs[last].keyEnd
        guard value.location.line == end.line, let line = source.line(end.line) else { return nil }
        let scalars = Array(line.unicodeScalars)
        guard value.location.column >= 1, end.column - 1 <= scalars.count, value.location.column < end.column else { return nil }
        let text = String(String.UnicodeScalarView(scalars[(value.location.column - 1)..<(end.column - 1)]))
        let quoted = "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        return .init("write \(quoted)", range: SourceRange(start: value.location, end: end), replacement: quoted)
    }

    func unknownKey(_ pair: YAMLPair, in what: @autoclosure () -> String, allowed: [String], quoting: Diagnostic.FixIt? = nil) {
        // `{ vi: Ngày, tháng }` reads as two entries: the usual cause of a stray key with no value.
        if case .scalar("", .plain) = pair.value.content {
            diagnostics.emit(
                .unknownKey, "unknown key '\(pair.key)' in \(what())", at: pair.keyLocation,
                notes: [.init("a comma inside { … } separates entries; if '\(pair.key)' belongs to the text before it, put that text in quotes")],
                fixIts: quoting.map { [$0] } ?? [])
            return
        }
        if let suggestion = Suggest.closest(to: pair.key, among: allowed) {
            diagnostics.emit(
                .unknownKey, "unknown key '\(pair.key)' in \(what()); did you mean '\(suggestion)'?",
                at: pair.keyLocation,
                fixIts: [.init("replace with '\(suggestion)'", range: SourceRange(start: pair.keyLocation, end: pair.keyEnd), replacement: suggestion)])
        } else {
            diagnostics.emit(
                .unknownKey, "unknown key '\(pair.key)' in \(what())", at: pair.keyLocation,
                notes: [.init("allowed keys: \(allowed.joined(separator: ", "))")])
        }
    }

    /// The value of a key that must be present, or nil after reporting that it is missing.
    func required(_ mapping: Mapping, _ key: String, in what: @autoclosure () -> String) -> YAMLNode? {
        if let value = mapping[key] { return value }
        diagnostics.emit(.missingKey, "\(what()) is missing required key '\(key)'", at: mapping.node.location)
        return nil
    }

    /// Reads a list node, or reports the wrong shape.
    func list(_ node: YAMLNode, for what: @autoclosure () -> String) -> [YAMLNode]? {
        guard case .sequence(let items) = node.content else {
            wrongKind(node, expected: "a list", for: what())
            return nil
        }
        return items
    }

    func wrongKind(_ node: YAMLNode, expected: String, for what: @autoclosure () -> String) {
        if case .invalid = node.content { return }  // already reported (an alias)
        diagnostics.emit(.wrongNodeKind, "\(what()) must be \(expected), found \(node.kindName)", at: node.location)
    }

    // MARK: Scalars

    /// Any scalar, as Unicode NFC text.
    func string(_ node: YAMLNode, for what: @autoclosure () -> String) -> Located<String>? {
        guard case .scalar(let text, _) = node.content else {
            wrongKind(node, expected: "a string", for: what())
            return nil
        }
        return Located(text.nfc, at: node.location)
    }

    /// A non-empty string after trimming whitespace.
    func nonEmptyString(_ node: YAMLNode, for what: @autoclosure () -> String) -> Located<String>? {
        guard let text = string(node, for: what()) else { return nil }
        if !text.value.hasNonWhitespace {
            diagnostics.emit(.invalidValue, "\(what()) must not be empty", at: node.location)
            return nil
        }
        return text
    }

    /// Text in Vietnamese with optional English: a scalar (Vietnamese only) or `{ vi:, en: }`.
    /// A `version:` value: MAJOR.MINOR.PATCH, or E0208 at the value.
    func semanticVersion(_ node: YAMLNode) -> Located<SemanticVersion>? {
        guard let text = string(node, for: "version") else { return nil }
        guard let version = SemanticVersion(text.value) else {
            diagnostics.emit(.invalidVersion, "version '\(text.value)' is not MAJOR.MINOR.PATCH (for example 1.0.0)", at: node.location)
            return nil
        }
        return Located(version, at: node.location)
    }

    func localized(_ node: YAMLNode, for what: @autoclosure () -> String) -> LocalizedText? {
        if case .scalar = node.content {
            return nonEmptyString(node, for: what()).map { LocalizedText(vi: $0.value) }
        }
        guard let map = mapping(node, what(), allowed: ["vi", "en"]) else { return nil }
        let en = map["en"].flatMap { nonEmptyString($0, for: "\(what()) (en)") }?.value
        guard let viNode = map["vi"] else {
            diagnostics.emit(
                .missingVietnamese, "\(what()) has no Vietnamese text; add 'vi:'", at: node.location)
            return en.map { LocalizedText(vi: $0, en: $0) }
        }
        guard let vi = nonEmptyString(viNode, for: "\(what()) (vi)") else { return nil }
        return LocalizedText(vi: vi.value, en: en)
    }

    /// A list of localized texts; a single text is accepted as a list of one.
    func localizedList(_ node: YAMLNode, for what: @autoclosure () -> String) -> [LocalizedText] {
        if case .sequence(let items) = node.content {
            return items.compactMap { localized($0, for: what()) }
        }
        return localized(node, for: what()).map { [$0] } ?? []
    }

    /// A plain integer written in decimal (`-12`, `0`, `5000`), never `010`, `1e3` or `5_000`,
    /// within `range`. Quoted numbers are rejected: a quoted value is text.
    func integer(_ node: YAMLNode, for what: @autoclosure () -> String, in range: ClosedRange<Int64> = Int64.min...Int64.max) -> Located<Int64>? {
        guard case .scalar(let text, let style) = node.content else {
            wrongKind(node, expected: "an integer", for: what())
            return nil
        }
        guard style == .plain, Self.isDecimalInteger(text), let value = Int64(text) else {
            diagnostics.emit(.invalidValue, "\(what()) must be a whole number written in decimal, found '\(text)'", at: node.location)
            return nil
        }
        guard range.contains(value) else {
            diagnostics.emit(
                .invalidValue, "\(what()) must be between \(range.lowerBound) and \(range.upperBound), found \(value)",
                at: node.location)
            return nil
        }
        return Located(value, at: node.location)
    }

    func int(_ node: YAMLNode, for what: @autoclosure () -> String, in range: ClosedRange<Int> = 0...Int(Int32.max)) -> Located<Int>? {
        integer(node, for: what(), in: Int64(range.lowerBound)...Int64(range.upperBound)).map { Located(Int($0.value), at: $0.location) }
    }

    static func isDecimalInteger(_ text: String) -> Bool {
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        return digits == "0" || !digits.hasPrefix("0")
    }

    /// `true` or `false`. YAML 1.1 spellings (`yes`, `no`, `on`, `off`) are errors with a fix-it,
    /// because they are the classic source of silent mistakes.
    func bool(_ node: YAMLNode, for what: @autoclosure () -> String) -> Bool? {
        guard case .scalar(let text, let style) = node.content else {
            wrongKind(node, expected: "true or false", for: what())
            return nil
        }
        if style == .plain && text == "true" { return true }
        if style == .plain && text == "false" { return false }
        let meant: String? =
            switch text.lowercased() {
            case "yes", "y", "on", "true": "true"
            case "no", "n", "off", "false": "false"
            default: nil
            }
        diagnostics.emit(
            .invalidValue, "\(what()) must be true or false, found '\(text)'", at: node.location,
            fixIts: meant.map { [.init("write '\($0)'", range: node.range, replacement: $0)] } ?? [])
        return nil
    }

    /// A calendar date `YYYY-MM-DD`, checked against the calendar.
    func date(_ node: YAMLNode, for what: @autoclosure () -> String) -> Located<CalendarDate>? {
        guard let text = string(node, for: what()) else { return nil }
        guard let date = CalendarDate(text.value) else {
            diagnostics.emit(.invalidValue, "\(what()) must be a real date written YYYY-MM-DD, found '\(text.value)'", at: node.location)
            return nil
        }
        return Located(date, at: node.location)
    }

    /// One of the names of `E`, with a "did you mean" for near misses.
    func enumeration<E: RawRepresentable & CaseIterable>(_ node: YAMLNode, _ type: E.Type, for what: @autoclosure () -> String) -> E?
    where E.RawValue == String {
        guard let text = string(node, for: what()) else { return nil }
        if let value = E(rawValue: text.value) { return value }
        let names = E.allCases.map(\.rawValue)
        let suggestion = Suggest.closest(to: text.value, among: names)
        diagnostics.emit(
            .invalidValue,
            "\(what()) must be one of \(names.joined(separator: ", ")), found '\(text.value)'"
                + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
            at: node.location,
            fixIts: suggestion.map { [.init("replace with '\($0)'", range: node.range, replacement: $0)] } ?? [])
        return nil
    }

    /// A size in bytes: a plain integer, or a number with KB or MB (powers of 1024).
    func byteSize(_ node: YAMLNode, for what: @autoclosure () -> String) -> Located<Int64>? {
        guard let text = string(node, for: what()) else { return nil }
        let units: [(String, Int64)] = [("MB", 1 << 20), ("KB", 1 << 10), ("B", 1)]
        for (suffix, factor) in units where text.value.hasSuffix(suffix) {
            let number = String(text.value.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
            if Self.isDecimalInteger(number), let n = Int64(number), n > 0, n <= (1 << 40) / factor {
                return Located(n * factor, at: node.location)
            }
        }
        if Self.isDecimalInteger(text.value), let n = Int64(text.value), n > 0 { return Located(n, at: node.location) }
        diagnostics.emit(.invalidValue, "\(what()) must be a size such as 5MB, 500KB or 1048576, found '\(text.value)'", at: node.location)
        return nil
    }

    /// An identifier following `rule`, reported with the rule spelled out.
    func identifier(_ node: YAMLNode, _ rule: IdentifierRule, for what: @autoclosure () -> String) -> Located<String>? {
        guard let text = string(node, for: what()) else { return nil }
        guard rule.accepts(text.value) else {
            diagnostics.emit(
                .invalidIdentifier, "\(what()) '\(text.value)' is not valid: \(rule.explanation)", at: node.location)
            return nil
        }
        return text
    }

    /// An expression written as a YAML string (plain, quoted or block), with the position of each of
    /// its characters in the file. It is parsed and type-checked by the checker.
    func expression(_ node: YAMLNode, for what: @autoclosure () -> String) -> ExpressionSource? {
        guard let text = nonEmptyString(node, for: what()) else { return nil }
        return ExpressionSource(text: text.value, positions: ScalarPositions(node: node, source: source))
    }

    // MARK: Data

    /// Example and default data written in YAML, read as JSON: plain `null`, `true`, `false` and
    /// JSON numbers are those JSON values; every other scalar (and any quoted one) is a string.
    func jsonValue(_ node: YAMLNode) -> JSONValue {
        switch node.content {
        case .invalid: return .null
        case .scalar(let text, let style):
            let text = text.nfc
            guard style == .plain else { return .string(text) }
            switch text {
            case "null": return .null
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: break
            }
            if Self.isDecimalInteger(text), let value = Int64(text) { return .integer(value) }
            if Self.isJSONNumber(text), let value = Double(text) { return .number(value) }
            return .string(text)
        case .sequence(let items): return .array(items.map(jsonValue))
        case .mapping(let pairs):
            return .object(pairs.map { ($0.key.nfc, jsonValue($0.value)) })
        }
    }

    /// JSON's number grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    static func isJSONNumber(_ text: String) -> Bool {
        var bytes = text.utf8[...]
        func digits() -> Int {
            let count = bytes.prefix { $0 >= 0x30 && $0 <= 0x39 }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        if bytes.first == UInt8(ascii: "0") {
            bytes = bytes.dropFirst()
        } else if digits() == 0 {
            return false
        }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            if digits() == 0 { return false }
        }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            if digits() == 0 { return false }
        }
        return bytes.isEmpty
    }
}

/// Naming rules for the ids a spec declares.
enum IdentifierRule {
    /// Form and option-list ids: `to-khai-dang-ky-khai-sinh` (lower-case ASCII words, hyphens).
    case kebab
    /// Field, section, case, document and fee ids: `so_dinh_danh` (lower-case ASCII, underscores).
    case snake
    /// Option values: letters, digits, `_`, `-`, `.` (codes such as `01` are allowed).
    case optionValue
    /// Mã TTHC: one digit, a dot, six digits (`1.001193`).
    case procedureCode

    func accepts(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty, scalars.count <= 64 else { return false }
        func isLower(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) }
        func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
        switch self {
        case .kebab:
            return isLower(scalars[0]) && scalars.last != "-" && !text.containsBytes("--")
                && scalars.allSatisfy { isLower($0) || isDigit($0) || $0 == "-" }
        case .snake:
            return isLower(scalars[0]) && scalars.allSatisfy { isLower($0) || isDigit($0) || $0 == "_" }
        case .optionValue:
            return scalars.allSatisfy { isLower($0) || ("A"..."Z").contains($0) || isDigit($0) || "_-.".unicodeScalars.contains($0) }
        case .procedureCode:
            return scalars.count == 8 && isDigit(scalars[0]) && scalars[1] == "."
                && scalars[2...].allSatisfy(isDigit)
        }
    }

    var explanation: String {
        switch self {
        case .kebab: "use lower-case ASCII letters and digits in words joined by single hyphens, starting with a letter"
        case .snake: "use lower-case ASCII letters, digits and underscores, starting with a letter"
        case .optionValue: "use ASCII letters, digits, '_', '-' and '.'"
        case .procedureCode: "a procedure code (mã TTHC) is one digit, a dot and six digits, such as \"1.001193\""
        }
    }
}

/// "Did you mean" suggestions by edit distance.
enum Suggest {
    static func closest(to word: String, among candidates: [String]) -> String? {
        let limit = word.count <= 3 ? 1 : max(2, word.count / 3)
        var best: (String, Int)?
        for candidate in candidates {
            let d = distance(word.lowercased(), candidate)
            if d <= limit, d < (best?.1 ?? .max) { best = (candidate, d) }
        }
        return best?.0
    }

    /// Edit distance over characters, counting a swap of two neighbours as one edit (optimal string
    /// alignment), since "tne" for "ten" is one slip, not two.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
