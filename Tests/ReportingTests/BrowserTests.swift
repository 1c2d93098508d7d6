import Foundation
import ResultsFixtures
@testable import Reporting
import XCTest

/// Opens the HTML report in headless Chromium: it must render, and the screenshot must not be blank.
final class BrowserTests: XCTestCase {
    func testReportRendersInHeadlessChromium() throws {
        guard let chromium = Self.chromium() ?? Self.installChromium() else {
            throw toolUnavailable("chromium is not installed and could not be installed (apt-get install chromium); the HTML report was not checked in a browser")
        }
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = dir.appendingPathComponent("report.html")
        try Data(HTMLReport.html(WriterTests.richDocument()).utf8).write(to: report)
        let blank = dir.appendingPathComponent("blank.html")
        try Data("<!DOCTYPE html><html><body></body></html>".utf8).write(to: blank)

        let shot = try screenshot(chromium, report, dir.appendingPathComponent("report.png"))
        let empty = try screenshot(chromium, blank, dir.appendingPathComponent("blank.png"))
        XCTAssertEqual(Array(shot.prefix(4)), [0x89, 0x50, 0x4E, 0x47], "not a PNG")
        // A white page compresses to almost nothing; text, tables and plots do not.
        XCTAssertGreaterThan(shot.count, 5 * empty.count, "the screenshot (\(shot.count) bytes) is no larger than a blank page's (\(empty.count) bytes)")
        if let keep = ProcessInfo.processInfo.environment["SYMBOLFORGE_KEEP_SCREENSHOT"] {
            try shot.write(to: URL(fileURLWithPath: keep))
        }

        // The browser parsed the inline SVG into elements (not text).
        let dom = try run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", report.absoluteString])
        XCTAssertGreaterThanOrEqual(dom.components(separatedBy: "<svg").count - 1, 5)
        XCTAssertTrue(dom.contains("<polyline"))
    }

    func screenshot(_ chromium: String, _ page: URL, _ png: URL) throws -> Data {
        _ = try run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1200,1600",
                               "--screenshot=\(png.path)", page.absoluteString])
        return try Data(contentsOf: png)
    }

    func run(_ exe: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func chromium() -> String? {
        for c in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"] where FileManager.default.isExecutableFile(atPath: c) {
            return c
        }
        return nil
    }

    /// Installs Debian's chromium on demand: too slow for the bootstrap step that every machine runs.
    static func installChromium() -> String? {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/apt-get") else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium) >/dev/null 2>&1"]
        guard (try? p.run()) != nil else { return nil }
        p.waitUntilExit()
        return chromium()
    }
}
