import Foundation

// Writes text files into a Swift source as string constants, so a binary carries the files it needs
// (the HDL primitives, the bundled example formulas) wherever it is copied.
//
// Usage: EmbedText OUTPUT.swift ENUM_NAME FILE...

let args = CommandLine.arguments
guard args.count >= 3 else {
    FileHandle.standardError.write(Data("usage: EmbedText OUTPUT.swift ENUM_NAME FILE...\n".utf8))
    exit(2)
}
let output = args[1], enumName = args[2]
var entries: [String] = []
for path in args.dropFirst(3).sorted(by: { ($0 as NSString).lastPathComponent < ($1 as NSString).lastPathComponent }) {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        FileHandle.standardError.write(Data("EmbedText: cannot read \(path)\n".utf8))
        exit(1)
    }
    // A raw string delimiter longer than any run of '#' in the text keeps the text verbatim.
    var longest = 0, run = 0
    for c in text { run = c == "#" ? run + 1 : 0; longest = max(longest, run) }
    let hashes = String(repeating: "#", count: longest + 1)
    let name = (path as NSString).lastPathComponent
    entries.append("        (name: \"\(name)\", text: \(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes)),")
}
let source = """
    // Generated at build time by the EmbedResources plugin from the files named below; do not edit.
    enum \(enumName) {
        static let files: [(name: String, text: String)] = [
    \(entries.joined(separator: "\n"))
        ]
    }

    """
do {
    try source.write(toFile: output, atomically: true, encoding: .utf8)
} catch {
    FileHandle.standardError.write(Data("EmbedText: cannot write \(output): \(error)\n".utf8))
    exit(1)
}
