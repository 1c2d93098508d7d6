extension GoldenModel {
    /// Every node's raw value for one vector of raw inputs, in node order: the reference a traced RTL run
    /// is compared with node by node.
    public func nodeValues(_ inputs: [Int128]) -> [Int128] {
        var values = [Int128](repeating: 0, count: kinds.count)
        var out = [Int128](repeating: 0, count: outputNodes.count)
        let padded = inputs.isEmpty ? [0] : inputs
        padded.withUnsafeBufferPointer { inp in
            values.withUnsafeMutableBufferPointer { v in
                out.withUnsafeMutableBufferPointer { o in
                    var scratch = Int128(0)
                    withUnsafeMutablePointer(to: &scratch) { s in evaluate(inp.baseAddress!, v.baseAddress!, o.baseAddress ?? s) }
                }
            }
        }
        return values
    }
}
