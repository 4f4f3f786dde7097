/// Where the cursor is in a spec's text, read off the text itself so it works while the YAML is half
/// typed and does not parse: the keys from the document's root to the mapping or list the cursor is
/// in (block indentation, list dashes and flow braces on the cursor's line), whether a key or a value
/// is being written there, and the word under the cursor.
public struct SpecCursor: Sendable, Equatable {
    /// The keys from the root to the container the cursor is in; `[]` stands for a list item.
    public var path: [String]
    /// The key whose value the cursor is in, or nil where a key is written. In a flow list
    /// (`channels: [truc_tiep, |]`) the path ends with `[]` and this is `[]`.
    public var valueOf: String?
    /// The word the cursor is on: letters, digits, `_`, `.`, `-`, `@`; and the part of it before the cursor.
    public var word: String
    public var prefix: String
    /// Where the word starts, as a zero-based offset in Unicode scalars on the cursor's line.
    public var wordStart: Int
    /// The text of the value before the cursor (for an expression: what has been typed so far).
    public var valueText: String
    /// The cursor is in a comment: nothing to complete.
    public var isInComment: Bool
    /// The cursor's line (zero-based), where its content starts, and whether the cursor is inside a
    /// flow mapping or list on it.
    public var line: Int
    public var indent: Int
    public var isInFlow: Bool

    /// The keys of the value being written: `path` and `valueOf` (a list item already ends in `[]`).
    public var valuePath: [String] {
        guard let valueOf, valueOf != "[]" else { return path }
        return path + [valueOf]
    }

    /// `line` is zero-based; `column` a zero-based offset in Unicode scalars.
    public init(text: String, line: Int, column: Int) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        let current = line < lines.count ? lines[line] : []
        let column = min(max(column, 0), current.count)
        let before = Array(current[..<column])

        // The word around the cursor.
        // `@` too: a pinned form reference (`to-khai@2`) is one word.
        func isWord(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "_" || s == "." || s == "-" || s == "@" }
        var start = column
        while start > 0, isWord(current[start - 1]) { start -= 1 }
        var end = column
        while end < current.count, isWord(current[end]) { end += 1 }
        word = String(String.UnicodeScalarView(current[start..<end]))
        prefix = String(String.UnicodeScalarView(current[start..<column]))
        wordStart = start

        // The cursor's own line: its indentation and list dashes, then its flow structure.
        let shape = Self.shape(before)
        var path = Self.blockPath(lines, above: line, indent: shape.dashes > 0 ? shape.spaces : shape.contentIndent)
        path += Array(repeating: "[]", count: shape.dashes)
        let flow = Self.flow(Array(before[min(shape.contentIndent, before.count)...]))
        isInComment = flow == nil
        self.line = line
        indent = shape.contentIndent
        isInFlow = !(flow?.path.isEmpty ?? true)
        path += flow?.path ?? []
        self.path = path
        valueOf = flow?.valueOf
        valueText = flow?.valueText ?? ""
    }

    /// Leading spaces, the dashes of list items after them (`- - x`), and where the content starts.
    static func shape(_ line: [Unicode.Scalar]) -> (spaces: Int, dashes: Int, contentIndent: Int) {
        var i = 0
        while i < line.count, line[i] == " " { i += 1 }
        let spaces = i
        var dashes = 0
        while i < line.count, line[i] == "-", i + 1 == line.count || line[i + 1] == " " {
            dashes += 1
            i += 1
            while i < line.count, line[i] == " " { i += 1 }
        }
        return (spaces, dashes, i)
    }

    /// The key a line starts with (`key:` followed by a blank or the end), if any.
    static func leadingKey(_ content: ArraySlice<Unicode.Scalar>) -> (key: String, hasValue: Bool)? {
        var i = content.startIndex
        if i < content.endIndex, content[i] == "\"" || content[i] == "'" {
            let quote = content[i]
            i += 1
            let keyStart = i
            while i < content.endIndex, content[i] != quote { i += 1 }
            guard i + 1 < content.endIndex, content[i + 1] == ":" else { return nil }
            let key = String(String.UnicodeScalarView(content[keyStart..<i]))
            return (key, !String(String.UnicodeScalarView(content[(i + 2)...])).trimmingSpaces.isEmpty)
        }
        while i < content.endIndex, content[i] != ":", content[i] != "#", content[i] != "{", content[i] != "[" { i += 1 }
        guard i < content.endIndex, content[i] == ":", i + 1 == content.endIndex || content[i + 1] == " " else { return nil }
        let key = String(String.UnicodeScalarView(content[content.startIndex..<i])).trimmingSpaces
        guard !key.isEmpty else { return nil }
        let rest = String(String.UnicodeScalarView(content[(i + 1)...])).trimmingSpaces
        return (key, !rest.isEmpty && !rest.hasPrefix("#"))
    }

    /// The block keys that contain a line with the given indentation: each line above with less
    /// indentation that opens a key, and each list item (`- `) the line is inside.
    static func blockPath(_ lines: [[Unicode.Scalar]], above line: Int, indent: Int) -> [String] {
        var path: [String] = []
        var target = indent
        var listAt: Int? = nil  // a list's dash column: its key may sit at that same column
        var i = min(line, lines.count) - 1
        while i >= 0, target > 0 || listAt == 0 {
            defer { i -= 1 }
            let text = lines[i]
            let shape = shape(text)
            guard shape.contentIndent < text.count, text[shape.contentIndent] != "#" else { continue }  // blank or comment
            let key = leadingKey(text[shape.contentIndent...])
            if shape.dashes > 0, shape.spaces < target {
                if let key, shape.contentIndent < target, !key.hasValue { path.insert(key.key, at: 0) }
                for _ in 0..<shape.dashes { path.insert("[]", at: 0) }
                target = shape.spaces
                listAt = shape.spaces
            } else if shape.dashes == 0, let key, !key.hasValue,
                shape.contentIndent < target || (shape.contentIndent == target && listAt == target)
            {
                path.insert(key.key, at: 0)
                target = shape.contentIndent
                listAt = nil
            }
        }
        return path
    }

    /// The flow structure of the text before the cursor on its line: the keys and lists opened and
    /// not closed, and whether the cursor is in a key or a value.
    static func flow(_ text: [Unicode.Scalar]) -> (path: [String], valueOf: String?, valueText: String)? {
        var stack: [(key: String, isList: Bool)] = []
        var token = "", lastKey: String? = nil, valueStart: Int? = nil
        var i = 0
        while i < text.count {
            let c = text[i]
            switch c {
            case "\"", "'":
                // A quoted scalar: skip to its end ('' and \" stay inside).
                i += 1
                while i < text.count {
                    if text[i] == "\\", c == "\"" { i += 2; continue }
                    if text[i] == c {
                        if c == "'", i + 1 < text.count, text[i + 1] == "'" { i += 2; continue }
                        break
                    }
                    i += 1
                }
            case ":" where i + 1 == text.count || text[i + 1] == " ":
                lastKey = token.trimmingSpaces
                token = ""
                valueStart = i + 1
            case "{", "[":
                let inList = stack.last?.isList ?? false
                stack.append((lastKey ?? (inList ? "[]" : ""), c == "["))
                lastKey = nil
                token = ""
                valueStart = c == "[" ? i + 1 : nil
            case "}", "]":
                if !stack.isEmpty { stack.removeLast() }
                lastKey = nil
                token = ""
                valueStart = nil
            case ",":
                lastKey = nil
                token = ""
                valueStart = stack.last?.isList == true ? i + 1 : nil
            case "#" where i == 0 || text[i - 1] == " ":
                // A comment: nothing after it is structure.
                return nil
            default:
                token.unicodeScalars.append(c)
            }
            i += 1
        }
        var path: [String] = []
        for (index, entry) in stack.enumerated() {
            // A mapping opened inside a list is one of its items: the list already put `[]` in the path.
            if !(index > 0 && stack[index - 1].isList), !entry.key.isEmpty { path.append(entry.key) }
            if entry.isList { path.append("[]") }
        }
        let valueText = valueStart.map { String(String.UnicodeScalarView(text[min($0, text.count)...])).trimmingLeadingSpaces } ?? ""
        if let lastKey { return (path, lastKey, valueText) }
        if stack.last?.isList == true { return (path, "[]", valueText) }
        return (path, nil, "")
    }
}

extension String {
    var trimmingSpaces: String {
        var scalars = unicodeScalars[...]
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" || last == "\r" { scalars.removeLast() }
        return String(scalars)
    }

    var trimmingLeadingSpaces: String { String(unicodeScalars.drop { $0 == " " }) }
}
