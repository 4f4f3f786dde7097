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
