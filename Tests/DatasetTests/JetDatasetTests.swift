import Foundation
import XCTest

@testable import Dataset

final class JetDatasetTests: XCTestCase {
    /// Parsed once: the file has tens of thousands of rows and several tests look at it.
    nonisolated(unsafe) private static var cached: SupervisedDataset?

    private func bundled() throws -> SupervisedDataset {
        if let set = Self.cached { return set }
        let set = try JetDataset.loadBundledDataset()
        Self.cached = set
        return set
    }

    func testLocatesBundledFileFromAnyDirectory() throws {
        let fromHere = try JetDataset.locateBundled()
        XCTAssertTrue(fromHere.path.hasSuffix(JetDataset.bundledRelativePath))
        // From outside the package the search falls back to this library's source location.
        let fromRoot = try JetDataset.locateBundled(currentDirectory: "/")
        XCTAssertEqual(fromRoot.standardizedFileURL.path, fromHere.standardizedFileURL.path)
    }

    func testEnvironmentVariableOverridesSearch() throws {
        let dir = try Fixtures.temporaryDirectory(for: self)
        let url = dir.appendingPathComponent("mine.csv")
        try "class,a\ng,1\n".write(to: url, atomically: true, encoding: .utf8)
        setenv(JetDataset.environmentVariable, url.path, 1)
        defer { unsetenv(JetDataset.environmentVariable) }
        XCTAssertEqual(try JetDataset.locateBundled().path, url.path)
        // A file without the 16 feature columns is reported, not silently accepted.
        assertDatasetError(try JetDataset.loadBundledDataset()) { error in
            XCTAssertEqual(error.kind, .missingColumn("zlogz"))
            XCTAssertEqual(error.file, url.path)
        }
        setenv(JetDataset.environmentVariable, dir.appendingPathComponent("none.csv.gz").path, 1)
        assertDatasetError(try JetDataset.locateBundled()) { error in
            XCTAssertEqual(error.kind, .fileNotFound)
        }
    }

    func testBundledShapeAndBalance() throws {
        let set = try bundled()
        XCTAssertEqual(set.featureNames, JetDataset.featureNames)
        XCTAssertEqual(set.features.columns, 16)
        XCTAssertEqual(set.classNames, ["g", "q", "t", "w", "z"])
        let counts = set.classCounts
        XCTAssertEqual(counts.count, 5)
        XCTAssertGreaterThanOrEqual(counts.min()!, 10_000)
        XCTAssertEqual(counts.min(), counts.max(), "classes are balanced")
        XCTAssertEqual(set.count, counts.reduce(0, +))
        XCTAssertTrue(set.features.values.allSatisfy(\.isFinite))
    }

    func testBundledPhysicsIsPlausible() throws {
        let set = try bundled()
        let mass = set.features.column(JetDataset.featureNames.firstIndex(of: "mass_mmdt")!)
        let labels = set.labels!
        func median(_ cls: Int) -> Double {
            let m = zip(mass, labels).filter { $0.1 == cls }.map(\.0).sorted()
            return m[m.count / 2]
        }
        // W and Z jets peak at their masses; the top median is pulled low by decays that an
        // R = 0.4 jet does not contain.
        XCTAssertEqual(median(3), 80, accuracy: 10)
        XCTAssertEqual(median(4), 91, accuracy: 10)
        XCTAssertGreaterThan(median(2), median(4))
        // Groomed QCD jets are mostly one-pronged; quark jets lose more mass to grooming than gluons.
        XCTAssertLessThan(median(0), median(2))
        XCTAssertLessThan(median(1), 40)
        XCTAssertLessThan(median(1), median(0))
        // Jets whose N2 or tau3/tau2 would be 0/0 (fewer than three constituents) are not kept.
        let multiplicity = set.features.column(JetDataset.featureNames.firstIndex(of: "multiplicity")!)
        XCTAssertGreaterThanOrEqual(multiplicity.min()!, 3)
    }

    func testLoadBundledSplitsAndStandardizes() throws {
        let prepared = try bundled().prepared(testFraction: 0.5, seed: 0)
        let total = try bundled().count
        XCTAssertEqual(prepared.train.count + prepared.test.count, total)
        XCTAssertEqual(prepared.test.count, total / 2)
        let scaler = try XCTUnwrap(prepared.scaler)
        XCTAssertEqual(scaler.featureNames, JetDataset.featureNames)
        let z = prepared.train.features.column(14)
        XCTAssertEqual(z.reduce(0, +) / Double(z.count), 0, accuracy: 1e-9)
    }

    func testConvenienceEntryPoint() throws {
        let prepared = try JetDataset.loadBundled(testFraction: 0.2, seed: 1)
        XCTAssertEqual(prepared.train.classNames, JetDataset.classNames)
        XCTAssertEqual(prepared.test.count, Int((Double(try bundled().count) * 0.2).rounded()))
        XCTAssertNotNil(prepared.scaler)
    }
}
