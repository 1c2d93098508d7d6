import CGMP

/// An arbitrary-precision raw value (GMP `mpz_t`) for formats wider than `FixedFormat.fastPathMaxWidth`.
///
/// Immutable once built: every operation returns a new value, so sharing one between threads is safe.
public final class BigRaw: @unchecked Sendable, Hashable, Comparable, CustomStringConvertible {
    @usableFromInline let z: UnsafeMutablePointer<__mpz_struct>

    init() {
        z = .allocate(capacity: 1)
        __gmpz_init(z)
    }

    deinit {
        __gmpz_clear(z)
        z.deallocate()
    }

    /// Builds a value by running `body` on a fresh mpz.
    static func make(_ body: (UnsafeMutablePointer<__mpz_struct>) -> Void) -> BigRaw {
        let r = BigRaw()
        body(r.z)
        return r
    }

    public convenience init(_ v: Int128) {
        self.init()
        // mpz has no 128-bit setter: assemble from the signed high and unsigned low halves.
        let hi = Int64(truncatingIfNeeded: v >> 64)
        let lo = UInt64(truncatingIfNeeded: v)
        __gmpz_set_si(z, Int(hi))
        __gmpz_mul_2exp(z, z, 64)
        let t = BigRaw.make { __gmpz_set_ui($0, UInt(lo)) }
        __gmpz_add(z, z, t.z)
    }

    public convenience init(_ v: Int) { self.init(Int128(v)) }

    /// Parses a decimal or (with radix) other-base integer, with an optional leading minus.
    public convenience init?(_ text: String, radix: Int32 = 10) {
        self.init()
        if __gmpz_set_str(z, text, radix) != 0 { return nil }
    }

    /// −1, 0 or 1.
    public var signum: Int { Int(z.pointee._mp_size.signum()) }

    /// The value as Int128, or nil when it does not fit.
    public var int128: Int128? {
        guard __gmpz_sizeinbase(z, 2) <= 127 || isMinInt128 else { return nil }
        let low = BigRaw.make { __gmpz_fdiv_r_2exp($0, z, 64) }
        let high = BigRaw.make { __gmpz_fdiv_q_2exp($0, z, 64) }
        let lo = UInt64(__gmpz_get_ui(low.z))
        let hi = Int64(__gmpz_get_si(high.z))
        return Int128(hi) << 64 | Int128(lo)
    }

    private var isMinInt128: Bool { __gmpz_cmp(z, BigRaw.minInt128.z) == 0 }
    private static let minInt128: BigRaw = BigRaw.make {
        __gmpz_set_si($0, -1)
        __gmpz_mul_2exp($0, $0, 127)
    }

    /// Bit `i` of the two's-complement representation (sign-extended forever).
    public func bit(_ i: Int) -> Bool { __gmpz_tstbit(z, mp_bitcnt_t(i)) != 0 }

    /// Bits `lo ..< lo+64` of the two's-complement representation.
    public func word(at lo: Int) -> UInt64 {
        let t = BigRaw.make {
            __gmpz_fdiv_q_2exp($0, z, mp_bitcnt_t(lo))
            __gmpz_fdiv_r_2exp($0, $0, 64)
        }
        return UInt64(__gmpz_get_ui(t.z))
    }

    /// The value whose two's-complement bits are `words` (little-endian), read as `width` bits.
    public static func fromWords(_ words: [UInt64], width: Int, signed: Bool) -> BigRaw {
        let r = BigRaw.make { z in
            for w in words.reversed() {
                __gmpz_mul_2exp(z, z, 64)
                let t = BigRaw.make { __gmpz_set_ui($0, UInt(w)) }
                __gmpz_add(z, z, t.z)
            }
            __gmpz_fdiv_r_2exp(z, z, mp_bitcnt_t(width))
        }
        return signed ? r.signExtended(width: width) : r
    }

    /// Reads the low `width` bits (already reduced to 0 ..< 2^width) as a signed value.
    func signExtended(width: Int) -> BigRaw {
        guard bit(width - 1) else { return self }
        return BigRaw.make {
            let p = BigRaw.pow2(width)
            __gmpz_sub($0, z, p.z)
        }
    }

    /// 2^e.
    public static func pow2(_ e: Int) -> BigRaw {
        make {
            __gmpz_set_ui($0, 1)
            __gmpz_mul_2exp($0, $0, mp_bitcnt_t(e))
        }
    }

    public static func + (a: BigRaw, b: BigRaw) -> BigRaw { make { __gmpz_add($0, a.z, b.z) } }
    public static func - (a: BigRaw, b: BigRaw) -> BigRaw { make { __gmpz_sub($0, a.z, b.z) } }
    public static func * (a: BigRaw, b: BigRaw) -> BigRaw { make { __gmpz_mul($0, a.z, b.z) } }
    public static prefix func - (a: BigRaw) -> BigRaw { make { __gmpz_neg($0, a.z) } }

    /// Exact multiplication by 2^s.
    public static func << (a: BigRaw, s: Int) -> BigRaw { make { __gmpz_mul_2exp($0, a.z, mp_bitcnt_t(s)) } }
    /// Floor division by 2^s (arithmetic shift).
    public static func >> (a: BigRaw, s: Int) -> BigRaw { make { __gmpz_fdiv_q_2exp($0, a.z, mp_bitcnt_t(s)) } }

    /// The low `s` bits as a non-negative value (a − floor(a / 2^s)·2^s).
    public func lowBits(_ s: Int) -> BigRaw { BigRaw.make { __gmpz_fdiv_r_2exp($0, z, mp_bitcnt_t(s)) } }

    func settingBit(_ i: Int, _ on: Bool) -> BigRaw {
        BigRaw.make {
            __gmpz_set($0, z)
            if on { __gmpz_setbit($0, mp_bitcnt_t(i)) } else { __gmpz_clrbit($0, mp_bitcnt_t(i)) }
        }
    }

    public static func == (a: BigRaw, b: BigRaw) -> Bool { __gmpz_cmp(a.z, b.z) == 0 }
    public static func < (a: BigRaw, b: BigRaw) -> Bool { __gmpz_cmp(a.z, b.z) < 0 }

    public func hash(into h: inout Hasher) {
        h.combine(signum)
        h.combine(word(at: 0))
    }

    public var description: String { toString(radix: 10) }

    public func toString(radix: Int32) -> String {
        let n = __gmpz_sizeinbase(z, radix) + 2
        var buf = [CChar](repeating: 0, count: n)
        _ = __gmpz_get_str(&buf, radix, z)
        let end = buf.firstIndex(of: 0) ?? buf.count
        return String(decoding: buf[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
