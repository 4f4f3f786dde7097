import ArgumentParser
import FormcCore
import Foundation

/// `formc init`: a new project that checks clean and builds — the project file, one option list,
/// one form with examples, one procedure — for a designer to start from (docs/spec-reference.md).
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a new project: a project file, an option list, a form and a procedure that check clean.")

    @Argument(help: "The folder to create (it must not exist, or be empty).")
    var folder: String

    @Option(help: "The project's name (lower-case words joined by '-'). Default: the folder's name.")
    var name: String?

    func run() throws {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard isFolder.boolValue, (try? manager.contentsOfDirectory(atPath: folder))?.isEmpty ?? false else {
                throw CompileRequest.usageError("\(folder) exists and is not an empty folder; formc init writes only into a new one")
            }
        }
        let project = name ?? URL(fileURLWithPath: folder).standardizedFileURL.lastPathComponent.lowercased()
        guard project.range(of: "^[a-z][a-z0-9]*(-[a-z0-9]+)*$", options: .regularExpression) != nil else {
            throw CompileRequest.usageError("the project name '\(project)' is not lower-case words joined by '-'; give one with --name")
        }
        let files: [(String, String)] = [
            ("formc.yaml", Self.projectFile(project)),
            ("options/gioi_tinh.yaml", Self.optionList),
            ("forms/to-khai-mau.yaml", Self.form),
            ("procedures/9.000001-thu-tuc-mau.yaml", Self.procedure),
        ]
        for (path, text) in files {
            let file = (folder as NSString).appendingPathComponent(path)
            try manager.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        }
        print("formc: created \(folder) (\(files.map(\.0).joined(separator: ", ")))")
        print("next: formc check \(folder)   then   formc build \(folder) --out \(folder)-out")
    }

    static func projectFile(_ name: String) -> String {
        """
        # The project file: its folder is the project. `formc check` run anywhere inside it finds it.
        formc: 1
        project: \(name)
        # Forms with address fields (type address_vn) need the administrative unit catalogue:
        # administrative_units: catalogues/dvhc.json

        """
    }

    static let optionList = """
        # A shared option list: every form that says `options: gioi_tinh` uses it.
        formc: 1
        options: gioi_tinh
        choices:
          nam: { vi: Nam, en: Male }
          nu: { vi: Nữ, en: Female }

        """

    static let form = """
        # A form: its sections and fields, and examples formc checks on every build.
        formc: 1
        form: to-khai-mau
        version: 1.0.0
        title: { vi: Tờ khai mẫu, en: Sample declaration }

        paper:
          addressee: agency
          statements:
            - vi: Tôi cam đoan những nội dung khai trên đây là đúng sự thật.
          signatures:
            - { title: { vi: Người khai, en: Declarant }, note: { vi: "(Ký, ghi rõ họ, chữ đệm, tên)" } }

        sections:
          nguoi_khai:
            title: { vi: Người khai, en: Declarant }
            about: applicant
            fields:
              ho_ten: { type: person_name, label: { vi: "Họ, chữ đệm, tên", en: Full name }, required: true }
              so_dinh_danh: { type: cccd, label: { vi: Số định danh cá nhân, en: Personal identification number }, required: true }
              ngay_sinh: { type: date, label: { vi: "Ngày, tháng, năm sinh", en: Date of birth }, required: true, max: today }
              gioi_tinh: { type: choice, label: { vi: Giới tính, en: Sex }, options: gioi_tinh, required: true }

          ban_sao:
            title: { vi: Đề nghị cấp bản sao, en: Copies requested }
            fields:
              de_nghi_cap: { type: boolean, label: { vi: Đề nghị cấp bản sao, en: Request copies }, required: true }
              so_luong:
                type: integer
                label: { vi: Số lượng bản sao, en: Number of copies }
                min: 1
                max: 10
                required_when: ban_sao.de_nghi_cap
                visible_when: ban_sao.de_nghi_cap

        examples:
          - name: hợp lệ, xin hai bản sao
            data:
              nguoi_khai: { ho_ten: Nguyễn Văn An, so_dinh_danh: "031090001234", ngay_sinh: 1990-05-01, gioi_tinh: nam }
              ban_sao: { de_nghi_cap: true, so_luong: 2 }
          - name: xin bản sao mà không ghi số lượng
            data:
              nguoi_khai: { ho_ten: Nguyễn Văn An, so_dinh_danh: "031090001234", ngay_sinh: 1990-05-01, gioi_tinh: nam }
              ban_sao: { de_nghi_cap: true }
            errors:
              - { path: /ban_sao/so_luong, rule: required }

        """

    static let procedure = """
        # A procedure (thủ tục hành chính): replace the code with its mã TTHC from the national
        # database, and the text with the procedure's. Level 2: information and a template to print.
        formc: 1
        procedure: "9.000001"
        name: { vi: Thủ tục mẫu, en: Sample procedure }
        domain: { vi: Hộ tịch }
        authority:
          level: xa
          agency: { vi: Ủy ban nhân dân cấp xã }
        service:
          level: 2
        applicants:
          - { vi: Công dân Việt Nam }
        steps:
          - title: { vi: Nộp tờ khai }
          - title: { vi: Nhận kết quả }
        channels:
          truc_tiep:
            processing_time: { working_days: 3 }
        cases:
          mac_dinh:
            title: { vi: Trường hợp thông thường }
            documents:
              - { id: to_khai, form: to-khai-mau, originals: 1 }
        results:
          - name: { vi: Kết quả mẫu }
        legal_basis:
          - { id: 60/2014/QH13, title: { vi: Luật Hộ tịch } }
        # The fees as the law states them; a free procedure says so with amount 0.
        fees:
          - { id: le_phi, kind: le_phi, name: { vi: Lệ phí, en: Fee }, amount: 0, legal_basis: [60/2014/QH13] }

        """
}
