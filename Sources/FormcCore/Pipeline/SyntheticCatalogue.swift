internal import Foundation

/// Builds a national-scale catalogue from a small corpus, for `formc bench`: every form, procedure
/// and bundle is copied `copies` times under new ids (forms and bundles get a `-cN` suffix,
/// procedures fresh codes), references follow their copy, and option lists, data sources and the
/// project file stay single.
public enum SyntheticCatalogue {
    public static func make(from sources: [SourceFile], copies: Int) -> [SourceFile] {
        let formReference = try! NSRegularExpression(pattern: "(\\bform: *)([a-z][a-z0-9-]*)")
        let procedureCode = try! NSRegularExpression(pattern: "^procedure: *\"?([0-9]\\.[0-9]{6})\"?", options: .anchorsMatchLines)
        let bundleID = try! NSRegularExpression(pattern: "^(bundle: *)([a-z][a-z0-9-]*)", options: .anchorsMatchLines)
        let memberCode = try! NSRegularExpression(pattern: "(\\bprocedure: *)\"([0-9]\\.[0-9]{6})\"")
        func first(_ pattern: NSRegularExpression, _ text: String) -> NSTextCheckingResult? {
            pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
        }
        func replacing(_ pattern: NSRegularExpression, in text: String, with template: String) -> String {
            pattern.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
        }
        // Each procedure's code in each copy, numbered in the order of the files, so a bundle's copy
        // names the codes of the same copy's procedures.
        var codes: [String: [String]] = [:]
        var nextCode = 0
        let texts = sources.map { String(decoding: $0.bytes, as: UTF8.self) }
        for text in texts {
            guard let match = first(procedureCode, text), let range = Range(match.range(at: 1), in: text) else { continue }
            codes[String(text[range])] = (0..<copies).map { _ in
                nextCode += 1
                return "9.\(String(format: "%06d", nextCode))"
            }
        }
        var result: [SourceFile] = []
        for (source, text) in zip(sources, texts) {
            let isBundle = first(bundleID, text) != nil
            guard isBundle || first(formReference, text) != nil || first(procedureCode, text) != nil else {
                result.append(source)
                continue
            }
            for copy in 0..<copies {
                var copied = replacing(formReference, in: text, with: "$1$2-c\(copy)")
                if let match = first(procedureCode, copied), let range = Range(match.range(at: 1), in: copied), let code = codes[String(copied[range])]?[copy] {
                    copied = replacing(procedureCode, in: copied, with: "procedure: \"\(code)\"")
                }
                if isBundle {
                    copied = replacing(bundleID, in: copied, with: "$1$2-c\(copy)")
                    // Each member's code, replaced from the last match back so the ranges stay right.
                    for match in memberCode.matches(in: copied, range: NSRange(copied.startIndex..., in: copied)).reversed() {
                        guard let range = Range(match.range(at: 2), in: copied), let code = codes[String(copied[range])]?[copy] else { continue }
                        copied.replaceSubrange(range, with: code)
                    }
                }
                let path = (source.path as NSString).deletingPathExtension + ".c\(copy).yaml"
                result.append(SourceFile(path: path, bytes: Array(copied.utf8)))
            }
        }
        return result
    }
}
