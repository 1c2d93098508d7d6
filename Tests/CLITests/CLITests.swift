import Foundation
import XCTest

/// The command-line tool as users run it: real processes, real files, exit codes and messages.
final class CLITests: XCTestCase {
    static var binary: URL {
        if let p = ProcessInfo.processInfo.environment["SYMBOLFORGE_BIN"] { return URL(fileURLWithPath: p) }
        // The test bundle sits next to the products of the same build.
        for base in [Bundle.main.bundleURL, Bundle(for: CLITests.self).bundleURL] {
            for dir in [base, base.deletingLastPathComponent()] {
                let candidate = dir.appendingPathComponent("symbolforge")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/symbolforge")
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func run(_ args: [String], env: [String: String] = [:]) throws -> Run {
        let p = Process()
        p.executableURL = Self.binary
        p.arguments = args
        var e = ProcessInfo.processInfo.environment
        for (k, v) in env { e[k] = v }
        p.environment = e
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let r = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: r, as: UTF8.self))
    }

    func temp() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("sf-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    func testCosimWritesResultsJSON() throws {
        let dir = try temp()
        let json = dir.appendingPathComponent("out.json")
        let r = try run(["cosim", "2*x0 + x1*x2 - x3**2", "--precision", "ap_fixed<18,8>", "--vectors", "2000", "--json", json.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("PASS"))
        let obj = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as! [String: Any]
        XCTAssertEqual(obj["schema"] as? String, "symbolforge.results/2")
        let design = (obj["designs"] as! [[String: Any]])[0]
        let output = (design["outputs"] as! [[String: Any]])[0]
        for key in ["vectors", "mismatches", "latency_cycles", "ii", "max_abs_error", "mean_abs_error", "cycles_per_second"] {
            XCTAssertNotNil(output[key], key)
        }
        XCTAssertEqual(output["mismatches"] as? Int, 0)
        XCTAssertEqual(output["ii"] as? Int, 1)
        XCTAssertEqual(output["vectors"] as? Int, 2007)
    }

    func testFormulaFileAndInputsDefault() throws {
        let dir = try temp()
        let f = dir.appendingPathComponent("set.txt")
        try "a: x0*x1\nb: x5 - x2\n".write(to: f, atomically: true, encoding: .utf8)
        let r = try run(["cosim", f.path, "--vectors", "300"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("6 inputs"))
    }

    func testEmitVerilogWritesFiles() throws {
        let dir = try temp()
        let r = try run(["emit", "verilog", "x0*x1 - 3*x2", "--out", dir.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        for f in ["expr.v", "sf_cast.v", "sf_valid_pipe.v", "sf_table_index.v", "expr.datapath.txt"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent(f).path), f)
        }
    }

    /// `emit --explain` of the optimized plan names an output whose held-out max |error| against the raw inputs is not
    /// enforced, with the floor the input quantization alone gives there (x0·x1 at 5 input fraction bits), and holds
    /// the other output to the target; with a target above that floor every output is enforced and nothing is said.
    func testExplainSaysWhichHeldOutMaxErrorIsNotEnforced() throws {
        let dir = try temp()
        let f = dir.appendingPathComponent("set.txt")
        try "a: x0*x1\nb: 0.5*x2 + 0.25*sin(x0)\n".write(to: f, atomically: true, encoding: .utf8)
        let args = ["emit", "verilog", f.path, "--inputs", "3", "--precision", "ap_fixed<10,5>", "--plan", "optimized", "--explain", "--out", dir.path]
        let r = try run(args + ["--max-error", "0.14"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let line = r.stdout.split(separator: "\n").first { $0.hasPrefix("held-out max |error| of output 'a' not enforced: the input quantization alone moves it by up to ") }
        let floor = line.flatMap { Double($0.split(separator: " ").first { Double($0) != nil } ?? "") }
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(floor, r.stdout), 0.14)
        XCTAssertFalse(r.stdout.contains("output 'b' not enforced"), r.stdout)
        let enforced = try run(args + ["--max-error", "0.15"])
        XCTAssertEqual(enforced.status, 0, enforced.stderr)
        XCTAssertFalse(enforced.stdout.contains("not enforced"), enforced.stdout)
        XCTAssertTrue(enforced.stdout.contains("held-out vectors: max |error| per output"), enforced.stdout)
        // The results file names the exempt output and its floor, the same one `--explain` printed.
        let json = dir.appendingPathComponent("r.json")
        let c = try run(["cosim", f.path, "--inputs", "3", "--precision", "ap_fixed<10,5>", "--plan", "optimized", "--max-error", "0.14",
                         "--vectors", "200", "--json", json.path])
        XCTAssertEqual(c.status, 0, c.stderr)
        let doc = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any]
        let plan = ((doc?["designs"] as? [[String: Any]])?.first?["plan"]) as? [String: Any]
        let exempt = try XCTUnwrap(plan?["max_error_not_enforced"] as? [[String: Any]], "\(plan ?? [:])")
        XCTAssertEqual(exempt.map { $0["output"] as? String }, ["a"])
        XCTAssertEqual(try XCTUnwrap(exempt[0]["input_quantization_floor"] as? Double), try XCTUnwrap(floor), accuracy: 0.0005, "explain prints three significant digits")
    }

    func assertFails(_ args: [String], _ needles: [String], env: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try run(args, env: env)
        XCTAssertNotEqual(r.status, 0, "expected failure for \(args)", file: file, line: line)
        for n in needles { XCTAssertTrue(r.stderr.contains(n), "stderr lacks '\(n)':\n\(r.stderr)", file: file, line: line) }
    }

    func testBadInputGivesClearErrors() throws {
        try assertFails(["cosim", "x0 + * x1"], ["<argument>:1:6: error:", "    x0 + * x1\n         ^"])
        try assertFails(["cosim", "foo(x0)"], ["unknown function 'foo'"])
        try assertFails(["cosim", "x0 + x9", "--inputs", "4"], ["--inputs 4 is too small", "x9"])
        try assertFails(["cosim", "x0", "--precision", "ap_fixed<0,2>"], ["width must be at least 1", "^"])
        try assertFails(["cosim", "x0", "--precision", "ap_fixed<16,6,AP_FOO>"], ["AP_FOO"])
        try assertFails(["emit", "verilog", "x0", "--out", "/proc/symbolforge-cannot-write"], ["cannot be written"])
        try assertFails(["cosim", "x0", "--table", "log=-1,7"], ["log is undefined below 0"])
        try assertFails(["cosim", "x0"], ["verilator", "apt-get install verilator"], env: ["SYMBOLFORGE_VERILATOR": "/nonexistent/verilator"])
    }

    func testNaNInDataIsRejectedWithItsPlace() throws {
        let dir = try temp()
        let csv = dir.appendingPathComponent("v.csv")
        try "x0,x1\n1,2\nnan,3\n".write(to: csv, atomically: true, encoding: .utf8)
        try assertFails(["cosim", "x0*x1", "--data", csv.path], ["v.csv:3", "x0"])
    }

    func testFailedRunLeavesNoResultsFile() throws {
        let dir = try temp()
        let json = dir.appendingPathComponent("out.json")
        try assertFails(["cosim", "x0 +", "--json", json.path], ["error"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: json.path))
    }
}

extension CLITests {
    func testMainJobTrainsExtractsCosimulatesAndScores() throws {
        // A small labelled file in the bundled layout stands in for the jets to keep the test fast.
        let dir = try temp()
        let names = "zlogz,c1_b0_mmdt,c1_b1_mmdt,c1_b2_mmdt,c2_b1_mmdt,c2_b2_mmdt,d2_b1_mmdt,d2_b2_mmdt,d2_a1_b1_mmdt,d2_a1_b2_mmdt,m2_b1_mmdt,m2_b2_mmdt,n2_b1_mmdt,n2_b2_mmdt,mass_mmdt,multiplicity"
        var lines = [names + ",class"]
        var rng = SystemRandomNumberGenerator()
        for i in 0..<1500 {
            let c = i % 5
            let x = (0..<16).map { j in Double.random(in: -1...1, using: &rng) + ([3, 14, 15].contains(j) ? Double(c) * 0.5 : 0) }
            lines.append(x.map { String(format: "%.4f", $0) }.joined(separator: ",") + "," + ["g", "q", "t", "w", "z"][c])
        }
        let data = dir.appendingPathComponent("jets.csv")
        try lines.joined(separator: "\n").write(to: data, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        // A small network: two epochs leave the default one barely pruned, and its large formulas would cost
        // minutes of Verilator and g++ compiles without checking anything more.
        let r = try run(["run", "--out", out.path, "--epochs", "2", "--nodes", "6:2", "--train-jets", "600", "--test-jets", "500", "--no-synth"],
                        env: ["SYMBOLFORGE_JETS": data.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("| symbolnet_trained |"))
        let page = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(page.contains("All 3 design(s) pass") && page.contains("ROC per class"))
        XCTAssertTrue(try String(contentsOf: out.appendingPathComponent("summary.md"), encoding: .utf8).contains("| symbolnet_trained |"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("junit.xml").path))
        let obj = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("results.json"))) as! [String: Any]
        XCTAssertEqual(obj["schema"] as? String, "symbolforge.report/2")
        let designs = (obj["designs"] as! [[String: Any]]).map { $0["cosim"] as! [String: Any] }
        XCTAssertEqual(designs.map { $0["design"] as! String }, ["symbolnet_trained", "jets_pysr", "jets_symbolnet"])
        let c = designs[0]["classification"] as! [String: Any]
        XCTAssertEqual(c["accuracy_fixed"] as? Double, c["accuracy_rtl"] as? Double, "RTL scores equal the bit-exact model's")
        let classes = c["classes"] as! [[String: Any]]
        XCTAssertEqual(classes.compactMap { $0["auc_rtl"] as? Double }.count, 5)
        XCTAssertEqual(classes.map { $0["auc_fixed"] as? Double }, classes.map { $0["auc_rtl"] as? Double }, "RTL scores equal the bit-exact model's")
        XCTAssertNil((obj["designs"] as! [[String: Any]])[0]["classification"], "one classification record, in cosim")
        let reference = try XCTUnwrap(c["reference_nn_accuracy"] as? Double, "the reference network's test accuracy is recorded")
        XCTAssertEqual(try XCTUnwrap(c["accuracy_relative_to_nn"] as? Double), (c["accuracy_float"] as! Double) / reference, accuracy: 1e-12)
        XCTAssertTrue(r.stdout.contains("reference network"), r.stdout)
        for d in designs { for o in d["outputs"] as! [[String: Any]] { XCTAssertEqual(o["mismatches"] as? Int, 0) } }
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("symbolnet_trained.txt").path))
    }

    func testMainJobRejectsBadDataBeforeWritingAnything() throws {
        let dir = try temp()
        let out = dir.appendingPathComponent("out")
        try assertFails(["run", "--data", dir.appendingPathComponent("none.csv").path, "--out", out.path], ["none.csv", "file not found"])
        let noLabel = dir.appendingPathComponent("n.csv")
        try "a,b\n1,2\n3,4\n".write(to: noLabel, atomically: true, encoding: .utf8)
        try assertFails(["run", "--data", noLabel.path, "--out", out.path], ["n.csv:1 column 'class'", "--target"])
        let names = "zlogz,c1_b0_mmdt,c1_b1_mmdt,c1_b2_mmdt,c2_b1_mmdt,c2_b2_mmdt,d2_b1_mmdt,d2_b2_mmdt,d2_a1_b1_mmdt,d2_a1_b2_mmdt,m2_b1_mmdt,m2_b2_mmdt,n2_b1_mmdt,n2_b2_mmdt,mass_mmdt,multiplicity"
        let row = (0..<16).map(String.init).joined(separator: ",")
        let unknown = dir.appendingPathComponent("u.csv")
        try "\(names),class\n\(row),t\n\(row),higgs\n".write(to: unknown, atomically: true, encoding: .utf8)
        try assertFails(["run", "--data", unknown.path, "--out", out.path], ["u.csv:3 column 'class'", "unknown class label 'higgs'"])
        try assertFails(["run", "--data", unknown.path, "--features", "zlogz,pt", "--out", out.path], ["column 'pt'", "does not exist"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("index.html").path))
        // An output directory that cannot be made.
        let blocker = dir.appendingPathComponent("file")
        try "x".write(to: blocker, atomically: true, encoding: .utf8)
        try assertFails(["run", "--data", unknown.path, "--out", blocker.appendingPathComponent("out").path], ["cannot be written"])
    }

    func testReportRendersResultsFilesAndRejectsOtherSchemas() throws {
        let dir = try temp()
        let json = dir.appendingPathComponent("r.json")
        let r = try run(["cosim", "2*x0 + x1*x2", "--vectors", "500", "--json", json.path, "--report", dir.appendingPathComponent("page").path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(try String(contentsOf: dir.appendingPathComponent("page/index.html"), encoding: .utf8).contains("All 1 design(s) pass"))
        let out = dir.appendingPathComponent("rep")
        let rep = try run(["report", json.path, "--out", out.path])
        XCTAssertEqual(rep.status, 0, rep.stderr)
        let page = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(page.contains("not measured"), "resources were not measured by a plain cosim")
        let other = dir.appendingPathComponent("other.json")
        try #"{"schema": "someone.else/3", "designs": []}"#.write(to: other, atomically: true, encoding: .utf8)
        let out2 = dir.appendingPathComponent("rep2")
        try assertFails(["report", other.path, "--out", out2.path], ["other.json", "someone.else/3"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: out2.appendingPathComponent("index.html").path))
    }
}

/// The regression's data safety: a run that is not a complete, passing measurement changes no baseline.
extension CLITests {
    func hashes(_ dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for n in try FileManager.default.contentsOfDirectory(atPath: dir.path) { out[n] = try Data(contentsOf: dir.appendingPathComponent(n)) }
        return out
    }

    /// A designs folder with one small design and a baseline folder recorded from it without synthesis.
    func recordedRegression() throws -> (designs: URL, baseline: URL, out: URL) {
        let dir = try temp()
        let designs = dir.appendingPathComponent("designs"), baseline = dir.appendingPathComponent("baseline")
        try FileManager.default.createDirectory(at: designs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: baseline, withIntermediateDirectories: true)
        try "y: x0*x1 + 0.5*x2\n".write(to: designs.appendingPathComponent("tiny_mac.txt"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let r = try run(["regress", "--designs", designs.path, "--baseline", baseline.path, "--out", out.path, "--no-synth", "--vectors", "50", "--update-baseline"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertEqual(try hashes(baseline).keys.sorted(), ["tiny_mac.json"])
        return (designs, baseline, out)
    }

    func testEmptyDesignsFolderDeletesNoBaseline() throws {
        let (designs, baseline, out) = try recordedRegression()
        let empty = designs.deletingLastPathComponent().appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let before = try hashes(baseline)
        let r = try run(["regress", "--designs", empty.path, "--baseline", baseline.path, "--out", out.path, "--no-synth", "--update-baseline"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue((r.stdout + r.stderr).contains("--remove-baseline tiny_mac"), r.stdout + r.stderr)
        XCTAssertEqual(try hashes(baseline), before)
        // Naming the design removes its baseline.
        let ok = try run(["regress", "--designs", empty.path, "--baseline", baseline.path, "--out", out.path, "--no-synth", "--update-baseline", "--remove-baseline", "tiny_mac"])
        XCTAssertEqual(ok.status, 0, ok.stdout + ok.stderr)
        XCTAssertEqual(try hashes(baseline).keys.sorted(), [])
    }

    func testRunWithoutSynthesisDoesNotStripResources() throws {
        let (designs, baseline, out) = try recordedRegression()
        // Give the recorded baseline resource figures, as a run with synthesis would have.
        let file = baseline.appendingPathComponent("tiny_mac.json")
        var obj = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as! [String: Any]
        var ds = obj["designs"] as! [[String: Any]]
        ds[0]["resources"] = ["lut": 40, "ff": 30, "carry4": 2, "dsp48e1": 1, "ramb18": 0, "ramb36": 0, "srl": 0, "lutram": 0, "logic_levels": 5]
        obj["designs"] = ds
        try JSONSerialization.data(withJSONObject: obj, options: [.prettyPrinted, .sortedKeys]).write(to: file)
        let before = try hashes(baseline)
        let r = try run(["regress", "--designs", designs.path, "--baseline", baseline.path, "--out", out.path, "--no-synth", "--vectors", "50", "--update-baseline"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue((r.stdout + r.stderr).contains("NOT updated"), r.stdout + r.stderr)
        XCTAssertEqual(try hashes(baseline), before)
    }

    func testMistypedBaselineAndBadTolerancesAreErrors() throws {
        let (designs, _, out) = try recordedRegression()
        let missing = designs.deletingLastPathComponent().appendingPathComponent("does-not-exist").path
        try assertFails(["regress", "--designs", designs.path, "--baseline", missing, "--out", out.path, "--no-synth"], [missing])
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing))
        let results = out.appendingPathComponent("results.json").path
        try assertFails(["merge", results, "--baseline", missing, "--out", out.appendingPathComponent("m").path], [missing])
        for bad in ["nan", "inf", "-0.5"] {
            try assertFails(["regress", "--designs", designs.path, "--out", out.path, "--no-synth", "--max-error-growth=\(bad)"], ["--max-error-growth"])
            try assertFails(["merge", results, "--fmax-tolerance=\(bad)", "--out", out.appendingPathComponent("m").path], ["--fmax-tolerance"])
        }
    }

    func testShardsOfDifferentRunsAreNotMerged() throws {
        let (designs, baseline, out) = try recordedRegression()
        let a = out.appendingPathComponent("a"), b = out.appendingPathComponent("b")
        for (dir, seed) in [(a, "1"), (b, "2")] {
            _ = try run(["regress", "--designs", designs.path, "--baseline", baseline.path, "--out", dir.path, "--no-synth", "--vectors", "50", "--seed", seed, "--shard", "1/1"])
        }
        try assertFails(["merge", a.appendingPathComponent("results.json").path, b.appendingPathComponent("results.json").path, "--out", out.appendingPathComponent("m").path],
                        ["different run"])
    }
}

/// An installed tool: the binary copied out of .build, run from another folder, needs no checkout.
extension CLITests {
    func testCopiedBinaryEmitsAndCosimulatesFromAnotherFolder() throws {
        let dir = try temp()
        let bin = dir.appendingPathComponent("bin/symbolforge")
        try FileManager.default.createDirectory(at: bin.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.binary, to: bin)
        let work = dir.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        func run(_ args: [String]) throws -> Run {
            let p = Process()
            p.executableURL = bin
            p.arguments = args
            p.currentDirectoryURL = work
            var env = ProcessInfo.processInfo.environment
            env["SYMBOLFORGE_HDL"] = nil
            p.environment = env
            let out = Pipe(), err = Pipe()
            p.standardOutput = out
            p.standardError = err
            try p.run()
            let o = out.fileHandleForReading.readDataToEndOfFile()
            let e = err.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
        }
        let emit = try run(["emit", "verilog", "sin(x0)*x1 - 3*x2", "--out", "v"])
        XCTAssertEqual(emit.status, 0, emit.stderr)
        let cast = try String(contentsOf: work.appendingPathComponent("v/sf_cast.v"), encoding: .utf8)
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        XCTAssertEqual(cast, try String(contentsOf: checkout.appendingPathComponent("HDL/sf_cast.v"), encoding: .utf8))
        let cosim = try run(["cosim", "sin(x0)*x1 - 3*x2", "--vectors", "200"])
        XCTAssertEqual(cosim.status, 0, cosim.stderr)
        XCTAssertTrue(cosim.stdout.contains("PASS"), cosim.stdout)
    }
}

extension CLITests {
    /// A small three-class file: classes decided by two of four columns.
    func smallClassFile() throws -> URL {
        var lines = ["a,b,c,d,kind"]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<400 {
            let x = (0..<4).map { _ in Double.random(in: -1...1, using: &rng) }
            let kind = x[0] > 0.3 ? "top" : (x[1] > 0 ? "light" : "heavy")
            lines.append(x.map { String(format: "%.4f", $0) }.joined(separator: ",") + "," + kind)
        }
        let url = try temp().appendingPathComponent("small.csv")
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func testTrainReportsTheReferenceNetworkAndExtractNamesTheClasses() throws {
        let data = try smallClassFile()
        let model = data.deletingLastPathComponent().appendingPathComponent("m/model.json")
        let r = try run(["train", "--data", data.path, "--target", "kind", "--nodes", "4:1", "--epochs", "3",
                         "--sparsity", "input=0.5,weight=0.9", "--out", model.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("reference network"), r.stdout)
        let metrics = model.deletingPathExtension().appendingPathExtension("metrics.json")
        let obj = try JSONSerialization.jsonObject(with: Data(contentsOf: metrics)) as! [String: Any]
        let nn = try XCTUnwrap(obj["reference_nn_accuracy"] as? Double)
        let sn = try XCTUnwrap(obj["symbolnet_accuracy"] as? Double)
        XCTAssertEqual(try XCTUnwrap(obj["accuracy_relative_to_nn"] as? Double), sn / nn, accuracy: 1e-12)
        let e = try run(["extract", model.path, "--variables", "features"])
        XCTAssertEqual(e.status, 0, e.stderr)
        let names = e.stdout.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: ":")[0] }
        XCTAssertEqual(names, ["heavy", "light", "top"])
        XCTAssertFalse(e.stdout.contains("x0"), e.stdout)
    }

    func testTrainingThatGoesNonFiniteStopsAndNamesTheOperator() throws {
        let data = try smallClassFile()
        let model = data.deletingLastPathComponent().appendingPathComponent("p/model.json")
        try assertFails(["train", "--data", data.path, "--target", "kind", "--binary", "pow", "--sparsity", "input=0.5,weight=0.9",
                         "--no-reference", "--out", model.path], ["epoch 1, step 1", "binary operator 'pow'"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: model.path))
    }
}
