/// Decodes a procedure spec: the TTHC record with its channels, cases, documents and fee items.
struct ProcedureDecoder {
    let decoder: NodeDecoder
    let file: String

    var diagnostics: DiagnosticEngine { decoder.diagnostics }

    static let keys = [
        "formc", "procedure", "decision", "name", "domain", "authority", "service", "valid", "superseded_by",
        "applicants", "steps", "channels", "cases", "results", "result_delivery", "payee", "conditions", "legal_basis",
        "applicant_categories", "fees", "fee_examples",
    ]

    func decode(_ root: YAMLNode) -> ProcedureSpec? {
        guard let map = decoder.mapping(root, "procedure", allowed: Self.keys) else { return nil }
        let code = map["procedure"].flatMap(procedureCode)
        let name = decoder.required(map, "name", in: "procedure").flatMap { decoder.localized($0, for: "procedure name") }
        let domain = decoder.required(map, "domain", in: "procedure").flatMap { decoder.localized($0, for: "domain (lĩnh vực)") }
        let authority = decoder.required(map, "authority", in: "procedure").flatMap(decodeAuthority)
        let service = decoder.required(map, "service", in: "procedure").flatMap(decodeService)
        let delivery = map["result_delivery"].flatMap { decoder.list($0, for: "result_delivery") }?.compactMap { node in
            decoder.enumeration(node, ChannelKind.self, for: "result delivery").map { Located($0, at: node.location) }
        } ?? []
        var payee: Payee?
        if let node = map["payee"], let entry = decoder.mapping(node, "payee", allowed: ["name", "account", "bank"]),
            let name = decoder.required(entry, "name", in: "payee").flatMap({ decoder.localized($0, for: "payee name") })
        {
            payee = Payee(
                name: name, account: entry["account"].flatMap { decoder.nonEmptyString($0, for: "account") }?.value,
                bank: entry["bank"].flatMap { decoder.nonEmptyString($0, for: "bank") }?.value)
        }
        var validFrom: Located<CalendarDate>?, validTo: Located<CalendarDate>?
        if let node = map["valid"], let valid = decoder.mapping(node, "valid", allowed: ["from", "to"]) {
            validFrom = valid["from"].flatMap { decoder.date($0, for: "valid from") }
            validTo = valid["to"].flatMap { decoder.date($0, for: "valid to") }
        }
        let supersededBy = map["superseded_by"].flatMap(procedureCode)?.value
        let applicants = decoder.required(map, "applicants", in: "procedure").map { decoder.localizedList($0, for: "applicant") } ?? []
        let steps = decoder.required(map, "steps", in: "procedure").map(decodeSteps) ?? []
        let channels = decoder.required(map, "channels", in: "procedure").map(decodeChannels) ?? []
        let cases = decoder.required(map, "cases", in: "procedure").map(decodeCases) ?? []
        let results = decoder.required(map, "results", in: "procedure").map(decodeResults) ?? []
        let conditions = map["conditions"].map { decoder.localizedList($0, for: "condition") } ?? []
        let legalBasis = decoder.required(map, "legal_basis", in: "procedure").map(decodeLegalBasis) ?? []
        let fees = map["fees"].map(decodeFees) ?? []
        let categories = map["applicant_categories"].map(decodeCategories) ?? []
        let feeExamples = map["fee_examples"].map(decodeFeeExamples) ?? []
        guard let code, let name, let domain, let authority, let service else { return nil }
        return ProcedureSpec(.init(
            code: code, decision: map["decision"].flatMap { decoder.nonEmptyString($0, for: "decision") }?.value,
            name: name, domain: domain, authority: authority, service: service, resultDelivery: delivery, payee: payee,
            validFrom: validFrom, validTo: validTo,
            supersededBy: supersededBy, applicants: applicants, steps: steps, channels: channels, cases: cases,
            results: results, conditions: conditions, legalBasis: legalBasis, applicantCategories: categories, fees: fees,
            feeExamples: feeExamples, file: file, location: root.location))
    }

    /// Mã TTHC. A plain `1.001193` is accepted as text (formc never reads it as a number), but the
    /// usual advice is to quote it.
    func procedureCode(_ node: YAMLNode) -> Located<String>? {
        decoder.identifier(node, .procedureCode, for: "procedure code")
    }

    func decodeAuthority(_ node: YAMLNode) -> Authority? {
        guard let map = decoder.mapping(node, "authority", allowed: ["level", "agency"]) else { return nil }
        let level = decoder.required(map, "level", in: "authority").flatMap { decoder.enumeration($0, AuthorityLevel.self, for: "authority level") }
        let agency = decoder.required(map, "agency", in: "authority").flatMap { decoder.localized($0, for: "agency") }
        guard let level, let agency else { return nil }
        return Authority(level: level, agency: agency)
    }

    func decodeService(_ node: YAMLNode) -> ServiceDeclaration? {
        guard let map = decoder.mapping(node, "service", allowed: ["level", "class"]) else { return nil }
        let level = map["level"].flatMap { decoder.int($0, for: "service level", in: 1...4) }
        let serviceClass = map["class"].flatMap { classNode in
            decoder.enumeration(classNode, ServiceClass.self, for: "service class").map { Located($0, at: classNode.location) }
        }
        if map["level"] == nil && map["class"] == nil {
            diagnostics.emit(.missingKey, "service needs a 'level' (1–4, NĐ 43/2011) or a 'class' (thong_tin, mot_phan, toan_trinh; NĐ 42/2022)", at: node.location)
            return nil
        }
        return ServiceDeclaration(level: level, serviceClass: serviceClass, location: node.location)
    }

    func decodeSteps(_ node: YAMLNode) -> [ProcedureStep] {
        (decoder.list(node, for: "steps") ?? []).compactMap { item in
            if case .mapping(let pairs) = item.content, pairs.contains(where: { $0.key == "title" }) {
                guard let map = decoder.mapping(item, "step", allowed: ["title", "description"]),
                    let title = map["title"].flatMap({ decoder.localized($0, for: "step title") })
                else { return nil }
                return ProcedureStep(title: title, description: map["description"].flatMap { decoder.localized($0, for: "step description") })
            }
            return decoder.localized(item, for: "step").map { ProcedureStep(title: $0, description: nil) }
        }
    }

    func decodeChannels(_ node: YAMLNode) -> [Channel] {
        guard case .mapping(let pairs) = node.content else {
            decoder.wrongKind(node, expected: "a mapping from channel to its details", for: "channels")
            return []
        }
        if pairs.isEmpty { diagnostics.emit(.invalidValue, "a procedure needs at least one channel", at: node.location) }
        return pairs.compactMap { pair in
            guard let kind = ChannelKind(rawValue: pair.key) else {
                let names = ChannelKind.allCases.map(\.rawValue)
                diagnostics.emit(
                    .invalidValue,
                    "unknown channel '\(pair.key)'; channels are \(names.joined(separator: ", "))"
                        + (Suggest.closest(to: pair.key, among: names).map { "; did you mean '\($0)'?" } ?? ""),
                    at: pair.keyLocation)
                return nil
            }
            guard let map = decoder.mapping(pair.value, "channel '\(pair.key)'", allowed: ["processing_time", "note"]),
                let timeNode = decoder.required(map, "processing_time", in: "channel '\(pair.key)'"),
                let time = decodeProcessingTime(timeNode)
            else { return nil }
            return Channel(
                kind: kind, location: pair.keyLocation, processingTime: time,
                note: map["note"].flatMap { decoder.localized($0, for: "channel note") })
        }
    }

    func decodeProcessingTime(_ node: YAMLNode) -> ProcessingTime? {
        guard let map = decoder.mapping(node, "processing_time", allowed: ["working_days", "days", "hours", "note"]) else { return nil }
        let time = ProcessingTime(
            workingDays: map["working_days"].flatMap { decoder.int($0, for: "working_days", in: 0...3650) }?.value,
            days: map["days"].flatMap { decoder.int($0, for: "days", in: 0...3650) }?.value,
            hours: map["hours"].flatMap { decoder.int($0, for: "hours", in: 0...10000) }?.value,
            note: map["note"].flatMap { decoder.localized($0, for: "processing time note") })
        if map["working_days"] == nil && map["days"] == nil && map["hours"] == nil {
            diagnostics.emit(.missingKey, "processing_time needs working_days, days or hours", at: node.location)
            return nil
        }
        return time
    }

    func decodeCases(_ node: YAMLNode) -> [ProcedureCase] {
        guard case .mapping(let pairs) = node.content else {
            decoder.wrongKind(node, expected: "a mapping from case id to case", for: "cases")
            return []
        }
        if pairs.isEmpty { diagnostics.emit(.invalidValue, "a procedure needs at least one case", at: node.location) }
        return pairs.compactMap { pair in
            guard IdentifierRule.snake.accepts(pair.key) else {
                diagnostics.emit(.invalidIdentifier, "case id '\(pair.key)' is not valid: \(IdentifierRule.snake.explanation)", at: pair.keyLocation)
                return nil
            }
            let what = "case '\(pair.key)'"
            guard let map = decoder.mapping(pair.value, what, allowed: ["title", "documents"]) else { return nil }
            let title = decoder.required(map, "title", in: what).flatMap { decoder.localized($0, for: "title of \(what)") }
            let documents = decoder.required(map, "documents", in: what).map(decodeDocuments) ?? []
            guard let title else { return nil }
            return ProcedureCase(id: Located(pair.key, at: pair.keyLocation), title: title, documents: documents)
        }
    }

    /// `form: id` (the latest version), `form: id@2` (pinned: the latest version of major 2), or a
    /// range, `form: id@^1.2` or `form: id` with `version: "^1.2"` beside it (docs/evolution.md).
    func formReference(_ node: YAMLNode, version: YAMLNode?) -> Located<String>? {
        guard let text = decoder.string(node, for: "form") else { return nil }
        if let version {
            guard let range = decoder.string(version, for: "version") else { return nil }
            guard !text.value.contains("@") else {
                diagnostics.emit(.invalidValue, "the form is pinned twice: write the version in 'form: \(text.value)' or in 'version:', not both", at: version.location)
                return nil
            }
            guard VersionRange(range.value) != nil else {
                diagnostics.emit(.invalidValue, "version '\(range.value)' is not a version range: write ^1.2 (1.2 or later within major 1), ~1.2 (1.2.x), 1.2.3 (exactly) or 1 (any 1.x)", at: version.location)
                return nil
            }
            guard let id = decoder.identifier(node, .kebab, for: "form id") else { return nil }
            return Located(FormReference.text(id: id.value, range: range.value), at: id.location)
        }
        guard text.value.contains("@") else { return decoder.identifier(node, .kebab, for: "form id") }
        guard let reference = FormReference(text.value), IdentifierRule.kebab.accepts(reference.id) else {
            diagnostics.emit(.invalidIdentifier, "form reference '\(text.value)' must be a form id, or an id and a version range: to-khai-dang-ky-khai-sinh@2, to-khai-dang-ky-khai-sinh@^2.1", at: node.location)
            return nil
        }
        return text
    }

    static let documentKeys = ["id", "name", "form", "version", "replaced_by", "originals", "copies", "copy_type", "submission", "upload", "required", "condition"]

    func decodeDocuments(_ node: YAMLNode) -> [RequiredDocument] {
        (decoder.list(node, for: "documents") ?? []).compactMap { item in
            guard let map = decoder.mapping(item, "document", allowed: Self.documentKeys),
                let id = decoder.required(map, "id", in: "document").flatMap({ decoder.identifier($0, .snake, for: "document id") })
            else { return nil }
            let form = map["form"].flatMap { formReference($0, version: map["version"]) }
            if map["form"] == nil, let version = map["version"] {
                diagnostics.emit(.invalidValue, "'version' says which versions of the document's form are accepted; this document names no form", at: version.location)
            }
            let name = map["name"].flatMap { decoder.localized($0, for: "document name") }
            if name == nil && map["form"] == nil && map["name"] == nil {
                diagnostics.emit(.missingKey, "document '\(id.value)' needs a 'name' (or a 'form' whose title names it)", at: item.location)
            }
            var upload: UploadRule?
            if let node = map["upload"], let rule = decoder.mapping(node, "upload", allowed: ["accept", "max_size"]) {
                let accept = decoder.required(rule, "accept", in: "upload").flatMap { decoder.list($0, for: "accept") }?
                    .compactMap { FormDecoder(decoder: decoder, file: file).mediaType($0) } ?? []
                if let size = decoder.required(rule, "max_size", in: "upload").flatMap({ decoder.byteSize($0, for: "max_size") }) {
                    upload = UploadRule(accept: accept, maxSize: size.value)
                }
            }
            return RequiredDocument(
                id: id, name: name, form: form,
                originals: map["originals"].flatMap { decoder.int($0, for: "originals", in: 0...100) }?.value ?? 0,
                copies: map["copies"].flatMap { decoder.int($0, for: "copies", in: 0...100) }?.value ?? 0,
                copyType: map["copy_type"].flatMap { decoder.enumeration($0, CopyType.self, for: "copy_type") },
                submission: map["submission"].flatMap { decoder.enumeration($0, Submission.self, for: "submission") } ?? .submit,
                upload: upload,
                required: map["required"].flatMap { decoder.bool($0, for: "required") } ?? true,
                condition: map["condition"].flatMap { decoder.localized($0, for: "condition") },
                replacedBy: map["replaced_by"].flatMap { decoder.identifier($0, .snake, for: "replaced_by (a data source id)") })
        }
    }

    func decodeResults(_ node: YAMLNode) -> [ProcedureResult] {
        (decoder.list(node, for: "results") ?? []).compactMap { item in
            guard let map = decoder.mapping(item, "result", allowed: ["name", "code", "validity"]),
                let name = decoder.required(map, "name", in: "result").flatMap({ decoder.localized($0, for: "result name") })
            else { return nil }
            return ProcedureResult(
                name: name, code: map["code"].flatMap { decoder.nonEmptyString($0, for: "result code") }?.value,
                validity: map["validity"].flatMap { decoder.localized($0, for: "result validity") })
        }
    }

    func decodeLegalBasis(_ node: YAMLNode) -> [LegalDocument] {
        (decoder.list(node, for: "legal_basis") ?? []).compactMap { item in
            guard let map = decoder.mapping(item, "legal document", allowed: ["id", "title", "issued", "status"]),
                let id = decoder.required(map, "id", in: "legal document").flatMap({ decoder.nonEmptyString($0, for: "legal document id") }),
                let title = decoder.required(map, "title", in: "legal document").flatMap({ decoder.localized($0, for: "legal document title") })
            else { return nil }
            return LegalDocument(
                id: id, title: title, issued: map["issued"].flatMap { decoder.date($0, for: "issued") }?.value,
                status: map["status"].flatMap { decoder.nonEmptyString($0, for: "status") }?.value)
        }
    }

    static let feeKeys = [
        "id", "kind", "name", "amount", "tiers", "unit", "channels", "cases", "effective", "applies_when", "exemptions",
        "reductions", "series", "legal_basis", "note",
    ]

    func decodeFees(_ node: YAMLNode) -> [FeeItem] {
        (decoder.list(node, for: "fees") ?? []).compactMap { item in
            guard let map = decoder.mapping(item, "fee", allowed: Self.feeKeys),
                let id = decoder.required(map, "id", in: "fee").flatMap({ decoder.identifier($0, .snake, for: "fee id") })
            else { return nil }
            let what = "fee '\(id.value)'"
            let kind = decoder.required(map, "kind", in: what).flatMap { decoder.enumeration($0, FeeKind.self, for: "fee kind") }
            let name = decoder.required(map, "name", in: what).flatMap { decoder.localized($0, for: "fee name") }
            var amount: FeeAmount?
            if let node = map["amount"] {
                if case .scalar(let text, .plain) = node.content, NodeDecoder.isDecimalInteger(text) {
                    amount = decoder.integer(node, for: "amount (integer VND)", in: 0...JSONLimits.maxSafeInteger).map { .flat($0.value) }
                } else {
                    amount = decoder.expression(node, for: "amount").map { .expression($0, nil) }
                }
            }
            if let node = map["tiers"] {
                if map["amount"] != nil {
                    diagnostics.emit(.contradictoryConstraints, "\(what) has both 'amount' and 'tiers'; keep one", at: node.location)
                }
                amount = decodeTiers(node).map(FeeAmount.tiers)
            }
            if map["amount"] == nil && map["tiers"] == nil && map["note"] == nil {
                diagnostics.emit(
                    .missingKey, "\(what) needs an 'amount' or 'tiers', or a 'note' saying who sets the rate", at: item.location)
            }
            let channels = map["channels"].flatMap { decoder.list($0, for: "channels") }?.compactMap { node in
                decoder.enumeration(node, ChannelKind.self, for: "channel").map { Located($0, at: node.location) }
            } ?? []
            let cases = map["cases"].flatMap { decoder.list($0, for: "cases") }?.compactMap { decoder.identifier($0, .snake, for: "case id") } ?? []
            var from: Located<CalendarDate>?, to: Located<CalendarDate>?
            if let node = map["effective"], let period = decoder.mapping(node, "effective", allowed: ["from", "to"]) {
                from = period["from"].flatMap { decoder.date($0, for: "effective from") }
                to = period["to"].flatMap { decoder.date($0, for: "effective to") }
            }
            let basisNode = decoder.required(map, "legal_basis", in: what)
            let basis = basisNode.map(legalBasisList) ?? []
            if let basisNode, basis.isEmpty, case .sequence = basisNode.content {
                diagnostics.emit(.invalidValue, "\(what) must cite at least one legal document", at: basisNode.location)
            }
            let exemptions = (map["exemptions"].flatMap { decoder.list($0, for: "exemptions") } ?? []).compactMap { node -> FeeExemption? in
                guard let entry = decoder.mapping(node, "exemption", allowed: ["category", "legal_basis"]),
                    let category = decoder.required(entry, "category", in: "exemption").flatMap({ decoder.identifier($0, .snake, for: "category") })
                else { return nil }
                return FeeExemption(category: category, legalBasis: entry["legal_basis"].map(legalBasisList) ?? [])
            }
            let reductions = (map["reductions"].flatMap { decoder.list($0, for: "reductions") } ?? []).compactMap { node -> FeeReduction? in
                guard let entry = decoder.mapping(node, "reduction", allowed: ["channel", "percent", "from", "to", "legal_basis"]),
                    let channelNode = decoder.required(entry, "channel", in: "reduction"),
                    let channel = decoder.enumeration(channelNode, ChannelKind.self, for: "channel"),
                    let percent = decoder.required(entry, "percent", in: "reduction").flatMap({ decoder.integer($0, for: "percent", in: 1...100) })
                else { return nil }
                return FeeReduction(
                    channel: Located(channel, at: channelNode.location), percent: percent.value,
                    from: entry["from"].flatMap { decoder.date($0, for: "from") }, to: entry["to"].flatMap { decoder.date($0, for: "to") },
                    legalBasis: entry["legal_basis"].map(legalBasisList) ?? [], location: node.location)
            }
            guard let kind, let name else { return nil }
            return FeeItem(
                id: id, kind: kind, name: name, amount: amount,
                unit: map["unit"].flatMap { decoder.enumeration($0, FeeUnit.self, for: "fee unit") },
                channels: channels, cases: cases, effectiveFrom: from, effectiveTo: to,
                appliesWhen: map["applies_when"].flatMap { decoder.expression($0, for: "applies_when") },
                checkedAppliesWhen: nil, exemptions: exemptions, reductions: reductions,
                series: map["series"].flatMap { decoder.identifier($0, .snake, for: "series") }?.value ?? id.value,
                legalBasis: basis, note: map["note"].flatMap { decoder.localized($0, for: "fee note") }, location: item.location)
        }
    }

    /// `value: { vi, en }`, optionally with `when:` (an expression over the answers) and `legal_basis:`.
    func decodeCategories(_ node: YAMLNode) -> [ApplicantCategory] {
        guard case .mapping(let pairs) = node.content else {
            decoder.wrongKind(node, expected: "a mapping from category to its label", for: "applicant_categories")
            return []
        }
        return pairs.compactMap { pair in
            guard IdentifierRule.optionValue.accepts(pair.key) else {
                diagnostics.emit(
                    .invalidIdentifier, "applicant category '\(pair.key)' is not valid: \(IdentifierRule.optionValue.explanation)",
                    at: pair.keyLocation)
                return nil
            }
            var labelNode = pair.value
            var extra: [String: YAMLNode] = [:]
            if case .mapping(let entries) = pair.value.content {
                // `when` and `legal_basis` sit beside the label's vi and en.
                for entry in entries where entry.key == "when" || entry.key == "legal_basis" { extra[entry.key] = entry.value }
                labelNode = YAMLNode(.mapping(entries.filter { $0.key != "when" && $0.key != "legal_basis" }), at: pair.value.location, end: pair.value.end)
            }
            guard let label = decoder.localized(labelNode, for: "label of applicant category '\(pair.key)'") else { return nil }
            var category = ApplicantCategory(value: pair.key, label: label, location: pair.keyLocation)
            category.when = extra["when"].flatMap { decoder.expression($0, for: "when") }
            category.legalBasis = extra["legal_basis"].map(legalBasisList) ?? []
            return category
        }
    }

    func legalBasisList(_ node: YAMLNode) -> [Located<String>] {
        (decoder.list(node, for: "legal_basis") ?? []).compactMap { decoder.nonEmptyString($0, for: "legal basis id") }
    }

    func decodeTiers(_ node: YAMLNode) -> FeeTiers? {
        guard let map = decoder.mapping(node, "tiers", allowed: ["per", "units", "rates", "cap", "multiplier"]),
            let units = decoder.required(map, "units", in: "tiers").flatMap({ decoder.expression($0, for: "units") }),
            let ratesNode = decoder.required(map, "rates", in: "tiers")
        else { return nil }
        var rates: [FeeTiers.Rate] = []
        for item in decoder.list(ratesNode, for: "rates") ?? [] {
            guard let rate = decoder.mapping(item, "rate", allowed: ["from", "amount"]),
                let from = decoder.required(rate, "from", in: "rate").flatMap({ decoder.integer($0, for: "from", in: 1...1_000_000_000) }),
                let amount = decoder.required(rate, "amount", in: "rate").flatMap({ decoder.integer($0, for: "amount", in: 0...JSONLimits.maxSafeInteger) })
            else { continue }
            if let last = rates.last, from.value <= last.from {
                diagnostics.emit(.contradictoryConstraints, "tier rates must start at increasing units; \(from.value) follows \(last.from)", at: from.location)
            }
            rates.append(FeeTiers.Rate(from: from.value, amount: amount.value, location: item.location))
        }
        if let first = rates.first, first.from != 1 {
            diagnostics.emit(.invalidValue, "the first tier must start at unit 1", at: first.location)
        }
        if rates.isEmpty { diagnostics.emit(.invalidValue, "tiers need at least one rate", at: ratesNode.location) }
        return FeeTiers(
            per: map["per"].flatMap { decoder.nonEmptyString($0, for: "per") }, units: units, checkedUnits: nil, rates: rates,
            cap: map["cap"].flatMap { decoder.integer($0, for: "cap", in: 0...JSONLimits.maxSafeInteger) }?.value,
            multiplier: map["multiplier"].flatMap { decoder.expression($0, for: "multiplier") }, checkedMultiplier: nil)
    }

    func decodeFeeExamples(_ node: YAMLNode) -> [FeeExample] {
        (decoder.list(node, for: "fee_examples") ?? []).compactMap { item in
            guard let map = decoder.mapping(item, "fee example", allowed: ["name", "case", "channel", "on", "categories", "answers", "expect"]),
                let name = decoder.required(map, "name", in: "fee example").flatMap({ decoder.nonEmptyString($0, for: "name") }),
                let channel = decoder.required(map, "channel", in: "fee example").flatMap({ decoder.enumeration($0, ChannelKind.self, for: "channel") }),
                let on = decoder.required(map, "on", in: "fee example").flatMap({ decoder.date($0, for: "on") }),
                let expectNode = decoder.required(map, "expect", in: "fee example"),
                let expect = decoder.mapping(expectNode, "expect", allowed: ["total", "items", "missing", "invalid"]),
                let totalNode = decoder.required(expect, "total", in: "expect")
            else { return nil }
            // `total: unknown` says the rules cannot price these answers (one they need is missing);
            // `total: invalid` that the form rejects one they read.
            let total: Int64?
            var status = FeeStatus.known
            if case .scalar(let word, .plain) = totalNode.content, word == "unknown" || word == "invalid" {
                total = nil
                status = word == "unknown" ? .unknown : .invalid
            } else {
                guard let amount = decoder.integer(totalNode, for: "total", in: 0...JSONLimits.maxSafeInteger) else { return nil }
                total = amount.value
            }
            var items: [(id: String, amount: Int64)]?
            if let itemsNode = expect["items"] {
                if case .mapping(let pairs) = itemsNode.content {
                    items = pairs.compactMap { pair in
                        decoder.integer(pair.value, for: "amount of '\(pair.key)'", in: 0...JSONLimits.maxSafeInteger).map { (pair.key, $0.value) }
                    }
                } else {
                    decoder.wrongKind(itemsNode, expected: "a mapping from fee id to amount", for: "items")
                }
            }
            /// Pointers into the answers (`/de_nghi/giay_to/0/so_ban_sao`).
            func pointers(_ key: String) -> [String]? {
                expect[key].flatMap { decoder.list($0, for: key) }?.compactMap { node in
                    guard let text = decoder.string(node, for: key) else { return nil }
                    guard text.value.hasPrefix("/") else {
                        decoder.wrongKind(node, expected: "a JSON Pointer into the answers, such as /de_nghi/giay_to/0/so_ban_sao", for: key)
                        return nil
                    }
                    return text.value
                }
            }
            var example = FeeExample(
                name: name.value, location: item.location, caseID: map["case"].flatMap { decoder.identifier($0, .snake, for: "case") },
                channel: channel, on: on.value,
                categories: map["categories"].flatMap { decoder.list($0, for: "categories") }?.compactMap { decoder.identifier($0, .snake, for: "category") } ?? [],
                answers: map["answers"].map(decoder.jsonValue) ?? .object([]), expectedTotal: total, expectedItems: items)
            example.expectedStatus = status
            example.expectedMissing = pointers("missing")
            example.expectedInvalid = pointers("invalid")
            return example
        }
    }
}
