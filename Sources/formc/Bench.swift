import ArgumentParser
import FormcCore
import Foundation

/// `formc bench`: how the whole pipeline compares with libyaml's raw parse of the same bytes, on the
/// bundled corpus scaled up to national size. Both are timed in the same run, alternately, so the
/// ratio holds on a noisy shared machine even when the absolute times do not.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure compile speed against libyaml's raw parse, on a scaled-up corpus.")

    @Argument(help: "Spec files or folders to scale up. Default: forms")
    var paths: [String] = []

    @Option(help: "Copies of every form and procedure (the corpus has 8 of each).")
    var copies: Int = 250

    @Option(help: "Timed rounds; the fastest round of each side is reported.")
    var rounds: Int = 5

    @Option(help: "Write the scaled corpus into this folder (with the files it refers to) instead of timing, so any tool can time the real commands on it.")
    var writeCatalogue: String?

    @Flag(help: "Time only libyaml's parse, the check and the re-check (no emission): quicker, for work on the checker.")
    var checkOnly = false

    func run() throws {
        let files = try Compiler.discoverSpecFiles(paths.isEmpty ? ["forms"] : paths)
        let originals = try files.map { path -> SourceFile in
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
            return SourceFile(path: path, bytes: [UInt8](data))
        }
        let sources = SyntheticCatalogue.make(from: originals, copies: copies)
        if let folder = writeCatalogue {
            try write(sources, from: paths.isEmpty ? ["forms"] : paths, to: folder)
            return
        }
        let bytes = sources.reduce(0) { $0 + $1.bytes.count }
        let options = CompileOptions(today: CompileOptions.currentDate())
        let readFile: (String) -> [UInt8]? = { FileManager.default.contents(atPath: $0).map { [UInt8]($0) } }

        // One untimed round of each to warm caches, and to check the scaled corpus is clean.
        let warm = checkOnly ? Compiler.check(sources: sources, options: options, readFile: readFile)
            : Compiler.compile(sources: sources, options: options, readFile: readFile)
        guard warm.diagnostics.errorCount == 0, let artifacts = checkOnly ? [] : warm.artifacts else {
            throw ValidationError("the scaled corpus does not compile: \(warm.diagnostics.errorCount) errors")
        }
        var events = 0
        for source in sources { events += YAMLReader.countEvents(source.bytes) ?? 0 }

        var parseTimes: [Duration] = [], checkTimes: [Duration] = [], compileTimes: [Duration] = [], sequentialTimes: [Duration] = []
        var recheckTimes: [Duration] = [], sequentialCheckTimes: [Duration] = []
        let clock = ContinuousClock()
        // The language server's case: the project checked once, then one form edited and re-checked.
        let session = CheckSession()
        _ = session.check(sources: sources, options: options, readFile: readFile)
        let edited = sources.firstIndex { $0.path.hasSuffix(".yaml") && String(decoding: $0.bytes.prefix(400), as: UTF8.self).contains("\nform:") } ?? 0
        var edits = 0
        // `formc check` never frees what it checked (it exits once it has reported, as compilers do),
        // so the check is timed up to its result and the result freed after the clock stops: freeing
        // a national catalogue's millions of small objects one by one is a tenth of the check.
        var checked: [CompileResult] = []
        for _ in 0..<rounds {
            parseTimes.append(clock.measure { for source in sources { _ = YAMLReader.countEvents(source.bytes) } })
            checkTimes.append(clock.measure { checked.append(Compiler.check(sources: sources, options: options, readFile: readFile)) })
            checked.removeAll()
            if !checkOnly { compileTimes.append(clock.measure { _ = Compiler.compile(sources: sources, options: options, readFile: readFile) }) }
            // The same on one thread (Parallel.map reads FORMC_THREADS), side by side.
            setenv("FORMC_THREADS", "1", 1)
            sequentialCheckTimes.append(clock.measure { checked.append(Compiler.check(sources: sources, options: options, readFile: readFile)) })
            checked.removeAll()
            if !checkOnly { sequentialTimes.append(clock.measure { _ = Compiler.compile(sources: sources, options: options, readFile: readFile) }) }
            unsetenv("FORMC_THREADS")
            for _ in 0..<5 {
                edits += 1
                var changed = sources
                changed[edited] = SourceFile(path: sources[edited].path, bytes: sources[edited].bytes + Array("\n# edit \(edits)\n".utf8))
                recheckTimes.append(clock.measure { _ = session.check(sources: changed, options: options, readFile: readFile) })
            }
        }
        let parse = seconds(parseTimes.min()!), check = seconds(checkTimes.min()!)
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let forms = warm.checked?.forms.count ?? 0, procedures = warm.checked?.procedures.count ?? 0
        let outBytes = artifacts.reduce(0) { $0 + $1.bytes.count }
        print("allocator: \(Allocator.name)")
        print("corpus: \(sources.count) files, \(forms) forms, \(procedures) procedures, \(bytes / 1024) KiB of YAML, \(events) libyaml events")
        print("libyaml raw parse (events only):   \(format(parse)) s   \(format(Double(bytes) / parse / 1_048_576)) MiB/s")
        print("formc check (read, decode, check): \(format(check)) s   \(format(Double(bytes) / check / 1_048_576)) MiB/s   \(format(check / parse))x libyaml")
        let sequentialCheck = seconds(sequentialCheckTimes.min()!)
        print("  the same on one thread:          \(format(sequentialCheck)) s   \(format(sequentialCheck / parse))x libyaml   parallel speed-up \(format(sequentialCheck / check))x")
        if let compile = compileTimes.min().map(seconds), let sequential = sequentialTimes.min().map(seconds) {
            print("formc check + emit (no write):     \(format(compile)) s   \(format(Double(bytes) / compile / 1_048_576)) MiB/s   \(format(compile / parse))x libyaml   (\(ProcessInfo.processInfo.activeProcessorCount) cores)")
            print("  the same on one thread:          \(format(sequential)) s   \(format(sequential / parse))x libyaml   parallel speed-up \(format(sequential / compile))x")
        }
        let recheck = seconds(recheckTimes.min()!)
        print("one form edited, re-checked:       \(format(recheck * 1000)) ms   \(format(recheck / check * 100)) % of a full check   (CheckSession, as formc lsp)")
        if !checkOnly { print("artifacts: \(artifacts.count) files, \(outBytes / 1024) KiB") }
        print("peak resident memory: \(usage.ru_maxrss / 1024) MiB (fastest of \(rounds) rounds)")
    }

    /// The scaled corpus on disk: each spec under `folder` at its path below the folder it came from,
    /// and the other files there (the catalogue JSON the project file names) copied alongside.
    func write(_ sources: [SourceFile], from roots: [String], to folder: String) throws {
        let manager = FileManager.default
        guard !manager.fileExists(atPath: folder) else { throw ValidationError("\(folder) exists; give a new folder") }
        let root = roots.count == 1 ? URL(fileURLWithPath: roots[0]).standardizedFileURL.path : FileManager.default.currentDirectoryPath
        func target(_ path: String) -> String {
            let full = URL(fileURLWithPath: path).standardizedFileURL.path
            let relative = full.hasPrefix(root + "/") ? String(full.dropFirst(root.count + 1)) : (path as NSString).lastPathComponent
            return (folder as NSString).appendingPathComponent(relative)
        }
        for source in sources {
            let path = target(source.path)
            try manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(source.bytes).write(to: URL(fileURLWithPath: path))
        }
        // Files that are not specs (the unit catalogue), as they are.
        if let enumerator = manager.enumerator(atPath: root) {
            for case let relative as String in enumerator where relative.hasSuffix(".json") {
                let path = (folder as NSString).appendingPathComponent(relative)
                try manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try manager.copyItem(atPath: (root as NSString).appendingPathComponent(relative), toPath: path)
            }
        }
        let bytes = sources.reduce(0) { $0 + $1.bytes.count }
        print("wrote \(sources.count) spec files (\(bytes / 1024) KiB) to \(folder)")
    }

    func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    func format(_ x: Double) -> String { String(format: "%.3f", x) }
}
