internal import Foundation

/// The administrative unit catalogue (danh mục đơn vị hành chính): provinces and the communes,
/// wards and special zones under them, as of a date. Codes are public facts; the project names the
/// catalogue file it uses, so a change of units is a reviewed change of one file.
public struct AdministrativeUnitCatalogue: Sendable {
    public struct Province: Sendable {
        public var code: String
        public var name: String
        public var units: [Unit]
    }

    public struct Unit: Sendable {
        public var code: String
        public var name: String
    }

    public let asOf: String
    public let provinces: [Province]
    private let unitsByProvince: [String: Set<String>]
    /// The catalogue's tables as the scripts of a build carry them, each written once: every form
    /// page and printout of a build carries the same tables, most of a page's data. (Constant
    /// properties: the tables written are those of the catalogue they are kept with.)
    let scriptTables = ScriptTables()

    public init(asOf: String, provinces: [Province]) {
        self.asOf = asOf
        self.provinces = provinces
        unitsByProvince = Dictionary(provinces.map { ($0.code, Set($0.units.map(\.code))) }, uniquingKeysWith: { a, b in a.union(b) })
    }

    /// Script texts made from the catalogue, by name, each made once and shared by the threads of a build.
    final class ScriptTables: @unchecked Sendable {
        private let lock = NSLock()
        private var made: [String: String] = [:]

        func text(_ name: String, make: () -> String) -> String {
            lock.lock()
            defer { lock.unlock() }
            if let text = made[name] { return text }
            let text = make()
            made[name] = text
            return text
        }
    }

    public var provinceCodes: [String] { provinces.map(\.code) }

    public func contains(province: String) -> Bool { unitsByProvince[province] != nil }

    public func contains(unit: String, inProvince province: String) -> Bool {
        unitsByProvince[province]?.contains(unit) ?? false
    }

    /// Reads the catalogue's JSON (`{as_of, provinces: [{code, name, units: [{code, name}]}]}`).
    /// Problems come back as messages with the JSON position when jansson gives one.
    public static func decode(_ bytes: [UInt8]) -> Result<AdministrativeUnitCatalogue, CatalogueError> {
        let json: JSONValue
        do {
            json = try JSONCodec.decode(bytes)
        } catch {
            return .failure(CatalogueError(message: "not valid JSON: \(error.message)", line: error.line, column: error.column))
        }
        guard let asOf = json["as_of"]?.stringValue, let list = json["provinces"]?.arrayValue else {
            return .failure(CatalogueError(message: "expected an object with 'as_of' and 'provinces'"))
        }
        var provinces: [Province] = []
        for entry in list {
            guard let code = entry["code"]?.stringValue, let name = entry["name"]?.stringValue,
                code.count == 2, code.allSatisfy({ $0.isASCII && $0.isNumber }),
                let units = entry["units"]?.arrayValue
            else { return .failure(CatalogueError(message: "a province needs a two-digit 'code', a 'name' and 'units'")) }
            var parsed: [Unit] = []
            for unit in units {
                guard let unitCode = unit["code"]?.stringValue, let unitName = unit["name"]?.stringValue,
                    unitCode.count == 5, unitCode.allSatisfy({ $0.isASCII && $0.isNumber })
                else { return .failure(CatalogueError(message: "a unit of province \(code) needs a five-digit 'code' and a 'name'")) }
                parsed.append(Unit(code: unitCode, name: unitName))
            }
            provinces.append(Province(code: code, name: name, units: parsed))
        }
        if provinces.isEmpty { return .failure(CatalogueError(message: "the catalogue lists no province")) }
        return .success(AdministrativeUnitCatalogue(asOf: asOf, provinces: provinces))
    }
}

public struct CatalogueError: Error, Sendable {
    public var message: String
    public var line: Int?
    public var column: Int?
}
