import Foundation
import Testbench
import Verilator

/// A waveform asked for with `cosim --trace FILE`.
public enum WaveformRequest {
    /// Refuses a path that cannot be written, before any work: a folder, or a file in a missing or read-only folder.
    public static func checkPath(_ path: String) throws(FlowError) {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw FlowError("--trace \(path) is a folder; give a file name such as \(path)/trace.fst")
        }
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard fm.fileExists(atPath: parent, isDirectory: &isDir), isDir.boolValue else {
            throw FlowError("--trace \(path): the folder \(parent) does not exist; create it first")
        }
        guard fm.isWritableFile(atPath: parent) else {
            throw FlowError("--trace \(path): the folder \(parent) is not writable")
        }
    }

    /// Runs the first `vectors` vectors on the traced build and writes the waveform to `path` (via a temporary file and a rename).
    public static func write(_ outcome: CosimFlow.Outcome, source: DesignSource, stimulus: Stimulus, vectors: Int, to path: String,
                             toolchain: VerilatorToolchain) throws -> URL {
        let d = outcome.datapath
        let k = min(vectors, stimulus.count)
        let raw = d.quantizeInputs(Array(stimulus.values.prefix(k * stimulus.inputCount)), stride: stimulus.inputCount)
        let (_, sim) = try toolchain.buildAndLoad(source.traced(TraceFormat(fileName: path)))
        let url = URL(fileURLWithPath: path)
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        defer { try? FileManager.default.removeItem(at: temp) }
        _ = try TraceWindow().run(sim, datapath: d, rawInputs: raw, latency: outcome.design.latency, path: temp.path)
        do {
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(at: url) }
            try FileManager.default.moveItem(at: temp, to: url)
        } catch {
            throw FlowError("cannot write \(path): \(error.localizedDescription)")
        }
        return url
    }
}
