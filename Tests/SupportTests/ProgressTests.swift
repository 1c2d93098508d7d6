import Foundation
import Support
import XCTest

final class ProgressTests: XCTestCase {
    final class Clock: @unchecked Sendable {
        var t = Date(timeIntervalSince1970: 0)
    }

    func testLinesStyleWritesOneLinePerStage() {
        var text = ""
        let clock = Clock()
        let p = ProgressReporter(style: .lines, write: { text += $0 }, now: { clock.t })
        let s = p.stage("train", total: 30, unit: "epochs")
        for _ in 0..<30 { clock.t += 2; s.advance(detail: "loss 0.5") }
        s.finish()
        p.run("verilator build") { clock.t += 0.8 }
        XCTAssertEqual(text, "train: 30 epochs in 60.0 s  loss 0.5\nverilator build: done in 0.8 s\n")
    }

    func testTerminalStyleEstimatesTimeLeft() {
        var text = ""
        let clock = Clock()
        let p = ProgressReporter(style: .terminal, write: { text += $0 }, now: { clock.t })
        let s = p.stage("co-simulation", total: 10, unit: "chunks")
        clock.t += 3
        s.advance(by: 3)
        XCTAssertEqual(s.estimatedSecondsLeft, 7)
        XCTAssertTrue(text.hasSuffix("co-simulation: 3/10 chunks  30%, 7 s left"), text)
        XCTAssertTrue(text.hasPrefix("\r\u{1B}[K"))
        clock.t += 100
        s.advance(by: 7)
        s.finish()
        XCTAssertTrue(text.hasSuffix("co-simulation: 10 chunks in 103.0 s\n"), text)
        XCTAssertEqual(ProgressReporter.duration(125), "2:05")
    }

    func testSilentWritesNothing() {
        var text = ""
        let p = ProgressReporter(style: .silent, write: { text += $0 })
        let s = p.stage("x", total: 2)
        s.advance()
        s.finish()
        XCTAssertEqual(text, "")
    }
}
