/// The text of one spec file, kept so diagnostics can show the offending line.
public struct SourceFile: Sendable {
    public var path: String
    public var bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    /// Line `number` (1-based) as text without its line break, or nil past the end.
    public func line(_ number: Int) -> String? {
        guard number >= 1 else { return nil }
        var current = 1
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            if current == number { return text(start..<index) }
            current += 1
            start = index + 1
        }
        return current == number && start <= bytes.count ? text(start..<bytes.count) : nil
    }

    private func text(_ range: Range<Int>) -> String {
        var slice = bytes[range]
        if slice.last == 0x0D { slice = slice.dropLast() }
        return String(decoding: slice, as: UTF8.self)
    }
}
