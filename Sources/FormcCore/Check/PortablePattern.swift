/// A regular expression in formc's portable subset of ECMA-262: the constructs that ECMAScript
/// (ajv, browsers), Python's `re` (jsonschema) and Rust's regex engines (jsonschema-rs) all read
/// the same way. Parsing it both validates a spec's pattern (with the column of the first problem)
/// and produces an equivalent ICU pattern for formc's own validator.
///
/// Out of the subset: `\d \w \s \b` and their negations (Unicode-aware in some engines, ASCII in
/// others), back-references, lookaround, named groups, lazy and possessive quantifiers, inline flags,
/// a bare `{` or `]`, and characters outside the Basic Multilingual Plane (UTF-16 in JavaScript).
///
/// Also out: patterns that backtracking engines (JavaScript's, Python's `re`, ICU) can take
/// exponential time on — a repeated group whose rounds can split one text in more than one way: a
/// repetition inside it that can run into what follows it (`(a+)+`, `(a*)*`, `([a-z]+ ?)+`,
/// `([a-z]*x)+`), or alternatives that can start with the same character (`(a|ab)*`, `(a|a)+`, or an
/// empty alternative). See docs/spec-reference.md.
public struct PortablePattern: Sendable {
    /// What is wrong with a pattern, at a code-point offset into it.
    public struct Problem: Error, Sendable {
        public var message: String
        public var offset: Int
        /// True when the pattern is valid ECMA-262 but outside the portable subset.
        public var nonPortable: Bool
        /// A replacement for the offending construct, when there is an obvious one.
        public var replacement: (length: Int, text: String)?
    }

    public let source: String
    /// The same language as an ICU pattern (NSRegularExpression), anchored to the whole value.
    public let icuWholeMatch: String
    /// Whether some value it matches holds a line feed (a `\n`, a class with it, a negated class
    /// without it; `.` never matches one). The schema refuses line feeds outright for patterns that
    /// cannot match one, because Python's `$` also matches before a final newline.
    public let admitsNewline: Bool

    /// The same language as an ECMAScript pattern for the `u` flag, anchored to the whole value:
    /// the ICU form with `^`/`$` anchors and `\u{…}` escapes (ECMAScript has no `\A`, `\z`, `\x{…}`).
    public var javascriptWholeMatch: String {
        icuWholeMatch.replacingOccurrences("\\A", "^").replacingOccurrences("\\z", "$").replacingOccurrences("\\x{", "\\u{")
    }

    public init(_ source: String) throws(Problem) {
        self.source = source
        var parser = Parser(scalars: Array(source.unicodeScalars))
        let (body, _) = try parser.parseAlternation()
        if parser.index < parser.scalars.count {
            throw Problem(message: "unmatched ')'", offset: parser.index, nonPortable: false)
        }
        icuWholeMatch = "\\A(?:" + body + ")\\z"
        admitsNewline = parser.admitsNewline
    }

    /// The pattern as JSON Schema gets it: whole-value match, like HTML's `pattern` attribute.
    /// Only for patterns the checker has accepted.
    public static func schemaPattern(_ source: String) -> String { "^(?:" + source + ")$" }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0
        var depth = 0
        /// Set when an atom can match a line feed (see `PortablePattern.admitsNewline`).
        var admitsNewline = false

        var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        func problem(_ message: String, at offset: Int? = nil, nonPortable: Bool = false, replacement: (Int, String)? = nil) -> Problem {
            Problem(message: message, offset: offset ?? index, nonPortable: nonPortable, replacement: replacement.map { (length: $0.0, text: $0.1) })
        }

        mutating func parseAlternation() throws(Problem) -> (String, Shape) {
            var (out, shape) = try parseSequence()
            var branches = [shape]
            while current == "|" {
                index += 1
                let (text, branch) = try parseSequence()
                out += "|" + text
                branches.append(branch)
            }
            for branch in branches.dropFirst() { shape.merge(alternative: branch) }
            // Two alternatives that can start alike (or one that can be empty) let a repetition of
            // the group match one text in many ways.
            if branches.count > 1 {
                for (i, a) in branches.enumerated() {
                    if a.nullable { shape.ambiguousAlternatives = true }
                    for b in branches[(i + 1)...] where a.first.overlaps(b.first) { shape.ambiguousAlternatives = true }
                }
            }
            return (out, shape)
        }

        mutating func parseSequence() throws(Problem) -> (String, Shape) {
            var out = ""
            var shape = Shape.empty
            while let c = current, c != "|", c != ")" {
                let atomStart = index
                var (atom, quantifiable, atomShape) = try parseAtom()
                out += atom
                if let q = current, q == "*" || q == "+" || q == "?" || q == "{" {
                    guard quantifiable else { throw problem("nothing to repeat before '\(q)'") }
                    let quantifierStart = index
                    let (text, low, high) = try parseQuantifier(atomStart: atomStart)
                    out += text
                    let repeats = high.map { $0 > 1 } ?? true
                    if repeats && (atomShape.overlappingRepetition || atomShape.pending.overlaps(atomShape.first)) {
                        throw problem(
                            "a repeated group contains a repetition that can run into what follows it (or into the group's next round), so some answers make the match take exponential time; repeat once (e.g. '[a-z ]+' instead of '([a-z]+ ?)+')",
                            at: quantifierStart, nonPortable: true)
                    }
                    if repeats && atomShape.ambiguousAlternatives {
                        throw problem(
                            "a repeated group has alternatives that can start with the same character (or be empty), so some answers make the match take exponential time; make the alternatives start differently",
                            at: quantifierStart, nonPortable: true)
                    }
                    // A repetition of varying count can go on with its own first characters.
                    if low != high { atomShape.pending = atomShape.pending.union(atomShape.first) }
                    if low == 0 { atomShape.nullable = true }
                }
                shape.append(atomShape)
            }
            return (out, shape)
        }

        /// The quantifier's text and its counts (`high` nil when unbounded).
        mutating func parseQuantifier(atomStart: Int) throws(Problem) -> (String, low: Int, high: Int?) {
            guard let q = current else { return ("", 1, 1) }
            var out: String
            var bounds: (Int, Int?)
            if q == "{" {
                let start = index
                index += 1
                let low = readNumber()
                guard let low else { throw problem("'{' must start a repetition such as {2} or {2,5}; write \\{ for a literal brace", at: start, nonPortable: true) }
                var high: Int? = low
                if current == "," {
                    index += 1
                    high = readNumber()
                }
                guard current == "}" else { throw problem("unterminated repetition; expected '}'", at: start) }
                index += 1
                if let high, high < low { throw problem("repetition {\(low),\(high)} has its minimum above its maximum", at: start) }
                guard low <= 1000, (high ?? 0) <= 1000 else { throw problem("repetition counts above 1000 are not portable", at: start, nonPortable: true) }
                out = "{\(low)" + (high == low ? "}" : ",\(high.map(String.init) ?? "")}")
                bounds = (low, high)
            } else {
                index += 1
                out = String(q)
                bounds = q == "?" ? (0, 1) : (q == "*" ? 0 : 1, nil)
            }
            if let next = current, next == "?" || next == "+" {
                throw problem(next == "?" ? "lazy quantifiers are not in the portable subset" : "possessive quantifiers are not in the portable subset", nonPortable: true)
            }
            if let next = current, next == "*" || next == "{" || (next == "+" && q != "{") {
                throw problem("nothing to repeat before '\(next)'")
            }
            return (out, bounds.0, bounds.1)
        }

        mutating func readNumber() -> Int? {
            var digits = ""
            while let c = current, ("0"..."9").contains(c), digits.count < 6 {
                digits.unicodeScalars.append(c)
                index += 1
            }
            return Int(digits)
        }

        /// One atom, whether a quantifier may follow it, and its shape.
        mutating func parseAtom() throws(Problem) -> (String, Bool, Shape) {
            guard let c = current else { return ("", false, .empty) }
            switch c {
            case "(":
                let start = index
                index += 1
                var prefix = "("
                if current == "?" {
                    guard index + 1 < scalars.count, scalars[index + 1] == ":" else {
                        throw problem("lookaround, named groups and inline flags are not in the portable subset", at: start, nonPortable: true)
                    }
                    index += 2
                    prefix = "(?:"
                }
                depth += 1
                guard depth <= 32 else { throw problem("groups nested deeper than 32 levels", at: start) }
                let (inner, shape) = try parseAlternation()
                depth -= 1
                guard current == ")" else { throw problem("unclosed '('", at: start) }
                index += 1
                return (prefix + inner + ")", true, shape)
            case ")":
                throw problem("unmatched ')'")
            case "[":
                let (text, set) = try parseClass()
                return (text, true, Shape(character: set))
            case "]":
                throw problem("a bare ']' is read differently by different engines; write \\]", nonPortable: true, replacement: (1, "\\]"))
            case "}":
                throw problem("a bare '}' is read differently by different engines; write \\}", nonPortable: true, replacement: (1, "\\}"))
            case "{":
                throw problem("'{' must follow something to repeat; write \\{ for a literal brace", nonPortable: true)
            case "*", "+", "?":
                throw problem("nothing to repeat before '\(c)'")
            case ".":
                index += 1
                // ECMAScript's '.' excludes exactly these line terminators; ICU's excludes more.
                return ("[^\\n\\r\\x{2028}\\x{2029}]", true, Shape(character: .any))
            case "^":
                index += 1
                return ("\\A", false, .empty)
            case "$":
                index += 1
                // ECMAScript's '$' (without the m flag) matches only at the very end; ICU's and
                // Python's also match before a final newline.
                return ("\\z", false, .empty)
            case "\\":
                let text = try parseEscape(inClass: false)
                let scalar = singleScalar(text)
                if scalar == "\n" { admitsNewline = true }
                return (text, true, Shape(character: scalar.map(CharacterSet.single) ?? .any))
            default:
                index += 1
                if c == "\n" { admitsNewline = true }
                return (try literal(c, at: index - 1), true, Shape(character: .single(c)))
            }
        }

        func literal(_ c: Unicode.Scalar, at offset: Int) throws(Problem) -> String {
            guard c.value <= 0xFFFF else {
                throw problem("characters outside the Basic Multilingual Plane are not portable (JavaScript reads them as two units)", at: offset, nonPortable: true)
            }
            if ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) { return String(c) }
            return "\\x{" + String(c.value, radix: 16) + "}"
        }

        mutating func parseEscape(inClass: Bool) throws(Problem) -> String {
            let start = index
            index += 1
            guard let e = current else { throw problem("the pattern ends with a lone backslash", at: start) }
            index += 1
            switch e {
            case "d", "D", "w", "W", "s", "S":
                let replacement: String? =
                    switch e {
                    case "d": inClass ? "0-9" : "[0-9]"
                    case "D": inClass ? nil : "[^0-9]"
                    case "w": inClass ? "A-Za-z0-9_" : "[A-Za-z0-9_]"
                    case "s": inClass ? " \\t\\n\\r" : "[ \\t\\n\\r]"
                    default: nil
                    }
                throw problem(
                    "'\\\(e)' matches different characters in different engines (Unicode digits or spaces in some)"
                        + (replacement.map { "; write \($0)" } ?? ""),
                    at: start, nonPortable: true, replacement: replacement.map { (2, $0) })
            case "b", "B":
                if inClass { throw problem("'\\b' inside a class is not portable", at: start, nonPortable: true) }
                throw problem("word boundaries are not in the portable subset", at: start, nonPortable: true)
            case "n": return "\\n"
            case "t": return "\\t"
            case "r": return "\\r"
            case "f": return "\\f"
            case "v": return "\\x{b}"
            case "u":
                var hex = ""
                for _ in 0..<4 {
                    guard let h = current, h.properties.isASCIIHexDigit else {
                        throw problem("'\\u' must be followed by four hex digits", at: start)
                    }
                    hex.unicodeScalars.append(h)
                    index += 1
                }
                // Half of a surrogate pair is a character only to JavaScript: Swift texts cannot
                // hold one, and ICU (formc's own validator) refuses the pattern.
                if let unit = UInt32(hex, radix: 16), (0xD800...0xDFFF).contains(unit) {
                    throw problem("'\\u\(hex)' is half of a UTF-16 surrogate pair, which only JavaScript can match; name whole characters", at: start, nonPortable: true)
                }
                return "\\x{" + hex + "}"
            case "1"..."9":
                throw problem("back-references are not in the portable subset", at: start, nonPortable: true)
            default:
                // Escaped syntax characters are the only other portable escapes.
                guard "^$\\.*+?()[]{}|/-".unicodeScalars.contains(e) else {
                    throw problem("'\\\(e)' is not a portable escape; escape only syntax characters", at: start, nonPortable: true)
                }
                return try literal(e, at: start + 1)
            }
        }

        mutating func parseClass() throws(Problem) -> (String, CharacterSet) {
            let start = index
            index += 1
            var out = "["
            var negated = false
            var ranges: [ClosedRange<UInt32>] = []
            if current == "^" {
                out += "^"
                negated = true
                index += 1
            }
            var items = 0
            while let c = current, c != "]" {
                let itemStart = index
                var low: Unicode.Scalar?
                let lowText: String
                if c == "\\" {
                    lowText = try parseEscape(inClass: true)
                    low = singleScalar(lowText)
                } else if c == "[" {
                    throw problem("a '[' inside a class is read as a nested set by some engines; write \\[", nonPortable: true, replacement: (1, "\\["))
                } else {
                    index += 1
                    lowText = try literal(c, at: itemStart)
                    low = c
                }
                out += lowText
                items += 1
                if current == "-", index + 1 < scalars.count, scalars[index + 1] != "]" {
                    index += 1
                    guard let h = current else { break }
                    let highStart = index
                    let highText: String
                    var high: Unicode.Scalar?
                    if h == "\\" {
                        highText = try parseEscape(inClass: true)
                        high = singleScalar(highText)
                    } else {
                        index += 1
                        highText = try literal(h, at: highStart)
                        high = h
                    }
                    guard let lowScalar = low, let highScalar = high else {
                        throw problem("a range in a class needs single characters at both ends", at: itemStart)
                    }
                    guard lowScalar.value <= highScalar.value else {
                        throw problem("range out of order in character class", at: itemStart)
                    }
                    // A bound Unicode normalisation replaces (U+1FF9 is U+038C in NFC) is refused by
                    // Swift's Regex, which the Swift validators fall back to, while JavaScript and ICU
                    // take it: the engines would disagree, so the pattern must name the NFC character.
                    func name(_ scalar: Unicode.Scalar) -> String { "U+" + String(scalar.value, radix: 16, uppercase: true) }
                    for bound in [lowScalar, highScalar] {
                        let normalized = String(bound).nfc.unicodeScalars
                        guard !normalized.elementsEqual([bound]) else { continue }
                        throw problem(
                            "\(name(bound)) cannot be an end of a range in a class: Unicode normalisation (NFC) writes it as \(normalized.map(name).joined(separator: " ")); use that",
                            at: itemStart, nonPortable: true)
                    }
                    out += "-" + highText
                    ranges.append(lowScalar.value...highScalar.value)
                } else if current == "-" {
                    // A '-' right before ']' is a literal.
                    index += 1
                    out += "\\x{2d}"
                    if let low { ranges.append(low.value...low.value) }
                    ranges.append(0x2D...0x2D)
                } else if let low {
                    ranges.append(low.value...low.value)
                }
            }
            guard current == "]" else { throw problem("unclosed '['", at: start) }
            guard items > 0 else { throw problem("an empty character class matches nothing", at: start) }
            index += 1
            if ranges.contains(where: { $0.contains(0x0A) }) != negated { admitsNewline = true }
            // A negated class is counted as any character: overlap is then judged conservatively.
            return (out + "]", negated ? .any : .ranges(ranges))
        }

        /// The character an escape's ICU text stands for, if it stands for exactly one.
        func singleScalar(_ icu: String) -> Unicode.Scalar? {
            switch icu {
            case "\\n": return "\n"
            case "\\t": return "\t"
            case "\\r": return "\r"
            case "\\f": return "\u{0C}"
            default:
                if icu.hasPrefix("\\x{"), icu.hasSuffix("}"), let v = UInt32(icu.dropFirst(3).dropLast(), radix: 16) {
                    return Unicode.Scalar(v)
                }
                if icu.unicodeScalars.count == 1 { return icu.unicodeScalars.first }
                return nil
            }
        }
    }
}

extension PortablePattern {
    /// The characters a part of a pattern can start with: some ranges of code points, or any.
    enum CharacterSet: Sendable {
        case ranges([ClosedRange<UInt32>])
        case any

        static func single(_ c: Unicode.Scalar) -> CharacterSet { .ranges([c.value...c.value]) }

        func overlaps(_ other: CharacterSet) -> Bool {
            switch (self, other) {
            case (.ranges(let a), .ranges(let b)): a.contains { x in b.contains { x.overlaps($0) } }
            case (.ranges(let a), .any), (.any, .ranges(let a)): !a.isEmpty
            case (.any, .any): true
            }
        }

        func union(_ other: CharacterSet) -> CharacterSet {
            switch (self, other) {
            case (.ranges(let a), .ranges(let b)): .ranges(a + b)
            default: .any
            }
        }
    }

    /// What the backtracking check needs to know of a part of a pattern. A repeated group is
    /// refused when one text can be split into its rounds in more than one way: its alternatives
    /// start alike, or a repetition of varying count inside it can take characters that what follows
    /// it — the rest of the round, or the next round — could also take (`(a+)+`, `([a-z]*x)+`).
    struct Shape: Sendable {
        /// Characters a match can start with.
        var first: CharacterSet
        /// Whether it can match the empty text.
        var nullable: Bool
        /// Characters that repetitions of varying count still open at its end could take next.
        var pending: CharacterSet = .ranges([])
        /// Whether some repetition inside can take a character that what follows it could also take.
        var overlappingRepetition = false
        /// Whether it contains alternatives that can start alike, or an empty one.
        var ambiguousAlternatives = false

        static let empty = Shape(first: .ranges([]), nullable: true)

        init(first: CharacterSet, nullable: Bool) {
            self.first = first
            self.nullable = nullable
        }

        init(character: CharacterSet) {
            self.init(first: character, nullable: false)
        }

        /// This part followed by `next`.
        mutating func append(_ next: Shape) {
            if pending.overlaps(next.first) { overlappingRepetition = true }
            pending = next.nullable ? pending.union(next.pending) : next.pending
            if nullable { first = first.union(next.first) }
            nullable = nullable && next.nullable
            overlappingRepetition = overlappingRepetition || next.overlappingRepetition
            ambiguousAlternatives = ambiguousAlternatives || next.ambiguousAlternatives
        }

        /// This part or `other`.
        mutating func merge(alternative other: Shape) {
            first = first.union(other.first)
            nullable = nullable || other.nullable
            pending = pending.union(other.pending)
            overlappingRepetition = overlappingRepetition || other.overlappingRepetition
            ambiguousAlternatives = ambiguousAlternatives || other.ambiguousAlternatives
        }
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
