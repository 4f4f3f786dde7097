/// How serious a diagnostic is. Only errors fail a build (warnings do with `--warnings-as-errors`).
public enum Severity: String, Sendable, Comparable {
    case error
    case warning
    case note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// One problem found in the specs: a stable id from the catalogue, a message, where, and what may help.
public struct Diagnostic: Sendable, Hashable {
    /// A secondary message pointing somewhere else ("first defined here").
    public struct Note: Sendable, Hashable {
        public var message: String
        public var location: SourceLocation?

        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    /// A suggested edit: replace the text in `range` with `replacement`.
    public struct FixIt: Sendable, Hashable {
        public var message: String
        public var range: SourceRange
        public var replacement: String

        public init(_ message: String, range: SourceRange, replacement: String) {
            self.message = message
            self.range = range
            self.replacement = replacement
        }
    }

    public var id: DiagnosticID
    public var message: String
    public var location: SourceLocation?
    public var notes: [Note]
    public var fixIts: [FixIt]

    public var severity: Severity { id.severity }

    public init(
        _ id: DiagnosticID, _ message: String, at location: SourceLocation?,
        notes: [Note] = [], fixIts: [FixIt] = []
    ) {
        self.id = id
        self.message = message
        self.location = location
        self.notes = notes
        self.fixIts = fixIts
    }
}

/// Collects the diagnostics of every pipeline stage. Stages report and carry on, so one run shows
/// every error of a file rather than the first alone.
public final class DiagnosticEngine {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public func emit(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    /// Drops the warnings the specs silence where they are reported: a `# formc: allow W0506` comment
    /// (ids separated by commas or blanks, a reason after them in parentheses welcome) on the warning's
    /// line or the line above. Errors cannot be silenced.
    public func dropAllowedWarnings(sources: [String: SourceFile]) {
        let marker = Array("# formc: allow ".utf8)
        // The ids a line allows, read from its bytes (a warning's line, for every warning).
        func allowed(_ line: Int, in source: SourceFile) -> [ArraySlice<UInt8>] {
            let bytes = source.bytes(ofLines: line, through: line)
            guard let at = Self.firstOffset(of: marker, in: bytes) else { return [] }
            let rest = bytes[(bytes.startIndex + at + marker.count)...].prefix { $0 != UInt8(ascii: "(") && $0 != 0x0A && $0 != 0x0D }
            return rest.split(whereSeparator: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: " ") })
        }
        // Only files that have such a comment are looked into.
        var silencing: [String: Bool] = [:]
        func hasComments(_ file: String, _ source: SourceFile) -> Bool {
            if let known = silencing[file] { return known }
            let found = Self.firstOffset(of: marker, in: source.bytes[...]) != nil
            silencing[file] = found
            return found
        }
        diagnostics.removeAll { diagnostic in
            guard diagnostic.severity == .warning, let location = diagnostic.location, let source = sources[location.file],
                hasComments(location.file, source)
            else { return false }
            let code = Array(diagnostic.id.code.utf8)
            let ids = allowed(location.line, in: source) + (location.line > 1 ? allowed(location.line - 1, in: source) : [])
            return ids.contains { $0.elementsEqual(code) }
        }
    }

    /// Where `marker` first occurs in `bytes`, as an offset from its start: each occurrence of its
    /// first byte compared with the rest (a spec file is searched whole for the comment).
    static func firstOffset(of marker: [UInt8], in bytes: ArraySlice<UInt8>) -> Int? {
        guard let first = marker.first, bytes.count >= marker.count else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            var at = 0
            let last = buffer.count - marker.count
            while at <= last {
                guard let found = buffer[at...last].firstIndex(of: first) else { return nil }
                if buffer[found..<found + marker.count].elementsEqual(marker) { return found }
                at = found + 1
            }
            return nil
        }
    }

    public func emit(
        _ id: DiagnosticID, _ message: String, at location: SourceLocation?,
        notes: [Diagnostic.Note] = [], fixIts: [Diagnostic.FixIt] = []
    ) {
        emit(Diagnostic(id, message, at: location, notes: notes, fixIts: fixIts))
    }

    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Diagnostics in a stable order (file, line, column, id), so output never depends on the order
    /// in which files or stages were processed.
    public var sorted: [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let la = a.element.location, lb = b.element.location
            switch (la, lb) {
            case let (x?, y?) where x != y: return x < y
            case (nil, _?): return true
            case (_?, nil): return false
            default:
                if a.element.id.code != b.element.id.code { return a.element.id.code < b.element.id.code }
                return a.offset < b.offset
            }
        }.map(\.element)
    }
}
