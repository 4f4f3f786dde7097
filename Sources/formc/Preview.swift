import ArgumentParser
import FormcCore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Set by SIGINT and SIGTERM: the serving loop ends at its next turn.
nonisolated(unsafe) private var stopRequested: sig_atomic_t = 0

/// `formc preview`: builds the specs, serves the output on 127.0.0.1 with an index and a submission
/// receiver, and rebuilds whenever a spec changes. A build with errors keeps the last good output
/// served and shows the located diagnostics on the index and in the terminal.
struct Preview: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build, serve the artifacts on 127.0.0.1 with a submission receiver, and rebuild on every save.")

    @Argument(help: "Spec files or folders. Default: the folder of the nearest formc.yaml from here upwards, else forms")
    var paths: [String] = []

    @Option(help: "The port on 127.0.0.1 (0: any free port). Default: 8400.")
    var port: Int = 8400

    @Option(help: "The date relative rules use (YYYY-MM-DD). Default: today in Vietnam.")
    var today: String?

    /// Request bodies larger than this are refused (413): submissions are small.
    static let maxBody = 1 << 20
    static let maxHeader = 16 << 10

    func run() throws {
        let output = NSTemporaryDirectory() + "formc-preview-\(getpid())"
        var state = PreviewState(paths: paths.isEmpty ? [CompileRequest.projectFolder() ?? "forms"] : paths, output: output, today: try date())
        state.rebuild()
        defer { try? FileManager.default.removeItem(atPath: output) }
        let server = try Self.listen(port: port)
        defer { close(server.fd) }
        say("formc preview: serving http://127.0.0.1:\(server.port)/ (Ctrl-C to stop)")
        signal(SIGINT) { _ in stopRequested = 1 }
        signal(SIGTERM) { _ in stopRequested = 1 }
        // A parent may have started us with these blocked (the mask survives exec): unblock them.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigaddset(&unblock, SIGTERM)
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
        while stopRequested == 0 {
            var poller = pollfd(fd: server.fd, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 400) > 0 {
                let client = accept(server.fd, nil, nil)
                if client >= 0 {
                    Self.handle(client, state: state)
                    close(client)
                }
            }
            if state.specsChanged() { state.rebuild() }
        }
        say("formc preview: stopped")
    }

    private func date() throws -> CalendarDate {
        if let today {
            guard let date = CalendarDate(today) else { throw CompileRequest.usageError("--today must be a date written YYYY-MM-DD") }
            return date
        }
        return PreviewState.vietnamToday()
    }

    /// A listening socket on 127.0.0.1 only: a preview is for the designer's own machine.
    static func listen(port: Int) throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw CompileRequest.usageError("cannot open a socket") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, Glibc.listen(fd, 16) == 0 else {
            close(fd)
            throw CompileRequest.usageError("cannot listen on 127.0.0.1:\(port) (in use?); choose another with --port")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return (fd, Int(UInt16(bigEndian: actual.sin_port)))
    }

    // MARK: HTTP

    struct Request {
        var method: String
        var path: String
        var body: [UInt8]
    }

    static func handle(_ client: Int32, state: PreviewState) {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let response: (status: Int, type: String, body: [UInt8])
        switch readRequest(client) {
        case .failure(let status): response = (status.code, "text/plain; charset=utf-8", Array("\(status.code)\n".utf8))
        case .success(let request): response = state.respond(to: request)
        }
        let reason = [200: "OK", 201: "Created", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict",
                      413: "Content Too Large", 422: "Unprocessable Content", 431: "Request Header Fields Too Large"][response.status] ?? "Error"
        var head = "HTTP/1.1 \(response.status) \(reason)\r\nContent-Type: \(response.type)\r\nContent-Length: \(response.body.count)\r\n"
        head += "Cache-Control: no-store\r\nConnection: close\r\n\r\n"
        let bytes = Array(head.utf8) + response.body
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { break }
            sent += n
        }
    }

    /// One request, headers and body bounded; a failure is the status to answer.
    static func readRequest(_ client: Int32) -> Result<Request, HTTPStatus> {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        var headerEnd: Int?
        while headerEnd == nil {
            let n = recv(client, &buffer, buffer.count, 0)
            if n <= 0 { return .failure(HTTPStatus(400)) }
            data += buffer[0..<n]
            if let range = find(data, [13, 10, 13, 10]) { headerEnd = range } else if data.count > maxHeader { return .failure(HTTPStatus(431)) }
        }
        let head = String(decoding: data[0..<headerEnd!], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ")
        guard parts.count >= 2 else { return .failure(HTTPStatus(400)) }
        var length = 0
        for line in lines.dropFirst() where line.lowercased().hasPrefix("content-length:") {
            length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? -1
        }
        guard length >= 0 else { return .failure(HTTPStatus(400)) }
        guard length <= maxBody else { return .failure(HTTPStatus(413)) }
        var body = Array(data[(headerEnd! + 4)...])
        while body.count < length {
            let n = recv(client, &buffer, min(buffer.count, length - body.count), 0)
            if n <= 0 { return .failure(HTTPStatus(400)) }
            body += buffer[0..<n]
        }
        return .success(Request(method: String(parts[0]), path: String(parts[1]), body: Array(body.prefix(length))))
    }

    static func find(_ haystack: [UInt8], _ needle: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
        return nil
    }
}

/// A line on standard output, written at once (not buffered): scripts wait for these lines.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

struct HTTPStatus: Error {
    var code: Int
    init(_ code: Int) { self.code = code }
}

/// What the preview serves: the last good build, its checked specs (for the receiver), and the
/// diagnostics of the last build.
struct PreviewState {
    let paths: [String]
    let output: String
    let today: CalendarDate
    var checked: CheckedSpecs?
    var diagnostics = ""
    var failed = false
    var signature: [String] = []
    var artifactPaths: [String] = []

    static func vietnamToday() -> CalendarDate { CompileOptions.currentDate(timeZone: "Asia/Ho_Chi_Minh") }

    /// The spec files with their sizes and modification times: a change to any of them, or a file
    /// added or removed, triggers a rebuild.
    func currentSignature() -> [String] {
        let files = (try? Compiler.discoverSpecFiles(paths)) ?? []
        return files.map { file in
            let attributes = try? FileManager.default.attributesOfItem(atPath: file)
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(file)|\(attributes?[.size] as? Int ?? -1)|\(modified)"
        }
    }

    mutating func specsChanged() -> Bool { currentSignature() != signature }

    mutating func rebuild() {
        signature = currentSignature()
        let files = (try? Compiler.discoverSpecFiles(paths)) ?? []
        let result = Compiler.compile(files: files, options: CompileOptions(today: today))
        diagnostics = DiagnosticRenderer.text(result.diagnostics.sorted, sources: result.sources, colour: false)
        guard !result.diagnostics.hasErrors, let artifacts = result.artifacts else {
            failed = true
            FileHandle.standardError.write(Data(("formc preview: the specs have errors; still serving the last good build\n" + diagnostics).utf8))
            return
        }
        do {
            _ = try OutputWriter.write(artifacts, to: output)
        } catch {
            failed = true
            diagnostics = "cannot write the preview: \(error)"
            return
        }
        failed = false
        checked = result.checked
        artifactPaths = artifacts.map(\.path).sorted()
        say("formc preview: built \(artifacts.count) artifacts")
    }

    // MARK: Responses

    func respond(to request: Preview.Request) -> (status: Int, type: String, body: [UInt8]) {
        let path = String(request.path.prefix { $0 != "?" })
        if request.method == "POST" {
            guard path == "/submissions" else { return (404, "text/plain; charset=utf-8", Array("no such endpoint\n".utf8)) }
            return receive(request.body)
        }
        guard request.method == "GET" || request.method == "HEAD" else { return (405, "text/plain; charset=utf-8", Array("GET or POST\n".utf8)) }
        if path == "/" { return (200, "text/html; charset=utf-8", index()) }
        // Only files of the build, by their artifact path: nothing else on disk can be reached.
        let relative = String(path.dropFirst())
        guard artifactPaths.contains(relative), let data = FileManager.default.contents(atPath: output + "/" + relative) else {
            return (404, "text/plain; charset=utf-8", Array("not in this build: \(relative)\n".utf8))
        }
        return (200, Self.contentType(relative), [UInt8](data))
    }

    static func contentType(_ path: String) -> String {
        switch (path as NSString).pathExtension {
        case "html": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "json": "application/json"
        case "ts", "mts": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }

    /// The index: the diagnostics of a failed build first, then every page of the build.
    func index() -> [UInt8] {
        var h = "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<title>formc preview</title>\n</head>\n<body>\n<main>\n<h1>formc preview</h1>\n"
        if failed {
            h += "<section id=\"loi\"><h2>Các đặc tả có lỗi — đang phục vụ bản dựng tốt gần nhất</h2>\n<pre>\(escape(diagnostics))</pre></section>\n"
        }
        h += "<h2>Trang</h2>\n<ul>\n"
        for path in artifactPaths where path.hasSuffix(".html") {
            h += "<li><a href=\"/\(escape(path))\">\(escape(path))</a></li>\n"
        }
        h += "</ul>\n<p>Nơi nhận hồ sơ: <code>POST /submissions</code></p>\n</main>\n</body>\n</html>\n"
        return Array(h.utf8)
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// The submission receiver: re-validates with formc's own validator and answers with the errors in
    /// `validate.mjs`'s shape; a submission stamped with another version of the form is refused.
    func receive(_ body: [UInt8]) -> (status: Int, type: String, body: [UInt8]) {
        func answer(_ status: Int, _ value: JSONValue) -> (status: Int, type: String, body: [UInt8]) {
            (status, "application/json", JSONCodec.encode(value))
        }
        guard let submission = try? JSONCodec.decode(body), let id = submission["form"]?.stringValue, let version = submission["version"]?.stringValue else {
            return answer(400, .object([("error", .string("expected { form, version, answers }"))]))
        }
        let forms = (checked?.forms ?? []).filter { $0.id.value == id }
        guard let form = forms.max(by: { $0.version.value < $1.version.value }) else {
            return answer(404, .object([("error", .string("no form '\(id)' in this build"))]))
        }
        func result(_ errors: [(path: String, rule: String, message: LocalizedText)]) -> JSONValue {
            .object([
                ("valid", .bool(errors.isEmpty)),
                ("errors", .array(errors.map { .object([("path", .string($0.path)), ("rule", .string($0.rule)), ("message", .object([("vi", .string($0.message.vi))] + ($0.message.en.map { [("en", JSONValue.string($0))] } ?? [])))]) })),
            ])
        }
        guard version == form.version.value.description else {
            return answer(409, result([("", "form_version", Messages.formVersion)]))
        }
        let errors = SubmissionValidator(catalogue: checked?.catalogue, today: today).validate(submission["answers"] ?? .null, against: form)
        return answer(errors.isEmpty ? 201 : 422, result(errors.map { ($0.path, $0.name, $0.message) }))
    }
}
