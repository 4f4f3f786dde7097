/// Maps a position inside a scalar's value back to the line and column in the file, so that an error
/// inside an expression points at its token even in quoted and block scalars.
///
/// The value is aligned with the raw source between the scalar's start and end: each value character
/// is matched with the next raw character equal to it. Characters the value does not have (quotes,
/// escape backslashes, indentation, a block header) are skipped. Tokens are never spaces, so the
/// alignment is exact for every character an error can point at.
public struct ScalarPositions: Sendable {
    private var locations: [SourceLocation]
    private let fallback: SourceLocation

    public init(node: YAMLNode, source: SourceFile?) {
        fallback = node.location
        locations = []
        guard case .scalar(let value, _) = node.content, let source else { return }
        let valueScalars = Array(value.unicodeScalars)
        // Raw code points from the node's start to its end, with their locations.
        // Only the node's lines are read (columns count code points from the start of a line).
        var raw: [(Unicode.Scalar, SourceLocation)] = []
        var line = node.location.line, column = node.location.column
        var lineNumber = node.location.line, started = false
        let text = String(decoding: source.bytes(ofLines: node.location.line, through: node.end.line), as: UTF8.self)
        var currentColumn = 1
        for scalar in text.unicodeScalars {
            if !started && lineNumber == line && currentColumn == column { started = true }
            if started {
                if line > node.end.line || (line == node.end.line && column >= node.end.column) { break }
                raw.append((scalar, SourceLocation(fileID: node.location.fileID, line: line, column: column)))
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            }
            if scalar == "\n" { lineNumber += 1; currentColumn = 1 } else { currentColumn += 1 }
        }
        var rawIndex = 0
        for character in valueScalars {
            var found: SourceLocation?
            var probe = rawIndex
            while probe < raw.count {
                if raw[probe].0 == character {
                    found = raw[probe].1
                    rawIndex = probe + 1
                    break
                }
                probe += 1
            }
            locations.append(found ?? locations.last ?? fallback)
        }
    }

    /// The location of the value's code point at `offset` (clamped to the value).
    public func location(at offset: Int) -> SourceLocation {
        guard !locations.isEmpty else { return fallback.advanced(by: offset) }
        return locations[min(max(offset, 0), locations.count - 1)]
    }
}
