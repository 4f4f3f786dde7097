/// What changed between two versions of a form, each change a diagnostic with a stable id and a
/// level that says whom it breaks (docs/evolution.md):
///
/// - error: **breaking for submissions** — answers valid under the old version may be refused by
///   the new one (a field removed or renamed, a type changed, a field made required, a constraint
///   tightened, a choice removed, a rule or condition added or changed);
/// - warning: **breaking for code** only — every old submission is still valid, but code written for
///   the old version may not compile or may miss a case (a required field made optional becomes an
///   optional property; a choice added is a new enum case a `switch` must handle);
/// - note: **compatible** — a field added as optional, a constraint loosened, a choice added, a
///   label or hint changed.
///
/// Each change is located in the new version (a removed field: at its old parent there) with the
/// old place as a note, so the text, JSON and SARIF renderers report changes as they report errors.
public struct FormDiff {
    let old: FormSpec
    let new: FormSpec
    private(set) var changes: [Diagnostic] = []

    public static func changes(from old: FormSpec, to new: FormSpec) -> [Diagnostic] {
        var diff = FormDiff(old: old, new: new)
        diff.compare(old.sections, new.sections, parent: [], newParent: new.id.location)
        diff.compareRules()
        return diff.changes
    }

    /// Whether the changes need a new major version: any that breaks submissions.
    public static func isBreaking(_ changes: [Diagnostic]) -> Bool { changes.contains { $0.severity == .error } }

    private mutating func report(_ id: DiagnosticID, _ message: String, at location: SourceLocation, was old: SourceLocation?) {
        changes.append(Diagnostic(id, message, at: location, notes: old.map { [.init("in \(self.old.version.value) it is here", at: $0)] } ?? []))
    }

    // MARK: Fields

    private mutating func compare(_ oldFields: [FieldSpec], _ newFields: [FieldSpec], parent: [String], newParent: SourceLocation) {
        var matched: Set<String> = []
        for field in newFields {
            let path = (parent + [field.name]).joined(separator: ".")
            if let before = oldFields.first(where: { $0.name == field.name }) {
                matched.insert(before.name)
                compare(before, field, path: parent + [field.name])
            } else if let renamed = field.renamedFrom, let before = oldFields.first(where: { $0.name == renamed.value }) {
                matched.insert(before.name)
                report(.changeFieldRenamed, "'\((parent + [before.name]).joined(separator: "."))' is now '\(path)': answers under the old name are refused",
                       at: renamed.location, was: before.location)
                compare(before, field, path: parent + [field.name])
            } else if field.required && field.logic.visibleWhen == nil && field.logic.requiredWhen == nil {
                report(.changeMadeRequired, "'\(path)' is new and required: earlier answers do not have it", at: field.location, was: nil)
            } else {
                report(.changeFieldAdded, "'\(path)' is new and optional", at: field.location, was: nil)
            }
        }
        for field in oldFields where !matched.contains(field.name) {
            report(.changeFieldRemoved, "'\((parent + [field.name]).joined(separator: "."))' is removed: answers that have it are refused",
                   at: newParent, was: field.location)
        }
    }

    private mutating func compare(_ before: FieldSpec, _ after: FieldSpec, path names: [String]) {
        let path = names.joined(separator: ".")
        let here = after.location, was = before.location
        if before.kind != after.kind {
            report(.changeTypeChanged, "'\(path)' was \(before.kind.rawValue), is \(after.kind.rawValue)", at: here, was: was)
            return  // its constraints and fields mean something else now
        }
        // Required, and when.
        if !before.required && after.required {
            report(.changeMadeRequired, "'\(path)' was optional, is required", at: here, was: was)
        } else if before.required && !after.required {
            report(.changeNowOptional, "'\(path)' was required, is optional: code that reads it must expect it missing", at: here, was: was)
        }
        condition("required_when", before.logic.requiredWhen, after.logic.requiredWhen, path: path, here: here, was: was)
        condition("visible_when", before.logic.visibleWhen, after.logic.visibleWhen, path: path, here: here, was: was)
        condition("compute", before.logic.compute, after.logic.compute, path: path, here: here, was: was)
        // Bounds: a lower bound that rises, an upper bound that falls, a limit that appears.
        bound("min", before.minimum, after.minimum, lower: true, path: path, here: here, was: was)
        bound("max", before.maximum, after.maximum, lower: false, path: path, here: here, was: was)
        count("min_length", before.minLength?.value, after.minLength?.value, lower: true, path: path, here: here, was: was)
        count("max_length", before.maxLength?.value, after.maxLength?.value, lower: false, path: path, here: here, was: was)
        count(before.kind == .repeat ? "repeat min" : "min_items", before.minItems?.value, after.minItems?.value, lower: true, path: path, here: here, was: was)
        count(before.kind == .repeat ? "repeat max" : "max_items", before.maxItems?.value, after.maxItems?.value, lower: false, path: path, here: here, was: was)
        count("max_size", before.maxSize.map { Int($0.value) }, after.maxSize.map { Int($0.value) }, lower: false, path: path, here: here, was: was)
        if before.pattern?.value != after.pattern?.value {
            if after.pattern == nil {
                report(.changeLoosened, "'\(path)' no longer has a pattern", at: here, was: was)
            } else {
                report(.changeTightened, "'\(path)' has a \(before.pattern == nil ? "new" : "different") pattern: '\(after.pattern!.value)'", at: after.pattern!.location, was: before.pattern?.location ?? was)
            }
        }
        let acceptBefore = Set(before.accept), acceptAfter = Set(after.accept)
        if !acceptBefore.subtracting(acceptAfter).isEmpty {
            report(.changeTightened, "'\(path)' no longer accepts \(acceptBefore.subtracting(acceptAfter).sorted().joined(separator: ", "))", at: here, was: was)
        }
        if !acceptAfter.subtracting(acceptBefore).isEmpty && !acceptBefore.isEmpty {
            report(.changeLoosened, "'\(path)' also accepts \(acceptAfter.subtracting(acceptBefore).sorted().joined(separator: ", "))", at: here, was: was)
        }
        // Choices, by value.
        let valuesBefore = before.choices.map(\.value), valuesAfter = Set(after.choices.map(\.value))
        let removed = valuesBefore.filter { !valuesAfter.contains($0) }
        if !removed.isEmpty {
            report(.changeChoiceRemoved, "'\(path)' no longer offers \(removed.map { "'\($0)'" }.joined(separator: ", "))", at: here, was: was)
        }
        let added = after.choices.filter { !valuesBefore.contains($0.value) }
        if !added.isEmpty {
            report(.changeChoiceAdded, "'\(path)' also offers \(added.map { "'\($0.value)'" }.joined(separator: ", "))", at: added[0].location, was: was)
        }
        // Wording.
        if before.label != after.label || before.hint != after.hint {
            report(.changeWording, "'\(path)': its \(before.label != after.label ? "label" : "hint") changed", at: here, was: was)
        }
        compare(before.fields, after.fields, parent: names, newParent: after.location)
    }

    private mutating func condition(_ key: String, _ before: ExpressionSource?, _ after: ExpressionSource?, path: String, here: SourceLocation, was: SourceLocation) {
        switch (before?.text, after?.text) {
        case (nil, nil): return
        case (let a?, let b?) where a == b: return
        case (_?, nil):
            report(.changeLoosened, "'\(path)' no longer has \(key)", at: here, was: before!.location)
        default:
            report(.changeConditionChanged, "'\(path)': \(key) \(before == nil ? "is new" : "changed"): '\(after!.text)'", at: after!.location, was: before?.location ?? was)
        }
    }

    private mutating func bound(_ key: String, _ before: Located<Bound>?, _ after: Located<Bound>?, lower: Bool, path: String, here: SourceLocation, was: SourceLocation) {
        func number(_ bound: Bound) -> Int64? {
            switch bound {
            case .integer(let n): return n
            case .date(let d): return Int64(d.description.filter(\.isNumber)) // YYYYMMDD orders as the dates do
            case .today: return nil
            }
        }
        guard before?.value != after?.value else { return }
        let from = before.map { describe($0.value) } ?? "none", to = after.map { describe($0.value) } ?? "none"
        let tighter: Bool
        switch (before.flatMap { number($0.value) }, after.flatMap { number($0.value) }) {
        case (nil, nil) where before == nil: tighter = true            // a bound appears
        case (_, nil) where after == nil: tighter = false              // a bound goes
        case (let a?, let b?): tighter = lower ? b > a : b < a
        default: tighter = true                                        // today against a date: not comparable; assume the worst
        }
        report(tighter ? .changeTightened : .changeLoosened, "'\(path)': \(key) was \(from), is \(to)", at: after?.location ?? here, was: before?.location ?? was)
    }

    private mutating func count(_ key: String, _ before: Int?, _ after: Int?, lower: Bool, path: String, here: SourceLocation, was: SourceLocation) {
        guard before != after else { return }
        let tighter: Bool
        switch (before, after) {
        case (nil, _?): tighter = true
        case (_?, nil): tighter = false
        case (let a?, let b?): tighter = lower ? b > a : b < a
        default: return
        }
        report(tighter ? .changeTightened : .changeLoosened, "'\(path)': \(key) was \(before.map(String.init) ?? "none"), is \(after.map(String.init) ?? "none")", at: here, was: was)
    }

    private func describe(_ bound: Bound) -> String {
        switch bound {
        case .integer(let n): String(n)
        case .date(let d): d.description
        case .today: "today"
        }
    }

    // MARK: Rules

    private mutating func compareRules() {
        for rule in new.rules {
            if let before = old.rules.first(where: { $0.id.value == rule.id.value }) {
                if before.check.text != rule.check.text {
                    report(.changeConditionChanged, "rule '\(rule.id.value)' checks something else: '\(rule.check.text)'", at: rule.check.location, was: before.check.location)
                }
            } else {
                report(.changeConditionChanged, "rule '\(rule.id.value)' is new: '\(rule.check.text)'", at: rule.id.location, was: nil)
            }
        }
        for rule in old.rules where !new.rules.contains(where: { $0.id.value == rule.id.value }) {
            report(.changeLoosened, "rule '\(rule.id.value)' is removed", at: new.id.location, was: rule.id.location)
        }
    }
}
