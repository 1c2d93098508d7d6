import ArgumentParser
import Datapath
import FixedPoint
import Flows
import Foundation
import SymbolNet
import Verilator

extension TrainJob.Task: ExpressibleByArgument {}

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Train and prune a SymbolNet on a CSV or .npy file.")

    @Option(help: "Training data: CSV with a header (plain or .gz) or .npy.")
    var data: String

    @Option(help: "Target column: class labels (classification) or a numeric target (regression).")
    var target: String

    @Option(help: "Feature columns, comma-separated (default: every other column).")
    var features: String?

    @Option(help: "classification, regression, or auto (classification when the target holds labels).")
    var task: TrainJob.Task = .auto

    @OptionGroup var net: SymbolNetOptions

    @Option(help: "Fraction of rows held out for testing.")
    var testFraction: Double = 0.2

    @Option(help: "Fixed-point type of the design the formulas are checked in (fixed point and RTL on the test rows), e.g. ap_fixed<10,4>.")
    var precision: String?

    @Option(help: "Precision plan of that design: uniform, hls4ml or optimized (needs --precision).")
    var plan: PlanName?

    @Flag(name: .customLong("quantization-aware"), help: "After pruning, fine-tune with the forward pass emulating the fixed-point design (--precision, --plan): its function tables, straight-through rounding.")
    var quantizationAware = false

    @Option(name: .customLong("qat-epochs"), help: "Epochs of quantization-aware fine-tuning (default \(QuantizationAwareTraining.defaultEpochs)).")
    var qatEpochs: Int?

    @Option(name: .customLong("qat-lr"), help: "Adam learning rate of the quantization-aware fine-tuning (default \(QuantizationAwareTraining.defaultLearningRate)).")
    var qatLr: Double?

    @Option(name: .customLong("qat-float-weight"), help: "Weight of the float forward pass's loss beside the emulated one during quantization-aware fine-tuning, so that the formulas work in float and in fixed point (default \(QuantizationAwareTraining.defaultFloatWeight)).")
    var qatFloatWeight: Double?

    @Option(help: "Where to write the model (JSON); the training log goes beside it as .log.csv.")
    var out: String

    func run() throws {
        try reportingErrors {
            var o = TrainJob.Options(data: data, target: target, out: out)
            o.features = features.map { $0.split(separator: ",").map { String($0) } }
            o.task = task
            o.testFraction = testFraction
            o.net = try net.settings()
            o.hardware = try hardware()
            o.quantizationAware = quantizationAware
            o.quantizationAwareEpochs = qatEpochs
            o.quantizationAwareLearningRate = qatLr
            o.quantizationAwareFloatWeight = qatFloatWeight
            let epochs = o.net.epochs
            let r = try TrainJob.run(o, toolchain: { try VerilatorToolchain() }, log: { print($0); fflush(nil) }) { printEpoch($0, of: epochs) }
            print("wrote \(r.files.joined(separator: ", "))")
        }
    }

    /// The fixed-point design named by --precision and --plan (nil when neither is given).
    func hardware() throws -> TrainJob.Hardware? {
        guard precision != nil || plan != nil else { return nil }
        guard let precision else {
            throw CLIError("--plan \(plan!.rawValue) names a precision plan but no type: give --precision, e.g. ap_fixed<10,4>")
        }
        let format = try FixedFormat(parsing: precision)
        switch plan ?? .uniform {
        case .uniform: return TrainJob.Hardware(plan: .uniform(format))
        case .hls4ml: return TrainJob.Hardware(plan: .hls4ml(format))
        case .optimized: return TrainJob.Hardware(plan: .optimized(OptimizationTarget(inputFormat: format)))
        }
    }
}
