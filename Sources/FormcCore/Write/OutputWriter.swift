internal import CFormcSystem
internal import Foundation
#if canImport(Glibc)
internal import Glibc
#endif

/// The Write stage: puts a whole build on disk or nothing. Files are written into a fresh sibling
/// folder, then swapped with the output folder in one step, so readers see either the previous
/// build or the new one, never a mix, and a failure leaves the previous build as it was.
public enum OutputWriter {
    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
    }

    /// What a successful write wants the user to know: leftovers it could not remove. The build is
    /// in place either way; these are never silenced.
    public struct Report: Sendable {
        public var warnings: [String] = []
    }

    /// Replaces `directory` with exactly `artifacts`. A folder that exists and is not empty is
    /// replaced only if it is a previous formc output (it has formc's `manifest.json`), so a
    /// mistyped `--out` can never delete someone's work. A symbolic link to a folder is followed: the
    /// build replaces the folder it points to and the link stays as it was.
    ///
    /// Staging (`.NAME.formc-staging-PID`) and previous-build (`.NAME.formc-previous-PID`) folders
    /// that a killed build left beside the output are removed when their process is gone.
    @discardableResult
    public static func write(_ artifacts: [Artifact], to directory: String) throws(WriteError) -> Report {
        let session = try Session(directory)
        do {
            try session.add(artifacts)
        } catch {
            session.abandon()
            throw error
        }
        return try session.finish()
    }

    /// One build being written: files go into the staging folder as they are produced (so a build
    /// need not be held in memory whole), then `finish` makes the tree durable and swaps it in; a
    /// session that is abandoned, or whose process dies, leaves the output as it was.
    public final class Session {
        let directory: String
        let target: URL
        let exists: Bool
        let staging: URL
        var report = Report()
        /// `staging.path`, made once (`URL.path` makes it anew on every call).
        private let stagingPath: String
        /// The folders made so far, by their path in the output.
        private var folders: Set<String> = []
        private var paths: Set<String> = []
        private var finished = false

        /// Checks the output folder may be replaced, clears stale staging folders, makes this one.
        public init(_ directory: String) throws(WriteError) {
            self.directory = directory
            let manager = FileManager.default
            target = try resolvingLink(URL(fileURLWithPath: directory).standardizedFileURL, named: directory)
            var isDirectory: ObjCBool = false
            exists = manager.fileExists(atPath: target.path, isDirectory: &isDirectory)
            if exists {
                guard isDirectory.boolValue else { throw WriteError(description: "'\(directory)' exists and is not a folder; refusing to replace it") }
                let contents = (try? manager.contentsOfDirectory(atPath: target.path)) ?? []
                if !contents.isEmpty && !isFormcOutput(target) {
                    throw WriteError(description: "'\(directory)' is not empty and holds no formc manifest.json; refusing to replace it (choose another --out)")
                }
            }
            let parent = target.deletingLastPathComponent()
            do {
                try manager.createDirectory(at: parent, withIntermediateDirectories: true)
            } catch {
                throw WriteError(description: "cannot create '\(parent.path)': \(error.localizedDescription)")
            }
            // Also clears this process's own name for the staging folder.
            report.warnings += removeStaleFolders(beside: target)
            staging = sibling(of: target, .staging, pid: getpid())
            do {
                try manager.createDirectory(at: staging, withIntermediateDirectories: false)
            } catch {
                throw WriteError(description: "cannot write the build into '\(staging.path)': \(error.localizedDescription)")
            }
            stagingPath = staging.path
        }

        /// Reads back a file this session wrote, by its path in the output (nil if it wrote none).
        public var readBack: @Sendable (String) -> [UInt8]? {
            let staging = staging.path
            return { path in FileManager.default.contents(atPath: staging + "/" + path).map { [UInt8]($0) } }
        }

        /// Writes artifacts into the staging folder (each folder made once; plain writes, no sync
        /// per file). Two artifacts with one path, or a path outside the folder, are refused.
        public func add(_ artifacts: [Artifact]) throws(WriteError) {
            for artifact in artifacts {
                try checkPath(artifact.path)
                guard paths.insert(artifact.path).inserted else { throw WriteError(description: "two artifacts share the path \(artifact.path) (a formc bug: please report it with the specs)") }
                // The folders are made once each; a checked path has no `.`, `..` or empty part.
                if let slash = artifact.path.utf8.lastIndex(of: UInt8(ascii: "/")) {
                    try makeFolder(artifact.path[..<slash])
                }
                let file = stagingPath + "/" + artifact.path
                do {
                    try writeFile(file, artifact.bytes)
                } catch {
                    throw WriteError(description: "cannot write the build into '\(stagingPath)': \(error.description)")
                }
            }
        }

        /// Makes `folder` (a path in the output) and the folders it is in, each once.
        private func makeFolder(_ folder: Substring) throws(WriteError) {
            guard !folders.contains(String(folder)) else { return }
            if let slash = folder.utf8.lastIndex(of: UInt8(ascii: "/")) { try makeFolder(folder[..<slash]) }
            let path = stagingPath + "/" + folder
            // The staging folder is fresh, so a folder there is one this build made.
            guard mkdir(path, 0o777) == 0 || errno == EEXIST else {
                throw WriteError(description: "cannot write the build into '\(stagingPath)': \(path): \(String(cString: strerror(errno)))")
            }
            folders.insert(String(folder))
        }

        /// Removes the staging folder: the output stays as it was.
        public func abandon() {
            guard !finished else { return }
            finished = true
            try? FileManager.default.removeItem(at: staging)
        }

        /// Makes every file durable with one sync of the staging tree, then swaps it with the output.
        public func finish() throws(WriteError) -> Report {
            guard !finished else { throw WriteError(description: "the build was already finished or abandoned") }
            finished = true
            let manager = FileManager.default
            let parent = target.deletingLastPathComponent()
            do {
                try syncTree(staging.path)
            } catch {
                try? manager.removeItem(at: staging)
                throw error
            }
            // Swap: the new build takes the output's name in one rename; the old one is then removed.
            if exists {
                if formc_exchange_paths(staging.path, target.path) == 0 {
                    syncFolder(parent.path)
                    // `staging` now holds the previous build.
                    if let problem = remove(staging) { report.warnings.append(leftover(staging, problem)) }
                    return report
                }
                // Filesystems without RENAME_EXCHANGE: move the old build aside, then the new one in.
                let previous = sibling(of: target, .previous, pid: getpid())  // cleared with the stale folders
                guard rename(target.path, previous.path) == 0 else {
                    try? manager.removeItem(at: staging)
                    throw WriteError(description: "cannot replace '\(directory)': \(String(cString: strerror(errno)))")
                }
                guard rename(staging.path, target.path) == 0 else {
                    let reason = String(cString: strerror(errno))
                    _ = rename(previous.path, target.path)
                    try? manager.removeItem(at: staging)
                    throw WriteError(description: "cannot replace '\(directory)': \(reason)")
                }
                syncFolder(parent.path)
                if let problem = remove(previous) { report.warnings.append(leftover(previous, problem)) }
            } else if rename(staging.path, target.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? manager.removeItem(at: staging)
                throw WriteError(description: "cannot create '\(directory)': \(reason)")
            } else {
                syncFolder(parent.path)
            }
            return report
        }
    }

    /// Writes a new file (it must not exist: the staging folder is fresh), all or an error.
    static func writeFile(_ path: String, _ bytes: [UInt8]) throws(WriteError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw WriteError(description: "\(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                throw WriteError(description: "\(path): \(String(cString: strerror(errno)))")
            }
            written += count
        }
    }

    /// Makes every file written under `folder` durable at once: syncfs of its filesystem (one
    /// call, instead of an fsync per file), before the swap makes the build visible.
    static func syncTree(_ folder: String) throws(WriteError) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw WriteError(description: "\(folder): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard formc_sync_filesystem(fd) == 0 else { throw WriteError(description: "\(folder): cannot sync: \(String(cString: strerror(errno)))") }
    }

    /// Makes a rename in `folder` durable (best effort: the build is in place either way).
    static func syncFolder(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// The two kinds of folder a build makes beside its output.
    enum SiblingKind: String {
        case staging = "formc-staging", previous = "formc-previous"
    }

    static func sibling(of target: URL, _ kind: SiblingKind, pid: pid_t) -> URL {
        target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(kind.rawValue)-\(pid)")
    }

    /// The folder a link at `url` points to (links followed to the end), or `url` when it is no link.
    /// A link that points nowhere is refused: following it would create a folder the user may not expect.
    static func resolvingLink(_ url: URL, named name: String) throws(WriteError) -> URL {
        var info = stat()
        guard lstat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return url }
        guard let resolved = realpath(url.path, nil) else {
            throw WriteError(description: "'\(name)' is a symbolic link to a folder that does not exist; refusing to replace the link (create the folder, or choose another --out)")
        }
        defer { free(resolved) }
        return URL(fileURLWithPath: String(cString: resolved)).standardizedFileURL
    }

    /// Removes staging and previous-build folders of `target` whose process is gone (a build killed
    /// before it could clean up). A folder of a running process is another build's: left alone.
    static func removeStaleFolders(beside target: URL) -> [String] {
        let parent = target.deletingLastPathComponent()
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return [] }
        var warnings: [String] = []
        for name in names.sorted() {
            for kind in [SiblingKind.staging, .previous] {
                let prefix = ".\(target.lastPathComponent).\(kind.rawValue)-"
                guard name.hasPrefix(prefix), let pid = pid_t(name.dropFirst(prefix.count)), pid > 0 else { continue }
                guard pid == getpid() || (kill(pid, 0) != 0 && errno == ESRCH) else { continue }
                let folder = parent.appendingPathComponent(name)
                if let problem = remove(folder) { warnings.append(leftover(folder, problem)) }
            }
        }
        return warnings
    }

    /// Removes a folder; the reason when it could not.
    static func remove(_ folder: URL) -> String? {
        // A build's tree is tens of thousands of files, and removing it is the kernel's work, file by
        // file: the second level (each form's and procedure's folder) is removed on all cores, then
        // what is left. Nothing is followed: a link — also one in the folder's own place, whose name
        // is in a folder users write to — is removed as a link, by the final removal.
        let manager = FileManager.default
        func isFolder(_ path: String) -> Bool { (try? manager.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeDirectory }
        var parts: [String] = []
        if isFolder(folder.path) {
            for entry in (try? manager.contentsOfDirectory(atPath: folder.path)) ?? [] {
                let path = folder.path + "/" + entry
                guard isFolder(path), let inner = try? manager.contentsOfDirectory(atPath: path) else { continue }
                parts += inner.map { path + "/" + $0 }
            }
        }
        // A part that cannot be removed is met again below, which reports it.
        _ = Parallel.map(parts) { path in (try? FileManager.default.removeItem(atPath: path)) != nil }
        do {
            try manager.removeItem(at: folder)
            return nil
        } catch {
            // Foundation's message for a partly removed tree names the first file that failed.
            return (error as NSError).localizedDescription
        }
    }

    static func leftover(_ folder: URL, _ problem: String) -> String {
        "cannot remove the leftover build folder '\(folder.path)': \(problem); the new build is in place, remove that folder by hand"
    }

    /// Artifact paths are relative, `/`-separated and never climb out of the output folder.
    static func checkPath(_ path: String) throws(WriteError) {
        // Over the UTF-8 bytes (a build checks some 50,000 paths): no `\`, no NUL, and no component
        // that is empty (which also refuses a leading `/`), `.` or `..`.
        let bytes = path.utf8
        var bad = bytes.isEmpty || bytes.contains(UInt8(ascii: "\\")) || bytes.contains(0)
        var start = bytes.startIndex
        while !bad {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "/")) ?? bytes.endIndex
            let component = bytes[start..<end]
            bad = component.isEmpty || component.elementsEqual(".".utf8) || component.elementsEqual("..".utf8)
            guard end != bytes.endIndex else { break }
            start = bytes.index(after: end)
        }
        if bad { throw WriteError(description: "refusing to write artifact path '\(path)' outside the output folder") }
    }

    /// Whether the folder holds a formc build: its `manifest.json` opens with formc's signature
    /// (`{` and `"generator": "formc"` first, as every formc writes it). Only the opening is read: a
    /// national build's manifest is 10 MB, and parsing it whole took more memory than the build.
    static func isFormcOutput(_ folder: URL) -> Bool {
        guard let file = FileHandle(forReadingAtPath: folder.appendingPathComponent("manifest.json").path) else { return false }
        defer { try? file.close() }
        guard let data = try? file.read(upToCount: 64) else { return false }
        let opening = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace).prefix(3)
        return Array(opening) == ["{", "\"generator\":", "\"formc\","]
    }
}
