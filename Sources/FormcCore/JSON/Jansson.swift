internal import CJansson
#if canImport(Glibc)
internal import Glibc
#endif

/// JSON text in and out: JSON inputs (catalogues, submissions) are read by jansson with line and
/// column on errors; artifacts are written as jansson writes them (insertion order kept, integers
/// exact) by `JSONWriter`.
public enum JSONCodec {
    /// A JSON input that could not be parsed, with jansson's position of the problem.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var line: Int
        public var column: Int
        public var description: String { "\(line):\(column): \(message)" }
    }

    /// Serialises `value` as UTF-8 JSON, indented by two spaces, with a final newline. Identical values
    /// always give identical bytes: jansson's, written by `JSONWriter` without building jansson's tree.
    public static func encode(_ value: JSONValue, indent: Int = 2) -> [UInt8] {
        var writer = JSONWriter(indent: indent)
        writer.write(value)
        writer.endLine()
        return writer.bytes
    }

    /// `encode` through jansson itself: what the tests hold `JSONWriter` to.
    static func encodeWithJansson(_ value: JSONValue, indent: Int = 2) -> [UInt8] {
        guard let root = makeJSON(value) else { return [] }
        defer { json_decref(root) }
        // JSON_INDENT(n) is a macro Swift cannot import; the indent is the low five bits of the flags.
        let encodeAny: Int = 0x200  // JSON_ENCODE_ANY: allow a non-object root
        let flags = (indent & 0x1F) | encodeAny
        guard let text = json_dumps(root, flags) else { return [] }
        defer { free(text) }
        var bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: strlen(text)))
        bytes.append(0x0A)
        return bytes
    }

    /// Serialises `value` as a `String` (see `encode`).
    public static func encodeString(_ value: JSONValue, indent: Int = 2) -> String {
        String(decoding: encode(value, indent: indent), as: UTF8.self)
    }

    /// Parses JSON text. Duplicate object keys are rejected, as they would be ambiguous.
    public static func decode(_ bytes: [UInt8]) throws(ParseError) -> JSONValue {
        var error = json_error_t()
        // JSON_REJECT_DUPLICATES, JSON_DECODE_ANY, JSON_ALLOW_NUL (U+0000 is valid in JSON strings).
        let flags: Int = 0x1 | 0x4 | 0x10
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    json_loadb($0, buffer.count, flags, &error)
                }
            } ?? json_loads("", flags, &error)
        }
        guard let root = parsed else {
            let message = withUnsafeBytes(of: error.text) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            throw ParseError(message: message, line: Int(error.line), column: Int(error.column))
        }
        defer { json_decref(root) }
        return makeValue(root)
    }

    private static func makeJSON(_ value: JSONValue) -> UnsafeMutablePointer<json_t>? {
        switch value {
        case .null: return json_null()
        case .bool(let b): return b ? json_true() : json_false()
        case .integer(let i): return json_integer(json_int_t(i))
        case .number(let d): return json_real(d)
        case .string(let s):
            var s = s
            return s.withUTF8 { utf8 in
                utf8.withMemoryRebound(to: CChar.self) { chars in
                    guard let base = chars.baseAddress else { return json_string_nocheck("") }
                    return json_stringn_nocheck(base, chars.count)
                }
            }
        case .array(let items):
            let array = json_array()
            for item in items { json_array_append_new(array, makeJSON(item)) }
            return array
        case .object(let members):
            let object = json_object()
            for (key, member) in members { json_object_set_new_nocheck(object, key, makeJSON(member)) }
            return object
        }
    }

    private static func makeValue(_ json: UnsafeMutablePointer<json_t>) -> JSONValue {
        switch json.pointee.type {
        case JSON_NULL: return .null
        case JSON_TRUE: return .bool(true)
        case JSON_FALSE: return .bool(false)
        case JSON_INTEGER: return .integer(Int64(json_integer_value(json)))
        case JSON_REAL: return .number(json_real_value(json))
        case JSON_STRING:
            let count = json_string_length(json)
            guard let pointer = json_string_value(json) else { return .string("") }
            let bytes = UnsafeRawBufferPointer(start: pointer, count: count)
            return .string(String(decoding: bytes, as: UTF8.self))
        case JSON_ARRAY:
            return .array((0..<json_array_size(json)).compactMap { index in
                json_array_get(json, index).map(makeValue)
            })
        case JSON_OBJECT:
            var members: [(key: String, value: JSONValue)] = []
            var iterator = json_object_iter(json)
            while let current = iterator {
                if let key = json_object_iter_key(current), let member = json_object_iter_value(current) {
                    members.append((String(cString: key), makeValue(member)))
                }
                iterator = json_object_iter_next(json, current)
            }
            return .object(members)
        default: return .null
        }
    }
}
