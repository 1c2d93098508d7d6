import Verilator
import XCTest

final class VCDTraceTests: XCTestCase {
    let text = """
    $timescale 1ps $end
    $scope module TOP $end
     $var wire  1 ! clk $end
     $scope module dut $end
      $var wire  1 ! clk $end
      $var wire  4 " sf_n3 [3:0] $end
     $upscope $end
    $upscope $end
    $enddefinitions $end
    #0
    $dumpvars
    0!
    b101 "
    $end
    #5
    1!
    #10
    0!
    b1100 "
    """

    func testValuesByHierarchicalNameAndTime() throws {
        let t = try VCDTrace(text: text)
        let n3 = try XCTUnwrap(t.signal(endingWith: "sf_n3"))
        XCTAssertEqual(n3.name, "TOP.dut.sf_n3")
        XCTAssertEqual(VCDTrace.bits(n3, at: 0), "0101", "VCD drops leading zeros; they are put back")
        XCTAssertEqual(VCDTrace.bits(n3, at: 9), "0101")
        XCTAssertEqual(VCDTrace.bits(n3, at: 10), "1100")
        let clk = try XCTUnwrap(t.signals["TOP.dut.clk"])
        XCTAssertEqual(VCDTrace.bits(clk, at: 5), "1", "aliases share one code")
        XCTAssertEqual(t.signal(endingWith: "clk")?.name, "TOP.clk", "the shortest name wins")
    }

    func testMalformedChangeNamesItsLine() {
        XCTAssertThrowsError(try VCDTrace(text: "$enddefinitions $end\n#0\n?what\n")) { e in
            XCTAssertEqual((e as? VCDError)?.line, 3)
        }
    }
}
