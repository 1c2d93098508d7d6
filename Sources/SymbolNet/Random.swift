import Support

/// SymbolNet's generator: the project's SplitMix64, seeded one step ahead and drawing normals with the
/// unpaired Box–Muller, exactly as the initialiser always has, so a seed keeps giving the same network.
struct SeededGenerator: RandomNumberGenerator {
    private var base: SplitMix64
    init(seed: UInt64) { base = SplitMix64(seed: seed &+ 0x9E37_79B9_7F4A_7C15) }
    mutating func next() -> UInt64 { base.next() }

    /// Standard normal sample (Box–Muller).
    mutating func normal() -> Double { base.nextNormalUnpaired() }
}
