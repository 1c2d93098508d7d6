/// A precision string that does not name a valid ap_fixed type, with the offending part and its column.
public struct FormatParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public var text: String
    /// 1-based column of the offending part.
    public var column: Int
    public var message: String

    public var description: String {
        "precision '\(text)' at column \(column): \(message)\n    \(text)\n    \(String(repeating: " ", count: column - 1))^"
    }
}

extension FixedFormat {
    /// Parses `ap_fixed<W,I[,Q[,O[,N]]]>`, `ap_ufixed<…>`, `ap_int<W>` or `ap_uint<W>`; modes may be
    /// written with or without the `AP_` prefix.
    public init(parsing text: String) throws(FormatParseError) {
        func fail(_ column: Int, _ message: String) -> FormatParseError {
            FormatParseError(text: text, column: column, message: message)
        }
        let chars = Array(text)
        guard let open = chars.firstIndex(of: "<") else {
            throw fail(1, "expected a type such as ap_fixed<16,6> (W total bits, I integer bits)")
        }
        let kind = String(chars[..<open]).trimmingCharacters(in: " ")
        let isFixed: Bool
        let signed: Bool
        switch kind {
        case "ap_fixed": (isFixed, signed) = (true, true)
        case "ap_ufixed": (isFixed, signed) = (true, false)
        case "ap_int": (isFixed, signed) = (false, true)
        case "ap_uint": (isFixed, signed) = (false, false)
        default: throw fail(1, "unknown type '\(kind)'; use ap_fixed, ap_ufixed, ap_int or ap_uint")
        }
        guard chars.last == ">" else { throw fail(chars.count + 1, "missing '>' at the end") }
        // Split the arguments, remembering where each starts so errors can point at it.
        var args: [(String, Int)] = []
        var current = ""
        var start = open + 2
        for (k, c) in chars[(open + 1)..<(chars.count - 1)].enumerated() {
            if c == "," {
                args.append((current.trimmingCharacters(in: " "), start))
                current = ""
                start = open + 2 + k + 1
            } else {
                current.append(c)
            }
        }
        args.append((current.trimmingCharacters(in: " "), start))
        let maxArgs = isFixed ? 5 : 1
        guard args.count <= maxArgs else { throw fail(args[maxArgs].1, "too many template arguments (at most \(maxArgs))") }
        guard let w = Int(args[0].0) else { throw fail(args[0].1, "width '\(args[0].0)' is not an integer") }
        guard w >= 1 else { throw fail(args[0].1, "width must be at least 1, got \(w)") }
        var i = w
        var q = QuantizationMode.trn
        var o = OverflowMode.wrap
        var n = 0
        if isFixed {
            guard args.count >= 2 else { throw fail(chars.count, "missing the integer-bit count I, as in ap_fixed<\(w),6>") }
            guard let ii = Int(args[1].0) else { throw fail(args[1].1, "integer bits '\(args[1].0)' is not an integer") }
            i = ii
            if args.count >= 3 {
                let name = args[2].0.hasPrefix("AP_") ? args[2].0 : "AP_" + args[2].0
                guard let m = QuantizationMode(rawValue: name) else {
                    throw fail(args[2].1, "unknown quantization mode '\(args[2].0)'; use one of \(QuantizationMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                q = m
            }
            if args.count >= 4 {
                let name = args[3].0.hasPrefix("AP_") ? args[3].0 : "AP_" + args[3].0
                guard let m = OverflowMode(rawValue: name) else {
                    throw fail(args[3].1, "unknown overflow mode '\(args[3].0)'; use one of \(OverflowMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                o = m
            }
            if args.count == 5 {
                guard let nn = Int(args[4].0), nn >= 0 else { throw fail(args[4].1, "saturation bits '\(args[4].0)' must be a non-negative integer") }
                guard nn <= w else { throw fail(args[4].1, "saturation bits \(nn) exceed the width \(w)") }
                n = nn
            }
        }
        self.init(width: w, integerBits: i, isSigned: signed, quantization: q, overflow: o, saturationBits: n)
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
