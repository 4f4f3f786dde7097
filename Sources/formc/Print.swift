import ArgumentParser
import FormcCore
import Foundation

/// `formc print`: a template or a filled printout (any HTML page of the build) to an A4 PDF, printed
/// by headless Chromium, which embeds the fonts it uses, so the Vietnamese text is kept exact and can
/// be extracted (docs/paper.md).
struct Print: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print HTML pages (templates, filled printouts) to PDF with headless Chromium.",
        discussion: "Each FILE.html becomes FILE.pdf beside it, or the file -o names (one input only).")

    @Argument(help: "HTML files to print.")
    var files: [String]

    @Option(name: .shortAndLong, help: "The PDF to write (with one input).")
    var output: String?

    @Option(help: "The Chromium to print with. Default: $FORMC_CHROMIUM, else chromium, chromium-browser or google-chrome on PATH.")
    var chromium: String?

    @Option(help: "Seconds to wait for each page.")
    var timeout: Int = 60

    func run() throws {
        guard !files.isEmpty else { throw CompileRequest.usageError("give the HTML files to print") }
        if output != nil && files.count > 1 { throw CompileRequest.usageError("-o takes one input; without it each FILE.html is printed to FILE.pdf") }
        guard let browser = chromium ?? ProcessInfo.processInfo.environment["FORMC_CHROMIUM"] ?? Self.onPath(["chromium", "chromium-browser", "google-chrome"]) else {
            throw CompileRequest.usageError("Chromium is needed to print (Debian: apt-get install chromium), or name one with --chromium")
        }
        for file in files {
            guard FileManager.default.isReadableFile(atPath: file) else { throw CompileRequest.usageError("cannot read \(file)") }
            let target = output ?? ((file as NSString).deletingPathExtension + ".pdf")
            try print(file, to: target, with: browser)
            FileHandle.standardError.write(Data("formc: printed \(file) to \(target)\n".utf8))
        }
    }

    /// Prints into a scratch file beside the target and renames it over the target only when
    /// Chromium wrote a PDF: a failed print leaves an earlier PDF as it was.
    private func print(_ file: String, to target: String, with browser: String) throws {
        let url = URL(fileURLWithPath: file).standardizedFileURL
        let scratch = (target as NSString).deletingLastPathComponent.isEmpty ? "." : (target as NSString).deletingLastPathComponent
        let partial = (scratch as NSString).appendingPathComponent(".\((target as NSString).lastPathComponent).\(getpid()).partial")
        defer { try? FileManager.default.removeItem(atPath: partial) }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("formc-print-\(getpid())-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser.contains("/") ? browser : (Self.onPath([browser]) ?? browser))
        var arguments = ["--headless=new", "--disable-gpu", "--no-pdf-header-footer", "--user-data-dir=\(profile.path)", "--print-to-pdf=\(partial)"]
        // Chromium refuses to sandbox itself as root (containers, CI): only then is the sandbox off.
        if geteuid() == 0 { arguments.append("--no-sandbox") }
        process.arguments = arguments + [url.absoluteString]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw CompileRequest.usageError("cannot start \(browser): \(error.localizedDescription)")
        }
        let deadline = Date().addingTimeInterval(TimeInterval(timeout))
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw CompileRequest.usageError("\(file): Chromium did not finish printing in \(timeout) s")
        }
        let bytes = FileManager.default.contents(atPath: partial) ?? Data()
        guard process.terminationStatus == 0, bytes.starts(with: Data("%PDF".utf8)) else {
            throw CompileRequest.usageError("\(file): Chromium did not print a PDF (exit status \(process.terminationStatus))")
        }
        if FileManager.default.fileExists(atPath: target) { try FileManager.default.removeItem(atPath: target) }
        try FileManager.default.moveItem(atPath: partial, toPath: target)
    }

    static func onPath(_ names: [String]) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in names {
            for folder in path.split(separator: ":") {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }
}
