public import FormcRuntime

/// Text in Vietnamese, and in English where the author gave it. Always Unicode NFC. One type for
/// the compiler and for generated Swift.
public typealias LocalizedText = FormcRuntime.LocalizedText

/// A calendar date (no time, no zone), as specs and submissions write it: `2025-07-01`. One type for
/// the compiler and for generated Swift, so both accept exactly the same dates.
public typealias CalendarDate = FormcRuntime.CalendarDate

/// A semantic version `MAJOR.MINOR.PATCH`: a breaking change to a form needs a new major version.
public struct SemanticVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int

    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var numbers: [Int] = []
        for part in parts {
            // No leading zeros and ASCII digits only, as semver 2.0 requires.
            guard !part.isEmpty, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                part == "0" || !part.hasPrefix("0"), let n = Int(part)
            else { return nil }
            numbers.append(n)
        }
        (major, minor, patch) = (numbers[0], numbers[1], numbers[2])
    }

    public var description: String { "\(major).\(minor).\(patch)" }

    public static func < (a: SemanticVersion, b: SemanticVersion) -> Bool {
        (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch)
    }
}

/// Which versions of a form a procedure accepts, as npm and Cargo write ranges (the subset a form
/// needs): `1` or `^1` (any 1.x), `^1.2` (1.2.0 up to 2), `~1.2` (1.2.x), `1.2.3` (exactly that).
/// A range never crosses a major: a new major may refuse submissions the old one took.
public struct VersionRange: Sendable, Hashable, CustomStringConvertible {
    public enum Operator: Sendable, Hashable { case caret, tilde, exact }
    public var op: Operator
    public var lower: SemanticVersion

    public init?(_ text: String) {
        var body = Substring(text)
        var op = Operator.caret
        if body.hasPrefix("^") { body = body.dropFirst() } else if body.hasPrefix("~") { (op, body) = (.tilde, body.dropFirst()) }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        // A bare version with three parts is exact; with fewer it is a caret range (`1` is `^1`).
        if parts.count == 3 && !text.hasPrefix("^") && !text.hasPrefix("~") { op = .exact }
        guard (1...3).contains(parts.count), !(op == .tilde && parts.count < 2),
            let lower = SemanticVersion((parts + Array(repeating: "0", count: 3 - parts.count)).joined(separator: "."))
        else { return nil }
        (self.op, self.lower, self.written) = (op, lower, parts.count)
    }

    /// How many parts were written: `^1` (1) is shown as `^1`, not `^1.0.0`.
    private var written: Int

    public func contains(_ version: SemanticVersion) -> Bool {
        switch op {
        case .exact: version == lower
        case .caret: version.major == lower.major && version >= lower
        case .tilde: version.major == lower.major && version.minor == lower.minor && version >= lower
        }
    }

    public var description: String {
        let numbers = [lower.major, lower.minor, lower.patch].prefix(written).map(String.init).joined(separator: ".")
        switch op {
        case .exact: return numbers
        case .caret: return "^" + numbers
        case .tilde: return "~" + numbers
        }
    }
}

/// How a document names the form that fills it: `id` (the latest version in the build) or
/// `id@range` (the latest version the range accepts; `id@1` is the latest 1.x).
public struct FormReference: Sendable, Hashable {
    public var id: String
    public var range: VersionRange?

    public init?(_ text: String) {
        guard let at = text.firstIndex(of: "@") else {
            (id, range) = (text, nil)
            return
        }
        guard let range = VersionRange(String(text[text.index(after: at)...])) else { return nil }
        (id, self.range) = (String(text[..<at]), range)
    }

    /// The canonical text, `id@^1.2`; `id@1` stays `id@1` (the key every form's major is filed under).
    public static func text(id: String, range: String) -> String { "\(id)@\(range)" }
}
