#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Double helpers for scalar bookkeeping outside the generic kernels.
@inline(__always) func _exp(_ x: Double) -> Double { exp(x) }
@inline(__always) func _pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
@inline(__always) func _log10(_ x: Double) -> Double { log10(x) }
@inline(__always) func _logD(_ x: Double) -> Double { log(x) }
@inline(__always) func _cosD(_ x: Double) -> Double { cos(x) }
