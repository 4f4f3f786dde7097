/// Emits `procedure.json`: the normalised procedure record, with the forms it uses resolved to their
/// versions and schema paths. Keys follow the spec format; absent optional parts are left out.
struct ProcedureEmitter {
    /// The highest version of each form id.
    let latestForms: [String: FormSpec]
    /// The data sources, by id, for the documents data replaces (`replaced_by:`).
    var sources: [String: DataSource] = [:]

    /// From forms already reduced to the latest version of each id (a plugin context's `forms`):
    /// no copy, so a procedure's emission costs nothing in the size of the project.
    init(latest: [String: FormSpec]) {
        latestForms = latest
    }

    /// Keyed by every way a procedure names a form: its id (the latest version), `id@major` (the
    /// latest version of that major), and each range the procedures write (`id@^1.2`: the latest
    /// version it accepts), so every lookup by a document's `form:` resolves a pinned one too.
    init(forms: [FormSpec], procedures: [ProcedureSpec]) {
        var latest: [String: FormSpec] = [:]
        latest.reserveCapacity(forms.count * 2)
        func keep(_ form: FormSpec, as key: String) {
            if latest[key].map({ $0.version.value < form.version.value }) ?? true { latest[key] = form }
        }
        for form in forms {
            keep(form, as: form.id.value)
            keep(form, as: "\(form.id.value)@\(form.version.value.major)")
        }
        // Ranges other than a major: only those written, each resolved against its id's versions
        // (gathered only when some procedure writes one: most name an id or a major).
        var versions: [String: [FormSpec]]?
        for procedure in procedures {
            for form in procedure.formReferences {
                let text = form.value
                guard text.utf8.contains(UInt8(ascii: "@")), latest[text] == nil, let reference = FormReference(text), let range = reference.range
                else { continue }
                if versions == nil { versions = Dictionary(grouping: forms) { $0.id.value } }
                guard let candidates = versions?[reference.id] else { continue }
                latest[text] = candidates.filter { range.contains($0.version.value) }.max { $0.version.value < $1.version.value }
            }
        }
        latestForms = latest
    }

    /// Whether a key of `latestForms` is a pinned reference rather than a form id.
    static func isPinned(_ key: String) -> Bool { key.contains("@") }

    func emit(_ p: ProcedureSpec, context: PluginContext? = nil) -> JSONValue {
        var o = JSONObjectBuilder()
        o.set("code", p.code.value)
        o.set("decision", p.decision)
        o.set("name", p.name.json)
        o.set("domain", p.domain.json)
        o.set("authority", JSONValue.object([("level", .string(p.authority.level.rawValue)), ("agency", p.authority.agency.json)]))
        var service = JSONObjectBuilder()
        service.set("level", p.service.level?.value)
        service.set("class", (p.service.serviceClass?.value ?? context?.serviceClass)?.rawValue)
        if let context {
            service.set("profile", context.profile)
            service.set("capabilities", JSONValue.array(context.capabilities.map { .string($0.rawValue) }))
        }
        o.set("service", service.value)
        if !p.resultDelivery.isEmpty { o.set("result_delivery", JSONValue.array(p.resultDelivery.map { .string($0.value.rawValue) })) }
        if p.validFrom != nil || p.validTo != nil {
            var valid = JSONObjectBuilder()
            valid.set("from", p.validFrom?.value.description)
            valid.set("to", p.validTo?.value.description)
            o.set("valid", valid.value)
        }
        o.set("superseded_by", p.supersededBy)
        o.set("applicants", JSONValue.array(p.applicants.map(\.json)))
        o.set("steps", JSONValue.array(p.steps.map { step in
            var s = JSONObjectBuilder()
            s.set("title", step.title.json)
            s.set("description", step.description?.json)
            return s.value
        }))
        o.set("channels", JSONValue.array(p.channels.map(channel)))
        o.set("cases", JSONValue.array(p.cases.map(procedureCase)))
        o.set("results", JSONValue.array(p.results.map { result in
            var r = JSONObjectBuilder()
            r.set("name", result.name.json)
            r.set("code", result.code)
            r.set("validity", result.validity?.json)
            return r.value
        }))
        o.set("conditions", JSONValue.array(p.conditions.map(\.json)))
        o.set("legal_basis", JSONValue.array(p.legalBasis.map { doc in
            var d = JSONObjectBuilder()
            d.set("id", doc.id.value)
            d.set("title", doc.title.json)
            d.set("issued", doc.issued?.description)
            d.set("status", doc.status)
            return d.value
        }))
        o.set("fees", JSONValue.array(p.fees.map(fee)))
        o.set("forms", JSONValue.array(formsUsed(by: p).map { form in
            let directory = ArtifactPaths.formDirectory(form)
            return .object([
                ("id", .string(form.id.value)), ("version", .string(form.version.value.description)),
                ("schema", .string("\(directory)/schema.json")),
            ])
        }))
        return o.value
    }

    private func channel(_ c: Channel) -> JSONValue {
        var time = JSONObjectBuilder()
        time.set("working_days", c.processingTime.workingDays)
        time.set("days", c.processingTime.days)
        time.set("hours", c.processingTime.hours)
        time.set("note", c.processingTime.note?.json)
        var o = JSONObjectBuilder()
        o.set("channel", c.kind.rawValue)
        o.set("processing_time", time.value)
        o.set("note", c.note?.json)
        return o.value
    }

    private func procedureCase(_ c: ProcedureCase) -> JSONValue {
        .object([
            ("id", .string(c.id.value)), ("title", c.title.json),
            ("documents", .array(c.documents.map(document))),
        ])
    }

    private func document(_ d: RequiredDocument) -> JSONValue {
        var o = JSONObjectBuilder()
        o.set("id", d.id.value)
        o.set("name", (d.name ?? d.form.flatMap { latestForm($0.value) }?.title)?.json)
        if let reference = d.form?.value, let form = latestForm(reference) {
            // The version used is explicit; a pinned reference says which majors it accepts.
            var f = JSONObjectBuilder()
            f.set("id", form.id.value)
            f.set("version", form.version.value.description)
            if let range = FormReference(reference)?.range { f.set("pinned", range.description) }
            o.set("form", f.value)
        }
        o.set("submission", d.submission.rawValue)
        o.set("required", d.required)
        o.set("condition", d.condition?.json)
        // A paper whose data a source holds: not asked for when the data can be retrieved.
        o.set("replaced_by", d.replacedBy.flatMap { sources[$0.value]?.replacement })
        o.set("originals", d.originals)
        o.set("copies", d.copies)
        o.set("copy_type", d.copyType?.rawValue)
        if let upload = d.upload {
            o.set("upload", JSONValue.object([
                ("accept", .array(upload.accept.map(JSONValue.string))), ("max_size", .integer(upload.maxSize)),
            ]))
        }
        return o.value
    }

    func fee(_ f: FeeItem) -> JSONValue {
        var o = JSONObjectBuilder()
        o.set("id", f.id.value)
        o.set("kind", f.kind.rawValue)
        o.set("name", f.name.json)
        switch f.amount {
        case .flat(let amount): o.set("amount", JSONValue.integer(amount))
        case .expression(let source, let checked):
            o.set("amount", JSONValue.object([("expression", .string(source.text)), ("logic", checked.map(LogicLowering.lower) ?? .null)]))
        case .tiers(let tiers):
            var t = JSONObjectBuilder()
            t.set("per", tiers.per?.value)
            t.set("units", tiers.units.text)
            t.set("units_logic", tiers.checkedUnits.map(LogicLowering.lower))
            t.set("rates", JSONValue.array(tiers.rates.map { .object([("from", .integer($0.from)), ("amount", .integer($0.amount))]) }))
            t.set("cap", tiers.cap.map(JSONValue.integer))
            t.set("multiplier", tiers.multiplier?.text)
            t.set("multiplier_logic", tiers.checkedMultiplier.map(LogicLowering.lower))
            o.set("tiers", t.value)
        case nil: break
        }
        o.set("currency", "VND")
        o.set("unit", f.unit?.rawValue)
        if !f.channels.isEmpty { o.set("channels", JSONValue.array(f.channels.map { .string($0.value.rawValue) })) }
        if !f.cases.isEmpty { o.set("cases", JSONValue.array(f.cases.map { .string($0.value) })) }
        if f.effectiveFrom != nil || f.effectiveTo != nil {
            var e = JSONObjectBuilder()
            e.set("from", f.effectiveFrom?.value.description)
            e.set("to", f.effectiveTo?.value.description)
            o.set("effective", e.value)
        }
        o.set("applies_when", f.appliesWhen?.text)
        o.set("applies_when_logic", f.checkedAppliesWhen.map(LogicLowering.lower))
        if !f.exemptions.isEmpty {
            o.set("exemptions", JSONValue.array(f.exemptions.map { exemption in
                .object([("category", .string(exemption.category.value)), ("legal_basis", .array(exemption.legalBasis.map { .string($0.value) }))])
            }))
        }
        if !f.reductions.isEmpty {
            o.set("reductions", JSONValue.array(f.reductions.map { r in
                var j = JSONObjectBuilder()
                j.set("channel", r.channel.value.rawValue)
                j.set("percent", JSONValue.integer(r.percent))
                j.set("from", r.from?.value.description)
                j.set("to", r.to?.value.description)
                j.set("legal_basis", JSONValue.array(r.legalBasis.map { .string($0.value) }))
                j.set("rounding", "half_up_to_dong")
                return j.value
            }))
        }
        if f.series != f.id.value { o.set("series", f.series) }
        o.set("legal_basis", JSONValue.array(f.legalBasis.map { .string($0.value) }))
        o.set("note", f.note?.json)
        return o.value
    }

    /// The highest version of the form with this id.
    private func latestForm(_ id: String) -> FormSpec? { latestForms[id] }

    private func formsUsed(by p: ProcedureSpec) -> [FormSpec] {
        var seen = Set<String>()
        var result: [FormSpec] = []
        for document in p.cases.flatMap(\.documents) {
            if let id = document.form?.value, seen.insert(id).inserted, let form = latestForm(id) { result.append(form) }
        }
        return result
    }
}
