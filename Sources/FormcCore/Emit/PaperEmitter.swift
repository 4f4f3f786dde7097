/// A form on paper, as the official model lays it out: the national header, the title and its
/// source circular, "Kính gửi: …", the fields with their footnote marks, conditions in words and
/// computed values with their derivation, the statements (the commitment sentence), place and date,
/// the signature blocks and the footnotes.
///
/// One layout serves two artifacts, so they cannot drift apart: the blank template
/// (`templates/<form>.html`, level 2) and the printout module (`templates/<form>.printout.mjs`), which
/// fills the same layout from a submission for the officer's paper file or the citizen's copy. The
/// layout is a list of parts: fixed HTML, and slots where an answer goes, each carrying the blank it
/// prints when there is no answer. The template is the parts with every blank; the module's
/// `renderPrintout(null)` gives back the template byte for byte (a test checks it).
struct PaperEmitter {
    let form: FormSpec
    /// The procedure the form is printed for: its agency fills the addressee line.
    let procedure: ProcedureSpec?
    let english: Bool
    let catalogue: AdministrativeUnitCatalogue?
    /// The data sources, by id: the procedure's papers that data replaces are listed under the form.
    var sources: [String: DataSource] = [:]

    /// A piece of the layout.
    enum Part {
        case html(String)
        /// Where the answer at `pointer` goes (`__i0__`, `__i1__`… stand for the item indexes of the
        /// repeats around it), and what prints when there is none.
        case slot(kind: String, pointer: String, blank: String, options: [(value: String, label: String)])
        /// A repeat: its items' parts (with `token` for the item index), printed `blankItems` times
        /// when blank, once per answered item when filled.
        case repeatGroup(pointer: String, token: String, label: String, blankItems: Int, item: [Part])
    }

    // MARK: The layout

    func parts() -> [Part] {
        var parts: [Part] = []
        var h = "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<title>\(HTML.escape(form.title.vi))</title>\n<style>\n\(Self.style)</style>\n</head>\n<body>\n<main>\n"
        h += "<header class=\"national\"><p><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br><strong class=\"motto\">Độc lập - Tự do - Hạnh phúc</strong></p></header>\n"
        if let source = form.source { h += "<p class=\"source\">Mẫu theo \(HTML.escape(source))</p>\n" }
        h += "<h1>\(text(form.title))</h1>\n"
        switch form.paper.addressee {
        case .agency?:
            let agency = procedure?.authority.agency.vi ?? "cơ quan có thẩm quyền"
            h += "<p class=\"addressee\">Kính gửi: \(HTML.escape(agency)) <input class=\"line\" aria-label=\"Tên cơ quan\"></p>\n"
        case .text(let addressee)?:
            h += "<p class=\"addressee\">Kính gửi: \(text(addressee))</p>\n"
        case nil:
            break
        }
        parts.append(.html(h))
        for section in form.sections {
            parts.append(.html("<section>\n<h2>\(text(section.label ?? LocalizedText(vi: section.name)))\(footnoteMark(section))</h2>\n\(notes(section))"))
            parts += group(section, pointer: "/" + section.name, repeats: 0)
            parts.append(.html("</section>\n"))
        }
        var end = ""
        for statement in form.paper.statements { end += "<p class=\"statement\">\(text(statement))</p>\n" }
        end += "<div class=\"signing\">\n<p class=\"place\">……………, "
        parts.append(.html(end))
        parts.append(.slot(kind: "signed_on", pointer: "", blank: "ngày …… tháng …… năm ……", options: []))
        end = "</p>\n<div class=\"signatures\">\n"
        let signatures = form.paper.signatures.isEmpty
            ? [PaperSignature(title: LocalizedText(vi: "Người khai", en: "Declarant"), note: LocalizedText(vi: "(Ký, ghi rõ họ, chữ đệm, tên)"))]
            : form.paper.signatures
        for signature in signatures {
            end += "<div class=\"signature\"><p><strong>\(text(signature.title))</strong>"
            if let note = signature.note { end += "<br><em>\(text(note))</em>" }
            end += "</p></div>\n"
        }
        end += "</div>\n</div>\n"
        // The procedure's papers the office retrieves as data when it can (NQ 66.7/2025): the citizen
        // holding the printed form is told not to bring them.
        let replaced = (procedure?.cases.flatMap(\.documents) ?? []).compactMap { document in
            document.replacedBy.flatMap { sources[$0.value] }.map { (document, $0) }
        }
        if !replaced.isEmpty {
            end += "<aside class=\"data-held\">\n<p><em>Giấy tờ không phải nộp nếu cơ quan giải quyết khai thác được dữ liệu:</em></p>\n<ul>\n"
            for (document, source) in replaced {
                end += "<li>\(text(document.name ?? LocalizedText(vi: document.id.value))) — \(text(source.heldBy))</li>\n"
            }
            end += "</ul>\n</aside>\n"
        }
        if !form.paper.footnotes.isEmpty {
            end += "<footer class=\"footnotes\">\n<p><em>Chú thích:</em></p>\n"
            for (index, note) in form.paper.footnotes.enumerated() { end += "<p>(\(index + 1)) \(text(note))</p>\n" }
            end += "</footer>\n"
        }
        end += "</main>\n</body>\n</html>\n"
        parts.append(.html(end))
        return Self.merged(parts)
    }

    /// The fields of a group or of one item of a repeat.
    private func group(_ group: FieldSpec, pointer: String, repeats: Int) -> [Part] {
        if group.kind == .repeat {
            let token = "__i\(repeats)__"
            var item: [Part] = [.html("<div class=\"item\"><p class=\"item-title\">\(HTML.escape((group.label ?? LocalizedText(vi: group.name)).vi)) – mục __n\(repeats)__</p>\n")]
            for field in group.fields { item += self.field(field, pointer: pointer + "/" + token + "/" + field.name, repeats: repeats + 1) }
            item.append(.html("</div>\n"))
            return [.repeatGroup(pointer: pointer, token: token, label: (group.label ?? LocalizedText(vi: group.name)).vi, blankItems: Self.blankItems(group), item: Self.merged(item))]
        }
        return group.fields.flatMap { field($0, pointer: pointer + "/" + $0.name, repeats: repeats) }
    }

    /// How many blank items a repeat prints: `paper: { items: n }`, else its maximum when that is 5
    /// or fewer, else 3 (never fewer than its minimum).
    static func blankItems(_ field: FieldSpec) -> Int {
        if let items = field.paper.items?.value { return items }
        let minimum = max(field.minItems?.value ?? 1, 1)
        if let maximum = field.maxItems?.value, maximum <= 5 { return max(maximum, minimum) }
        return max(3, minimum)
    }

    /// A field's label and its blank. Blanks are inputs, so a downloaded template can also be typed
    /// into on screen before it is printed; each is named for assistive technology.
    private func field(_ field: FieldSpec, pointer: String, repeats: Int) -> [Part] {
        let label = text(field.label ?? LocalizedText(vi: field.name)) + footnoteMark(field)
        let name = HTML.escape((field.label ?? LocalizedText(vi: field.name)).vi)
        switch field.kind {
        case .group, .repeat:
            return [.html("<div class=\"subgroup\"><h3>\(label)</h3>\n\(notes(field))")] + group(field, pointer: pointer, repeats: repeats) + [.html("</div>\n")]
        case .choice, .multi_choice, .boolean:
            let options: [(value: String, label: String)] = field.kind == .boolean
                ? [("true", text(LocalizedText(vi: "Có", en: "Yes"))), ("false", text(LocalizedText(vi: "Không", en: "No")))]
                : field.choices.map { ($0.value, text($0.label)) }
            let spoken: [String] = field.kind == .boolean ? ["Có", "Không"] : field.choices.map { HTML.escape($0.label.vi) }
            let blank = zip(options, spoken).map { "<label class=\"option\"><input type=\"checkbox\" aria-label=\"\(name): \($1)\"> \($0.label)</label>" }.joined(separator: " ")
            return [
                .html("<div class=\"field\"><span class=\"label\">\(label):</span> "),
                .slot(kind: field.kind.rawValue, pointer: pointer, blank: blank, options: options),
                .html("\(notes(field))</div>\n"),
            ]
        case .cccd, .cmnd, .tax_code, .bhxh:
            let count = field.kind == .tax_code ? 13 : field.kind == .bhxh ? 10 : 12
            let blank = "<span class=\"boxes\">" + (1...count).map { "<input class=\"box\" maxlength=\"1\" aria-label=\"\(name), ký tự \($0)\">" }.joined() + "</span>"
            return [.html("<div class=\"field\"><span class=\"label\">\(label):</span> "), .slot(kind: "text", pointer: pointer, blank: blank, options: []), .html("\(notes(field))</div>\n")]
        default:
            let blank: String =
                switch field.kind {
                case .date: "<input class=\"line date\" aria-label=\"\(name)\" placeholder=\"…… /…… /…………\">"
                case .datetime: "<input class=\"line\" aria-label=\"\(name)\" placeholder=\"…… giờ …… phút, ngày …… /…… /…………\">"
                default: "<input class=\"line\" aria-label=\"\(name)\">"
                }
            let kind: String =
                switch field.kind {
                case .date, .datetime, .address_vn, .money_vnd, .file: field.kind.rawValue
                default: "text"
                }
            return [.html("<div class=\"field\"><span class=\"label\">\(label):</span> "), .slot(kind: kind, pointer: pointer, blank: blank, options: []), .html("\(notes(field))</div>\n")]
        }
    }

    /// The field's hint, and its condition or derivation in words.
    private func notes(_ field: FieldSpec) -> String {
        var lines: [String] = []
        if let hint = field.hint { lines.append(text(hint)) }
        if let note = field.paper.note {
            lines.append(text(note))
        } else {
            let wording = ConditionWording { ConditionWording.field(in: form.sections, $0) }
            if let visible = field.checkedVisibleWhen, let words = wording.condition(visible) {
                lines.append("Chỉ khai nếu " + HTML.escape(words) + ".")
            }
            if let required = field.checkedRequiredWhen, let words = wording.condition(required) {
                lines.append("Phải khai nếu " + HTML.escape(words) + ".")
            }
            if let compute = field.checkedCompute, let words = wording.derivation(compute) {
                lines.append("Bằng " + HTML.escape(words) + ".")
            }
        }
        return lines.isEmpty ? "" : "<span class=\"note\">" + lines.map { "(\($0))" }.joined(separator: " ") + "</span>"
    }

    private func footnoteMark(_ field: FieldSpec) -> String {
        field.paper.footnote.map { "<sup>(\($0.value))</sup>" } ?? ""
    }

    /// Vietnamese, with the English gloss only where the project asks for it.
    private func text(_ value: LocalizedText) -> String {
        english ? HTML.localized(value) : HTML.escape(value.vi)
    }

    /// Adjacent fixed HTML joined, so the module carries fewer, longer strings.
    static func merged(_ parts: [Part]) -> [Part] {
        var out: [Part] = []
        for part in parts {
            if case .html(let next) = part, case .html(let previous)? = out.last {
                out[out.count - 1] = .html(previous + next)
            } else {
                out.append(part)
            }
        }
        return out
    }

    // MARK: The blank template

    func template() -> [UInt8] {
        var out = ""
        func render(_ parts: [Part], indexes: [String: Int]) {
            for part in parts {
                switch part {
                case .html(let html): out += Self.substitute(html, indexes)
                case .slot(_, _, let blank, _): out += blank
                case .repeatGroup(_, let token, _, let count, let item):
                    for index in 0..<count { render(item, indexes: indexes.merging([token: index]) { $1 }) }
                }
            }
        }
        render(parts(), indexes: [:])
        return Array(out.utf8)
    }

    /// `__n0__` → the item's number (1-based) for each repeat level in `indexes`.
    static func substitute(_ html: String, _ indexes: [String: Int]) -> String {
        var html = html
        for (token, index) in indexes {
            html = html.replacingBytes(token.replacingBytes("__i", with: "__n"), with: String(index + 1))
        }
        return html
    }

    // MARK: The printout module

    /// `printout.mjs`: `renderPrintout(answers, { signedOn })` → the form's HTML filled with the
    /// answers; `renderPrintout(null)` → the blank template.
    func printoutModule() -> [UInt8] {
        func encode(_ parts: [Part]) -> JSONValue {
            .array(parts.map { part -> JSONValue in
                switch part {
                case .html(let html): .string(html)
                case .slot(let kind, let pointer, let blank, let options):
                    .object([("k", .string(kind)), ("p", .string(pointer)), ("b", .string(blank)),
                        ("o", .array(options.map { .array([.string($0.value), .string($0.label)]) }))])
                case .repeatGroup(let pointer, let token, let label, let count, let item):
                    .object([("r", .string(pointer)), ("t", .string(token)), ("l", .string(label)), ("n", .integer(Int64(count))), ("i", encode(item))])
                }
            })
        }
        // The names of units an address prints, `{ province: [name, { unit: name }] }`: the same for
        // every printout of the build, so written once.
        let units = form.sections.contains(where: { $0.containsAddress }) ? Self.unitNames(catalogue) : "{}"
        var out = "// Generated by formc \(FormcVersion.current) from form \(form.id.value) \(form.version.value)"
        out += procedure.map { " for procedure \($0.code.value)" } ?? ""
        out += ". Do not edit.\n"
        out += "// renderPrintout(answers, { signedOn }) → the form filled with the answers, as HTML to print; renderPrintout(null) → the blank template.\n"
        out += "const PARTS = " + JavaScript.literal(encode(parts())) + ";\n"
        out += "const UNITS = " + units + ";\n"
        out += Self.runtime
        return Array(out.utf8)
    }

    /// The catalogue's unit names as the printout script's `UNITS` table, written once per catalogue.
    static func unitNames(_ catalogue: AdministrativeUnitCatalogue?) -> String {
        guard let catalogue else { return "{}" }
        return catalogue.scriptTables.text("printout units") {
            JavaScript.literal(.object(catalogue.provinces.map { province in
                (province.code, .array([.string(province.name), .object(province.units.map { ($0.code, .string($0.name)) })]))
            }))
        }
    }

    /// The paper style for a printout placed inside another page: every rule scoped under
    /// `selector`, the page's own `body` rule applied to it.
    static func scopedStyle(under selector: String) -> String {
        var out = ""
        for line in style.split(separator: "\n") {
            guard let brace = line.firstIndex(of: "{") else { continue }
            let selectors = line[..<brace].trimmingCharacters(in: .whitespaces)
            if selectors.hasPrefix("@page") { continue }
            let scoped = selectors.split(separator: ",").map { part -> String in
                let name = part.trimmingCharacters(in: .whitespaces)
                return name == "body" || name == "main" ? selector : selector + " " + name
            }
            out += scoped.joined(separator: ", ") + " " + line[brace...] + "\n"
        }
        return out
    }

    static let style = """
        @page { size: A4; margin: 15mm 15mm 15mm 20mm; }
        body { font-family: "Times New Roman", "Noto Serif", "DejaVu Serif", serif; font-size: 13pt; line-height: 1.4; color: #000; background: #fff; margin: 0; }
        main { max-width: 175mm; margin: 0 auto; }
        .national { text-align: center; margin: 0 0 2mm; }
        .national p { margin: 0; }
        .motto { display: inline-block; border-bottom: 1px solid #000; }
        .source { text-align: right; font-style: italic; font-size: 11pt; margin: 0; }
        h1 { font-size: 15pt; text-align: center; text-transform: uppercase; margin: 4mm 0 3mm; }
        .addressee { text-align: center; margin: 0 0 3mm; }
        h2 { font-size: 13pt; margin: 3mm 0 1mm; text-transform: uppercase; }
        h3 { font-size: 13pt; font-weight: normal; font-style: italic; margin: 1.5mm 0 0; }
        h2, h3, .item-title { break-after: avoid; }
        .field, .statement, .signing, .item-title { break-inside: avoid; }
        .field { margin: 1mm 0; display: flex; flex-wrap: wrap; align-items: baseline; column-gap: 1.5mm; }
        .line { flex: 1 1 40mm; border: 0; border-bottom: 1px dotted #000; font: inherit; background: transparent; padding: 0; min-width: 20mm; }
        .line.date { flex: 0 0 45mm; }
        .line::placeholder { color: #000; }
        .addressee .line { width: 60mm; }
        .option input { width: 4.2mm; height: 4.2mm; margin: 0 1mm 0 0; vertical-align: -0.5mm; }
        .filled { font-weight: 600; }
        .note { flex-basis: 100%; font-size: 10.5pt; font-style: italic; }
        .option { margin-right: 4mm; white-space: nowrap; }
        .box { display: inline-block; width: 4.2mm; height: 4.2mm; border: 1px solid #000; vertical-align: -0.5mm; text-align: center; line-height: 4.2mm; font-size: 10pt; }
        .boxes { display: inline-flex; }
        .boxes .box { width: 5.5mm; height: 6.5mm; border-right-width: 0; padding: 0; font: inherit; }
        .boxes .box:last-child { border-right-width: 1px; }
        .item { margin: 1mm 0 1mm 4mm; }
        .item-title { font-style: italic; margin: 1mm 0 0; }
        .statement { margin: 3mm 0 0; text-indent: 8mm; }
        .signing { margin-top: 3mm; }
        .place { text-align: right; font-style: italic; margin: 0; }
        .signatures { display: flex; flex-wrap: wrap; justify-content: space-around; text-align: center; }
        .signature { flex: 0 0 50%; min-height: 30mm; }
        .signature p { margin: 1mm 0; }
        .footnotes { font-size: 10.5pt; border-top: 1px solid #000; margin-top: 4mm; padding-top: 1mm; }
        .footnotes p { margin: 0.5mm 0; }
        .en { font-style: italic; font-size: 0.9em; }

        """
}

extension FieldSpec {
    /// Whether the field, or a field inside it, is an address (whose printout needs unit names).
    var containsAddress: Bool { kind == .address_vn || fields.contains { $0.containsAddress } }
}

extension PaperEmitter {
    /// The module's renderer, the same for every form: it walks the parts, printing each slot's
    /// answer in the words of the paper form (dates dd/mm/yyyy, choices as ticked boxes, unit codes
    /// as names, money in đồng), or its blank when there is none.
    static let runtime = #"""

        const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
        function esc(text) {
          return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
        }
        function at(answers, pointer) {
          let value = answers;
          for (const key of pointer.split('/').slice(1)) {
            if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
            value = value[key];
          }
          return value;
        }
        function pad(n) {
          return String(n).padStart(2, '0');
        }
        function money(n) {
          return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.') + ' đồng';
        }
        /** A date-time in Vietnam (UTC+7): "14 giờ 30 phút, ngày 02/03/2026". */
        function dateTime(text) {
          const ms = Date.parse(text);
          if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(ms)) return null;
          const d = new Date(ms + 7 * 3600 * 1000);
          return d.getUTCHours() + ' giờ ' + pad(d.getUTCMinutes()) + ' phút, ngày ' + pad(d.getUTCDate()) + '/' + pad(d.getUTCMonth() + 1) + '/' + d.getUTCFullYear();
        }
        function ticked(options, chosen) {
          return options.map(([value, label]) => '<span class="option"><span class="box">' + (chosen.includes(value) ? 'X' : '') + '</span> ' + label + '</span>').join(' ');
        }
        /** The answer in the slot's words, or null when it is not a value of the slot's kind. */
        function words(slot, value, options) {
          switch (slot.k) {
            case 'boolean': return typeof value === 'boolean' ? ticked(slot.o, [String(value)]) : null;
            case 'choice': return typeof value === 'string' && slot.o.some(([v]) => v === value) ? ticked(slot.o, [value]) : null;
            case 'multi_choice': return Array.isArray(value) && value.every((v) => slot.o.some(([o]) => o === v)) ? ticked(slot.o, value) : null;
            case 'date': {
              const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typeof value === 'string' ? value : '');
              return m ? '<span class="filled">' + m[3] + '/' + m[2] + '/' + m[1] + '</span>' : null;
            }
            case 'datetime': {
              const text = typeof value === 'string' ? dateTime(value) : null;
              return text ? '<span class="filled">' + text + '</span>' : null;
            }
            case 'money_vnd': return Number.isSafeInteger(value) ? '<span class="filled">' + money(value) + '</span>' : null;
            case 'address_vn': {
              if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
              const province = UNITS[value.province];
              const parts = [value.detail, province?.[1][value.commune] ?? value.commune, province?.[0] ?? value.province].filter((p) => typeof p === 'string' && p !== '');
              return '<span class="filled">' + esc(parts.join(', ')) + '</span>';
            }
            case 'file': return value !== null && typeof value === 'object' && typeof value.name === 'string' ? '<span class="filled">Tệp ' + esc(value.name) + '</span>' : null;
            case 'signed_on': {
              const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(options.signedOn ?? '');
              return m ? 'ngày ' + m[3] + ' tháng ' + m[2] + ' năm ' + m[1] : null;
            }
            default: return typeof value === 'string' || typeof value === 'number' ? '<span class="filled">' + esc(value) + '</span>' : null;
          }
        }
        function substitute(text, indexes) {
          for (const [token, index] of indexes) text = text.split(token).join(String(index));
          return text;
        }
        function render(parts, answers, options, indexes, out) {
          for (const part of parts) {
            if (typeof part === 'string') {
              out.push(substitute(part, indexes.map(([t, i]) => [t.replace('__i', '__n'), i + 1])));
            } else if ('r' in part) {
              const pointer = substitute(part.r, indexes);
              const items = answers === null ? null : at(answers, pointer);
              const count = answers === null ? part.n : Array.isArray(items) ? items.length : 0;
              if (answers !== null && count === 0) out.push('<p class="item-title">' + esc(part.l) + ': không khai</p>\n');
              for (let i = 0; i < count; i++) render(part.i, answers, options, [...indexes, [part.t, i]], out);
            } else if (answers === null) {
              out.push(part.b);
            } else {
              const value = part.k === 'signed_on' ? null : at(answers, substitute(part.p, indexes));
              const text = value === undefined ? null : words(part, value, options);
              // An answer the slot cannot show in its words is still printed, as it was sent.
              out.push(text ?? (value === undefined || value === null ? part.b : '<span class="filled">' + esc(JSON.stringify(value)) + '</span>'));
            }
          }
        }
        /**
         * The form filled with `answers` (a submission's answers, as validate() takes them), as an HTML
         * page to print; `renderPrintout(null)` is the blank template. `options.signedOn` (YYYY-MM-DD)
         * fills the date above the signatures.
         */
        export function renderPrintout(answers, options = {}) {
          const out = [];
          render(PARTS, answers === undefined ? null : answers, options ?? {}, [], out);
          return out.join('');
        }

        """#
}

extension PaperEmitter {
    /// The printout module as a classic script (`window.formcPrintout.renderPrintout`): a page
    /// opened from the file system cannot import a module, but can load a script.
    static func classicScript(_ module: [UInt8]) -> [UInt8] {
        let body = String(decoding: module, as: UTF8.self).replacingBytes("\nexport function renderPrintout(", with: "\nfunction renderPrintout(")
        return Array(("(function () {\n'use strict';\n" + body + "window.formcPrintout = { renderPrintout };\n})();\n").utf8)
    }
}
