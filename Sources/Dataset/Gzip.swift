import CZlib
import Foundation

/// Gzip (and zlib) decompression through the system zlib.
enum Gzip {
    /// True when `data` starts with the gzip magic bytes.
    static func isCompressed(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1f && data[data.startIndex + 1] == 0x8b
    }

    /// Inflates every gzip member in `data` (files made by `cat a.gz b.gz` have several).
    static func decompress(_ data: Data, file: String) throws -> Data {
        var output = Data()
        var stream = z_stream()
        // 15 + 32: largest window, and let zlib detect the gzip/zlib header itself.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DatasetError(.corruptGzip("inflateInit failed"), file: file)
        }
        defer { inflateEnd(&stream) }
        let chunkSize = 1 << 16
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        try data.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
            guard let base = input.bindMemory(to: Bytef.self).baseAddress else { return }
            stream.next_in = UnsafeMutablePointer(mutating: base)
            stream.avail_in = uInt(input.count)
            while true {
                let status: Int32 = chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(chunkSize)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunkSize - Int(stream.avail_out)
                output.append(chunk, count: produced)
                switch status {
                case Z_OK:
                    continue
                case Z_STREAM_END:
                    if stream.avail_in == 0 { return }
                    // Another member follows; a trailing run of zero bytes is padding, not data.
                    let rest = UnsafeBufferPointer(start: stream.next_in, count: Int(stream.avail_in))
                    if rest.allSatisfy({ $0 == 0 }) { return }
                    guard inflateReset(&stream) == Z_OK else {
                        throw DatasetError(.corruptGzip("cannot reset stream"), file: file)
                    }
                case Z_BUF_ERROR where stream.avail_in == 0:
                    throw DatasetError(.corruptGzip("truncated stream"), file: file)
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                    throw DatasetError(.corruptGzip(message), file: file)
                }
            }
        }
        return output
    }
}
