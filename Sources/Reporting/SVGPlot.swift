import Foundation

/// A small SVG chart: axes with round-number ticks, lines, points and bars; no scripts, no external files.
public struct SVGPlot {
    public enum Mark {
        /// A polyline; `dashed` draws the float reference.
        case line([(Double, Double)], color: String, dashed: Bool, label: String?)
        /// Points with optional per-point labels; `highlight` points get a ring (the Pareto front).
        case points([(Double, Double)], color: String, labels: [String], highlight: Set<Int>)
        /// Bars between consecutive edges.
        case bars(edges: [Double], counts: [Int], color: String)
        /// A horizontal reference line across the whole plot (e.g. a reference network's accuracy), labelled at its right end.
        case hline(Double, color: String, label: String?)
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var width = 520.0
    public var height = 340.0
    public var logY = false
    /// Legend in the lower right instead of the upper right (where ROC curves run).
    public var legendBottom = false
    public var xRange: (Double, Double)?
    public var yRange: (Double, Double)?
    public var marks: [Mark] = []

    public static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]

    public init(title: String, xLabel: String, yLabel: String) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    // The right margin leaves room for the label of a point at the edge.
    let left = 64.0, right = 60.0, top = 30.0, bottom = 46.0

    func allPoints() -> [(Double, Double)] {
        marks.flatMap { m -> [(Double, Double)] in
            switch m {
            case .line(let p, _, _, _), .points(let p, _, _, _): return p
            case .bars(let e, let c, _): return [(e.first ?? 0, 0), (e.last ?? 1, Double(c.max() ?? 1))]
            case .hline: return []
            }
        }
    }

    /// Round-number ticks covering [lo, hi].
    static func ticks(_ lo: Double, _ hi: Double, count: Int = 5) -> [Double] {
        guard hi > lo, lo.isFinite, hi.isFinite else { return [lo] }
        let raw = (hi - lo) / Double(count)
        let mag = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        var out: [Double] = []
        var k = ceil(lo / step)
        while k * step <= hi + step * 1e-9 {
            // Through text so that 3 × 0.2 prints and compares as 0.6.
            out.append(Double(String(format: "%.12g", k * step)) ?? k * step)
            k += 1
        }
        return out
    }

    static func label(_ v: Double) -> String {
        if v == 0 { return "0" }
        let a = abs(v)
        if a >= 1e5 || a < 1e-3 { return String(format: "%.0e", v) }
        if a >= 100 { return String(format: "%.0f", v) }
        return String(format: "%g", (v * 1000).rounded() / 1000)
    }

    public var svg: String {
        let pts = allPoints().filter { $0.0.isFinite && $0.1.isFinite && (!logY || $0.1 > 0) }
        var (x0, x1) = xRange ?? (pts.map(\.0).min() ?? 0, pts.map(\.0).max() ?? 1)
        // Reference lines widen the y range but not the x range.
        let levels = marks.compactMap { m -> Double? in if case .hline(let y, _, _) = m, y.isFinite, !logY || y > 0 { return y }; return nil }
        let ys = pts.map(\.1) + levels
        var (y0, y1) = yRange ?? (ys.min() ?? 0, ys.max() ?? 1)
        if logY { (y0, y1) = (log10(max(y0, 1e-300)), log10(max(y1, 1e-300))) }
        if x1 <= x0 { (x0, x1) = (x0 - 1, x1 + 1) }
        if y1 <= y0 { (y0, y1) = (y0 - 1, y1 + 1) }
        if xRange == nil { let m = (x1 - x0) * 0.05; (x0, x1) = (x0 - m, x1 + m) }
        if yRange == nil { let m = (y1 - y0) * 0.05; (y0, y1) = (logY ? y0 - m : min(y0 - m, y0 >= 0 ? 0 : y0 - m), y1 + m) }
        let pw = width - left - right, ph = height - top - bottom
        func sx(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * pw }
        func sy(_ y: Double) -> Double {
            let v = logY ? log10(max(y, 1e-300)) : y
            return top + ph - (v - y0) / (y1 - y0) * ph
        }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }

        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(esc(title))\">\n"
        s += "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#fff\"/>\n"
        s += "<text x=\"\(f(width / 2))\" y=\"18\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">\(esc(title))</text>\n"
        // Grid and ticks.
        for t in Self.ticks(x0, x1) where t >= x0 && t <= x1 {
            s += "<line x1=\"\(f(sx(t)))\" y1=\"\(f(top))\" x2=\"\(f(sx(t)))\" y2=\"\(f(top + ph))\" stroke=\"#e5e5e5\"/>"
            s += "<text x=\"\(f(sx(t)))\" y=\"\(f(top + ph + 15))\" text-anchor=\"middle\" font-size=\"11\">\(Self.label(t))</text>\n"
        }
        for t in Self.ticks(y0, y1) where t >= y0 && t <= y1 {
            let y = top + ph - (t - y0) / (y1 - y0) * ph
            let text = logY ? String(format: "%.2g", pow(10, t)) : Self.label(t)
            s += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + pw))\" y2=\"\(f(y))\" stroke=\"#e5e5e5\"/>"
            s += "<text x=\"\(f(left - 5))\" y=\"\(f(y + 4))\" text-anchor=\"end\" font-size=\"11\">\(text)</text>\n"
        }
        s += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(pw))\" height=\"\(f(ph))\" fill=\"none\" stroke=\"#333\"/>\n"
        s += "<text x=\"\(f(left + pw / 2))\" y=\"\(f(height - 8))\" text-anchor=\"middle\" font-size=\"12\">\(esc(xLabel))</text>\n"
        s += "<text transform=\"translate(14 \(f(top + ph / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">\(esc(yLabel))</text>\n"

        var legend: [(String, String, Bool)] = []
        for m in marks {
            switch m {
            case .line(let p, let color, let dashed, let label):
                let d = p.filter { $0.0.isFinite && $0.1.isFinite }.map { "\(f(sx($0.0))),\(f(sy($0.1)))" }.joined(separator: " ")
                s += "<polyline points=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(dashed ? " stroke-dasharray=\"6 4\"" : "")/>\n"
                if let label { legend.append((label, color, dashed)) }
            case .points(let p, let color, let labels, let highlight):
                for (i, q) in p.enumerated() where q.0.isFinite && q.1.isFinite {
                    if highlight.contains(i) {
                        s += "<circle cx=\"\(f(sx(q.0)))\" cy=\"\(f(sy(q.1)))\" r=\"8\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\"/>"
                    }
                    s += "<circle cx=\"\(f(sx(q.0)))\" cy=\"\(f(sy(q.1)))\" r=\"4.5\" fill=\"\(color)\"/>"
                    if i < labels.count {
                        // Labels of points near the right edge run leftwards so they stay inside the plot.
                        let leftwards = sx(q.0) > left + pw * 0.7
                        s += "<text x=\"\(f(sx(q.0) + (leftwards ? -9 : 9)))\" y=\"\(f(sy(q.1) - 7))\"\(leftwards ? " text-anchor=\"end\"" : "") font-size=\"11\">\(esc(labels[i]))</text>"
                    }
                    s += "\n"
                }
            case .bars(let edges, let counts, let color):
                for (i, c) in counts.enumerated() where c > 0 && i + 1 < edges.count {
                    let xa = sx(edges[i]), xb = sx(edges[i + 1]), yt = sy(Double(c)), yb = sy(0)
                    s += "<rect x=\"\(f(xa))\" y=\"\(f(yt))\" width=\"\(f(max(xb - xa - 0.5, 0.5)))\" height=\"\(f(max(yb - yt, 0.5)))\" fill=\"\(color)\"/>\n"
                }
            case .hline(let y, let color, let label):
                guard y.isFinite, !logY || y > 0 else { break }
                let yy = sy(y)
                guard yy >= top - 0.5, yy <= top + ph + 0.5 else { break }
                s += "<line x1=\"\(f(left))\" y1=\"\(f(yy))\" x2=\"\(f(left + pw))\" y2=\"\(f(yy))\" stroke=\"\(color)\" stroke-width=\"1.5\" stroke-dasharray=\"3 3\"/>"
                if let label {
                    s += "<text x=\"\(f(left + pw - 4))\" y=\"\(f(yy - 4))\" text-anchor=\"end\" font-size=\"11\" fill=\"\(color)\">\(esc(label))</text>"
                }
                s += "\n"
            }
        }
        for (i, (label, color, dashed)) in legend.enumerated() {
            let ly = legendBottom ? top + ph - 10 - Double(legend.count - 1 - i) * 16 : top + 14 + Double(i) * 16
            let lx = left + pw - 230
            s += "<line x1=\"\(f(lx))\" y1=\"\(f(ly - 4))\" x2=\"\(f(lx + 24))\" y2=\"\(f(ly - 4))\" stroke=\"\(color)\" stroke-width=\"2\"\(dashed ? " stroke-dasharray=\"6 4\"" : "")/>"
            s += "<text x=\"\(f(lx + 30))\" y=\"\(f(ly))\" font-size=\"11\">\(esc(label))</text>\n"
        }
        s += "</svg>"
        return s
    }
}

/// Escapes text for HTML and SVG.
public func esc(_ s: String) -> String {
    var out = ""
    for c in s {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        default: out.append(c)
        }
    }
    return out
}
