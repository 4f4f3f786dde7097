/// The operations of formc's expression language as generated Swift validators evaluate them: each
/// is `validate.mjs`'s helper of the same meaning (`xget`, `xint`, `xadd`…), with the same null
/// semantics (docs/expressions.md). Answers are read with their field's type — a value of the wrong
/// type is nil — and integer results beyond ±(2^53 − 1) are nil, as JavaScript's safe integers.
public enum ExpressionSupport {
    // MARK: Reading answers

    /// A member of an object (`xget`); nil when `value` is not an object or has no such member.
    @inlinable
    public static func get<V: JSONView>(_ value: V?, _ key: String) -> V? {
        value?.object?[key]
    }

    @inlinable
    public static func get<V: JSONView>(_ value: V?, _ key: JSONObject.MemberName) -> V? {
        value?.object?[key]
    }

    @inlinable
    public static func int<V: JSONView>(_ value: V?) -> Int? {
        guard let n = value?.number else { return nil }
        return JSON.safeInteger(n)
    }

    @inlinable
    public static func text<V: JSONView>(_ value: V?) -> String? { value?.string }

    @inlinable
    public static func bool<V: JSONView>(_ value: V?) -> Bool? { value?.bool }

    @inlinable
    public static func date<V: JSONView>(_ value: V?) -> String? {
        if let s = value?.string, CalendarDate(s) != nil { return s }
        return nil
    }

    /// A multiple choice's answers: each item as text or nil (`xstrs`).
    @inlinable
    public static func texts<V: JSONView>(_ value: V?) -> [String?]? {
        value?.array?.map { $0.string }
    }

    /// The values `read` finds in each item of a repeating group, leaving out the items without one
    /// (`xlist`); empty when there is no list.
    /// Inlinable, so that it is specialised for each reader in the generated code instead of
    /// instantiating generic metadata on every call.
    @inlinable
    public static func list<V: JSONView, T>(_ value: V?, _ read: (V) -> T?) -> [T?]? {
        guard let items = value?.array else { return [] }
        var found: [T?] = []
        found.reserveCapacity(items.count)
        for item in items {
            if let value = read(item) { found.append(value) }
        }
        return found
    }

    // MARK: Logic

    @inlinable public static func isTrue(_ a: Bool?) -> Bool { a == true }
    public static func and(_ a: Bool?, _ b: Bool?) -> Bool? { a == true && b == true }
    public static func or(_ a: Bool?, _ b: Bool?) -> Bool? { a == true || b == true }
    public static func not(_ a: Bool?) -> Bool? { a != true }
    public static func isSet<T>(_ a: T?) -> Bool? { a != nil }

    // MARK: Comparing (strings by UTF-16 units, exactly, as JavaScript)

    public static func equal(_ a: Int?, _ b: Int?) -> Bool? { a == b }
    public static func equal(_ a: Bool?, _ b: Bool?) -> Bool? { a == b }
    public static func equal(_ a: String?, _ b: String?) -> Bool? {
        switch (a, b) {
        case (nil, nil): true
        case (let x?, let y?): ExactKey.equal(x, y)  // byte for byte, as the member names are compared
        default: false
        }
    }
    public static func notEqual(_ a: Int?, _ b: Int?) -> Bool? { a != b }
    public static func notEqual(_ a: Bool?, _ b: Bool?) -> Bool? { a != b }
    public static func notEqual(_ a: String?, _ b: String?) -> Bool? { equal(a, b) != true }

    public static func less(_ a: Int?, _ b: Int?) -> Bool? {
        guard let a, let b else { return false }
        return a < b
    }
    public static func less(_ a: String?, _ b: String?) -> Bool? {
        guard let a, let b else { return false }
        return ValidationSupport.isBefore(a, b)
    }
    public static func lessOrEqual(_ a: Int?, _ b: Int?) -> Bool? {
        guard let a, let b else { return false }
        return a <= b
    }
    public static func lessOrEqual(_ a: String?, _ b: String?) -> Bool? {
        guard let a, let b else { return false }
        return !ValidationSupport.isBefore(b, a)
    }

    /// `a in list` (`xin`): false when either is null.
    public static func isIn(_ a: Int?, _ list: [Int?]?) -> Bool? {
        guard let a, let list else { return false }
        return list.contains { $0 == a }
    }
    public static func isIn(_ a: String?, _ list: [String?]?) -> Bool? {
        guard let a, let list else { return false }
        return list.contains { $0.map { $0.utf8.elementsEqual(a.utf8) } ?? false }
    }
    public static func isIn(_ a: Bool?, _ list: [Bool?]?) -> Bool? {
        guard let a, let list else { return false }
        return list.contains { $0 == a }
    }

    // MARK: Arithmetic on safe integers

    public static let maximumSafeInteger = 9_007_199_254_740_991

    @inlinable
    public static func safe(_ value: Int) -> Int? {
        abs(value) <= maximumSafeInteger ? value : nil
    }

    public static func add(_ a: Int?, _ b: Int?) -> Int? {
        guard let a, let b else { return nil }
        return safe(a + b)  // both safe: no overflow
    }
    public static func subtract(_ a: Int?, _ b: Int?) -> Int? {
        guard let a, let b else { return nil }
        return safe(a - b)
    }
    public static func multiply(_ a: Int?, _ b: Int?) -> Int? {
        guard let a, let b else { return nil }
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? nil : safe(product)
    }
    public static func negate(_ a: Int?) -> Int? { a.map { -$0 } }

    /// Whole years from `a` to `b`, both YYYY-MM-DD (`xyears`).
    public static func years(_ a: String?, _ b: String?) -> Int? {
        guard let a, let b else { return nil }
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == 10, y.count == 10 else { return nil }
        func year(_ u: [UInt8]) -> Int { u[0..<4].reduce(0) { $0 * 10 + Int($1) - 48 } }
        let years = year(y) - year(x)
        for i in 5..<10 where x[i] != y[i] { return y[i] < x[i] ? years - 1 : years }
        return years
    }

    /// The number of items (`xcount`); 0 without a list.
    public static func count<T>(_ list: [T?]?) -> Int? { list?.count ?? 0 }

    // MARK: Text (code points, as formc counts them)

    public static func length(_ text: String?) -> Int? { text.map { $0.unicodeScalars.count } }

    /// `substr` (`xsubstr`): JSON Logic's meaning over code points; nil when an argument is.
    public static func substr(_ text: String?, _ start: Int?, _ count: Int?, hasCount: Bool) -> String? {
        guard let text, let start else { return nil }
        if hasCount && count == nil { return nil }
        return TextFunctions.substr(text, Int64(start), count.map(Int64.init))
    }

    public static func cccdBirthMatches(_ number: String?, _ born: String?) -> Bool? {
        guard let number, let born else { return nil }
        return TextFunctions.cccdBirthMatches(number, born)
    }

    public static func cccdSexMatches(_ number: String?, _ sex: String?) -> Bool? {
        guard let number, let sex else { return nil }
        return TextFunctions.cccdSexMatches(number, sex)
    }

    /// The sum (`xsum`), added up as JavaScript numbers.
    public static func sum(_ list: [Int?]?) -> Int? {
        var total = 0.0
        for value in list ?? [] { if let value { total += Double(value) } }
        return safeTotal(total)
    }

    /// `sum(list(value, read))` in one loop, without the list of values (`xsumof`): the sum of a
    /// field over a repeating group's items, as computed totals read it.
    @inlinable
    public static func sumOf<V: JSONView>(_ value: V?, _ read: (V) -> Int?) -> Int? {
        guard let items = value?.array else { return 0 }
        var total = 0.0
        for item in items { if let value = read(item) { total += Double(value) } }
        return safeTotal(total)
    }

    /// A sum as JavaScript adds it (in doubles), nil unless a safe integer.
    @usableFromInline
    static func safeTotal(_ total: Double) -> Int? {
        guard total.rounded(.towardZero) == total, abs(total) <= Double(maximumSafeInteger) else { return nil }
        return Int(total)
    }

    /// The least or greatest of the values present (`xbest`).
    public static func best(_ values: [Int?]?, smaller: Bool) -> Int? {
        var best: Int?
        for case let v? in values ?? [] where best == nil || (smaller ? v < best! : v > best!) { best = v }
        return best
    }
    public static func best(_ values: [String?]?, smaller: Bool) -> String? {
        var best: String?
        for case let v? in values ?? [] {
            if let b = best, !(smaller ? ValidationSupport.isBefore(v, b) : ValidationSupport.isBefore(b, v)) { continue }
            best = v
        }
        return best
    }

    /// Up to the next multiple of `step` (`xroundup`).
    public static func roundUp(_ x: Int?, _ step: Int) -> Int? {
        guard let x, step != 0 else { return nil }
        let r = ((x % step) + step) % step
        return r == 0 ? x : add(x, step - r)
    }
}

extension ExpressionSupport {
    // MARK: Values as JSON (for conformance tests)

    public static func json(_ value: Int?) -> JSON { value.map { .number(Double($0)) } ?? .null }
    public static func json(_ value: String?) -> JSON { value.map(JSON.string) ?? .null }
    public static func json(_ value: Bool?) -> JSON { value.map(JSON.bool) ?? .null }
    public static func json(_ value: [Int?]?) -> JSON { value.map { .array($0.map(json)) } ?? .null }
    public static func json(_ value: [String?]?) -> JSON { value.map { .array($0.map(json)) } ?? .null }
    public static func json(_ value: [Bool?]?) -> JSON { value.map { .array($0.map(json)) } ?? .null }
}
