import Synchronization

/// A position in a spec file: 1-based line and column, columns counted in Unicode code points
/// (libyaml's unit), which is what editors that speak "file:line:col" expect for non-ASCII text.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The file, by its number in `FileNames`: every node, field and value of a spec carries a
    /// location, and millions of them are copied while a catalogue is checked; a number is copied
    /// without the reference counting a path's text would cost. Two locations are in the same file
    /// exactly when their numbers are equal.
    public private(set) var fileID: Int32
    private var storedLine: Int32
    private var storedColumn: Int32

    public init(file: String, line: Int, column: Int) {
        self.init(fileID: FileNames.id(of: file), line: line, column: column)
    }

    /// A location in a file already numbered (`FileNames.id(of:)`), as a reader makes thousands.
    public init(fileID: Int32, line: Int, column: Int) {
        self.fileID = fileID
        storedLine = Int32(clamping: line)
        storedColumn = Int32(clamping: column)
    }

    public var file: String {
        get { FileNames.name(of: fileID) }
        set { fileID = FileNames.id(of: newValue) }
    }

    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }

    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Int32(clamping: newValue) }
    }

    /// A location for a whole file, used when no better position exists (I/O errors, empty files).
    public static func file(_ path: String) -> SourceLocation {
        SourceLocation(file: path, line: 1, column: 1)
    }

    public var description: String { "\(file):\(line):\(column)" }

    /// By file path, then line and column.
    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        if a.fileID != b.fileID { return a.file < b.file }
        return (a.storedLine, a.storedColumn) < (b.storedLine, b.storedColumn)
    }

    /// The location `offset` code points further along the same line.
    public func advanced(by offset: Int) -> SourceLocation {
        SourceLocation(fileID: fileID, line: line, column: column + offset)
    }
}

/// The paths of the files locations point into, each numbered once for the life of the process.
/// Paths are few (the spec files of a project, a handful of others), so the table only grows by the
/// files a process reads.
public enum FileNames {
    private struct Table {
        var names: [String] = []
        var ids: [String: Int32] = [:]
    }

    private static let table = Mutex(Table())

    /// The number of `path`, given it on first use.
    public static func id(of path: String) -> Int32 {
        table.withLock { table in
            if let id = table.ids[path] { return id }
            let id = Int32(table.names.count)
            table.names.append(path)
            table.ids[path] = id
            return id
        }
    }

    /// The path numbered `id`.
    public static func name(of id: Int32) -> String {
        table.withLock { $0.names[Int(id)] }
    }
}

/// A half-open range in one file, used by fix-its to say exactly what to replace.
public struct SourceRange: Hashable, Sendable {
    public var start: SourceLocation
    public var end: SourceLocation

    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = end
    }
}

/// A value decoded from a spec, with the place it was written.
public struct Located<Value> {
    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Sendable where Value: Sendable {}
extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
