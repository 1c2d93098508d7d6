import Foundation

/// Recognises bytes that are not CSV text, so the error names what the file is instead of a
/// misleading parse failure ("file is empty", "non-numeric cell").
enum FileKind {
    static let signatures: [(magic: [UInt8], what: String)] = [
        ([0x50, 0x4B, 0x03, 0x04], "a ZIP archive; unzip it and give the CSV inside"),
        ([0x42, 0x5A, 0x68], "bzip2-compressed; only gzip is read (recompress with gzip, or decompress it)"),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz-compressed; only gzip is read (recompress with gzip, or decompress it)"),
        ([0x28, 0xB5, 0x2F, 0xFD], "zstd-compressed; only gzip is read (recompress with gzip, or decompress it)"),
        ([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59], "a NumPy array; give it a name ending in .npy"),
        ([0x89, 0x48, 0x44, 0x46], "an HDF5 file; export the table as CSV or .npy"),
        ([0x50, 0x41, 0x52, 0x31], "a Parquet file; export the table as CSV or .npy"),
        ([0x7F, 0x45, 0x4C, 0x46], "an executable (ELF), not data"),
    ]

    /// Throws when `data` is a known non-text format, is named .gz without being gzip, or holds NUL bytes.
    static func checkText(_ data: Data, source: String) throws {
        let head = [UInt8](data.prefix(8))
        for (magic, what) in signatures where head.starts(with: magic) {
            throw DatasetError(.notCSV("not CSV text: the file is \(what)"), file: source)
        }
        if source.lowercased().hasSuffix(".gz") {
            throw DatasetError(.notCSV("the name ends in .gz but the content is not gzip (no 1f 8b header); rename it or compress it with gzip"), file: source)
        }
        if let nul = data.prefix(1 << 16).firstIndex(of: 0) {
            throw DatasetError(.notCSV("not CSV text: binary data (a NUL byte at offset \(nul - data.startIndex)); give a CSV, CSV.gz or .npy file"), file: source)
        }
    }
}
