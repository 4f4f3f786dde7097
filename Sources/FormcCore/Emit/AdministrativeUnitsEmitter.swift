/// Emits `administrative-units.json`: every unit of the build's catalogue with its code, name, kind
/// and parent, and the catalogue's date, so a page can list the communes of a province and show
/// names instead of codes.
struct AdministrativeUnitsEmitter {
    func emit(_ catalogue: AdministrativeUnitCatalogue) -> JSONValue {
        .object([
            ("as_of", .string(catalogue.asOf)),
            ("provinces", .array(catalogue.provinces.map { province in
                .object([
                    ("code", .string(province.code)), ("name", .string(province.name)), ("kind", .string(Self.kind(of: province.name))),
                    ("units", .array(province.units.map { unit in
                        .object([
                            ("code", .string(unit.code)), ("name", .string(unit.name)), ("kind", .string(Self.kind(of: unit.name))),
                            ("parent", .string(province.code)),
                        ])
                    })),
                ])
            })),
        ])
    }

    /// The kind of a unit, from the word its official name starts with: `thanh_pho` and `tinh` for
    /// provinces; `phuong`, `xa` and `dac_khu` for the units below them since the 2025 reform.
    static func kind(of name: String) -> String {
        let kinds = [("Thành phố ", "thanh_pho"), ("Tỉnh ", "tinh"), ("Phường ", "phuong"), ("Xã ", "xa"), ("Đặc khu ", "dac_khu")]
        return kinds.first { name.hasPrefix($0.0) }?.1 ?? "khac"
    }
}
