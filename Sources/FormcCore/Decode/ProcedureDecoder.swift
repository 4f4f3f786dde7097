/// Decodes a procedure spec: the TTHC record with its channels, cases, documents and fee items.
struct ProcedureDecoder {
    let decoder: NodeDecoder
    let file: String

    var diagnostics: DiagnosticEngine { decoder.diagnostics }

    static let keys = [
        "formc", "procedure", "decision", "name", "domain", "authority", "service", "valid", "superseded_by",
        "applicants", "steps", "channels", "cases", "results", "conditions", "legal_basis", "fees",
    ]

    func decode(_ root: YAMLNode) -> ProcedureSpec? {
        guard let map = decoder.mapping(root, "procedure", allowed: Self.keys) else { return nil }
        let code = map["procedure"].flatMap(procedureCode)
        let name = decoder.required(map, "name", in: "procedure").flatMap { decoder.localized($0, for: "procedure name") }
        let domain = decoder.required(map, "domain", in: "procedure").flatMap { decoder.localized($0, for: "domain (lĩnh vực)") }
        let authority = decoder.required(map, "authority", in: "procedure").flatMap(decodeAuthority)
        let level = decoder.required(map, "service", in: "procedure").flatMap(decodeService)
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
        guard let code, let name, let domain, let authority, let level else { return nil }
        return ProcedureSpec(
            code: code, decision: map["decision"].flatMap { decoder.nonEmptyString($0, for: "decision") }?.value,
            name: name, domain: domain, authority: authority, serviceLevel: level, validFrom: validFrom, validTo: validTo,
            supersededBy: supersededBy, applicants: applicants, steps: steps, channels: channels, cases: cases,
            results: results, conditions: conditions, legalBasis: legalBasis, fees: fees, file: file, location: root.location)
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

    func decodeService(_ node: YAMLNode) -> Located<Int>? {
        guard let map = decoder.mapping(node, "service", allowed: ["level"]) else { return nil }
        return decoder.required(map, "level", in: "service").flatMap { decoder.int($0, for: "service level", in: 1...4) }
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

    static let documentKeys = ["id", "name", "form", "originals", "copies", "copy_type", "submission", "upload", "required", "condition"]

    func decodeDocuments(_ node: YAMLNode) -> [RequiredDocument] {
        (decoder.list(node, for: "documents") ?? []).compactMap { item in
            guard let map = decoder.mapping(item, "document", allowed: Self.documentKeys),
                let id = decoder.required(map, "id", in: "document").flatMap({ decoder.identifier($0, .snake, for: "document id") })
            else { return nil }
            let form = map["form"].flatMap { decoder.identifier($0, .kebab, for: "form id") }
            let name = map["name"].flatMap { decoder.localized($0, for: "document name") }
            if name == nil && form == nil && map["name"] == nil {
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
                condition: map["condition"].flatMap { decoder.localized($0, for: "condition") })
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

    static let feeKeys = ["id", "kind", "name", "amount", "unit", "channels", "legal_basis", "note"]

    func decodeFees(_ node: YAMLNode) -> [FeeItem] {
        (decoder.list(node, for: "fees") ?? []).compactMap { item in
            guard let map = decoder.mapping(item, "fee", allowed: Self.feeKeys),
                let id = decoder.required(map, "id", in: "fee").flatMap({ decoder.identifier($0, .snake, for: "fee id") })
            else { return nil }
            let what = "fee '\(id.value)'"
            let kind = decoder.required(map, "kind", in: what).flatMap { decoder.enumeration($0, FeeKind.self, for: "fee kind") }
            let name = decoder.required(map, "name", in: what).flatMap { decoder.localized($0, for: "fee name") }
            let amount = map["amount"].flatMap {
                decoder.integer($0, for: "amount (integer VND)", in: 0...JSONLimits.maxSafeInteger)
            }
            if map["amount"] == nil && map["note"] == nil {
                diagnostics.emit(
                    .missingKey, "\(what) needs an 'amount' in VND, or a 'note' saying who sets the rate", at: item.location)
            }
            let channels = map["channels"].flatMap { decoder.list($0, for: "channels") }?.compactMap { node in
                decoder.enumeration(node, ChannelKind.self, for: "channel").map { Located($0, at: node.location) }
            } ?? []
            let basisNode = decoder.required(map, "legal_basis", in: what)
            let basis = basisNode.flatMap { decoder.list($0, for: "legal_basis") }?.compactMap { decoder.nonEmptyString($0, for: "legal basis id") } ?? []
            if let basisNode, basis.isEmpty, case .sequence = basisNode.content {
                diagnostics.emit(.invalidValue, "\(what) must cite at least one legal document", at: basisNode.location)
            }
            guard let kind, let name else { return nil }
            return FeeItem(
                id: id, kind: kind, name: name, amount: amount?.value,
                unit: map["unit"].flatMap { decoder.enumeration($0, FeeUnit.self, for: "fee unit") },
                channels: channels, legalBasis: basis, note: map["note"].flatMap { decoder.localized($0, for: "fee note") })
        }
    }
}
