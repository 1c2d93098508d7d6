/// The index of the largest value, the first on ties: the predicted class of a row of class scores.
public func argmax<C: Collection>(_ row: C) -> Int where C.Element == Double {
    var best = 0
    var bestValue: Double? = nil
    for (offset, v) in row.enumerated() {
        if let b = bestValue {
            if v > b { best = offset; bestValue = v }
        } else {
            bestValue = v
        }
    }
    return best
}
