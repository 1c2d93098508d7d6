import Foundation

/// The signals of a VCD waveform and their values over time: enough to read back what a traced build saw.
///
/// Names are hierarchical with dots (`TOP.adder.sum`); a signal's value at a time is its last change at
/// or before it, as a string of bits, most significant first (`x` and `z` kept as written).
public struct VCDTrace: Sendable {
    public struct Signal: Sendable {
        public var name: String
        public var width: Int
        /// Changes in time order: (time, bits).
        public var changes: [(time: UInt64, bits: String)]
    }

    /// Signals by hierarchical name (aliases of one code share their changes).
    public private(set) var signals: [String: Signal] = [:]

    /// Parses the text of a VCD file.
    public init(text: String) throws(VCDError) {
        var byCode: [String: [String]] = [:]
        var widths: [String: Int] = [:]
        var changes: [String: [(UInt64, String)]] = [:]
        var scope: [String] = []
        var time: UInt64 = 0
        var inHeader = true
        var lineNumber = 0
        for raw in text.split(whereSeparator: \.isNewline) {
            lineNumber += 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if inHeader {
                let words = line.split(separator: " ").map(String.init)
                switch words.first {
                case "$scope":
                    guard words.count >= 3 else { throw VCDError(line: lineNumber, message: "malformed $scope") }
                    scope.append(words[2])
                case "$upscope": _ = scope.popLast()
                case "$var":
                    // $var wire 16 # sf_n3 [15:0] $end
                    guard words.count >= 5, let w = Int(words[2]) else { throw VCDError(line: lineNumber, message: "malformed $var") }
                    let name = (scope + [words[4]]).joined(separator: ".")
                    byCode[words[3], default: []].append(name)
                    widths[words[3]] = w
                case "$enddefinitions": inHeader = false
                default: break
                }
                continue
            }
            guard let first = line.first else { continue }
            switch first {
            case "#":
                guard let t = UInt64(line.dropFirst()) else { throw VCDError(line: lineNumber, message: "bad time '\(line)'") }
                time = t
            case "b", "B":
                let parts = line.dropFirst().split(separator: " ")
                guard parts.count == 2 else { throw VCDError(line: lineNumber, message: "bad vector change '\(line)'") }
                changes[String(parts[1]), default: []].append((time, String(parts[0])))
            case "0", "1", "x", "X", "z", "Z":
                changes[String(line.dropFirst()), default: []].append((time, String(first)))
            case "$":
                continue  // $dumpvars, $end and similar section markers
            case "r", "R":
                continue  // real-valued changes: none in our designs
            default:
                throw VCDError(line: lineNumber, message: "unexpected '\(line)'")
            }
        }
        for (code, names) in byCode {
            let list = changes[code] ?? []
            for n in names { signals[n] = Signal(name: n, width: widths[code] ?? 1, changes: list.map { (time: $0.0, bits: $0.1) }) }
        }
    }

    /// Reads a VCD file.
    public init(contentsOf path: String) throws(VCDError) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw VCDError(line: 0, message: "cannot read \(path)")
        }
        try self.init(text: text)
    }

    /// The signal whose hierarchical name ends in `.suffix` (or equals it), shortest name first.
    public func signal(endingWith suffix: String) -> Signal? {
        if let s = signals[suffix] { return s }
        return signals.keys.filter { $0.hasSuffix("." + suffix) }.sorted { $0.count < $1.count }.first.map { signals[$0]! }
    }

    /// The bits of `signal` at `time`, padded on the left to its width (VCD drops leading zeros); nil before its first change.
    public static func bits(_ signal: Signal, at time: UInt64) -> String? {
        var lo = 0, hi = signal.changes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if signal.changes[mid].time <= time { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return nil }
        let b = signal.changes[lo - 1].bits
        guard b.count < signal.width else { return b }
        // A shorter vector is extended with 0, or with its leading x/z (IEEE 1364 §18.2.3).
        let fill: Character = (b.first == "x" || b.first == "z") ? b.first! : "0"
        return String(repeating: fill, count: signal.width - b.count) + b
    }
}

/// A VCD file that cannot be read, with the line.
public struct VCDError: Error, CustomStringConvertible, Sendable {
    public var line: Int
    public var message: String
    public var description: String { line > 0 ? "VCD line \(line): \(message)" : message }
}
