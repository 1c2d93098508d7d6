import Foundation
import Results
import ResultsFixtures
@testable import Reporting
import XCTest

/// The first-failure record of a results file reaches the report page.
final class FailureSectionTests: XCTestCase {
    func testFailingDesignShowsItsFirstFailureAndDivergingNode() {
        var doc = PageFixture.document(failing: true)
        let v = FailureReport.Value(value: 1.5, bits: "0110")
        let failure = FailureReport.OutputFailure(
            output: "y", format: "ap_fixed<4,2>", vector: 7, inputs: [.init(name: "x0", format: "ap_fixed<4,2>", value: v)],
            expected: v, actual: .init(value: 1.75, bits: "0111"), differingBits: "...^", cycle: 12, failures: 3, indices: [7, 9, 11], indicesCap: 20)
        let node = FailureReport.Divergence(node: "n4", signal: "sf_n4", operation: "cast n3", format: "ap_fixed<4,2,AP_RND>", operands: [],
                                            expected: v, actual: .init(value: 1.75, bits: "0111"), vector: 7, cycle: 5, output: "y",
                                            formulaLine: 2, formula: "x0*x1")
        doc.designs[0].cosim.failures = [FailureReport(implementation: "verilator", outputs: [failure], divergence: node)]
        let html = ReportPage.html(ReportPage.Model(document: doc))
        XCTAssertTrue(html.contains("<h3>First failure</h3>"), html)
        XCTAssertTrue(html.contains("verilator output y: first failure at vector 7, left the design in cycle 12"), html)
        XCTAssertTrue(html.contains("first diverging node: n4 (sf_n4) = cast n3"), html)
        XCTAssertTrue(html.contains("2 further failure(s): vectors 9, 11"), html)
        // A passing page has no such section.
        XCTAssertFalse(ReportPage.html(ReportPage.Model(document: PageFixture.document())).contains("First failure"))
    }
}
