/// The text of one spec file, kept so diagnostics can show the offending line.
public struct SourceFile: Sendable {
    public var path: String
    public let bytes: [UInt8]
    /// The byte offset where each line starts (line 1 at index 0): a line is found without reading
    /// the file up to it, which an expression's character positions need for every expression.
    public let lineStarts: [Int]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        lineStarts = Self.lineStarts(of: bytes)
    }

    private static func lineStarts(of bytes: [UInt8]) -> [Int] {
        var starts = [0]
        bytes.withUnsafeBufferPointer { buffer in
            for index in buffer.indices where buffer[index] == 0x0A { starts.append(index + 1) }
        }
        return starts
    }

    /// The bytes of lines `first` through `last` (1-based, clamped to the file), line breaks included.
    public func bytes(ofLines first: Int, through last: Int) -> ArraySlice<UInt8> {
        let from = first >= 1 && first <= lineStarts.count ? lineStarts[first - 1] : (first < 1 ? 0 : bytes.count)
        let to = last >= 1 && last < lineStarts.count ? lineStarts[last] : bytes.count
        return bytes[from..<max(from, to)]
    }

    /// Line `number` (1-based) as text without its line break, or nil past the end.
    public func line(_ number: Int) -> String? {
        guard number >= 1, number <= lineStarts.count else { return nil }
        var slice = bytes(ofLines: number, through: number)
        if slice.last == 0x0A { slice = slice.dropLast() }
        return text(slice.startIndex..<slice.endIndex)
    }

    private func text(_ range: Range<Int>) -> String {
        var slice = bytes[range]
        if slice.last == 0x0D { slice = slice.dropLast() }
        return String(decoding: slice, as: UTF8.self)
    }
}
