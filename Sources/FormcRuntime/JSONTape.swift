/// A request body read once into a flat list of nodes over its bytes: what the generated validators
/// walk when they are given JSON text (`validate(json:)`, `intake(_:)`). Reading a member, an item
/// or a number from it copies nothing and counts no references, which the `JSON` enum cannot avoid
/// (each payload it hands out is retained); texts become `String`s only when a check reads them.
///
/// It reads exactly what `JSON(parsing:)` reads — the same grammar (the same reader), the same
/// numbers, the same strings (a lone surrogate or invalid UTF-8 as U+FFFD) and the same errors —
/// and `json` gives the same value. A body with a repeated member name (`JSON.parse` keeps its
/// first place and last value) is flagged `hasRepeatedKeys`: validators then read `json` instead.
public struct JSONTape: Sendable {
    /// One value: its kind, and where its text, members or items are.
    public struct Node: Sendable {
        @usableFromInline enum Kind: UInt8, Sendable { case null, bool, number, string, array, object }
        @usableFromInline var kind: Kind
        @usableFromInline var flag = false
        /// A string's byte count, an array's items, an object's members.
        @usableFromInline var count: UInt32 = 0
        /// Where a string's UTF-8 starts in `text`.
        @usableFromInline var start: UInt32 = 0
        /// The index of the node after this value and everything in it; for a member's name, the
        /// index of the next member's name (or of the node after the object), so that a lookup
        /// hops from name to name.
        @usableFromInline var next: UInt32 = 0
        /// A number's bits; a member name's `MemberName.fingerprint`.
        @usableFromInline var payload: UInt64 = 0

        init(kind: Kind) { self.kind = kind }
    }

    /// The values in document order: an array is followed by its items, an object by each member's
    /// name (a string node) and value.
    @usableFromInline let nodes: [Node]
    /// The body's bytes, then the strings that had to be decoded (escapes, invalid UTF-8).
    @usableFromInline let text: [UInt8]
    /// Whether some object names a member twice.
    public let hasRepeatedKeys: Bool

    public init(parsing text: String) throws(JSON.ParseError) {
        try self.init(parsing: Array(text.utf8))
    }

    /// Bodies are refused at 2 GiB, where node offsets could overflow (callers cap bodies far below).
    public init(parsing bytes: some Collection<UInt8>) throws(JSON.ParseError) {
        var builder = Builder(reader: JSONReader(bytes: Array(bytes)))
        do throws(JSON.ParseError) {
            guard builder.reader.bytes.count < Int(UInt32.max / 2) else { throw builder.reader.error("too large") }
            builder.reader.skipSpace()
            try builder.value(depth: 0)
            builder.reader.skipSpace()
            guard builder.reader.index == builder.reader.bytes.count else { throw builder.reader.error("unexpected text after the value") }
        } catch {
            // The same error `JSON(parsing:)` gives, from the same reader.
            _ = try JSON(parsing: builder.reader.bytes)
            throw error
        }
        nodes = builder.nodes
        var text = builder.reader.bytes
        text.append(contentsOf: builder.decoded)
        self.text = text
        hasRepeatedKeys = builder.hasRepeatedKeys
    }

    /// The whole body as `JSON`.
    public var json: JSON { withRoot { $0.json } }

    /// Calls `body` with the body's root value; values must not be kept past the call.
    @inlinable
    public func withRoot<R>(_ body: (Value) -> R) -> R {
        nodes.withUnsafeBufferPointer { nodes in
            text.withUnsafeBufferPointer { text in
                body(Value(nodes: nodes.baseAddress!, text: text.baseAddress!, index: 0))
            }
        }
    }

    /// A value in a tape, valid inside `withRoot`'s call.
    public struct Value: JSONView {
        @usableFromInline let nodes: UnsafePointer<Node>
        @usableFromInline let text: UnsafePointer<UInt8>
        @usableFromInline let index: Int

        @inlinable
        init(nodes: UnsafePointer<Node>, text: UnsafePointer<UInt8>, index: Int) {
            self.nodes = nodes
            self.text = text
            self.index = index
        }

        @inlinable
        func at(_ index: Int) -> Value { Value(nodes: nodes, text: text, index: index) }

        @inlinable
        var node: Node { nodes[index] }

        @inlinable
        public var object: Object? { node.kind == .object ? Object(value: self) : nil }

        @inlinable
        public var array: Items? { node.kind == .array ? Items(value: self) : nil }

        @inlinable
        public var string: String? {
            let node = node
            guard node.kind == .string else { return nil }
            return String(decoding: UnsafeBufferPointer(start: text + Int(node.start), count: Int(node.count)), as: UTF8.self)
        }

        @inlinable
        public var bool: Bool? { node.kind == .bool ? node.flag : nil }

        @inlinable
        public var number: Double? { node.kind == .number ? Double(bitPattern: node.payload) : nil }

        public var json: JSON {
            switch node.kind {
            case .null: return .null
            case .bool: return .bool(node.flag)
            case .number: return .number(Double(bitPattern: node.payload))
            case .string: return .string(string ?? "")
            case .array: return .array((array.map { Array($0) } ?? []).map(\.json))
            case .object:
                // Set member by member, as `JSON(parsing:)` does: a repeated name keeps its first
                // place and its last value.
                var members = JSONObject()
                for (key, value) in Object(value: self).written { members[key] = value.json }
                return .object(members)
            }
        }
    }

    /// The items of an array: a collection whose indices are node positions.
    public struct Items: Collection {
        @usableFromInline let value: Value

        @inlinable init(value: Value) { self.value = value }

        @inlinable public var startIndex: Int { value.index + 1 }
        @inlinable public var endIndex: Int { Int(value.node.next) }
        @inlinable public var count: Int { Int(value.node.count) }
        @inlinable public func index(after i: Int) -> Int { Int(value.nodes[i].next) }
        @inlinable public subscript(position: Int) -> Value { value.at(position) }
    }

    /// The members of an object. A member's name is the node at `i`, its value the node at `i + 1`.
    public struct Object: JSONObjectView {
        @usableFromInline let value: Value

        @inlinable init(value: Value) { self.value = value }

        @inlinable public var count: Int { Int(value.node.count) }

        /// Whether the member name at node `i` is `key`: fingerprints first, bytes on a match.
        @inlinable @inline(__always)
        func isName(_ i: Int, _ key: JSONObject.MemberName) -> Bool {
            let name = value.nodes[i]
            return name.payload == key.fingerprint && Self.sameBytes(value.text + Int(name.start), Int(name.count), key.text)
        }

        @inlinable @inline(__always)
        static func sameBytes(_ bytes: UnsafePointer<UInt8>, _ count: Int, _ text: String) -> Bool {
            let utf8 = text.utf8
            guard utf8.count == count else { return false }
            let same = utf8.withContiguousStorageIfAvailable { other in
                var i = 0
                while i < count, bytes[i] == other[i] { i += 1 }
                return i == count
            }
            return same ?? utf8.elementsEqual(UnsafeBufferPointer(start: bytes, count: count))
        }

        @inlinable
        public func member(_ key: JSONObject.MemberName, from hint: inout Int) -> Value? {
            let first = value.index + 1, end = Int(value.node.next)
            var i = hint > first && hint < end ? hint : first
            var left = count
            while left > 0 {
                let next = Int(value.nodes[i].next)
                if isName(i, key) {
                    hint = next
                    return value.at(i + 1)
                }
                i = next == end ? first : next
                left -= 1
            }
            return nil
        }

        @inlinable
        public subscript(key: JSONObject.MemberName) -> Value? {
            var hint = 0
            return member(key, from: &hint)
        }

        public subscript(key: String) -> Value? { self[JSONObject.MemberName(key)] }

        @inlinable
        public func has(_ key: JSONObject.MemberName) -> Bool { self[key] != nil }

        /// The members as written.
        var written: [(key: String, value: Value)] {
            var members: [(key: String, value: Value)] = []
            members.reserveCapacity(count)
            var i = value.index + 1
            for _ in 0..<count {
                members.append((value.at(i).string ?? "", value.at(i + 1)))
                i = Int(value.nodes[i].next)
            }
            return members
        }

        public var keysInJavaScriptOrder: [String] { membersInJavaScriptOrder.map(\.key) }

        /// The members in `for…in` order: as written unless a name looks like an array index (it
        /// starts with a digit), when `JSONObject` orders them.
        public var membersInJavaScriptOrder: [(key: String, value: Value)] {
            let members = written
            guard members.contains(where: { $0.key.utf8.first.map { (48...57).contains($0) } ?? false }) else { return members }
            var names = JSONObject()
            for member in members { names[member.key] = .null }
            guard let positions = names.positionsInJavaScriptOrder else { return members }
            return positions.map { members[$0] }
        }
    }

    /// Reads the body into nodes, with `JSONReader`'s grammar.
    struct Builder {
        var reader: JSONReader
        var nodes: [Node] = []
        /// Decoded strings, placed after the body's bytes in `text`.
        var decoded: [UInt8] = []
        var hasRepeatedKeys = false

        init(reader: JSONReader) {
            self.reader = reader
            nodes.reserveCapacity(reader.bytes.count / 8 + 4)
        }

        mutating func value(depth: Int) throws(JSON.ParseError) {
            guard let byte = reader.current else { throw reader.error("unexpected end of input") }
            let index = nodes.count
            switch byte {
            case UInt8(ascii: "{"):
                guard depth < JSON.maximumDepth else { throw reader.error("nested deeper than \(JSON.maximumDepth)") }
                reader.index += 1
                nodes.append(Node(kind: .object))
                reader.skipSpace()
                var names = RepeatedNames()
                if reader.current == UInt8(ascii: "}") {
                    reader.index += 1
                } else {
                    while true {
                        reader.skipSpace()
                        guard reader.current == UInt8(ascii: "\"") else { throw reader.error("expected a member name in double quotes") }
                        try string(isName: true)
                        let name = nodes.count - 1
                        if isRepeated(name: name, of: index, &names) { hasRepeatedKeys = true }
                        reader.skipSpace()
                        guard reader.current == UInt8(ascii: ":") else { throw reader.error("expected ':'") }
                        reader.index += 1
                        reader.skipSpace()
                        try value(depth: depth + 1)
                        nodes[name].next = UInt32(nodes.count)
                        nodes[index].count += 1
                        reader.skipSpace()
                        if reader.current == UInt8(ascii: ",") { reader.index += 1; continue }
                        guard reader.current == UInt8(ascii: "}") else { throw reader.error("expected ',' or '}'") }
                        reader.index += 1
                        break
                    }
                }
            case UInt8(ascii: "["):
                guard depth < JSON.maximumDepth else { throw reader.error("nested deeper than \(JSON.maximumDepth)") }
                reader.index += 1
                nodes.append(Node(kind: .array))
                reader.skipSpace()
                if reader.current == UInt8(ascii: "]") {
                    reader.index += 1
                } else {
                    while true {
                        reader.skipSpace()
                        try value(depth: depth + 1)
                        nodes[index].count += 1
                        reader.skipSpace()
                        if reader.current == UInt8(ascii: ",") { reader.index += 1; continue }
                        guard reader.current == UInt8(ascii: "]") else { throw reader.error("expected ',' or ']'") }
                        reader.index += 1
                        break
                    }
                }
            case UInt8(ascii: "\""):
                try string(isName: false)
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                let value = try reader.value(depth: depth)  // a literal: nothing to allocate
                var node = Node(kind: value == .null ? .null : .bool)
                node.flag = value == .bool(true)
                nodes.append(node)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                var node = Node(kind: .number)
                node.payload = try reader.number().bitPattern
                nodes.append(node)
            default:
                throw reader.error("unexpected character")
            }
            nodes[index].next = UInt32(nodes.count)
        }

        /// A string node for the string at the opening quote: its bytes where they are in the body
        /// when they need no decoding (no escape, valid UTF-8), else decoded by `JSONReader`.
        mutating func string(isName: Bool) throws(JSON.ParseError) {
            let open = reader.index
            // The closing quote when the string needs no decoding, else -1.
            let close = reader.bytes.withUnsafeBufferPointer { bytes -> Int in
                var i = open + 1
                var ascii = true
                while i < bytes.count {
                    let byte = bytes[i]
                    if byte == UInt8(ascii: "\"") { break }
                    if byte == UInt8(ascii: "\\") || byte < 0x20 { return -1 }
                    if byte >= 0x80 { ascii = false }
                    i += 1
                }
                guard i < bytes.count, ascii || Self.isValidUTF8(bytes, open + 1, i) else { return -1 }
                return i
            }
            var node = Node(kind: .string)
            if close >= 0 {
                node.start = UInt32(open + 1)
                node.count = UInt32(close - open - 1)
                reader.index = close + 1
            } else {
                var text = try reader.string()
                node.start = UInt32(reader.bytes.count + decoded.count)
                node.count = UInt32(text.utf8.count)
                text.withUTF8 { decoded.append(contentsOf: $0) }
            }
            if isName { node.payload = bytes(of: node).withUnsafeBufferPointer(JSONObject.MemberName.fingerprint) }
            nodes.append(node)
        }

        /// The bytes of a string node (body or decoded).
        func bytes(of node: Node) -> ArraySlice<UInt8> {
            let start = Int(node.start), end = start + Int(node.count)
            let body = reader.bytes.count
            return start < body ? reader.bytes[start..<end] : decoded[(start - body)..<(end - body)]
        }

        /// Whether the member name at node `name` of the object at node `object` is one of the
        /// object's earlier names.
        func isRepeated(name: Int, of object: Int, _ names: inout RepeatedNames) -> Bool {
            let node = nodes[name]
            func same(_ other: Int) -> Bool {
                let o = nodes[other]
                return o.payload == node.payload && o.count == node.count && bytes(of: o) == bytes(of: node)
            }
            let members = Int(nodes[object].count)
            if members < 32 {
                var i = object + 1
                for _ in 0..<members {
                    if same(i) { return true }
                    i = Int(nodes[i].next)
                }
                return false
            }
            if names.table.isEmpty {
                var i = object + 1
                for _ in 0..<members {
                    names.table[nodes[i].payload, default: []].append(i)
                    i = Int(nodes[i].next)
                }
            }
            if let others = names.table[node.payload], others.contains(where: same) { return true }
            names.table[node.payload, default: []].append(name)
            return false
        }

        /// Whether `bytes[from..<to]` is well-formed UTF-8 (what `String(decoding:)` keeps as it is).
        static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
            var i = from
            while i < to {
                let b = bytes[i]
                if b < 0x80 { i += 1; continue }
                let length: Int, low: UInt8, high: UInt8
                switch b {
                case 0xC2...0xDF: length = 2; low = 0x80; high = 0xBF
                case 0xE0: length = 3; low = 0xA0; high = 0xBF
                case 0xE1...0xEC, 0xEE...0xEF: length = 3; low = 0x80; high = 0xBF
                case 0xED: length = 3; low = 0x80; high = 0x9F
                case 0xF0: length = 4; low = 0x90; high = 0xBF
                case 0xF1...0xF3: length = 4; low = 0x80; high = 0xBF
                case 0xF4: length = 4; low = 0x80; high = 0x8F
                default: return false
                }
                guard i + length <= to, (low...high).contains(bytes[i + 1]) else { return false }
                for k in (i + 2)..<(i + length) where bytes[k] & 0xC0 != 0x80 { return false }
                i += length
            }
            return true
        }
    }

    /// The member names of one large object, by fingerprint, to find a repeated one in constant
    /// time (a small object's earlier names are compared one by one, in place).
    struct RepeatedNames {
        var table: [UInt64: [Int]] = [:]
    }
}
