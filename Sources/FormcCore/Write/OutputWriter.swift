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

    /// Replaces `directory` with exactly `artifacts`. A folder that exists and is not empty is
    /// replaced only if it is a previous formc output (it has formc's `manifest.json`), so a
    /// mistyped `--out` can never delete someone's work.
    public static func write(_ artifacts: [Artifact], to directory: String) throws(WriteError) {
        for artifact in artifacts { try checkPath(artifact.path) }
        let paths = artifacts.map(\.path)
        if Set(paths).count != paths.count { throw WriteError(description: "two artifacts share a path") }

        let manager = FileManager.default
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        var isDirectory: ObjCBool = false
        let exists = manager.fileExists(atPath: target.path, isDirectory: &isDirectory)
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
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).formc-staging-\(getpid())")
        try? manager.removeItem(at: staging)
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: false)
            for artifact in artifacts {
                let file = staging.appendingPathComponent(artifact.path)
                try manager.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(artifact.bytes).write(to: file)
            }
        } catch {
            try? manager.removeItem(at: staging)
            throw WriteError(description: "cannot write the build into '\(staging.path)': \(error.localizedDescription)")
        }
        // Swap: the new build takes the output's name in one rename; the old one is then removed.
        if exists {
            if formc_exchange_paths(staging.path, target.path) == 0 {
                try? manager.removeItem(at: staging)  // now holds the previous build
                return
            }
            // Filesystems without RENAME_EXCHANGE: move the old build aside, then the new one in.
            let previous = parent.appendingPathComponent(".\(target.lastPathComponent).formc-previous-\(getpid())")
            try? manager.removeItem(at: previous)
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
            try? manager.removeItem(at: previous)
        } else if rename(staging.path, target.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? manager.removeItem(at: staging)
            throw WriteError(description: "cannot create '\(directory)': \(reason)")
        }
    }

    /// Artifact paths are relative, `/`-separated and never climb out of the output folder.
    static func checkPath(_ path: String) throws(WriteError) {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        let bad = path.isEmpty || path.hasPrefix("/") || path.contains("\\") || path.contains("\0")
            || components.contains { $0.isEmpty || $0 == "." || $0 == ".." }
        if bad { throw WriteError(description: "refusing to write artifact path '\(path)' outside the output folder") }
    }

    static func isFormcOutput(_ folder: URL) -> Bool {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("manifest.json").path),
            let json = try? JSONCodec.decode([UInt8](data))
        else { return false }
        return json["generator"]?.stringValue == "formc"
    }
}
