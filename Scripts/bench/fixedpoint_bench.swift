// Throughput of FixedPoint on a small datapath, y = quantize(a*b + c*d - e*e), inputs ap_fixed<18,8>,
// output ap_fixed<18,8,AP_RND,AP_SAT>. Built and run by fixedpoint_bench.sh next to the g++ version.
import FixedPoint
#if canImport(Glibc)
import Glibc
#endif

let n = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1])! : 10_000_000

// The same generator as fixedpoint_bench.cpp, so both sides see identical raws and the checksums must agree.
var state: UInt64 = 0x1234_5678_9ABC_DEF0
func nextRaw() -> Int32 {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Int32(truncatingIfNeeded: (state >> 33) & 0x3FFFF) - (1 << 17)
}
var inputs = [[Int32]](repeating: [], count: 5)
for k in 0..<5 { inputs[k].reserveCapacity(n) }
for _ in 0..<n { for k in 0..<5 { inputs[k].append(nextRaw()) } }
let (a, b, c, d, e) = (inputs[0], inputs[1], inputs[2], inputs[3], inputs[4])

let fin = FixedFormat.fixed(18, 8)
let fout = FixedFormat.fixed(18, 8, .rnd, .sat)
let fp = FixedFormat.product(fin, fin)
let fs = FixedFormat.sum(fp, fp)
let fd = FixedFormat.difference(fs, fp)

func seconds(_ body: () -> Int64) -> (Double, Int64) {
    var t0 = timespec(), t1 = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t0)
    let r = body()
    clock_gettime(CLOCK_MONOTONIC, &t1)
    return (Double(t1.tv_sec - t0.tv_sec) + Double(t1.tv_nsec - t0.tv_nsec) * 1e-9, r)
}

/// Format-level functions on Int128 raws: what the datapath evaluator calls.
func rawPath() -> Int64 {
    var sum: Int64 = 0
    for i in 0..<n {
        let ab = FixedFormat.multiply(Int128(a[i]), fin, Int128(b[i]), fin)
        let cd = FixedFormat.multiply(Int128(c[i]), fin, Int128(d[i]), fin)
        let ee = FixedFormat.multiply(Int128(e[i]), fin, Int128(e[i]), fin)
        let s = FixedFormat.add(ab, fp, cd, fp)
        let y = fout.cast(FixedFormat.subtract(s, fs, ee, fp), from: fd)
        sum &+= Int64(truncatingIfNeeded: y)
    }
    return sum
}

/// FixedValue operators (formats travel with the values).
func valuePath() -> Int64 {
    var sum: Int64 = 0
    for i in 0..<n {
        let va = FixedValue(raw: Int128(a[i]), format: fin), vb = FixedValue(raw: Int128(b[i]), format: fin)
        let vc = FixedValue(raw: Int128(c[i]), format: fin), vd = FixedValue(raw: Int128(d[i]), format: fin)
        let ve = FixedValue(raw: Int128(e[i]), format: fin)
        let y = (va * vb + vc * vd - ve * ve).cast(to: fout)
        sum &+= Int64(truncatingIfNeeded: y.raw)
    }
    return sum
}

/// FixedRaw, which picks Int128 or GMP per format (here always Int128, so this is the dispatch cost).
func dispatchPath() -> Int64 {
    var sum: Int64 = 0
    for i in 0..<n {
        let ab = FixedFormat.multiply(.small(Int128(a[i])), fin, .small(Int128(b[i])), fin)
        let cd = FixedFormat.multiply(.small(Int128(c[i])), fin, .small(Int128(d[i])), fin)
        let ee = FixedFormat.multiply(.small(Int128(e[i])), fin, .small(Int128(e[i])), fin)
        let s = FixedFormat.add(ab, fp, cd, fp)
        if case .small(let y) = fout.cast(FixedFormat.subtract(s, fs, ee, fp), from: fd) { sum &+= Int64(truncatingIfNeeded: y) }
    }
    return sum
}

/// A 200-bit version of the same datapath through GMP, to show what the wide path costs.
func widePath(_ m: Int) -> Int64 {
    let win = FixedFormat.fixed(200, 90)
    let wout = FixedFormat.fixed(200, 90, .rnd, .sat)
    let wp = FixedFormat.product(win, win), ws = FixedFormat.sum(wp, wp), wd = FixedFormat.difference(ws, wp)
    var sum: Int64 = 0
    for i in 0..<m {
        let big = { (v: Int32) in FixedRaw.wide(BigRaw(Int128(v)) << 150) }
        let ab = FixedFormat.multiply(big(a[i]), win, big(b[i]), win)
        let cd = FixedFormat.multiply(big(c[i]), win, big(d[i]), win)
        let ee = FixedFormat.multiply(big(e[i]), win, big(e[i]), win)
        let s = FixedFormat.add(ab, wp, cd, wp)
        let y = wout.cast(FixedFormat.subtract(s, ws, ee, wp), from: wd)
        sum &+= Int64(truncatingIfNeeded: y.big.word(at: 0))
    }
    return sum
}

for (name, body) in [("swift FixedFormat on Int128 raws", rawPath), ("swift FixedValue operators", valuePath),
                     ("swift FixedRaw (auto path)", dispatchPath)] {
    _ = body() // warm-up
    let (t, sum) = seconds(body)
    print("\(name)\t\(n)\t\(t)\t\(Double(n) / t)\t\(sum)")
}
let m = n / 100
let (tw, sw) = seconds { widePath(m) }
print("swift GMP path, 200-bit formats\t\(m)\t\(tw)\t\(Double(m) / tw)\t\(sw)")
