import ArgumentParser
import Foundation

/// A side of a comparison given as a git revision rather than a folder (`--baseline v1.2`,
/// `formc diff HEAD~1 forms`): the specs folder as it was at that revision, extracted with
/// `git archive` into a temporary folder that is removed when the process ends.
enum Revision {
    /// `spec` itself when it is a folder; else the folder `like` (a specs folder of this checkout)
    /// as it was at revision `spec`.
    static func folder(_ spec: String, like specsFolder: String, failing: (String) -> ExitCode) throws -> String {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: spec, isDirectory: &isFolder), isFolder.boolValue { return spec }
        let folder = URL(fileURLWithPath: specsFolder).standardizedFileURL
        guard let root = git(["-C", folder.path, "rev-parse", "--show-toplevel"])?.trimmingCharacters(in: .whitespacesAndNewlines), !root.isEmpty else {
            throw failing("'\(spec)' is neither a folder nor a git revision (\(folder.path) is not in a git repository)")
        }
        let rootURL = URL(fileURLWithPath: root).resolvingSymlinksInPath().standardizedFileURL
        let resolved = folder.resolvingSymlinksInPath().standardizedFileURL
        let relative = resolved.path == rootURL.path ? "." : String(resolved.path.dropFirst(rootURL.path.count + 1))
        guard git(["-C", root, "rev-parse", "--verify", "--quiet", spec + "^{commit}"]) != nil else {
            throw failing("'\(spec)' is neither a folder nor a git revision of \(root)")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("formc-revision-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        // One exit handler removes every folder extracted in this process.
        if scratchFolders.isEmpty { atexit { for folder in Revision.scratchFolders { try? FileManager.default.removeItem(atPath: folder) } } }
        scratchFolders.append(scratch.path)
        // git archive REV -- PATH | tar -x -C SCRATCH
        let archive = scratch.appendingPathComponent("specs.tar").path
        guard git(["-C", root, "archive", "--format=tar", "-o", archive, spec, "--", relative]) != nil,
            run("/bin/tar", ["-x", "-f", archive, "-C", scratch.path]) != nil
        else {
            throw failing("cannot read \(relative) at revision '\(spec)' (is it in the repository at that revision?)")
        }
        try? FileManager.default.removeItem(atPath: archive)
        return relative == "." ? scratch.path : scratch.appendingPathComponent(relative).path
    }

    nonisolated(unsafe) static var scratchFolders: [String] = []

    private static func git(_ arguments: [String]) -> String? { run("/usr/bin/env", ["git"] + arguments) }

    /// The program's standard output, or nil when it fails.
    private static func run(_ program: String, _ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}
