/// Emits `manifest.json`: every artifact with its SHA-256, kind and owner, the hash of every spec
/// that went in, and the compiler version. Front ends and caches key on it.
public struct ManifestEmitter {
    /// A spec that went into the build, as the manifest records it: its path and the hash of its
    /// bytes, taken when it is made, so that the text need not be kept until the manifest is.
    public struct SpecInput: Sendable {
        public var path: String
        public var sha256: String

        public init(path: String, bytes: [UInt8]) {
            self.path = path
            sha256 = SHA256.hex(bytes)
        }

        public init(_ source: SourceFile) { self.init(path: source.path, bytes: source.bytes) }
    }

    /// What the manifest says of one artifact: its hash, taken when it was made.
    struct Record: Sendable {
        var path: String
        var sha256: String
        var kind: Artifact.Kind
        var form: String?
        var procedure: String?

        init(_ artifact: Artifact) {
            path = artifact.path
            sha256 = SHA256.hex(artifact.bytes)
            kind = artifact.kind
            form = artifact.form
            procedure = artifact.procedure
        }
    }

    func emit(artifacts: [Artifact], specs: [SpecInput]) -> Artifact {
        emit(records: artifacts.map(Record.init), specs: specs)
    }

    func emit(records: [Record], specs: [SpecInput]) -> Artifact {
        var root = JSONObjectBuilder()
        root.set("generator", "formc")
        root.set("formc_version", FormcVersion.current)
        root.set("specs", JSONValue.array(specs.sorted { $0.path < $1.path }.map { spec in
            .object([("path", .string(spec.path)), ("sha256", .string(spec.sha256))])
        }))
        // Every form version built, and the hash of what its submissions are judged by (its
        // schema.json, which carries every rule): what validate.mjs and the Swift types export as
        // `hash`, what a submission names, and what a cache or an archive keys on.
        root.set("forms", JSONValue.array(records.filter { $0.kind == .jsonSchema && $0.form != nil }.sorted { $0.path < $1.path }.map { schema in
            let version = schema.path.split(separator: "/").dropFirst(2).first.map(String.init) ?? ""
            return .object([
                ("form", .string(schema.form!)), ("version", .string(version)),
                ("hash", .string("sha256:" + schema.sha256)), ("schema", .string(schema.path)),
            ])
        }))
        // The artifact list is written entry by entry into the text the encoder makes of the rest:
        // a national build has tens of thousands of entries, and a tree of them all (ours, then the
        // encoder's) took more memory than the rest of the build (about 90 MB at 52,000 entries).
        let placeholder = "formc:manifest-artifacts"
        root.set("artifacts", placeholder)
        var text = JSONCodec.encode(root.value)
        var list: [UInt8] = []
        let sorted = records.sorted { $0.path < $1.path }
        if sorted.isEmpty {
            list = Array("[]".utf8)
        } else {
            list = Array("[\n".utf8)
            for (i, artifact) in sorted.enumerated() {
                var o = JSONObjectBuilder()
                o.set("path", artifact.path)
                o.set("sha256", artifact.sha256)
                o.set("kind", artifact.kind.rawValue)
                o.set("form", artifact.form)
                o.set("procedure", artifact.procedure)
                // The entry as the encoder writes an object two levels down: every line indented by four.
                let entry = String(decoding: JSONCodec.encode(o.value).dropLast(), as: UTF8.self)  // without its final newline
                list += entry.indentingLines(by: "    ").utf8
                list += (i == sorted.count - 1 ? "\n  ]" : ",\n").utf8
            }
        }
        // The list is the root's last member: its placeholder is the last string of the text.
        let quoted = Array("\"\(placeholder)\"".utf8)
        var at = text.count - quoted.count
        while at >= 0 && !text[at..<at + quoted.count].elementsEqual(quoted) { at -= 1 }
        precondition(at >= 0, "the manifest's artifact list has no place")
        text.replaceSubrange(at..<at + quoted.count, with: list)
        return Artifact(path: "manifest.json", bytes: text, kind: .manifest)
    }
}
