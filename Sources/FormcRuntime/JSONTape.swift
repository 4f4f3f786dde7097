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
        let body = Array(bytes)
        var builder = Builder(capacity: body.count / 8 + 4)
        let read = body.count < Int(UInt32.max / 2) && body.withUnsafeBufferPointer { builder.read($0, body) }
        guard read else {
            // The same error `JSON(parsing:)` gives: it reads with the same grammar.
            _ = try JSON(parsing: body)
            throw JSON.ParseError(offset: 0, reason: body.count < Int(UInt32.max / 2) ? "not read" : "too large")
        }
        nodes = builder.nodes
        if builder.decoded.isEmpty {
            text = body
        } else {
            text = body + builder.decoded
        }
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
            case .array: return .array(array?.map(\.json) ?? [])
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

        /// Whether some name looks like an array index (starts with a digit), which reorders `for…in`.
        var hasIndexLikeName: Bool {
            var i = value.index + 1
            for _ in 0..<count {
                let name = value.nodes[i]
                if name.count > 0, (48...57).contains(value.text[Int(name.start)]) { return true }
                i = Int(name.next)
            }
            return false
        }

        /// The names in `for…in` order, made `String`s one at a time as they are read: a validator
        /// that stops at its error limit makes a hundred, not one per member of a huge body.
        public var keysInJavaScriptOrder: Keys {
            Keys(value: value, place: value.index + 1, left: count, ordered: hasIndexLikeName ? membersInJavaScriptOrder.map(\.key) : nil)
        }

        public struct Keys: Sequence, IteratorProtocol {
            let value: Value
            var place: Int
            var left: Int
            let ordered: [String]?

            public mutating func next() -> String? {
                guard left > 0 else { return nil }
                left -= 1
                if let ordered { return ordered[ordered.count - left - 1] }
                defer { place = Int(value.nodes[place].next) }
                return value.at(place).string
            }
        }

        /// The members in `for…in` order: as written unless a name looks like an array index, when
        /// `JSONObject` orders them.
        public var membersInJavaScriptOrder: [(key: String, value: Value)] {
            let members = written
            guard hasIndexLikeName else { return members }
            var names = JSONObject()
            for member in members { names[member.key] = .null }
            guard let positions = names.positionsInJavaScriptOrder else { return members }
            return positions.map { members[$0] }
        }
    }

    /// Reads the body into nodes, with `JSONReader`'s grammar: the usual texts and numbers directly
    /// from the bytes, and what needs decoding (escapes, invalid UTF-8, fractions and exponents) by
    /// `JSONReader` itself, so both read every value alike. It only says whether the body is JSON;
    /// `JSON(parsing:)` says why not.
    struct Builder {
        var nodes: [Node] = []
        /// Decoded strings, placed after the body's bytes in `text`.
        var decoded: [UInt8] = []
        var hasRepeatedKeys = false
        var bytes = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        var index = 0

        init(capacity: Int) {
            nodes.reserveCapacity(capacity)
        }

        /// Reads the whole body (`array` is `bytes`, for `JSONReader`).
        mutating func read(_ bytes: UnsafeBufferPointer<UInt8>, _ array: [UInt8]) -> Bool {
            self.bytes = bytes
            skipSpace()
            guard value(depth: 0, array) else { return false }
            skipSpace()
            return index == bytes.count
        }

        @inline(__always)
        mutating func skipSpace() {
            while index < bytes.count {
                let byte = bytes[index]
                guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
                index += 1
            }
        }

        @inline(__always)
        func current(is byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

        /// Whether the word is next (and steps over it).
        mutating func word(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            for k in 0..<count where bytes[index + k] != text.utf8Start[k] { return false }
            index += count
            return true
        }

        mutating func value(depth: Int, _ array: [UInt8]) -> Bool {
            guard index < bytes.count else { return false }
            let at = nodes.count
            switch bytes[index] {
            case UInt8(ascii: "{"):
                guard depth < JSON.maximumDepth else { return false }
                index += 1
                nodes.append(Node(kind: .object))
                skipSpace()
                var names = RepeatedNames()
                // One bit per name seen (by its fingerprint's low six bits): a name whose bit is
                // clear is new, without comparing it with the others.
                var seen: UInt64 = 0
                if current(is: UInt8(ascii: "}")) {
                    index += 1
                } else {
                    while true {
                        skipSpace()
                        guard current(is: UInt8(ascii: "\"")), string(isName: true, array) else { return false }
                        let name = nodes.count - 1
                        let bit: UInt64 = 1 << (nodes[name].payload & 63)
                        if seen & bit != 0 || names.isLarge, isRepeated(name: name, of: at, &names) { hasRepeatedKeys = true }
                        seen |= bit
                        skipSpace()
                        guard current(is: UInt8(ascii: ":")) else { return false }
                        index += 1
                        skipSpace()
                        guard value(depth: depth + 1, array) else { return false }
                        nodes[name].next = UInt32(nodes.count)
                        nodes[at].count += 1
                        skipSpace()
                        if current(is: UInt8(ascii: ",")) { index += 1; continue }
                        guard current(is: UInt8(ascii: "}")) else { return false }
                        index += 1
                        break
                    }
                }
            case UInt8(ascii: "["):
                guard depth < JSON.maximumDepth else { return false }
                index += 1
                nodes.append(Node(kind: .array))
                skipSpace()
                if current(is: UInt8(ascii: "]")) {
                    index += 1
                } else {
                    while true {
                        skipSpace()
                        guard value(depth: depth + 1, array) else { return false }
                        nodes[at].count += 1
                        skipSpace()
                        if current(is: UInt8(ascii: ",")) { index += 1; continue }
                        guard current(is: UInt8(ascii: "]")) else { return false }
                        index += 1
                        break
                    }
                }
            case UInt8(ascii: "\""):
                guard string(isName: false, array) else { return false }
            case UInt8(ascii: "t"):
                guard word("true") else { return false }
                var node = Node(kind: .bool)
                node.flag = true
                nodes.append(node)
            case UInt8(ascii: "f"):
                guard word("false") else { return false }
                nodes.append(Node(kind: .bool))
            case UInt8(ascii: "n"):
                guard word("null") else { return false }
                nodes.append(Node(kind: .null))
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard let number = number(array) else { return false }
                var node = Node(kind: .number)
                node.payload = number.bitPattern
                nodes.append(node)
            default:
                return false
            }
            nodes[at].next = UInt32(nodes.count)
            return true
        }

        /// A number: a whole one of up to 15 digits (exact in a `Double`) read here, any other by
        /// `JSONReader`.
        mutating func number(_ array: [UInt8]) -> Double? {
            let start = index
            var i = index
            let negative = bytes[i] == UInt8(ascii: "-")
            if negative { i += 1 }
            var whole = 0, digits = 0
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57, digits < 16 {
                whole = whole * 10 + Int(bytes[i] - 48)
                digits += 1
                i += 1
            }
            let simple = digits > 0 && digits <= 15 && !(digits > 1 && bytes[i - digits] == 48)
                && !(i < bytes.count && (bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") || (48...57).contains(bytes[i])))
            if simple {
                index = i
                return negative ? (whole == 0 ? -0.0 : -Double(whole)) : Double(whole)
            }
            var reader = JSONReader(bytes: array)
            reader.index = start
            guard let value = try? reader.number() else { return nil }
            index = reader.index
            return value
        }

        /// A string node for the string at the opening quote: its bytes where they are in the body
        /// when they need no decoding (no escape, valid UTF-8), else decoded by `JSONReader`.
        mutating func string(isName: Bool, _ array: [UInt8]) -> Bool {
            let open = index
            var i = open + 1
            var ascii = true
            var plain = true
            // Eight bytes at a time while none is a quote, a backslash or a control byte (the
            // classic tests for a zero byte, and a byte below 0x20, over a whole word), noting
            // whether any is past ASCII: Vietnamese text is scanned as fast as English.
            if let base = bytes.baseAddress {
                let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
                var high: UInt64 = 0
                while i + 8 <= bytes.count {
                    let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                    let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
                    let special = (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)) & highs
                    if special != 0 { break }
                    high |= word
                    i += 8
                }
                if high & highs != 0 { ascii = false }
            }
            while i < bytes.count {
                let byte = bytes[i]
                if byte == UInt8(ascii: "\"") { break }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { plain = false; break }
                if byte >= 0x80 { ascii = false }
                i += 1
            }
            var node = Node(kind: .string)
            if plain, i < bytes.count, ascii || ValidationSupport.firstInvalidUTF8(in: UnsafeBufferPointer(rebasing: bytes[(open + 1)..<i])) == nil {
                node.start = UInt32(open + 1)
                node.count = UInt32(i - open - 1)
                index = i + 1
                if isName { node.payload = JSONObject.MemberName.fingerprint(UnsafeBufferPointer(rebasing: bytes[(open + 1)..<i])) }
            } else {
                // Escapes resolved straight into `decoded`; bytes that are not UTF-8 then replaced
                // as `String(decoding:)` replaces them, which is what `JSON(parsing:)` holds.
                var reader = JSONReader(bytes: array)
                reader.index = open
                let start = decoded.count
                guard (try? reader.stringBytes(into: &decoded)) != nil else { return false }
                index = reader.index
                let isValid = decoded.withUnsafeBufferPointer {
                    ValidationSupport.firstInvalidUTF8(in: UnsafeBufferPointer(rebasing: $0[start...])) == nil
                }
                if !isValid {
                    let repaired = String(decoding: decoded[start...], as: UTF8.self)
                    decoded.removeSubrange(start...)
                    decoded.append(contentsOf: repaired.utf8)
                }
                node.start = UInt32(bytes.count + start)
                node.count = UInt32(decoded.count - start)
                if isName {
                    node.payload = decoded.withUnsafeBufferPointer { JSONObject.MemberName.fingerprint(UnsafeBufferPointer(rebasing: $0[start...])) }
                }
            }
            nodes.append(node)
            return true
        }

        /// The bytes of a string node (body or decoded).
        func bytes(of node: Node) -> ArraySlice<UInt8> {
            let start = Int(node.start), end = start + Int(node.count)
            if start < bytes.count { return ArraySlice(UnsafeBufferPointer(rebasing: bytes[start..<end])) }
            return decoded[(start - bytes.count)..<(end - bytes.count)]
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
            if !names.isLarge {
                var i = object + 1
                for _ in 0..<members {
                    names.insert(i, nodes[i].payload)
                    i = Int(nodes[i].next)
                }
            }
            if names.contains(node.payload, where: same) { return true }
            names.insert(name, node.payload)
            return false
        }
    }

    /// The member names of one large object, by fingerprint, to find a repeated one in constant
    /// time (a small object's earlier names are compared one by one, in place): the names sharing a
    /// fingerprint are chained, so a body of a million members makes two arrays, not a million.
    struct RepeatedNames {
        /// The last name entered with each fingerprint, as a place in `chain`.
        var last: [UInt64: Int] = [:]
        /// Each name's node and the place of the previous name with its fingerprint (or -1).
        var chain: [(node: Int, previous: Int)] = []
        var isLarge: Bool { !chain.isEmpty }

        mutating func insert(_ node: Int, _ fingerprint: UInt64) {
            chain.append((node, last[fingerprint] ?? -1))
            last[fingerprint] = chain.count - 1
        }

        func contains(_ fingerprint: UInt64, where same: (Int) -> Bool) -> Bool {
            var place = last[fingerprint] ?? -1
            while place >= 0 {
                if same(chain[place].node) { return true }
                place = chain[place].previous
            }
            return false
        }
    }
}
