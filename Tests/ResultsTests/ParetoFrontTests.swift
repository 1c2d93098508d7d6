import Foundation
import Results
import ResultsFixtures
import XCTest

final class ParetoFrontTests: XCTestCase {
    func point(_ name: String, accuracy: Double, latency: Int, lut: Int, fmax: Double = 100, mismatches: Int = 0) -> DesignReport {
        var d = Fixture.design(name, latency: latency, lut: lut, fmax: fmax,
                               outputs: [Fixture.output("y", mismatches: mismatches, latency: latency)])
        d.exploration = ExplorationPoint(exploration: "sweep", source: "test", complexity: 3, plan: "uniform", clockNs: 5, quality: .accuracy, value: accuracy)
        return d
    }

    func testFrontKeepsExactlyTheUndominatedBitExactPoints() {
        let designs = [
            point("fast", accuracy: 0.60, latency: 2, lut: 100),
            point("accurate", accuracy: 0.70, latency: 6, lut: 400),
            point("dominated", accuracy: 0.60, latency: 3, lut: 200),   // worse than fast on both costs, equal accuracy
            point("middle", accuracy: 0.65, latency: 4, lut: 150),
            point("wrong", accuracy: 0.90, latency: 1, lut: 10, mismatches: 2), // not bit-exact: never on the front
        ]
        let f = ParetoFront(designs: designs)
        XCTAssertEqual(f.costs, ["latency_ns", "lut", "dsp"])
        XCTAssertEqual(Set(f.front.map(\.name)), ["fast", "accurate", "middle"])
        XCTAssertEqual(f.points.map(\.name), ["wrong", "accurate", "middle", "fast", "dominated"])
        XCTAssertEqual(f.points.first { $0.name == "fast" }?.latencyNs, 20)
    }

    func testLowerIsBetterQualityAndUnmeasuredCosts() {
        var a = point("a", accuracy: 0, latency: 2, lut: 100)
        var b = point("b", accuracy: 0, latency: 2, lut: 100)
        a.exploration!.quality = .maxAbsError
        a.exploration!.value = 0.01
        b.exploration!.quality = .maxAbsError
        b.exploration!.value = 0.02
        // Without timing, latency is compared in cycles; a cost not measured everywhere is left out.
        b.timing = nil
        b.resources = nil
        let f = ParetoFront(designs: [a, b])
        XCTAssertEqual(f.costs, ["latency_cycles"])
        XCTAssertEqual(f.front.map(\.name), ["a"])
        XCTAssertEqual(f.points.map(\.name), ["a", "b"])
    }

    func testDominance() {
        XCTAssertTrue(ParetoFront.dominates([1, 2], [1, 3]))
        XCTAssertFalse(ParetoFront.dominates([1, 2], [1, 2]))
        XCTAssertFalse(ParetoFront.dominates([0, 3], [1, 2]))
    }

    func testRoundTripsThroughJSON() throws {
        let f = ParetoFront(designs: [point("a", accuracy: 0.5, latency: 2, lut: 10)], failed: ["b": "did not build"])
        let back = try ResultsFile.decoder().decode(ParetoFront.self, from: try ResultsFile.encoder().encode(f))
        XCTAssertEqual(back, f)
    }
}
