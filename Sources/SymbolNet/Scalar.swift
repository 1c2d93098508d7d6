#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A floating-point type the SymbolNet engine can train in.
///
/// Training runs in `Float` for speed; tests and model evaluation run the same code in `Double`.
/// The math functions carry a prefix so that they never shadow the C library names they forward to.
public protocol SymbolNetScalar: BinaryFloatingPoint, Sendable where Self.RawSignificand: FixedWidthInteger {
    static func mSin(_ x: Self) -> Self
    static func mCos(_ x: Self) -> Self
    static func mExp(_ x: Self) -> Self
    static func mLog(_ x: Self) -> Self
    static func mSinh(_ x: Self) -> Self
    static func mCosh(_ x: Self) -> Self
    static func mTanh(_ x: Self) -> Self
    static func mPow(_ x: Self, _ y: Self) -> Self
}

extension Float: SymbolNetScalar {
    @inlinable public static func mSin(_ x: Float) -> Float { sinf(x) }
    @inlinable public static func mCos(_ x: Float) -> Float { cosf(x) }
    @inlinable public static func mExp(_ x: Float) -> Float { expf(x) }
    @inlinable public static func mLog(_ x: Float) -> Float { logf(x) }
    @inlinable public static func mSinh(_ x: Float) -> Float { sinhf(x) }
    @inlinable public static func mCosh(_ x: Float) -> Float { coshf(x) }
    @inlinable public static func mTanh(_ x: Float) -> Float { tanhf(x) }
    @inlinable public static func mPow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
}

extension Double: SymbolNetScalar {
    @inlinable public static func mSin(_ x: Double) -> Double { sin(x) }
    @inlinable public static func mCos(_ x: Double) -> Double { cos(x) }
    @inlinable public static func mExp(_ x: Double) -> Double { exp(x) }
    @inlinable public static func mLog(_ x: Double) -> Double { log(x) }
    @inlinable public static func mSinh(_ x: Double) -> Double { sinh(x) }
    @inlinable public static func mCosh(_ x: Double) -> Double { cosh(x) }
    @inlinable public static func mTanh(_ x: Double) -> Double { tanh(x) }
    @inlinable public static func mPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
}
