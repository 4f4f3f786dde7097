internal import Foundation

/// Builds a national-scale catalogue from a small corpus, for `formc bench`: every form and
/// procedure is copied `copies` times under new ids (forms get a `-cN` suffix, procedures fresh
/// codes), references follow their form, and option lists and the project file stay single.
public enum SyntheticCatalogue {
    public static func make(from sources: [SourceFile], copies: Int) -> [SourceFile] {
        var result: [SourceFile] = []
        var nextCode = 0
        let formReference = try! NSRegularExpression(pattern: "(\\bform: *)([a-z][a-z0-9-]*)")
        let procedureCode = try! NSRegularExpression(pattern: "^procedure: *\"?[0-9]\\.[0-9]{6}\"?", options: .anchorsMatchLines)
        for source in sources {
            let text = String(decoding: source.bytes, as: UTF8.self)
            let isCopied = formReference.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                || procedureCode.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            guard isCopied else {
                result.append(source)
                continue
            }
            for copy in 0..<copies {
                var copied = formReference.stringByReplacingMatches(
                    in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "$1$2-c\(copy)")
                if procedureCode.firstMatch(in: copied, range: NSRange(copied.startIndex..., in: copied)) != nil {
                    nextCode += 1
                    copied = procedureCode.stringByReplacingMatches(
                        in: copied, range: NSRange(copied.startIndex..., in: copied),
                        withTemplate: "procedure: \"9.\(String(format: "%06d", nextCode))\"")
                }
                let path = (source.path as NSString).deletingPathExtension + ".c\(copy).yaml"
                result.append(SourceFile(path: path, bytes: Array(copied.utf8)))
            }
        }
        return result
    }
}
