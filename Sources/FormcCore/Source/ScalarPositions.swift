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
        let start = node.location, end = node.end
        let text = String(decoding: source.bytes(ofLines: start.line, through: end.line), as: UTF8.self)
        var line = start.line, column = 1
        for scalar in text.unicodeScalars {
            if line > end.line || (line == end.line && column >= end.column) { break }
            if line > start.line || column >= start.column {
                raw.append((scalar, SourceLocation(fileID: start.fileID, line: line, column: column)))
            }
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
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
