import ArgumentParser
import FormcCore
import Foundation

/// `formc schema`: the JSON Schema of the spec format, for editors (docs/editors.md).
struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the JSON Schema of the spec format (forms, procedures, option lists, the project file) for editors.")

    @Option(name: .shortAndLong, help: "Write it to this file instead of standard output.")
    var output: String?

    func run() throws {
        let text = JSONCodec.encodeString(SpecSchemaEmitter.emit())
        if let output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } else {
            print(text, terminator: "")
        }
    }
}
