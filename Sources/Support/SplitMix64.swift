#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The project's one seeded generator: SplitMix64 (Steele, Lea, Flood 2014), a fixed, portable sequence,
/// so a seed replays the same stimulus, split and initial network on every platform.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64
    private var spare: Double?

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) from the top 53 bits.
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A standard-normal sample by Box–Muller, using both values of each pair (the stimulus generator).
    public mutating func nextNormal() -> Double {
        if let s = spare { spare = nil; return s }
        var u = 0.0
        repeat { u = nextUnit() } while u == 0
        let v = nextUnit()
        let r = (-2 * log(u)).squareRoot()
        spare = r * sin(2 * .pi * v)
        return r * cos(2 * .pi * v)
    }

    /// A standard-normal sample by Box–Muller from one fresh pair of draws, keeping only the cosine value.
    ///
    /// SymbolNet's initialiser has drawn its weights this way from the start; a seed must keep giving the
    /// same network, so this variant stays beside the paired one.
    public mutating func nextNormalUnpaired() -> Double {
        let u1 = Double(next() >> 11 | 1) * 0x1p-53
        let u2 = nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A Fisher–Yates permutation of 0..<count; index draws use the high word of a 128-bit product.
    public static func permutation(_ count: Int, seed: UInt64) -> [Int] {
        var generator = SplitMix64(seed: seed)
        var order = Array(0..<count)
        var i = count - 1
        while i > 0 {
            let j = Int(generator.next().multipliedFullWidth(by: UInt64(i + 1)).high)
            order.swapAt(i, j)
            i -= 1
        }
        return order
    }
}
