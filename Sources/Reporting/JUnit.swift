import Foundation

/// JUnit XML, the format CI systems show as test results: one test case per design and check.
public enum JUnit {
    /// Checks of a plain results file: bit-exactness, latency and II per design and output.
    public static func checks(for doc: ReportDocument) -> [Check] {
        doc.designs.flatMap { d -> [Check] in
            var out = Regression().compare(d, nil).filter { $0.status != .new }
            for o in d.cosim.outputs {
                out.append(Check(design: d.name, kind: .ii, metric: "II \(o.name)", baseline: "1", current: "\(o.ii)", status: o.ii == 1 ? .pass : .fail,
                                 message: "a new result every cycle"))
            }
            return out
        }
    }

    public static func xml(_ checks: [Check], suite: String) -> String {
        let byDesign = Dictionary(grouping: checks, by: \.design)
        let failures = checks.filter { $0.status == .fail }.count
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        s += "<testsuites name=\"\(xmlEsc(suite))\" tests=\"\(checks.count)\" failures=\"\(failures)\">\n"
        for design in byDesign.keys.sorted() {
            let cs = byDesign[design]!
            let f = cs.filter { $0.status == .fail }.count
            s += "  <testsuite name=\"\(xmlEsc(suite)).\(xmlEsc(design))\" tests=\"\(cs.count)\" failures=\"\(f)\" errors=\"0\" skipped=\"0\">\n"
            for c in cs {
                s += "    <testcase classname=\"\(xmlEsc(suite)).\(xmlEsc(design))\" name=\"\(xmlEsc(c.metric))\" time=\"0\">"
                let detail = "baseline: \(c.baseline ?? "-"), current: \(c.current ?? "-"); \(c.message)"
                if c.status == .fail {
                    s += "\n      <failure message=\"\(xmlEsc(c.message))\" type=\"regression\">\(xmlEsc(detail))</failure>\n    "
                } else {
                    s += "<system-out>\(xmlEsc(c.status.rawValue + ": " + detail))</system-out>"
                }
                s += "</testcase>\n"
            }
            s += "  </testsuite>\n"
        }
        s += "</testsuites>\n"
        return s
    }

    static func xmlEsc(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // XML 1.0 forbids most control characters even when escaped.
                if u.value < 0x20 && u != "\n" && u != "\t" && u != "\r" { out += "?" } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }
}
