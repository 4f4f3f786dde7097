/// `formc check --fix`: applies the fix-its that are unambiguous to the spec files, rewriting only
/// the spans they name, so comments and layout stay as they were.
///
/// A fix-it is applied when its diagnostic offers exactly one (a choice between several is the
/// designer's), it does not overlap another one chosen for the same file, and its file read without
/// a YAML syntax error (a file the parser could not read whole is never touched).
public enum FixApplier {
    public struct Edit: Sendable, Equatable {
        public var file: String
        public var line: Int
        public var column: Int
        public var message: String
    }

    /// The new text of every file that changes, and what was changed in it.
    public static func plan(_ diagnostics: [Diagnostic], sources: [String: SourceFile]) -> (files: [String: [UInt8]], edits: [Edit]) {
        let unreadable = Set(diagnostics.filter { $0.id.code.hasPrefix("E01") || $0.id.code.hasPrefix("E00") }.compactMap { $0.location?.file })
        var byFile: [String: [Diagnostic.FixIt]] = [:]
        for diagnostic in diagnostics where diagnostic.fixIts.count == 1 {
            let fix = diagnostic.fixIts[0]
            guard fix.range.start.file == fix.range.end.file, !unreadable.contains(fix.range.start.file) else { continue }
            byFile[fix.range.start.file, default: []].append(fix)
        }
        var files: [String: [UInt8]] = [:]
        var edits: [Edit] = []
        for (file, fixes) in byFile.sorted(by: { $0.key < $1.key }) {
            guard let source = sources[file] else { continue }
            let text = String(decoding: source.bytes, as: UTF8.self)
            // Offsets in Unicode scalars, as diagnostics count columns.
            let scalars = Array(text.unicodeScalars)
            var lineStarts = [0]
            for (index, scalar) in scalars.enumerated() where scalar == "\n" { lineStarts.append(index + 1) }
            func offset(_ location: SourceLocation) -> Int? {
                guard location.line >= 1, location.line <= lineStarts.count else { return nil }
                let value = lineStarts[location.line - 1] + location.column - 1
                return value <= scalars.count ? value : nil
            }
            var chosen: [(start: Int, end: Int, fix: Diagnostic.FixIt)] = []
            for fix in Set(fixes).sorted(by: { ($0.range.start, $0.replacement) < ($1.range.start, $1.replacement) }) {
                guard let start = offset(fix.range.start), let end = offset(fix.range.end), start <= end else { continue }
                // Overlapping edits would each change what the other meant: neither is applied.
                if let clash = chosen.firstIndex(where: { start < $0.end && $0.start < end || (start == end && start == $0.start) }) {
                    chosen.remove(at: clash)
                    continue
                }
                chosen.append((start, end, fix))
            }
            guard !chosen.isEmpty else { continue }
            var result = scalars
            for edit in chosen.sorted(by: { $0.start > $1.start }) {
                result.replaceSubrange(edit.start..<edit.end, with: Array(edit.fix.replacement.unicodeScalars))
            }
            var rewritten = String.UnicodeScalarView()
            rewritten.append(contentsOf: result)
            files[file] = Array(String(rewritten).utf8)
            edits += chosen.sorted { $0.start < $1.start }.map {
                Edit(file: file, line: $0.fix.range.start.line, column: $0.fix.range.start.column, message: $0.fix.message)
            }
        }
        return (files, edits)
    }
}
