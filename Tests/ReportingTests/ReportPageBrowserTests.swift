import Foundation
import ResultsFixtures
@testable import Reporting
import XCTest

/// The report page in headless Chromium: laid out, every plot drawn, no console error, not blank,
/// and a failing design's failure at the top of the first screen.
///
/// Set SYMBOLFORGE_KEEP_SCREENSHOTS=DIR to keep the screenshots for a look.
final class ReportPageBrowserTests: XCTestCase {
    var dir: URL!
    var chromium: String!

    override func setUpWithError() throws {
        guard let c = BrowserTests.chromium() ?? BrowserTests.installChromium() else {
            throw XCTSkip("chromium is not installed and could not be installed (apt-get install chromium); the report page was not checked in a browser")
        }
        chromium = c
        dir = try Fixture.temporaryDirectory()
    }

    override func tearDown() { if let dir { try? FileManager.default.removeItem(at: dir) } }

    /// What the page looks like after layout, measured by a script added to a copy of the page.
    struct Probe: Decodable {
        struct Plot: Decodable { var label: String; var w: Double; var h: Double; var marks: Int }
        struct Status: Decodable { var top: Double; var height: Double; var cls: String; var bg: String; var text: String }
        var plots: [Plot]
        var status: Status
        var firstSection: String
        var viewportHeight: Double
    }

    static let probeScript = """
        <script>
        const plots = [...document.querySelectorAll('svg[role=img]')].map(s => { const r = s.getBoundingClientRect();
          return {label: s.getAttribute('aria-label'), w: r.width, h: r.height, marks: s.querySelectorAll('polyline,circle,rect,line').length}; });
        const st = document.getElementById('status'), r = st.getBoundingClientRect();
        document.body.setAttribute('data-probe', JSON.stringify({plots, viewportHeight: innerHeight,
          firstSection: document.querySelector('section').id,
          status: {top: r.top, height: r.height, cls: st.className, bg: getComputedStyle(st).backgroundColor, text: st.innerText}}));
        </script>
        """

    /// Renders `html` with the probe and returns the measurements and any console message.
    func probe(_ html: String, name: String) throws -> (Probe, console: [String]) {
        let page = dir.appendingPathComponent("\(name)-probe.html")
        try Data(html.replacingOccurrences(of: "</body>", with: Self.probeScript + "</body>").utf8).write(to: page)
        let (dom, log) = try run(["--dump-dom", page.absoluteString])
        guard let a = dom.range(of: "data-probe=\""), let b = dom[a.upperBound...].firstIndex(of: "\"") else {
            XCTFail("the probe did not run: \(log.suffix(2000))")
            throw XCTSkip("no probe")
        }
        let json = String(dom[a.upperBound..<b]).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        return (try JSONDecoder().decode(Probe.self, from: Data(json.utf8)), Self.consoleMessages(log))
    }

    /// Console messages and failed loads in Chromium's log.
    static func consoleMessages(_ log: String) -> [String] {
        log.split(separator: "\n").filter { $0.contains(":CONSOLE") || $0.contains("Failed to load") || $0.contains("net::ERR") }.map(String.init)
    }

    func screenshot(_ html: String, name: String, height: Int) throws -> (png: Data, console: [String]) {
        let page = dir.appendingPathComponent("\(name).html")
        try Data(html.utf8).write(to: page)
        let png = dir.appendingPathComponent("\(name).png")
        let (_, log) = try run(["--hide-scrollbars", "--window-size=1200,\(height)", "--screenshot=\(png.path)", page.absoluteString])
        let data = try Data(contentsOf: png)
        if let keep = ProcessInfo.processInfo.environment["SYMBOLFORGE_KEEP_SCREENSHOTS"] {
            try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: keep).appendingPathComponent("\(name).png"))
        }
        return (data, Self.consoleMessages(log))
    }

    func run(_ args: [String]) throws -> (stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: chromium)
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0", "--window-size=1200,900"] + args
        let out = Pipe()
        // The log goes to a file so that a chatty browser cannot fill a pipe and stall.
        let logURL = dir.appendingPathComponent("chromium-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        defer { try? log.close() }
        p.standardOutput = out
        p.standardError = log
        try p.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let errData = (try? Data(contentsOf: logURL)) ?? Data()
        return (String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    func testPageRendersEveryPlotWithoutConsoleErrors() throws {
        let html = ReportPage.html(ReportPage.Model(document: PageFixture.document()))
        let (p, console) = try probe(html, name: "index")
        XCTAssertEqual(console, [], "the page logged to the console or failed to load something")
        let labels = p.plots.map(\.label)
        for expected in ["Accuracy vs latency", "Accuracy vs LUTs", "ROC per class (solid: RTL, dashed: float)", "Confusion matrix (RTL)", "Fixed − float, g"] {
            XCTAssertTrue(labels.contains(expected), "no plot \(expected) in \(labels)")
        }
        XCTAssertEqual(p.plots.count, 12)
        for plot in p.plots {
            XCTAssertGreaterThan(plot.w, 200, plot.label)
            XCTAssertGreaterThan(plot.h, 150, plot.label)
            XCTAssertGreaterThan(plot.marks, 10, "\(plot.label) has almost nothing drawn")
        }
        XCTAssertEqual(p.firstSection, "status")
        XCTAssertEqual(p.status.cls, "status ok")

        let shot = try screenshot(html, name: "index", height: 3200)
        XCTAssertEqual(shot.console, [])
        XCTAssertEqual(Array(shot.png.prefix(4)), [0x89, 0x50, 0x4E, 0x47], "not a PNG")
        // The control: a blank page that logs; proves both the size comparison and the console check can fail.
        let blank = try screenshot("<!DOCTYPE html><html><body><script>console.error('control message')</script></body></html>", name: "blank", height: 3200)
        XCTAssertTrue(blank.console.contains { $0.contains("control message") }, "console messages are not seen: \(blank.console)")
        XCTAssertGreaterThan(shot.png.count, 10 * blank.png.count, "the screenshot (\(shot.png.count) bytes) is hardly larger than a blank page's (\(blank.png.count) bytes)")
    }

    func testFailingDesignIsVisibleAtTheTop() throws {
        let html = ReportPage.html(ReportPage.Model(document: PageFixture.document(failing: true)))
        let (p, console) = try probe(html, name: "failing")
        XCTAssertEqual(console, [])
        XCTAssertEqual(p.firstSection, "status")
        XCTAssertEqual(p.status.cls, "status bad")
        // Within the first screen, tall enough to read, and red.
        XCTAssertLessThan(p.status.top + p.status.height, p.viewportHeight)
        XCTAssertGreaterThan(p.status.height, 40)
        XCTAssertEqual(p.status.bg, "rgb(253, 236, 238)")
        XCTAssertTrue(p.status.text.contains("symbolnet_trained: Verilator (RTL) differs from the bit-exact Swift model in 15 output value(s)"), p.status.text)
        _ = try screenshot(html, name: "failing", height: 900)
    }
}
