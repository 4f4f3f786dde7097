/// An address in Việt Nam, as forms' `address_vn` fields hold it: province and commune codes from the
/// administrative unit catalogue, and free text for the rest. One type for every form.
public struct AddressVN: Codable, Hashable, Sendable {
    public var province: String
    public var commune: String
    public var detail: String?

    public init(province: String, commune: String, detail: String? = nil) {
        self.province = province
        self.commune = commune
        self.detail = detail
    }
}

/// An attached file as a submission describes it (a `file` field): the file itself travels apart.
public struct FileReference: Codable, Hashable, Sendable {
    public var name: String
    public var mediaType: String
    /// In bytes.
    public var size: Int

    public init(name: String, mediaType: String, size: Int) {
        self.name = name
        self.mediaType = mediaType
        self.size = size
    }

    private enum CodingKeys: String, CodingKey {
        case name, mediaType = "media_type", size
    }
}
