import Foundation

/// A labelled matrix drawn as coloured cells (a confusion matrix): inline SVG, no scripts.
///
/// Cells are shaded by their share of the row, so a class with few rows reads as clearly as a large one;
/// each cell prints its count and that share.
public struct SVGHeatmap {
    public var title: String
    public var rowLabel: String
    public var columnLabel: String
    public var rowNames: [String]
    public var columnNames: [String]
    /// `rowNames.count` rows of `columnNames.count` values.
    public var counts: [[Int]]
    public var cell = 56.0

    public init(title: String, rowLabel: String, columnLabel: String, rowNames: [String], columnNames: [String], counts: [[Int]]) {
        self.title = title
        self.rowLabel = rowLabel
        self.columnLabel = columnLabel
        self.rowNames = rowNames
        self.columnNames = columnNames
        self.counts = counts
    }

    let left = 84.0, top = 66.0, right = 20.0, bottom = 40.0

    /// White for 0 to the palette's blue for a full row; the text turns white on dark cells.
    static func shade(_ share: Double) -> (fill: String, text: String) {
        let t = min(max(share, 0), 1)
        let (r, g, b) = (255 - (255 - 31) * t, 255 - (255 - 119) * t, 255 - (255 - 180) * t)
        return (String(format: "#%02x%02x%02x", Int(r.rounded()), Int(g.rounded()), Int(b.rounded())), t > 0.55 ? "#fff" : "#222")
    }

    public var svg: String {
        let rows = counts.count, cols = counts.map(\.count).max() ?? 0
        let width = left + Double(cols) * cell + right, height = top + Double(rows) * cell + bottom
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(esc(title))\">\n"
        s += "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#fff\"/>\n"
        s += "<text x=\"\(f(width / 2))\" y=\"18\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">\(esc(title))</text>\n"
        s += "<text x=\"\(f(left + Double(cols) * cell / 2))\" y=\"\(f(top - 24))\" text-anchor=\"middle\" font-size=\"12\">\(esc(columnLabel))</text>\n"
        s += "<text transform=\"translate(14 \(f(top + Double(rows) * cell / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">\(esc(rowLabel))</text>\n"
        for c in 0..<cols {
            let name = c < columnNames.count ? columnNames[c] : "\(c)"
            s += "<text x=\"\(f(left + (Double(c) + 0.5) * cell))\" y=\"\(f(top - 6))\" text-anchor=\"middle\" font-size=\"12\">\(esc(name))</text>"
        }
        s += "\n"
        for (r, row) in counts.enumerated() {
            let total = row.reduce(0, +)
            let y = top + Double(r) * cell
            let name = r < rowNames.count ? rowNames[r] : "\(r)"
            s += "<text x=\"\(f(left - 8))\" y=\"\(f(y + cell / 2 + 4))\" text-anchor=\"end\" font-size=\"12\">\(esc(name))</text>"
            for (c, n) in row.enumerated() {
                let share = total > 0 ? Double(n) / Double(total) : 0
                let (fill, ink) = Self.shade(share)
                let x = left + Double(c) * cell
                let pct = total > 0 ? String(format: "%.0f%%", 100 * share) : "–"
                s += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(cell))\" height=\"\(f(cell))\" fill=\"\(fill)\" stroke=\"\(r == c ? "#333" : "#ddd")\"><title>true \(esc(name)), predicted \(esc(c < columnNames.count ? columnNames[c] : "\(c)")): \(n) of \(total)</title></rect>"
                s += "<text x=\"\(f(x + cell / 2))\" y=\"\(f(y + cell / 2 - 2))\" text-anchor=\"middle\" font-size=\"12\" fill=\"\(ink)\">\(pct)</text>"
                s += "<text x=\"\(f(x + cell / 2))\" y=\"\(f(y + cell / 2 + 12))\" text-anchor=\"middle\" font-size=\"10\" fill=\"\(ink)\">\(n)</text>\n"
            }
        }
        s += "<text x=\"\(f(left))\" y=\"\(f(height - 12))\" font-size=\"11\" fill=\"#555\">% of the true class&#8217;s rows; count below</text>\n"
        s += "</svg>"
        return s
    }
}
