import Foundation
import XCTest
@testable import VerilogBackend

/// The primitives compiled into the binary are exactly the checkout's HDL/ files.
final class HDLLibraryTests: XCTestCase {
    func testEmbeddedPrimitivesEqualTheCheckout() throws {
        let hdl = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("HDL")
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: hdl.path).filter { $0.hasSuffix(".v") }.sorted()
        XCTAssertEqual(EmbeddedHDL.files.map(\.name), onDisk)
        for f in EmbeddedHDL.files {
            XCTAssertEqual(f.text, try String(contentsOf: hdl.appendingPathComponent(f.name), encoding: .utf8), f.name)
        }
        XCTAssertEqual(try HDLLibrary.files().map(\.name), HDLLibrary.primitives.map { "\($0).v" })
    }
}
