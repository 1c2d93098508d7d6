import XCTest

/// The differential harness must explain its own failures: a broken program shows g++'s message, a
/// missing ap_types installation says how to install it.
final class ReferenceHarnessTests: XCTestCase {
    func testCompilerErrorsShowTheCompilersMessage() throws {
        _ = try CxxReference.includePath()
        let source = CxxReference.prelude + "static void run_all() { ap_fixed<8,3> x = undeclared_name; }\n"
        XCTAssertThrowsError(try CxxReference.build(source, name: "broken")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("g++ failed"), text)
            XCTAssertTrue(text.contains("undeclared_name"), text)
            XCTAssertTrue(text.contains("error"), text)
        }
    }

    func testMissingHeadersSayHowToInstall() {
        let result = CxxReference.locateHeaders(environment: ["AP_TYPES_INCLUDE": "/nonexistent/ap_types"])
        guard case .failure(let failure) = result else { return XCTFail("a folder without ap_fixed.h was accepted") }
        XCTAssertTrue(failure.description.contains("Scripts/ap_types/install.sh"), failure.description)
        XCTAssertTrue(failure.description.contains("AP_TYPES_INCLUDE"), failure.description)
    }
}
