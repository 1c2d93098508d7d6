import Datapath

/// Where each datapath node can be seen in the emitted RTL, for waveforms and divergence localisation.
///
/// Every node the emitter writes is a wire named `sf_n<index>`; a traced build keeps them all, so a
/// waveform names every node of the datapath.
public enum NodeSignals {
    /// The wire that carries node `index`.
    public static func name(_ index: Int) -> String { "sf_n\(index)" }

    /// Cycles after a vector is applied at the inputs (the cycle its `in_valid` is high) at which node
    /// `index`'s wire holds that vector's value, seen just before the rising edge ending the cycle.
    ///
    /// Stage `s` is computed from register rank `s` (the input registers count as one more rank), and a
    /// table's value appears from its ROM's output register at the start of its stage.
    public static func cycleOffset(node index: Int, schedule: Schedule) -> Int {
        schedule.stage[index] + (schedule.registerInputs ? 1 : 0)
    }
}
