/// Reads JSON text (RFC 8259) the way JavaScript's `JSON.parse` does, so a Swift back end validates
/// exactly what a JavaScript front end would: numbers become `Double`, objects keep their members'
/// order, a repeated key keeps its first place and its last value. Two deliberate differences: a lone
/// UTF-16 surrogate (`"\ud800"`), which a Swift `String` cannot hold, becomes U+FFFD, as do invalid
/// UTF-8 bytes; and nesting deeper than `JSON.maximumDepth` is an error instead of a stack overflow.
extension JSON {
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The byte offset in the input where reading stopped.
        public var offset: Int
        public var reason: String
        public var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    /// Arrays and objects nested deeper than this are refused.
    public static let maximumDepth = 512

    public init(parsing text: String) throws(ParseError) {
        try self.init(parsing: Array(text.utf8))
    }

    public init(parsing bytes: some Collection<UInt8>) throws(ParseError) {
        var reader = JSONReader(bytes: Array(bytes))
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.index == reader.bytes.count else { throw reader.error("unexpected text after the value") }
        self = value
    }
}

/// The reading of JSON text both `JSON(parsing:)` and `JSONTape(parsing:)` use: one grammar, one
/// way to read numbers and strings.
struct JSONReader {
    let bytes: [UInt8]
    var index = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    func error(_ reason: String) -> JSON.ParseError {
        JSON.ParseError(offset: index, reason: reason)
    }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipSpace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    mutating func expect(_ word: String, _ value: JSON) throws(JSON.ParseError) -> JSON {
        for byte in word.utf8 {
            guard current == byte else { throw error("expected '\(word)'") }
            index += 1
        }
        return value
    }

    mutating func value(depth: Int) throws(JSON.ParseError) -> JSON {
        guard let byte = current else { throw error("unexpected end of input") }
        switch byte {
        case UInt8(ascii: "{"):
            guard depth < JSON.maximumDepth else { throw error("nested deeper than \(JSON.maximumDepth)") }
            index += 1
            var object = JSONObject()
            skipSpace()
            if current == UInt8(ascii: "}") { index += 1; return .object(object) }
            while true {
                skipSpace()
                guard current == UInt8(ascii: "\"") else { throw error("expected a member name in double quotes") }
                let key = try string()
                skipSpace()
                guard current == UInt8(ascii: ":") else { throw error("expected ':'") }
                index += 1
                skipSpace()
                object[key] = try value(depth: depth + 1)
                skipSpace()
                if current == UInt8(ascii: ",") { index += 1; continue }
                guard current == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
                index += 1
                return .object(object)
            }
        case UInt8(ascii: "["):
            guard depth < JSON.maximumDepth else { throw error("nested deeper than \(JSON.maximumDepth)") }
            index += 1
            var items: [JSON] = []
            skipSpace()
            if current == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                if current == UInt8(ascii: ",") { index += 1; continue }
                guard current == UInt8(ascii: "]") else { throw error("expected ',' or ']'") }
                index += 1
                return .array(items)
            }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try expect("true", .bool(true))
        case UInt8(ascii: "f"): return try expect("false", .bool(false))
        case UInt8(ascii: "n"): return try expect("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("unexpected character")
        }
    }

    mutating func digits() -> Int {
        let start = index
        while let byte = current, (48...57).contains(byte) { index += 1 }
        return index - start
    }

    mutating func number() throws(JSON.ParseError) -> Double {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        if current == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            throw error("expected a digit")
        }
        if current == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw error("expected a digit after '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw error("expected a digit in the exponent") }
        }
        // Correctly rounded, as JavaScript's; too large a magnitude is ±infinity, as there.
        guard let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)) else {
            index = start
            throw error("not a number")
        }
        return value
    }

    mutating func hex4() throws(JSON.ParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current else { throw error("unexpected end of input in \\u escape") }
            let digit: UInt8
            switch byte {
            case 48...57: digit = byte - 48
            case 65...70: digit = byte - 55
            case 97...102: digit = byte - 87
            default: throw error("expected a hexadecimal digit")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// A string starting at the opening quote.
    mutating func string() throws(JSON.ParseError) -> String {
        var out: [UInt8] = []
        try stringBytes(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of the string starting at the opening quote, escapes resolved, appended to `out`;
    /// the reader then stands after the closing quote. Bytes between escapes are copied as written,
    /// so they are invalid UTF-8 where the text's were (`string()` repairs them as `String` does;
    /// `JSONTape` checks them first). An escaped lone surrogate is U+FFFD.
    mutating func stringBytes(into out: inout [UInt8]) throws(JSON.ParseError) {
        index += 1
        while true {
            // A run without quote, backslash or control byte is copied whole.
            let run = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                index += 1
            }
            if index > run { out.append(contentsOf: bytes[run..<index]) }
            guard let byte = current else { throw error("unterminated string") }
            if byte == UInt8(ascii: "\"") {
                index += 1
                return
            }
            guard byte == UInt8(ascii: "\\") else { throw error("control character in a string") }
            index += 1
            guard let escape = current else { throw error("unterminated string") }
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                let unit = try hex4()
                if (0xD800...0xDBFF).contains(unit), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                    let mark = index
                    index += 2
                    let low = try hex4()
                    if (0xDC00...0xDFFF).contains(low) {
                        UTF8.encode(Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!) { out.append($0) }
                        continue
                    }
                    index = mark  // not a pair: the next escape stands alone
                }
                UTF8.encode(Unicode.Scalar(unit) ?? "\u{FFFD}") { out.append($0) }  // a lone surrogate: U+FFFD
            default:
                index -= 2  // at the backslash
                throw error("invalid escape")
            }
        }
    }
}
