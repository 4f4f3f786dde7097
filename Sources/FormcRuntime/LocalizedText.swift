/// Text in Vietnamese and, where the spec gives it, English. Always Unicode NFC.
public struct LocalizedText: Codable, Sendable, Hashable {
    public var vi: String
    public var en: String?

    public init(vi: String, en: String? = nil) {
        self.vi = vi
        self.en = en
    }
}
