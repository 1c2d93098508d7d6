import Results
import XCTest

final class ClassificationMetricsTests: XCTestCase {
    func testAUCMatchesHandComputedValues() {
        XCTAssertEqual(ClassificationMetrics.auc(score: [0.1, 0.4, 0.35, 0.8], positive: [false, false, true, true]), 0.75)
        XCTAssertEqual(ClassificationMetrics.auc(score: [1, 2, 3, 4], positive: [false, false, true, true]), 1)
        XCTAssertEqual(ClassificationMetrics.auc(score: [1, 1, 1, 1], positive: [false, true, false, true]), 0.5)
    }

    func testAccuracyAndROC() {
        let scores: [Double] = [0.9, 0.1, 0.2, 0.8, 0.6, 0.4]
        XCTAssertEqual(ClassificationMetrics.accuracy(scores: scores, classes: 2, labels: [0, 1, 1]), 2.0 / 3.0)
        let roc = ClassificationMetrics.roc(score: [0.1, 0.4, 0.35, 0.8], positive: [false, false, true, true])
        XCTAssertEqual(roc.first!.fpr, 0)
        XCTAssertEqual(roc.last!.fpr, 1)
        XCTAssertEqual(roc.last!.tpr, 1)
    }
}
