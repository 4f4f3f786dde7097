/// Text from specs inside HTML: every character that could end an element or an attribute is
/// escaped, so a label such as `</script><script>…` shows as text.
enum HTML {
    static func escape(_ text: String) -> String {
        text.replacingASCII { byte in
            switch byte {
            case UInt8(ascii: "&"): "&amp;"
            case UInt8(ascii: "<"): "&lt;"
            case UInt8(ascii: ">"): "&gt;"
            case UInt8(ascii: "\""): "&quot;"
            case UInt8(ascii: "'"): "&#39;"
            default: nil
            }
        }
    }

    /// Vietnamese text, with the English after it in a span marked `lang="en"` when given.
    static func localized(_ text: LocalizedText) -> String {
        escape(text.vi) + (text.en.map { " <span class=\"en\" lang=\"en\">/ \(escape($0))</span>" } ?? "")
    }

    /// The shared print style: A4, black on white, readable type, no page break inside a block.
    static let printStyle = """
        <style>
          @page { size: A4; margin: 18mm 16mm; }
          body { font-family: "Times New Roman", "Noto Serif", serif; font-size: 13pt; line-height: 1.45; color: #000; background: #fff; max-width: 180mm; margin: 0 auto; }
          h1 { font-size: 17pt; text-align: center; text-transform: uppercase; margin: 0 0 4mm; }
          h2 { font-size: 14pt; margin: 6mm 0 2mm; border-bottom: 1px solid #000; }
          h3 { font-size: 13pt; margin: 4mm 0 2mm; }
          .en { color: #444; font-style: italic; font-size: 0.9em; }
          .meta { text-align: center; margin-bottom: 6mm; }
          table { border-collapse: collapse; width: 100%; margin: 2mm 0; }
          th, td { border: 1px solid #000; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }
          section, tr, .field { break-inside: avoid; }
          .field { margin: 2.5mm 0; display: flex; flex-wrap: wrap; align-items: baseline; gap: 2mm; }
          .field > label, .field > .label { min-width: 55mm; }
          .blank { border: none; border-bottom: 1px dotted #000; background: transparent; font: inherit; flex: 1 1 auto; min-width: 20mm; }
          .boxes { display: inline-flex; gap: 0; }
          .boxes input { width: 6mm; height: 7mm; border: 1px solid #000; border-right-width: 0; text-align: center; font: inherit; padding: 0; }
          .boxes input:last-child { border-right-width: 1px; }
          .choices { display: flex; flex-wrap: wrap; gap: 4mm; border: none; margin: 0; padding: 0; }
          .choices legend { padding: 0; min-width: 55mm; float: left; }
          .hint { font-size: 0.85em; color: #333; width: 100%; margin: 0 0 0 57mm; }
          @media print { a { color: #000; text-decoration: none; } }
        </style>
        """
}
