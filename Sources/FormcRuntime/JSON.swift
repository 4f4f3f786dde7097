/// A JSON value as generated code and its callers exchange it: what a submission's answers are, and
/// what formc's JSON Logic profile computes on. Numbers are `Double`, as in JavaScript, so Swift and
/// the generated JavaScript compute the same results (integers are exact up to 2^53). Objects keep
/// their members in order and tell keys apart by their exact code points, as JavaScript does (see
/// `JSONObject`); `JSON(parsing:)` reads JSON text into it.
public enum JSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object(JSONObject)

    public subscript(key: String) -> JSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The value as a whole number, when it is one (what JavaScript's `Number.isSafeInteger` accepts).
    @inlinable
    public var safeInteger: Int? {
        guard case .number(let value) = self else { return nil }
        return Self.safeInteger(value)
    }

    /// The number as an `Int` when it is a safe integer (JavaScript's `Number.isSafeInteger`).
    @inlinable
    public static func safeInteger(_ value: Double) -> Int? {
        // Within ±(2^53 − 1) a conversion to Int is exact for whole numbers and truncates others,
        // so converting back tells them apart (NaN fails the range test): one instruction each way,
        // where `rounded(.towardZero)` is a call into libm on baseline x86-64.
        guard abs(value) <= 9_007_199_254_740_991 else { return nil }
        let whole = Int(value)
        return Double(whole) == value ? whole : nil
    }

    /// Whether a number has no fraction (±∞ and NaN have none to show, and are not whole).
    @inlinable
    public static func isWhole(_ value: Double) -> Bool {
        let magnitude = abs(value)
        // From 2^52 on, every finite double is a whole number; below it `Int` truncates exactly.
        if magnitude < 4_503_599_627_370_496 { return Double(Int(value)) == value }
        return magnitude.isFinite
    }

    @inlinable
    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    @inlinable
    public var array: [JSON]? {
        if case .array(let items) = self { return items }
        return nil
    }
}

extension JSON: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode(JSONObject.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if let whole = safeInteger { try container.encode(whole) } else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .array(let items): try container.encode(items)
        case .object(let members): try container.encode(members)
        }
    }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSON)...) { self = .object(JSONObject(elements)) }
    public init(nilLiteral: ()) { self = .null }
}

extension JSON: CustomStringConvertible {
    /// The value as compact JSON text (members in order; numbers as JavaScript writes whole ones).
    public var description: String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n):
            if let whole = safeInteger { out += String(whole) } else if n.isFinite { out += "\(n)" } else { out += "null" }
        case .string(let s): JSON.appendQuoted(s, to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, member) in members.enumerated() {
                if i > 0 { out += "," }
                JSON.appendQuoted(member.key, to: &out)
                out += ":"
                member.value.write(to: &out)
            }
            out += "}"
        }
    }

    /// `text` as a JSON string literal, which is also an ECMAScript one: quotes, backslashes, control
    /// characters, DEL and U+2028/U+2029 escaped. `forScripts` also escapes `<`, `>` and `&`, so the
    /// literal cannot end an HTML script element that inlines it.
    public static func quoted(_ text: String, forScripts: Bool = false) -> String {
        var out = ""
        appendQuoted(text, forScripts: forScripts, to: &out)
        return out
    }

    /// `quoted(text)` appended to `out`, without a string of its own for the literal. One pass over
    /// the bytes: most texts need no escape and are copied whole; the others in runs between escapes.
    package static func appendQuoted(_ text: String, forScripts: Bool = false, to out: inout String) {
        out += "\""
        let escaped = text.withBytes { bytes -> [UInt8]? in
            var result: [UInt8] = []
            var run = 0, i = 0
            while i < bytes.count {
                let b = bytes[i]
                let escape: StaticString
                var width = 1
                switch b {
                case 0x22: escape = "\\\""
                case 0x5C: escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0x3C where forScripts: escape = "\\u003c"
                case 0x3E where forScripts: escape = "\\u003e"
                case 0x26 where forScripts: escape = "\\u0026"
                // U+2028 and U+2029 are E2 80 A8 and E2 80 A9: JavaScript before ES2019 ends a line there.
                case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                    escape = bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    width = 3
                case 0..<0x20, 0x7F: escape = ""  // \u00XX, written below
                default:
                    i += 1
                    continue
                }
                if result.isEmpty { result.reserveCapacity(bytes.count + 16) }
                result += UnsafeBufferPointer(rebasing: bytes[run..<i])
                if escape.utf8CodeUnitCount > 0 {
                    escape.withUTF8Buffer { result += $0 }
                } else {
                    let hex = Array("0123456789abcdef".utf8)
                    result += [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(b >> 4)], hex[Int(b & 0xF)]]
                }
                i += width
                run = i
            }
            guard run > 0 else { return nil }
            result += UnsafeBufferPointer(rebasing: bytes[run...])
            return result
        }
        if let escaped { out += String(decoding: escaped, as: UTF8.self) } else { out += text }
        out += "\""
    }

    /// `quoted` written scalar by scalar: the plain statement of the escapes, which the suite holds
    /// `appendQuoted`'s pass over bytes equal to.
    static func quotedByScalars(_ text: String, forScripts: Bool) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<" where forScripts: out += "\\u003c"
            case ">" where forScripts: out += "\\u003e"
            case "&" where forScripts: out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension JSONObject: CustomStringConvertible {
    public var description: String { JSON.object(self).description }
}
