internal import FormcRuntime

#if canImport(Glibc)
internal import Glibc
#endif

/// Writes a `JSONValue` as JSON text straight into bytes, exactly as jansson's `json_dumps` with
/// `JSON_INDENT(n) | JSON_ENCODE_ANY` writes it (the tests hold every artifact of the corpus to
/// that, byte for byte): members in order, `": "` between a name and its value, each item on a line
/// indented by n spaces a level (or `", "` between items on one line when n is 0), text as UTF-8
/// with only quotes, backslashes and control characters escaped, reals as `%.17g` with a `.0` or
/// exponent. Where jansson could not write a value, this writes it: a member name holding U+0000
/// (jansson took names as C strings, cut there) is written whole, NaN and infinities as `null`.
///
/// Why not jansson, which formc reads JSON with: writing through it built a C tree of the whole
/// value first, one allocation per node and a copy of every text, then dumped the tree through a
/// callback per piece — a fifth of the CPU of a large `formc build`. This writes each byte once.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Spaces per level; 0 writes the value on one line.
    private let indent: Int

    init(indent: Int, capacity: Int = 1_024) {
        // jansson keeps the low five bits of the flags as the indent.
        self.indent = indent & 0x1F
        bytes.reserveCapacity(capacity)
    }

    mutating func write(_ value: JSONValue, depth: Int = 0) {
        switch value {
        case .null: append("null")
        case .bool(let b): append(b ? "true" : "false")
        case .integer(let i): integer(i)
        case .number(let d): real(d)
        case .string(let s): string(s)
        case .array(let items):
            container("[", "]", count: items.count, depth: depth) { writer, index in writer.write(items[index], depth: depth + 1) }
        case .object(let members):
            container("{", "}", count: members.count, depth: depth) { writer, index in
                writer.string(members[index].key)
                writer.append(": ")
                writer.write(members[index].value, depth: depth + 1)
            }
        }
    }

    /// An array or object: its items each on a line of their own, one level in.
    private mutating func container(_ open: Unicode.Scalar, _ close: Unicode.Scalar, count: Int, depth: Int, item: (inout JSONWriter, Int) -> Void) {
        bytes.append(UInt8(ascii: open))
        for index in 0..<count {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            lineBreak(depth: depth + 1, orSpace: index > 0)
            item(&self, index)
        }
        // An empty one is written with nothing inside, not even a line break.
        if count > 0 { lineBreak(depth: depth, orSpace: false) }
        bytes.append(UInt8(ascii: close))
    }

    /// The final line break of a file (appended here, so that the text is not copied to add it).
    mutating func endLine() {
        bytes.append(UInt8(ascii: "\n"))
    }

    /// A line break and the indentation of `depth`; on one line, a space between items only.
    private mutating func lineBreak(depth: Int, orSpace space: Bool) {
        if indent > 0 {
            bytes.append(UInt8(ascii: "\n"))
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * indent))
        } else if space {
            bytes.append(UInt8(ascii: " "))
        }
    }

    private mutating func append(_ ascii: StaticString) {
        ascii.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func integer(_ value: Int64) {
        // Digits backwards into a small buffer, then in order: no String per number.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: 20 digits and a sign fit
        var magnitude = value.magnitude
        withUnsafeMutableBytes(of: &digits) { buffer in
            var end = buffer.count
            repeat {
                end -= 1
                buffer[end] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { end -= 1; buffer[end] = UInt8(ascii: "-") }
            bytes.append(contentsOf: buffer[end...])
        }
    }

    /// As jansson 2.14's `jsonp_dtostr`: `%.17g`, then `.0` when that reads as an integer, and the
    /// exponent without `+` or leading zeros. jansson cannot hold NaN or an infinity (its
    /// `json_real` refuses them and the member was dropped); they are written as `null`.
    private mutating func real(_ value: Double) {
        guard value.isFinite else { append("null"); return }
        var buffer = [CChar](repeating: 0, count: 32)
        let count = withVaList([value]) { vsnprintf(&buffer, buffer.count, "%.17g", $0) }
        var text = Array(buffer[..<Int(max(0, min(count, 31)))].map { UInt8(bitPattern: $0) })
        if !text.contains(UInt8(ascii: ".")) && !text.contains(UInt8(ascii: "e")) {
            text.append(contentsOf: [UInt8(ascii: "."), UInt8(ascii: "0")])
        }
        if let e = text.firstIndex(of: UInt8(ascii: "e")) {
            var start = e + 1
            if start < text.count, text[start] == UInt8(ascii: "-") { start += 1 }
            var end = e + 2  // past the sign printf always writes
            while end < text.count, text[end] == UInt8(ascii: "0") { end += 1 }
            if end > start { text.removeSubrange(start..<min(end, text.count)) }
        }
        bytes.append(contentsOf: text)
    }

    /// A JSON string: runs of bytes that need no escape copied whole.
    private mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        text.withBytes { utf8 in
            var run = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<index]))
                run = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    // jansson writes the other control characters as \u00XX in capitals.
                    let hex = { (digit: UInt8) in digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "A") + digit - 10 }
                    bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex(byte >> 4), hex(byte & 0xF)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
