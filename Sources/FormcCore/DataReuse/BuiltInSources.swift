/// The data sources built into formc, available to every project without a file: today the identity
/// a citizen logs in with through the national portal or VNeID. Written in the spec format itself,
/// so it is read, checked and documented like a project's own sources (docs/data-reuse.md prints it).
public enum BuiltInSources {
    /// The path diagnostics and the editor name the built-in sources by.
    public static let path = "<formc>/sources/identity.yaml"

    /// The national identity source. The attribute list is what a public provincial one-stop system
    /// declares the portal's single sign-on hands over (shared/domain/data-sources.md, tag [R]: read
    /// in public code, meanings inferred), so every attribute is marked unverified.
    public static let identityText = """
        formc: 1
        data_source: identity
        title: { vi: Thông tin định danh của người đăng nhập, en: The identity of the person logged in }
        held_by: { vi: Cơ sở dữ liệu quốc gia về dân cư, en: the National Population Database }
        correction:
          vi: Nếu thông tin này chưa đúng, đề nghị Công an cấp xã nơi cư trú điều chỉnh trong Cơ sở dữ liệu quốc gia về dân cư, rồi khai lại.
          en: If this is wrong, ask the commune police where you live to correct it in the National Population Database, then fill in the form again.
        # Unverified [R]: the attributes a public provincial one-stop system declares the national
        # portal's single sign-on hands over (its names in the comments); meanings inferred. The portal's
        # adapter converts each into the type written here (GioiTinh, an integer code, into nam/nu).
        attributes:
          so_dinh_danh: { type: cccd, label: { vi: Số định danh cá nhân, en: Personal identification number } }  # SoDinhDanh [R]
          so_cmnd: { type: cmnd, label: { vi: Số Chứng minh nhân dân cũ, en: Former identity card number } }  # SoCMND [R]
          ho_ten: { type: person_name, label: { vi: "Họ, chữ đệm và tên", en: Full name } }  # HoVaTen [R]
          ngay_sinh: { type: date, label: { vi: "Ngày, tháng, năm sinh", en: Date of birth } }  # NgayThangNamSinh [R]
          gioi_tinh:  # GioiTinh [R], an integer code in the portal
            type: choice
            label: { vi: Giới tính, en: Sex }
            options: { nam: { vi: Nam, en: Male }, nu: { vi: Nữ, en: Female } }
          dan_toc: { type: text, label: { vi: Dân tộc, en: Ethnicity } }  # DanToc [R]
          ton_giao: { type: text, label: { vi: Tôn giáo, en: Religion } }  # TonGiao [R]
          quoc_tich: { type: text, label: { vi: Quốc tịch, en: Nationality } }  # QuocTich [R]
          que_quan: { type: text, label: { vi: Quê quán, en: Home town } }  # QueQuan [R]
          noi_dang_ky_khai_sinh: { type: text, label: { vi: Nơi đăng ký khai sinh, en: Place of birth registration } }  # NoiDangKyKhaiSinh [R]
          # Addresses in words, not administrative unit codes [R]: text, so they cannot fill an address_vn field.
          thuong_tru: { type: text, label: { vi: Nơi thường trú, en: Permanent residence } }  # ThuongTru [R]
          noi_o_hien_tai: { type: text, label: { vi: Nơi ở hiện tại, en: Current residence } }  # NoiOHienNay [R]
          so_dien_thoai: { type: phone_vn, label: { vi: Số điện thoại, en: Phone number } }  # SoDienThoai [R]
          thu_dien_tu: { type: email, label: { vi: Thư điện tử, en: Email } }  # ThuDienTu [R]
          ma_so_thue: { type: tax_code, label: { vi: Mã số thuế, en: Tax code } }  # MaSoThue [R]
          ma_bhxh: { type: bhxh, label: { vi: Mã số bảo hiểm xã hội, en: Social insurance number } }  # MaBHXH [R]

        """

    /// The built-in sources, decoded once. Their text is part of formc: a problem in it is a formc
    /// bug, which a test rules out.
    public static let all: [DataSource] = {
        let source = SourceFile(path: path, bytes: Array(identityText.utf8))
        var sources = Compiler.decode(source, limits: SourceLimits()).specs.sources
        for index in sources.indices { sources[index].isBuiltIn = true }
        return sources
    }()
}
