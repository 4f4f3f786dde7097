// A command without Foundation, as a small service would be: it reads a request body on standard
// input, takes it in as a signature-certification request (one call: parse, validate, decode) and
// prints the verdict, naming the field of each error. That it links at all shows FormcRuntime brings
// what it needs (libm on Linux) by itself. Usage: Intake [YYYY-MM-DD] < body.json
import ChungThuc
import FormcRuntime

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

var body: [UInt8] = []
var buffer = [UInt8](repeating: 0, count: 1 << 16)
while true {
    let count = read(0, &buffer, buffer.count)
    if count <= 0 { break }
    body += buffer[0..<count]
    // A service caps the body before reading it: 1 MiB here.
    if body.count > 1 << 20 {
        print("the body is over 1 MiB")
        exit(2)
    }
}
let today = CommandLine.arguments.count > 1 ? CalendarDate(CommandLine.arguments[1]) ?? .todayInVietnam() : .todayInVietnam()
do {
    let request = try DeNghiChungThucChuKy.intake(body, today: today)
    print("accepted: \(request.nguoiYeuCau.hoTen), \(request.vanBan.soChuKy) signature(s) on \(request.vanBan.tenVanBan)")
} catch {
    for rejected in error.errors {
        print("\(rejected.path) [\(rejected.rule)] \(DeNghiChungThucChuKy.labels.describe(rejected).vi)")
    }
    exit(1)
}
