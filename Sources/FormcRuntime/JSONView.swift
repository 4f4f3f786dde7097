/// A JSON value as a generated validator reads it. A form's checks are written once, generic over
/// this protocol, and compiled for each reading of a submission: `JSON` (a value a caller already
/// holds) and `JSONTape.Value` (a request body parsed into one flat buffer, read without copying or
/// reference counting). Every requirement means what the same read of `JSON` means, so both
/// readings give the same errors by construction.
public protocol JSONView {
    associatedtype Object: JSONObjectView where Object.Value == Self
    associatedtype Items: Collection where Items.Element == Self

    /// The members, when the value is an object.
    var object: Object? { get }
    /// The items, when the value is an array.
    var array: Items? { get }
    var string: String? { get }
    var bool: Bool? { get }
    var number: Double? { get }
    /// The value as `JSON`, for the few checks that compare whole values (computed answers,
    /// duplicate list items, locked prefilled answers).
    var json: JSON { get }
}

/// The members of an object as a generated validator reads them (`JSONObject`'s reading API).
public protocol JSONObjectView {
    associatedtype Value: JSONView
    associatedtype Members: Sequence<(key: String, value: Value)>
    associatedtype Keys: Sequence<String>

    var count: Int { get }
    subscript(key: JSONObject.MemberName) -> Value? { get }
    subscript(key: String) -> Value? { get }
    /// The member, looked for from `hint` on (then from the start); `hint` becomes the place after
    /// the member found (see `JSONObject.member(_:from:)`). A hint is only meaningful to the object
    /// that gave it; 0 is the start.
    func member(_ key: JSONObject.MemberName, from hint: inout Int) -> Value?
    func has(_ key: JSONObject.MemberName) -> Bool
    /// The keys in the order JavaScript's `for…in` visits them.
    var keysInJavaScriptOrder: Keys { get }
    /// The members in that order.
    var membersInJavaScriptOrder: Members { get }
}

extension JSON: JSONView {
    @inlinable
    public var object: JSONObject? {
        if case .object(let members) = self { return members }
        return nil
    }

    @inlinable
    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    @inlinable
    public var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    @inlinable
    public var json: JSON { self }
}

extension JSONObject: JSONObjectView {}
