/// Which top-level sections of a form a change to one section can give errors in: that section,
/// and every section whose expressions (visibility, requirement, computed value, checks against
/// other answers) read it. A section outside that reach has the errors it had before the change —
/// none, when the change was made to a valid submission — which is what lets near-miss vectors be
/// judged by validating only the sections their change reaches (`SubmissionValidator.validate`'s
/// `onlySections`). The form's rules are always evaluated: they are few.
struct SectionReach {
    /// For each section, the sections whose expressions read it.
    private var readers: [String: Set<String>] = [:]
    /// Sections with an expression whose reads cannot be told apart by section: always validated.
    private var readAnything: Set<String> = []

    init(_ form: FormSpec) {
        for section in form.sections {
            var reads = Set<String>()
            var readsAnything = false
            func walk(_ field: FieldSpec) {
                for path in field.checkedExpressions.flatMap(\.paths.values) where path.input == nil {
                    // Paths start at the submission's top level; one that does not (a document's
                    // answers, which validation never reads) is counted as reading anything.
                    guard path.document == nil, case .member(let name)? = path.steps.first else {
                        readsAnything = true
                        continue
                    }
                    reads.insert(name)
                }
                field.fields.forEach(walk)
            }
            walk(section)
            if readsAnything { readAnything.insert(section.name) }
            for read in reads { readers[read, default: []].insert(section.name) }
        }
    }

    /// The sections to validate again after a change within `section`.
    func sections(changedBy section: String) -> Set<String> {
        readAnything.union(readers[section] ?? []).union([section])
    }
}
