extension Datapath {
    /// Real input vectors as the raw bits of each input's format, row-major: the one place every
    /// simulator, model and exporter quantizes its stimulus.
    ///
    /// `values` holds rows of `stride` numbers (stride may exceed the input count; extra columns are ignored).
    public func quantizeInputs(_ values: [Double], stride: Int) -> [Int128] {
        let nIn = inputs.count
        let rows = stride == 0 ? 0 : values.count / stride
        var raw = [Int128](repeating: 0, count: rows * nIn)
        for r in 0..<rows {
            for (c, p) in inputs.enumerated() { raw[r * nIn + c] = p.format.raw(fromDouble: values[r * stride + c]) }
        }
        return raw
    }
}
