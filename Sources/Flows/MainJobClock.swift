import Datapath
import FixedPoint
import SymbolNet
import SymbolicExpression

/// The main job's clock check, made before any training or any file: a clock the delay model cannot reach
/// fails in a second rather than after minutes of training with half the output folder written.
///
/// The trained formulas are not known yet, so the check schedules what the job will build from: the bundled
/// sets A and B, and one probe per operator the SymbolNet may use (a unary operator of a weighted sum, and a
/// product of two). The trained design is scheduled again when it is emitted, so a clock it alone cannot reach
/// still fails there, with the same message.
enum MainJobClock {
    static func check(_ design: DesignOptions, unary: [UnaryOperator]) throws {
        guard design.family != nil else { return }
        let arg = "(0.5*x0 + 0.25*x1 + 0.125)"
        var probes = unary.map { op -> String in
            switch op {
            case .identity: return arg
            case .square: return "\(arg)**2"
            case .cube: return "\(arg)**3"
            case .log: return "log(0.001 + abs\(arg))"
            default: return "\(op.rawValue)\(arg)"
            }
        }
        probes.append("\(arg)*(0.75*x2 - 0.5)")
        let probeSet = try FormulaSet.parse(probes.enumerated().map { "p\($0.offset): \($0.element)" }.joined(separator: "\n"))
        let sets = [("jets_pysr", try BundledFiles.formulas("Examples/jets_pysr.txt")),
                    ("jets_symbolnet", try BundledFiles.formulas("Examples/jets_symbolnet.txt")),
                    ("symbolnet_operators", probeSet)]
        for (name, set) in sets {
            _ = try design.emit(set, name: name, inputCount: Swift.max(16, set.inputCount))
        }
    }
}
