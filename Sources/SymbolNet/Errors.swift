/// Problems found in a configuration, data set or model file before any training happens.
public enum SymbolNetError: Error, Equatable, CustomStringConvertible, Sendable {
    case unknownOperator(name: String, known: [String])
    case sparsityOutOfRange(name: String, value: Double)
    case malformedOption(text: String, reason: String)
    case noBinaryNodes
    case noUnaryOperators
    case emptyLayer(index: Int)
    case emptyData
    case nonFinite(what: String, row: Int, column: Int)
    case nonNumeric(what: String, row: Int, column: Int, text: String)
    case shapeMismatch(String)
    case badLabel(row: Int, value: Double, classes: Int)
    case badHyperparameter(String)
    case unsupportedModelVersion(found: Int, supported: Int)
    /// Training produced a NaN or infinite loss or gradient; `culprit` names the first node or
    /// quantity that went non-finite and how to avoid it.
    case nonFiniteLoss(epoch: Int, step: Int?, culprit: String)
    /// The dense reference network cannot be trained on this data; the text says why and what to do.
    case referenceUntrainable(String)

    public var description: String {
        switch self {
        case .unknownOperator(let name, let known):
            return "unknown operator '\(name)'; known: \(known.joined(separator: ", "))"
        case .sparsityOutOfRange(let name, let value):
            return "sparsity target '\(name)' is \(value); it must lie strictly between 0 and 1"
        case .malformedOption(let text, let reason):
            return "cannot read '\(text)': \(reason)"
        case .noBinaryNodes:
            return "a binary sparsity target is set but no layer has binary nodes; add binary nodes or drop the binary target"
        case .noUnaryOperators:
            return "the unary operator list is empty while layers have unary nodes"
        case .emptyLayer(let i):
            return "layer \(i) has no nodes"
        case .emptyData:
            return "the data set has no rows"
        case .nonFinite(let what, let row, let column):
            return "\(what) row \(row), column \(column) is NaN or infinite"
        case .nonNumeric(let what, let row, let column, let text):
            return "\(what) row \(row), column \(column) is not a number: '\(text)'"
        case .shapeMismatch(let s):
            return "shape mismatch: \(s)"
        case .badLabel(let row, let value, let classes):
            return "label in row \(row) is \(value); classification needs an integer in 0..<\(classes)"
        case .badHyperparameter(let s):
            return "bad setting: \(s)"
        case .unsupportedModelVersion(let found, let supported):
            return "model file has format version \(found); this build reads version \(supported)"
        case .referenceUntrainable(let why):
            return "the reference network cannot be trained: \(why)"
        case .nonFiniteLoss(let epoch, let step, let culprit):
            let at = step.map { "epoch \(epoch), step \($0)" } ?? "epoch \(epoch)"
            return "training stopped at \(at): the loss became NaN or infinite; first non-finite value: \(culprit)"
        }
    }
}
