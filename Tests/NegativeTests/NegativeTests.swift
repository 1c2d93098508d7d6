import XCTest

/// One test per kind of bad input; the cases are in Cases.swift, the expected messages in Expected/.
/// (The list is generated from Cases.swift; `testEveryCaseHasATest` keeps the two in step.)
final class NegativeTests: XCTestCase {
    func testFormulaUnexpectedCharacter() { Harness.check("formula_unexpected_character") }
    func testFormulaUnknownFunction() { Harness.check("formula_unknown_function") }
    func testFormulaUnknownVariable() { Harness.check("formula_unknown_variable") }
    func testFormulaUnclosedParenthesis() { Harness.check("formula_unclosed_parenthesis") }
    func testFormulaTrailingText() { Harness.check("formula_trailing_text") }
    func testFormulaMissingOperand() { Harness.check("formula_missing_operand") }
    func testFormulaExponentWithoutDigits() { Harness.check("formula_exponent_without_digits") }
    func testFormulaNumberOutOfRange() { Harness.check("formula_number_out_of_range") }
    func testFormulaBadOutputName() { Harness.check("formula_bad_output_name") }
    func testFormulaDuplicateOutput() { Harness.check("formula_duplicate_output") }
    func testFormulaFileWithoutFormulas() { Harness.check("formula_file_without_formulas") }
    func testFormulaCrlfErrorOnLine2() { Harness.check("formula_crlf_error_on_line_2") }
    func testFormula50000Parentheses() { Harness.check("formula_50000_parentheses") }
    func testFormulaFlatSumBeyondDepthLimit() { Harness.check("formula_flat_sum_beyond_depth_limit") }
    func testFormulaVariableIndexOverflow() { Harness.check("formula_variable_index_overflow") }
    func testFormulaVariableBeyondInputLimit() { Harness.check("formula_variable_beyond_input_limit") }
    func testFormulaFileMissing() { Harness.check("formula_file_missing") }
    func testFormulaFileMissingInDirectory() { Harness.check("formula_file_missing_in_directory") }
    func testFormulaFileIsDirectory() { Harness.check("formula_file_is_directory") }
    func testFormulaFileBinary() { Harness.check("formula_file_binary") }
    func testFormulaFileNotUtf8() { Harness.check("formula_file_not_utf8") }
    func testLoweringVariablePower() { Harness.check("lowering_variable_power") }
    func testLoweringDivisionByZero() { Harness.check("lowering_division_by_zero") }
    func testLoweringConstantNan() { Harness.check("lowering_constant_nan") }
    func testInputsTooFewForFormula() { Harness.check("inputs_too_few_for_formula") }
    func testInputsBeyondLimit() { Harness.check("inputs_beyond_limit") }
    func testInputsNegative() { Harness.check("inputs_negative") }
    func testNameOutputInt() { Harness.check("name_output_int") }
    func testNameOutputClass() { Harness.check("name_output_class") }
    func testNameOutputModule() { Harness.check("name_output_module") }
    func testNameOutputLogic() { Harness.check("name_output_logic") }
    func testNameOutputSameAsInput() { Harness.check("name_output_same_as_input") }
    func testNameOutputControlPort() { Harness.check("name_output_control_port") }
    func testNameOutputInternalPrefix() { Harness.check("name_output_internal_prefix") }
    func testNameOutputCxxReservedUnderscore() { Harness.check("name_output_cxx_reserved_underscore") }
    func testHlsPartTclInjection() { Harness.check("hls_part_tcl_injection") }
    func testHlsPartWithSpace() { Harness.check("hls_part_with_space") }
    func testPrecisionGarbage() { Harness.check("precision_garbage") }
    func testPrecisionZeroWidth() { Harness.check("precision_zero_width") }
    func testPrecisionUnknownMode() { Harness.check("precision_unknown_mode") }
    func testPrecisionUnclosed() { Harness.check("precision_unclosed") }
    func testPrecisionTooWide() { Harness.check("precision_too_wide") }
    func testClockZero() { Harness.check("clock_zero") }
    func testClockNegative() { Harness.check("clock_negative") }
    func testClockNan() { Harness.check("clock_nan") }
    func testClockInfinite() { Harness.check("clock_infinite") }
    func testIcarusNegative() { Harness.check("icarus_negative") }
    func testVectorsNegative() { Harness.check("vectors_negative") }
    func testVectorsBeyondLimit() { Harness.check("vectors_beyond_limit") }
    func testHlsVectorsBeyondLimit() { Harness.check("hls_vectors_beyond_limit") }
    func testTableSizeNotPowerOfTwo() { Harness.check("table_size_not_power_of_two") }
    func testTableOverrideMalformed() { Harness.check("table_override_malformed") }
    func testTableStyleUnknown() { Harness.check("table_style_unknown") }
    func testConstantsStyleUnknown() { Harness.check("constants_style_unknown") }
    func testCacheVariableEmpty() { Harness.check("cache_variable_empty") }
    func testDataFileMissing() { Harness.check("data_file_missing") }
    func testDataHeaderSkipsAnInput() { Harness.check("data_header_skips_an_input") }
    func testDataWithoutHeader() { Harness.check("data_without_header") }
    func testDataRaggedRow() { Harness.check("data_ragged_row") }
    func testDataNonNumericCell() { Harness.check("data_non_numeric_cell") }
    func testDataNanCell() { Harness.check("data_nan_cell") }
    func testDataEmptyFile() { Harness.check("data_empty_file") }
    func testDataHeaderOnly() { Harness.check("data_header_only") }
    func testDataDuplicateColumn() { Harness.check("data_duplicate_column") }
    func testDataTooFewColumns() { Harness.check("data_too_few_columns") }
    func testDataBinaryFile() { Harness.check("data_binary_file") }
    func testDataGzNameNotGzip() { Harness.check("data_gz_name_not_gzip") }
    func testDataZipArchive() { Harness.check("data_zip_archive") }
    func testDataCorruptGzip() { Harness.check("data_corrupt_gzip") }
    func testDataNpyBadMagic() { Harness.check("data_npy_bad_magic") }
    func testDataNpyComplexDtype() { Harness.check("data_npy_complex_dtype") }
    func testDataNpyTruncated() { Harness.check("data_npy_truncated") }
    func testDataNpyNan() { Harness.check("data_npy_nan") }
    func testDataNpyInCsvName() { Harness.check("data_npy_in_csv_name") }
    func testTrainTargetMissing() { Harness.check("train_target_missing") }
    func testTrainLabelEmpty() { Harness.check("train_label_empty") }
    func testTrainLabelNan() { Harness.check("train_label_nan") }
    func testTrainFeatureMissing() { Harness.check("train_feature_missing") }
    func testTrainNodesEmptyLayer() { Harness.check("train_nodes_empty_layer") }
    func testTrainNodesEmptyBinary() { Harness.check("train_nodes_empty_binary") }
    func testTrainLayersMismatch() { Harness.check("train_layers_mismatch") }
    func testTrainSparsityOutOfRange() { Harness.check("train_sparsity_out_of_range") }
    func testTrainSparsityUnknownKey() { Harness.check("train_sparsity_unknown_key") }
    func testTrainUnaryUnknown() { Harness.check("train_unary_unknown") }
    func testTrainBinaryUnknown() { Harness.check("train_binary_unknown") }
    func testTrainTaskUnknown() { Harness.check("train_task_unknown") }
    func testTrainRegressionTargetText() { Harness.check("train_regression_target_text") }
    func testRunNodesEmptyLayer() { Harness.check("run_nodes_empty_layer") }
    func testExtractModelMissing() { Harness.check("extract_model_missing") }
    func testExtractModelNotJson() { Harness.check("extract_model_not_json") }
    func testExtractModelWrongSchema() { Harness.check("extract_model_wrong_schema") }
    func testExtractModelTypeMismatch() { Harness.check("extract_model_type_mismatch") }
    func testExtractModelFutureVersion() { Harness.check("extract_model_future_version") }
    func testExtractModelHugeShape() { Harness.check("extract_model_huge_shape") }
    func testExtractModelParameterCount() { Harness.check("extract_model_parameter_count") }
    func testExtractNamesRepeated() { Harness.check("extract_names_repeated") }
    func testExtractNamesCount() { Harness.check("extract_names_count") }
    func testExtractNamesNotIdentifiers() { Harness.check("extract_names_not_identifiers") }

    func testEveryCaseHasATest() {
        let tested: Set<String> = [
            "formula_unexpected_character",
            "formula_unknown_function",
            "formula_unknown_variable",
            "formula_unclosed_parenthesis",
            "formula_trailing_text",
            "formula_missing_operand",
            "formula_exponent_without_digits",
            "formula_number_out_of_range",
            "formula_bad_output_name",
            "formula_duplicate_output",
            "formula_file_without_formulas",
            "formula_crlf_error_on_line_2",
            "formula_50000_parentheses",
            "formula_flat_sum_beyond_depth_limit",
            "formula_variable_index_overflow",
            "formula_variable_beyond_input_limit",
            "formula_file_missing",
            "formula_file_missing_in_directory",
            "formula_file_is_directory",
            "formula_file_binary",
            "formula_file_not_utf8",
            "lowering_variable_power",
            "lowering_division_by_zero",
            "lowering_constant_nan",
            "inputs_too_few_for_formula",
            "inputs_beyond_limit",
            "inputs_negative",
            "name_output_int",
            "name_output_class",
            "name_output_module",
            "name_output_logic",
            "name_output_same_as_input",
            "name_output_control_port",
            "name_output_internal_prefix",
            "name_output_cxx_reserved_underscore",
            "hls_part_tcl_injection",
            "hls_part_with_space",
            "precision_garbage",
            "precision_zero_width",
            "precision_unknown_mode",
            "precision_unclosed",
            "precision_too_wide",
            "clock_zero",
            "clock_negative",
            "clock_nan",
            "clock_infinite",
            "icarus_negative",
            "vectors_negative",
            "vectors_beyond_limit",
            "hls_vectors_beyond_limit",
            "table_size_not_power_of_two",
            "table_override_malformed",
            "table_style_unknown",
            "constants_style_unknown",
            "cache_variable_empty",
            "data_file_missing",
            "data_header_skips_an_input",
            "data_without_header",
            "data_ragged_row",
            "data_non_numeric_cell",
            "data_nan_cell",
            "data_empty_file",
            "data_header_only",
            "data_duplicate_column",
            "data_too_few_columns",
            "data_binary_file",
            "data_gz_name_not_gzip",
            "data_zip_archive",
            "data_corrupt_gzip",
            "data_npy_bad_magic",
            "data_npy_complex_dtype",
            "data_npy_truncated",
            "data_npy_nan",
            "data_npy_in_csv_name",
            "train_target_missing",
            "train_label_empty",
            "train_label_nan",
            "train_feature_missing",
            "train_nodes_empty_layer",
            "train_nodes_empty_binary",
            "train_layers_mismatch",
            "train_sparsity_out_of_range",
            "train_sparsity_unknown_key",
            "train_unary_unknown",
            "train_binary_unknown",
            "train_task_unknown",
            "train_regression_target_text",
            "run_nodes_empty_layer",
            "extract_model_missing",
            "extract_model_not_json",
            "extract_model_wrong_schema",
            "extract_model_type_mismatch",
            "extract_model_future_version",
            "extract_model_huge_shape",
            "extract_model_parameter_count",
            "extract_names_repeated",
            "extract_names_count",
            "extract_names_not_identifiers",
        ]
        XCTAssertEqual(Set(badInputs.map(\.name)), tested)
        XCTAssertEqual(badInputs.count, tested.count, "case names are unique")
    }
}
