/// Emits `forms/<id>/changelog.json` for every form the specs have a changelog of: each version of
/// the changelog — newest first — with its date and notes (vi/en) as the team wrote them, the breaking
/// changes it accepted on purpose, and, for every version in the build, the changes formc finds from
/// the version before it (`FormDiff`: id, level, message), so front ends and archives read what changed
/// without re-deriving it.
struct ChangelogEmitter {
    func emit(_ changelog: Changelog, forms: [FormSpec]) -> Artifact {
        let versions = forms.filter { $0.id.value == changelog.form.value }.sorted { $0.version.value < $1.version.value }
        var written: [SemanticVersion: Changelog.Entry] = [:]
        for entry in changelog.entries { written[entry.version.value] = entry }
        let all = Set(written.keys).union(versions.map(\.version.value)).sorted(by: >)
        let entries = all.map { version -> JSONValue in
            var o = JSONObjectBuilder()
            o.set("version", version.description)
            let entry = written[version]
            o.set("date", entry?.date?.description)
            o.set("note", entry?.note?.json)
            if let accepts = entry?.accepts, !accepts.isEmpty { o.set("accepts", JSONValue.array(accepts.map { .string($0.value) })) }
            if let index = versions.firstIndex(where: { $0.version.value == version }), index > 0 {
                let changes = FormDiff.changes(from: versions[index - 1], to: versions[index])
                o.set("since", versions[index - 1].version.value.description)
                o.set("changes", JSONValue.array(changes.map { change in
                    .object([
                        ("id", .string(change.id.code)),
                        ("level", .string(change.severity == .error ? "breaks-submissions" : change.severity == .warning ? "breaks-code" : "compatible")),
                        ("message", .string(change.message)),
                    ])
                }))
            }
            return o.value
        }
        let root = JSONValue.object([("form", .string(changelog.form.value)), ("entries", .array(entries))])
        return Artifact(path: "forms/\(changelog.form.value)/changelog.json", bytes: JSONCodec.encode(root), kind: .changelog, form: changelog.form.value)
    }
}
