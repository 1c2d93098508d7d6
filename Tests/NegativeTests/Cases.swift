import Foundation

/// One kind of bad input: the command line, the files it sees, and the environment.
struct BadInput: Sendable {
    enum Content: Sendable {
        case text(String)
        case bytes([UInt8])
        case directory
        case fixture(String)
    }

    var name: String
    var args: [String]
    var files: [String: Content] = [:]
    var env: [String: String] = [:]
    /// Folders the command may create although it fails (a refused regression still writes its report);
    /// every file it was given must stay unchanged all the same.
    var mayCreate: [String] = []
}

/// A .npy file: magic, version 1.0, a padded header dictionary, then `payload`.
func npy(descr: String, shape: String, payload: [UInt8] = [], magic: [UInt8] = [0x93] + Array("NUMPY".utf8)) -> BadInput.Content {
    var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
    while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
    header += "\n"
    let n = header.utf8.count
    return .bytes(magic + [1, 0, UInt8(n & 0xFF), UInt8(n >> 8)] + Array(header.utf8) + payload)
}

func doubles(_ values: [Double]) -> [UInt8] {
    values.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
}

let flatSum10001 = "y: " + (0..<10_001).map { "x\($0 % 16)" }.joined(separator: " + ") + "\n"
let deepParentheses = "y: " + String(repeating: "(", count: 50_000) + "x0" + String(repeating: ")", count: 50_000) + "\n"
let trainCSV = "a,b,label\n" + (0..<40).map { "\(Double($0 % 7) / 3),\(Double($0 % 5) / 2),\($0 % 2 == 0 ? "s" : "b")" }.joined(separator: "\n") + "\n"
let vectorsCSV = "x0,x1\n0.5,1\n-1,2\n"

/// Every kind of bad input the suite covers, one test each (see NegativeTests).
let badInputs: [BadInput] = [
    // Formula text: syntax, located with line:column and a caret.
    BadInput(name: "formula_unexpected_character", args: ["emit", "verilog", "x0 $ x1", "--out", "out"]),
    BadInput(name: "formula_unknown_function", args: ["emit", "verilog", "foo(x0)", "--out", "out"]),
    BadInput(name: "formula_unknown_variable", args: ["emit", "verilog", "x0 + y", "--out", "out"]),
    BadInput(name: "formula_unclosed_parenthesis", args: ["emit", "verilog", "(x0 + 1", "--out", "out"]),
    BadInput(name: "formula_trailing_text", args: ["emit", "verilog", "x0 x1", "--out", "out"]),
    BadInput(name: "formula_missing_operand", args: ["emit", "verilog", "x0 +", "--out", "out"]),
    BadInput(name: "formula_exponent_without_digits", args: ["emit", "verilog", "1e + x0", "--out", "out"]),
    BadInput(name: "formula_number_out_of_range", args: ["emit", "verilog", "1e999*x0", "--out", "out"]),
    BadInput(name: "formula_bad_output_name", args: ["emit", "verilog", "set.txt", "--out", "out"], files: ["set.txt": .text("ok: x0\n1a: x0 + 1\n")]),
    BadInput(name: "formula_duplicate_output", args: ["emit", "verilog", "set.txt", "--out", "out"], files: ["set.txt": .text("a: x0\na: x1\n")]),
    BadInput(name: "formula_file_without_formulas", args: ["emit", "verilog", "set.txt", "--out", "out"], files: ["set.txt": .text("# only a comment\n\n")]),
    BadInput(name: "formula_crlf_error_on_line_2", args: ["emit", "verilog", "set.txt", "--out", "out"], files: ["set.txt": .text("a: x0 + 1\r\nb: x1 *\r\n")]),
    BadInput(name: "formula_50000_parentheses", args: ["emit", "verilog", "deep.txt", "--out", "out"], files: ["deep.txt": .text(deepParentheses)]),
    BadInput(name: "formula_flat_sum_beyond_depth_limit", args: ["emit", "verilog", "flat.txt", "--out", "out"], files: ["flat.txt": .text(flatSum10001)]),
    BadInput(name: "formula_variable_index_overflow", args: ["emit", "verilog", "x999999999999999999", "--out", "out"]),
    BadInput(name: "formula_variable_beyond_input_limit", args: ["emit", "verilog", "x0 + x4096", "--out", "out"]),
    BadInput(name: "formula_file_missing", args: ["emit", "verilog", "ff.txt", "--out", "out"]),
    BadInput(name: "formula_file_missing_in_directory", args: ["emit", "verilog", "models/ff", "--out", "out"]),
    BadInput(name: "formula_file_is_directory", args: ["emit", "verilog", "formulas.d", "--out", "out"], files: ["formulas.d": .directory]),
    BadInput(name: "formula_file_binary", args: ["emit", "verilog", "set.txt", "--out", "out"], files: ["set.txt": .bytes([0x79, 0x3A, 0x20, 0x00, 0x01, 0xFF])]),
    BadInput(name: "formula_file_not_utf8", args: ["emit", "verilog", "set.txt", "--out", "out"], files: ["set.txt": .bytes(Array("y: x0 + 1 # caf".utf8) + [0xE9, 0x0A])]),
    // Formulas that parse but cannot become hardware.
    BadInput(name: "lowering_variable_power", args: ["emit", "verilog", "x0**x1", "--out", "out"]),
    BadInput(name: "lowering_division_by_zero", args: ["emit", "verilog", "x0/0", "--out", "out"]),
    BadInput(name: "lowering_constant_nan", args: ["emit", "verilog", "x0 + log(-1)", "--out", "out"]),
    BadInput(name: "inputs_too_few_for_formula", args: ["emit", "verilog", "x0 + x3", "--inputs", "2", "--out", "out"]),
    BadInput(name: "inputs_beyond_limit", args: ["emit", "verilog", "x0", "--inputs", "1000000000000", "--out", "out"]),
    BadInput(name: "inputs_negative", args: ["emit", "verilog", "x0", "--inputs", "-1", "--out", "out"]),
    // Names that reach Verilog, C++, Tcl or file names.
    BadInput(name: "name_output_int", args: ["emit", "verilog", "set.txt", "--out", "out"], files: ["set.txt": .text("int: x0 + 1\n")]),
    BadInput(name: "name_output_class", args: ["emit", "hls", "set.txt", "--out", "out"], files: ["set.txt": .text("class: x0 + 1\n")]),
    BadInput(name: "name_output_module", args: ["emit", "verilog", "set.txt", "--out", "out"], files: ["set.txt": .text("a: x0\nmodule: x0 + 1\n")]),
    BadInput(name: "name_output_logic", args: ["emit", "verilog", "set.txt", "--out", "out"], files: ["set.txt": .text("logic: x0 + 1\n")]),
    BadInput(name: "name_output_same_as_input", args: ["emit", "verilog", "set.txt", "--out", "out"], files: ["set.txt": .text("x0: x1 + 1\n")]),
    BadInput(name: "name_output_control_port", args: ["emit", "verilog", "set.txt", "--out", "out"], files: ["set.txt": .text("clk: x0\n")]),
    BadInput(name: "name_output_internal_prefix", args: ["emit", "verilog", "set.txt", "--out", "out"], files: ["set.txt": .text("sf_y: x0\n")]),
    BadInput(name: "name_output_cxx_reserved_underscore", args: ["emit", "hls", "set.txt", "--out", "out"], files: ["set.txt": .text("a__b: x0\n")]),
    BadInput(name: "hls_part_tcl_injection", args: ["emit", "hls", "x0 + 1", "--out", "out", "--part", "x} ; exec touch F ; set y {"]),
    BadInput(name: "hls_part_with_space", args: ["emit", "hls", "x0 + 1", "--out", "out", "--part", "xc7a35t cpg236"]),
    // Precision strings.
    BadInput(name: "precision_garbage", args: ["emit", "verilog", "x0", "--precision", "float", "--out", "out"]),
    BadInput(name: "precision_zero_width", args: ["emit", "verilog", "x0", "--precision", "ap_fixed<0,0>", "--out", "out"]),
    BadInput(name: "precision_unknown_mode", args: ["emit", "verilog", "x0", "--precision", "ap_fixed<16,6,RND_FOO>", "--out", "out"]),
    BadInput(name: "precision_unclosed", args: ["emit", "verilog", "x0", "--precision", "ap_fixed<16,6", "--out", "out"]),
    BadInput(name: "precision_too_wide", args: ["emit", "verilog", "x0", "--precision", "ap_fixed<100000,8>", "--out", "out"]),
    // Options.
    BadInput(name: "clock_zero", args: ["emit", "verilog", "x0", "--clock-ns", "0", "--out", "out"]),
    BadInput(name: "clock_negative", args: ["emit", "verilog", "x0", "--clock-ns", "-1", "--out", "out"]),
    BadInput(name: "clock_negative_attached", args: ["emit", "verilog", "x0", "--clock-ns=-1", "--out", "out"]),
    BadInput(name: "icarus_negative_attached", args: ["cosim", "x0", "--icarus=-1"]),
    BadInput(name: "inputs_negative_attached", args: ["emit", "verilog", "x0", "--inputs=-1", "--out", "out"]),
    BadInput(name: "vectors_negative_attached", args: ["cosim", "x0", "--vectors=-5"]),
    BadInput(name: "formula_extension_not_a_formula", args: ["cosim", "set.csv"]),
    BadInput(name: "clock_nan", args: ["emit", "hls", "x0", "--clock-ns", "nan", "--out", "out"]),
    BadInput(name: "clock_infinite", args: ["cosim", "x0", "--clock-ns", "inf"]),
    // Clock targets and precision plans.
    BadInput(name: "clock_mhz_unreachable", args: ["emit", "verilog", "y: x0*x1 + x2", "--family", "ecp5", "--clock-mhz", "900", "--out", "out"]),
    BadInput(name: "clock_mhz_zero", args: ["emit", "verilog", "x0", "--clock-mhz", "0", "--out", "out"]),
    BadInput(name: "clock_mhz_and_ns", args: ["cosim", "x0", "--clock-mhz", "100", "--clock-ns", "10"]),
    BadInput(name: "family_unknown", args: ["emit", "verilog", "x0", "--family", "virtex", "--out", "out"]),
    BadInput(name: "plan_max_error_zero", args: ["emit", "verilog", "y: x0*x1", "--plan", "optimized", "--max-error", "0", "--out", "out"]),
    BadInput(name: "plan_max_error_negative", args: ["cosim", "y: x0*x1", "--plan", "optimized", "--max-error=-0.01"]),
    BadInput(name: "plan_target_unreachable", args: ["emit", "verilog", "y: sin(x0) + 0.3*x1", "--plan", "optimized", "--max-error", "1e-30", "--out", "out"]),
    BadInput(name: "plan_optimized_without_target", args: ["emit", "verilog", "y: x0*x1", "--plan", "optimized", "--out", "out"]),
    BadInput(name: "plan_agreement_single_output", args: ["emit", "verilog", "y: x0*x1", "--plan", "optimized", "--min-agreement", "0.99", "--out", "out"]),
    BadInput(name: "icarus_negative", args: ["cosim", "x0", "--icarus", "-1"]),
    BadInput(name: "vectors_negative", args: ["cosim", "x0", "--vectors", "-5"]),
    BadInput(name: "vectors_beyond_limit", args: ["cosim", "x0 + x1", "--vectors", "1000000000000"]),
    BadInput(name: "hls_vectors_beyond_limit", args: ["emit", "hls", "x0 + x1", "--vectors", "1000000000000", "--out", "out"]),
    BadInput(name: "table_size_not_power_of_two", args: ["emit", "verilog", "sin(x0)", "--table-size", "1000", "--out", "out"]),
    BadInput(name: "shift_add_terms_out_of_range", args: ["emit", "verilog", "2*x0", "--shift-add-terms", "99", "--out", "out"]),
    BadInput(name: "dsp_budget_negative", args: ["emit", "verilog", "2*x0", "--dsp-budget=-1", "--out", "out"]),
    BadInput(name: "table_override_malformed", args: ["emit", "verilog", "sin(x0)", "--table", "sin=0", "--out", "out"]),
    BadInput(name: "table_style_unknown", args: ["emit", "verilog", "sin(x0)", "--tables", "fast", "--out", "out"]),
    BadInput(name: "constants_style_unknown", args: ["emit", "verilog", "x0 - 1", "--constants", "python", "--out", "out"]),
    BadInput(name: "cache_variable_empty", args: ["emit", "verilog", "x0", "--out", "out"], env: ["SYMBOLFORGE_CACHE": ""]),
    // Input vectors (cosim --data): CSV and NPY.
    BadInput(name: "data_file_missing", args: ["cosim", "x0 + x1", "--data", "nope.csv"]),
    BadInput(name: "data_header_skips_an_input", args: ["cosim", "x0 + x1", "--data", "v.csv"], files: ["v.csv": .text("x0,x2\n1,2\n3,4\n")]),
    BadInput(name: "data_without_header", args: ["cosim", "x0 + x1", "--data", "v.csv"], files: ["v.csv": .text("1,2\n3,4\n")]),
    BadInput(name: "data_ragged_row", args: ["cosim", "x0 + x1", "--data", "v.csv"], files: ["v.csv": .text("x0,x1\n1,2\n3\n")]),
    BadInput(name: "data_non_numeric_cell", args: ["cosim", "x0 + x1", "--data", "v.csv"], files: ["v.csv": .text("x0,x1\n1,2\n3,abc\n")]),
    BadInput(name: "data_nan_cell", args: ["cosim", "x0 + x1", "--data", "v.csv"], files: ["v.csv": .text("x0,x1\n1,nan\n")]),
    BadInput(name: "data_empty_file", args: ["cosim", "x0 + x1", "--data", "v.csv"], files: ["v.csv": .text("")]),
    BadInput(name: "data_header_only", args: ["cosim", "x0 + x1", "--data", "v.csv"], files: ["v.csv": .text("x0,x1\n")]),
    BadInput(name: "data_duplicate_column", args: ["cosim", "x0 + x1", "--data", "v.csv"], files: ["v.csv": .text("x0,x0\n1,2\n")]),
    BadInput(name: "data_too_few_columns", args: ["cosim", "x0 + x1", "--data", "v.csv"], files: ["v.csv": .text("a\n1\n")]),
    BadInput(name: "data_binary_file", args: ["cosim", "x0 + x1", "--data", "v.csv"], files: ["v.csv": .bytes([0x00, 0x01, 0x02, 0x03, 0xFF, 0x10])]),
    BadInput(name: "data_gz_name_not_gzip", args: ["cosim", "x0 + x1", "--data", "v.csv.gz"], files: ["v.csv.gz": .text(vectorsCSV)]),
    BadInput(name: "data_zip_archive", args: ["cosim", "x0 + x1", "--data", "v.csv"], files: ["v.csv": .bytes([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00])]),
    BadInput(name: "data_corrupt_gzip", args: ["cosim", "x0 + x1", "--data", "v.csv.gz"], files: ["v.csv.gz": .bytes([0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xDE, 0xAD, 0xBE, 0xEF])]),
    BadInput(name: "data_npy_bad_magic", args: ["cosim", "x0 + x1", "--data", "v.npy"], files: ["v.npy": npy(descr: "<f8", shape: "(1, 2)", payload: doubles([1, 2]), magic: Array("NOTNPY".utf8))]),
    BadInput(name: "data_npy_complex_dtype", args: ["cosim", "x0 + x1", "--data", "v.npy"], files: ["v.npy": npy(descr: "<c16", shape: "(1, 2)", payload: doubles([1, 2, 3, 4]))]),
    BadInput(name: "data_npy_truncated", args: ["cosim", "x0 + x1", "--data", "v.npy"], files: ["v.npy": npy(descr: "<f8", shape: "(100, 2)", payload: doubles([1, 2, 3]))]),
    BadInput(name: "data_npy_nan", args: ["cosim", "x0 + x1", "--data", "v.npy"], files: ["v.npy": npy(descr: "<f8", shape: "(2, 2)", payload: doubles([1, 2, .nan, 4]))]),
    BadInput(name: "data_npy_in_csv_name", args: ["cosim", "x0 + x1", "--data", "v.csv"], files: ["v.csv": npy(descr: "<f8", shape: "(1, 2)", payload: doubles([1, 2]))]),
    // Training data and SymbolNet options.
    BadInput(name: "train_target_missing", args: ["train", "--data", "t.csv", "--target", "class", "--out", "out/m.json"], files: ["t.csv": .text(trainCSV)]),
    BadInput(name: "train_label_empty", args: ["train", "--data", "t.csv", "--target", "label", "--out", "out/m.json"], files: ["t.csv": .text(trainCSV + "1,2,\n")]),
    BadInput(name: "train_label_nan", args: ["train", "--data", "t.csv", "--target", "label", "--out", "out/m.json"], files: ["t.csv": .text(trainCSV + "1,2,nan\n")]),
    BadInput(name: "train_feature_missing", args: ["train", "--data", "t.csv", "--target", "label", "--features", "a,c", "--out", "out/m.json"], files: ["t.csv": .text(trainCSV)]),
    BadInput(name: "train_nodes_empty_layer", args: ["train", "--data", "t.csv", "--target", "label", "--nodes", "5,,3", "--out", "out/m.json"], files: ["t.csv": .text(trainCSV)]),
    BadInput(name: "train_nodes_empty_binary", args: ["train", "--data", "t.csv", "--target", "label", "--nodes", "5:", "--out", "out/m.json"], files: ["t.csv": .text(trainCSV)]),
    BadInput(name: "train_layers_mismatch", args: ["train", "--data", "t.csv", "--target", "label", "--layers", "3", "--nodes", "5", "--out", "out/m.json"], files: ["t.csv": .text(trainCSV)]),
    BadInput(name: "train_sparsity_out_of_range", args: ["train", "--data", "t.csv", "--target", "label", "--sparsity", "input=2", "--out", "out/m.json"], files: ["t.csv": .text(trainCSV)]),
    BadInput(name: "train_sparsity_unknown_key", args: ["train", "--data", "t.csv", "--target", "label", "--sparsity", "depth=0.5", "--out", "out/m.json"], files: ["t.csv": .text(trainCSV)]),
    BadInput(name: "train_unary_unknown", args: ["train", "--data", "t.csv", "--target", "label", "--unary", "sin,erf", "--out", "out/m.json"], files: ["t.csv": .text(trainCSV)]),
    BadInput(name: "train_binary_unknown", args: ["train", "--data", "t.csv", "--target", "label", "--binary", "max", "--out", "out/m.json"], files: ["t.csv": .text(trainCSV)]),
    BadInput(name: "train_task_unknown", args: ["train", "--data", "t.csv", "--target", "label", "--task", "clustering", "--out", "out/m.json"], files: ["t.csv": .text(trainCSV)]),
    BadInput(name: "train_regression_target_text", args: ["train", "--data", "t.csv", "--target", "label", "--task", "regression", "--out", "out/m.json"], files: ["t.csv": .text(trainCSV)]),
    BadInput(name: "train_single_class", args: ["train", "--data", "t.csv", "--target", "label", "--out", "out/m.json"], files: ["t.csv": .text(trainCSV.replacingOccurrences(of: ",b\n", with: ",s\n"))]),
    BadInput(name: "train_class_too_few_rows", args: ["train", "--data", "t.csv", "--target", "label", "--out", "out/m.json"], files: ["t.csv": .text(trainCSV + "1,2,rare\n")]),
    BadInput(name: "train_reference_untrainable", args: ["train", "--data", "t.csv", "--target", "label", "--test-fraction", "0", "--out", "out/m.json"], files: ["t.csv": .text("a,b,label\n0,1,s\n1,0,b\n")]),
    BadInput(name: "train_quantization_aware_without_precision", args: ["train", "--data", "t.csv", "--target", "label", "--quantization-aware", "--out", "out/m.json"], files: ["t.csv": .text(trainCSV)]),
    BadInput(name: "train_plan_without_precision", args: ["train", "--data", "t.csv", "--target", "label", "--quantization-aware", "--plan", "optimized", "--out", "out/m.json"], files: ["t.csv": .text(trainCSV)]),
    BadInput(name: "train_qat_float_weight_without_quantization_aware", args: ["train", "--data", "t.csv", "--target", "label", "--qat-float-weight", "1", "--out", "out/m.json"], files: ["t.csv": .text(trainCSV)]),
    BadInput(name: "train_qat_epochs_without_quantization_aware", args: ["train", "--data", "t.csv", "--target", "label", "--qat-epochs", "5", "--out", "out/m.json"], files: ["t.csv": .text(trainCSV)]),
    BadInput(name: "train_quantization_aware_too_wide", args: ["train", "--data", "t.csv", "--target", "label", "--quantization-aware", "--precision", "ap_fixed<24,8>", "--out", "out/m.json"], files: ["t.csv": .text(trainCSV)]),
    BadInput(name: "train_operator_costs_unknown", args: ["train", "--data", "t.csv", "--target", "label", "--operator-costs", "cheap", "--out", "out/m.json"], files: ["t.csv": .text(trainCSV)]),
    BadInput(name: "run_nodes_empty_layer", args: ["run", "--nodes", "5,,3", "--out", "out"]),
    BadInput(name: "run_clock_mhz_unreachable", args: ["run", "--family", "ecp5", "--clock-mhz", "900", "--out", "out"]),
    BadInput(name: "run_clock_mhz_zero", args: ["run", "--clock-mhz", "0", "--out", "out"]),
    // Regression baselines and shards: a mistyped path or a failed run never changes a baseline.
    BadInput(name: "regress_baseline_missing", args: ["regress", "--designs", "designs", "--baseline", "nope", "--no-synth", "--out", "out"],
             files: ["designs/cubic.txt": .text("y: x0**3 - 2*x0\n")]),
    BadInput(name: "regress_empty_designs_update", args: ["regress", "--designs", "designs", "--baseline", "base", "--no-synth", "--update-baseline", "--out", "out"],
             files: ["designs": .directory, "base/cubic.json": .fixture("baseline_cubic.json")], mayCreate: ["out"]),
    BadInput(name: "regress_designs_missing", args: ["regress", "--designs", "nodir", "--baseline", "base", "--no-synth", "--out", "out"],
             files: ["base/cubic.json": .fixture("baseline_cubic.json")]),
    BadInput(name: "regress_tolerance_nan", args: ["regress", "--designs", "designs", "--baseline", "base", "--no-synth", "--max-error-growth", "nan", "--out", "out"],
             files: ["designs/cubic.txt": .text("y: x0**3 - 2*x0\n"), "base/cubic.json": .fixture("baseline_cubic.json")]),
    BadInput(name: "regress_tolerance_negative", args: ["regress", "--designs", "designs", "--baseline", "base", "--no-synth", "--fmax-tolerance=-0.1", "--out", "out"],
             files: ["designs/cubic.txt": .text("y: x0**3 - 2*x0\n"), "base/cubic.json": .fixture("baseline_cubic.json")]),
    BadInput(name: "regress_shard_beyond_count", args: ["regress", "--designs", "designs", "--baseline", "base", "--no-synth", "--shard", "5/4", "--out", "out"],
             files: ["designs/cubic.txt": .text("y: x0**3 - 2*x0\n"), "base/cubic.json": .fixture("baseline_cubic.json")]),
    BadInput(name: "regress_vectors_beyond_limit", args: ["regress", "--designs", "designs", "--baseline", "base", "--no-synth", "--vectors", "1000000000000", "--out", "out"],
             files: ["designs/cubic.txt": .text("y: x0**3 - 2*x0\n"), "base/cubic.json": .fixture("baseline_cubic.json")]),
    BadInput(name: "regress_clock_zero", args: ["regress", "--designs", "designs", "--baseline", "base", "--no-synth", "--clock-ns", "0", "--out", "out"],
             files: ["designs/cubic.txt": .text("y: x0**3 - 2*x0\n"), "base/cubic.json": .fixture("baseline_cubic.json")]),
    BadInput(name: "merge_results_missing", args: ["merge", "nope.json", "--out", "out"]),
    BadInput(name: "merge_results_not_json", args: ["merge", "r.json", "--baseline", "base", "--out", "out"],
             files: ["r.json": .text("garbage\n"), "base/cubic.json": .fixture("baseline_cubic.json")]),
    // Model files (extract).
    BadInput(name: "extract_model_missing", args: ["extract", "nope.json"]),
    BadInput(name: "extract_model_not_json", args: ["extract", "m.json"], files: ["m.json": .text("this is not json\n")]),
    BadInput(name: "extract_model_wrong_schema", args: ["extract", "m.json"], files: ["m.json": .text("{\"formatVersion\": 1, \"layers\": []}\n")]),
    BadInput(name: "extract_model_type_mismatch", args: ["extract", "m.json"], files: ["m.json": .text("{\"formatVersion\": \"one\"}\n")]),
    BadInput(name: "extract_model_future_version", args: ["extract", "m.json"], files: ["m.json": .text("{\"formatVersion\": 99}\n")]),
    BadInput(name: "extract_model_huge_shape", args: ["extract", "m.json"], files: ["m.json": .fixture("tiny_model.json:inputs")]),
    BadInput(name: "extract_model_parameter_count", args: ["extract", "m.json"], files: ["m.json": .fixture("tiny_model.json:parameters")]),
    BadInput(name: "extract_names_repeated", args: ["extract", "m.json", "--names", "a,a"], files: ["m.json": .fixture("tiny_model.json")]),
    BadInput(name: "extract_names_count", args: ["extract", "m.json", "--names", "a"], files: ["m.json": .fixture("tiny_model.json")]),
    BadInput(name: "extract_names_not_identifiers", args: ["extract", "m.json", "--names", "a,2b"], files: ["m.json": .fixture("tiny_model.json")]),
    // Design-space exploration (sweep, front).
    BadInput(name: "sweep_hall_of_fame_unknown_operator", args: ["sweep", "hall_of_fame.csv", "--no-synth", "--out", "out"],
             files: ["hall_of_fame.csv": .text("Complexity,Loss,Equation\n1,0.5,\"x0\"\n4,0.1,\"plus(x0, relu(x1))\"\n")]),
    BadInput(name: "sweep_hall_of_fame_unclosed_quote", args: ["sweep", "hall_of_fame.csv", "--no-synth", "--out", "out"],
             files: ["hall_of_fame.csv": .text("Complexity,Loss,Equation\n3,0.2,\"square(x0)\n")]),
    BadInput(name: "sweep_hall_of_fame_missing_column", args: ["sweep", "hall_of_fame.csv", "--no-synth", "--out", "out"],
             files: ["hall_of_fame.csv": .text("Complexity,Equation\n1,\"x0\"\n")]),
    BadInput(name: "sweep_hall_of_fame_bad_complexity", args: ["sweep", "hall_of_fame_output1.csv", "--no-synth", "--out", "out"],
             files: ["hall_of_fame_output1.csv": .text("Complexity,Loss,Equation\n1,0.5,\"x0\"\n-2,0.1,\"neg(x0)\"\n")]),
    BadInput(name: "sweep_no_point_builds", args: ["sweep", "y: log(x0*x0 + 1)", "--plans", "optimized", "--max-error", "1e-9", "--rows", "50", "--no-synth", "--out", "out"]),
    BadInput(name: "sweep_shard_malformed", args: ["sweep", "y: x0*x1", "--no-synth", "--shard", "2of4", "--out", "out"]),
    BadInput(name: "sweep_shard_zero", args: ["sweep", "y: x0*x1", "--no-synth", "--shard", "0/2", "--out", "out"]),
    BadInput(name: "sweep_shard_without_point", args: ["sweep", "y: x0*x1", "--no-synth", "--shard", "3/3", "--out", "out"]),
    BadInput(name: "sweep_table_size_not_power_of_two", args: ["sweep", "y: sin(x0)", "--no-synth", "--table-sizes", "256,100", "--out", "out"]),
    BadInput(name: "sweep_max_error_not_positive", args: ["sweep", "y: x0*x1", "--plans", "optimized", "--no-synth", "--max-error", "0.01,0", "--out", "out"]),
    BadInput(name: "sweep_unknown_plan", args: ["sweep", "y: x0*x1", "--plans", "uniform,best", "--no-synth", "--out", "out"]),
    BadInput(name: "front_shard_malformed", args: ["front", "--no-synth", "--shard", "1/x", "--out", "out"]),
    BadInput(name: "front_widths_malformed", args: ["front", "--no-synth", "--widths", "12:3;twelve", "--out", "out"]),
    BadInput(name: "front_sparsity_out_of_range", args: ["front", "--no-synth", "--weight-sparsities", "0.9,1.5", "--out", "out"]),

    // Waveforms (cosim --trace) and user RTL (cosim --rtl).
    BadInput(name: "trace_path_is_folder", args: ["cosim", "x0", "--trace", "w"], files: ["w": .directory]),
    BadInput(name: "trace_folder_missing", args: ["cosim", "x0", "--trace", "nowhere/t.fst"]),
    BadInput(name: "trace_vectors_zero", args: ["cosim", "x0", "--trace", "t.fst", "--trace-vectors", "0"]),
    BadInput(name: "trace_window_too_large", args: ["cosim", "x0*x1*x0*x1", "--vectors", "2000000", "--trace", "t.fst", "--trace-vectors", "2000000"]),
    BadInput(name: "rtl_file_missing", args: ["cosim", "x0 + x1", "--rtl", "top.v"]),
    BadInput(name: "rtl_does_not_parse", args: ["cosim", "x0 + x1", "--rtl", "top.v"],
             files: ["top.v": .text("module top (input wire clk,\n    input wire rst\n    input wire in_valid);\nendmodule\n")], mayCreate: ["cache"]),
    BadInput(name: "rtl_port_width_mismatch", args: ["cosim", "x0 + x1", "--rtl", "top.v"], files: ["top.v": .text(userRTL(x0Width: 12))], mayCreate: ["cache"]),
    BadInput(name: "rtl_port_missing", args: ["cosim", "x0 + x1", "--rtl", "top.v"], files: ["top.v": .text(userRTL(x0Width: 18, dropValid: true))], mayCreate: ["cache"]),
    BadInput(name: "rtl_with_icarus", args: ["cosim", "x0 + x1", "--rtl", "top.v", "--icarus", "10"], files: ["top.v": .text(userRTL(x0Width: 18))]),
]

/// A user module with the emitted port convention for `x0 + x1` at ap_fixed<18,8>, damaged as asked.
func userRTL(x0Width: Int, dropValid: Bool = false) -> String {
    """
    `timescale 1ns / 1ps
    module top (
        input wire clk, input wire rst,\(dropValid ? "" : " input wire in_valid,")
        input wire signed [\(x0Width - 1):0] x0, input wire signed [17:0] x1,
        output reg out_valid, output reg signed [17:0] y
    );
        always @(posedge clk) begin
            out_valid <= \(dropValid ? "1'b0" : "in_valid & ~rst");
            y <= x1;
        end
    endmodule

    """
}
