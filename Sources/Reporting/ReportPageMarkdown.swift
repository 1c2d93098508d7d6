import Foundation
import Support

extension ReportPage {
    /// The page as Markdown tables that a CI log viewer or a pull request renders.
    public static func markdown(_ m: Model) -> String {
        var l: [String] = ["# \(m.title)", ""]
        for line in m.description { l.append(line + "  ") }
        if !m.description.isEmpty { l.append("") }

        let failures = m.failures
        if failures.isEmpty {
            l.append("**All \(m.designs.count) design(s) pass**: every implementation checked is bit-exact with the Swift fixed-point model.")
        } else {
            l.append("**\(failures.count) failure(s):**")
            l.append("")
            for f in failures { l.append("- \(cellText(f))") }
        }
        let warnings = m.designs.flatMap { d in d.warnings.map { "\(d.name): \($0)" } }
        if !warnings.isEmpty {
            l += ["", "Warnings:", ""]
            for w in warnings { l.append("- \(cellText(w))") }
        }

        l += ["", "## Designs", "",
              "| design | accuracy float | fixed (Swift) | RTL | RTL vs reference | latency (cycles) | latency (ns) | Fmax (MHz) | LUT | FF | DSP | BRAM18 | Verilator | HLS csim | Icarus |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|"]
        for d in m.designs {
            var row = [d.name]
            row += [d.accuracy?.float.map(acc), d.accuracy?.fixed.map(acc), d.accuracy?.rtl.map(acc)].map(md)
            row.append(m.reference == nil ? "no reference" : md(relative(d.accuracy?.hardware, m.reference)))
            row += [d.latencyCycles.map(String.init), d.latencyNs.map(ns), d.timing.map { "\(mhz($0.fmaxMhz)) (\($0.family))" }].map(md)
            row += [d.resources.map { "\($0.lut)" }, d.resources.map { "\($0.ff)" }, d.resources.map { "\($0.dsp)" }, d.resources.map { "\($0.bram18)" }].map(md)
            for impl in BitExact.Implementation.allCases {
                guard let b = d.bitExact.first(where: { $0.implementation == impl }) else { row.append("not run"); continue }
                switch b.status {
                case .pass: row.append("bit-exact (\(b.vectors ?? 0) vectors)")
                case .fail: row.append("**FAIL: \(b.mismatches ?? 0) mismatches**")
                case .notRun: row.append("not run")
                }
            }
            l.append("| " + row.map(cellText).joined(separator: " | ") + " |")
        }
        if let r = m.reference {
            l.append("| \(cellText(r.name)) (reference network, float) | \(acc(r.accuracy)) | — | — | — | — | — | — | — | — | — | — | — | — | — |")
        }
        l += ["", "Not measured: a figure this run did not measure. Latency (ns) = cycles at the measured Fmax (nextpnr); resources are Yosys xc7 cell counts."]

        let classified = m.designs.filter { !$0.classes.isEmpty }
        if !classified.isEmpty {
            l += ["", "## AUC per class (one vs rest; float / fixed / RTL)", ""]
            let names = classified[0].classes.map(\.name)
            l.append("| design | " + names.map(cellText).joined(separator: " | ") + " |")
            l.append("|---|" + names.map { _ in "---:|" }.joined())
            for d in classified {
                let cells = names.map { n -> String in
                    guard let c = d.classes.first(where: { $0.name == n }) else { return "not measured" }
                    return [c.aucFloat, c.aucFixed, c.aucRtl].map { $0.map(auc) ?? "not measured" }.joined(separator: " / ")
                }
                l.append("| \(cellText(d.name)) | " + cells.joined(separator: " | ") + " |")
            }
        }

        let withFormulas = m.designs.filter { !$0.formulas.isEmpty }
        if !withFormulas.isEmpty {
            l += ["", "## Formulas", ""]
            for d in withFormulas {
                l += ["### \(d.name)\(d.title.map { " — " + $0 } ?? "")", "", "| output | formula |", "|---|---|"]
                for f in d.formulas { l.append("| \(cellText(f.output)) | `\(cellText(f.text).replacingOccurrences(of: "`", with: "'"))` |") }
                let used = Set(d.formulas.flatMap { variables(in: $0.text) }).sorted()
                if !d.inputNames.isEmpty, !used.isEmpty {
                    l += ["", "Features: " + used.map { "x\($0) = \($0 < d.inputNames.count ? d.inputNames[$0] : "?")" }.joined(separator: ", ")]
                }
                l.append("")
            }
        }
        if !m.notes.isEmpty {
            l += ["", "## Notes", ""]
            for n in m.notes { l.append("- \(n)") }
        }
        if !m.tools.isEmpty {
            l += ["", "Tools: " + m.tools.keys.sorted().map { "\($0) \(m.tools[$0]!)" }.joined(separator: "; ")]
        }
        return l.joined(separator: "\n") + "\n"
    }

    static func md(_ v: String?) -> String { v ?? "not measured" }

    /// Text safe inside a Markdown table cell: pipes escaped, line breaks flattened.
    static func cellText(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// CI test cases: per design, every implementation's bit-exactness and the initiation interval.
    public static func checks(_ m: Model) -> [Check] {
        var out: [Check] = m.problems.map { Check(design: "run", kind: .build, metric: "completed", baseline: nil, current: nil, status: .fail, message: $0) }
        for d in m.designs {
            for b in d.bitExact {
                let status: Check.Status
                switch b.status {
                case .pass: status = .pass
                case .fail: status = .fail
                case .notRun: status = .info
                }
                out.append(Check(design: d.name, kind: .mismatches, metric: "bit-exact \(b.implementation.rawValue)", baseline: "0",
                                 current: b.mismatches.map(String.init), status: status,
                                 message: b.status == .notRun ? "not run" :
                                    "mismatching output values over \(b.vectors.map(String.init) ?? "?") vectors\(b.firstMismatch.map { "; first: " + $0 } ?? "")"))
            }
            if let ii = d.ii {
                out.append(Check(design: d.name, kind: .ii, metric: "II", baseline: "1", current: "\(ii)", status: ii == 1 ? .pass : .fail, message: "a new result every cycle"))
            }
        }
        return out
    }

    /// Writes index.html, summary.md and junit.xml (and `results`, the results JSON, when given) into
    /// `directory`: all or nothing, each through a temporary file and a rename. `extraChecks` (a
    /// regression against baselines) join the page's own checks in the JUnit file.
    public static func write(_ m: Model, results: Data? = nil, to directory: String, suite: String = "symbolforge",
                             extraChecks: [Check] = []) throws(ReportError) {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), !isDir.boolValue {
            throw ReportError(file: directory, problem: "is a file, not a directory; pass another --out")
        }
        let dir = URL(fileURLWithPath: directory)
        var files: [(path: String, data: Data)] = [
            (dir.appendingPathComponent("index.html").path, Data(html(m).utf8)),
            (dir.appendingPathComponent("summary.md").path, Data(markdown(m).utf8)),
            (dir.appendingPathComponent("junit.xml").path, Data(JUnit.xml(checks(m) + extraChecks, suite: suite).utf8)),
        ]
        if let results { files.append((dir.appendingPathComponent("results.json").path, results)) }
        do { try AtomicFile.writeAll(files) } catch { throw ReportError(file: error.path, problem: "cannot be written (\(error.reason)); no file was changed") }
    }
}
