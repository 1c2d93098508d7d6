import Crypto
import Foundation

/// The one content hash of the project (SHA-256 over length-prefixed fields), for cache keys and for
/// telling whether two runs saw the same inputs.
///
/// Fields are length-prefixed, so ("ab", "c") and ("a", "bc") never collide.
public struct ContentHash: Sendable {
    /// The length-prefixed fields so far; hashed only when the digest is asked for.
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// Adds one labelled field.
    public mutating func add(_ label: String, _ value: String) {
        add(bytes: Array(label.utf8))
        add(bytes: Array(value.utf8))
    }

    /// Adds raw bytes as one field.
    public mutating func add(bytes: [UInt8]) {
        var length = UInt64(bytes.count).littleEndian
        withUnsafeBytes(of: &length) { self.bytes.append(contentsOf: $0) }
        self.bytes.append(contentsOf: bytes)
    }

    /// The digest as 64 lowercase hex digits.
    public var hex: String { SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() }

    /// SHA-256 of `data`, hex.
    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// SHA-256 of the length-prefixed fields of `input`, hex (the same as adding them one by one).
    public static func of(_ fields: [(String, String)]) -> String {
        var h = ContentHash()
        for (k, v) in fields { h.add(k, v) }
        return h.hex
    }
}
