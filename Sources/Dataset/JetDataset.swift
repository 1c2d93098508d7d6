import Foundation

/// The bundled hls4ml-like jet sample in Data/jets (see Data/jets/README.md).
public enum JetDataset {
    /// Class order used for label indices: gluon, light quark, top, W, Z.
    public static let classNames = ["g", "q", "t", "w", "z"]

    /// The 16 high-level features, in the order of the hls4ml dataset.
    public static let featureNames = [
        "zlogz", "c1_b0_mmdt", "c1_b1_mmdt", "c1_b2_mmdt", "c2_b1_mmdt", "c2_b2_mmdt",
        "d2_b1_mmdt", "d2_b2_mmdt", "d2_a1_b1_mmdt", "d2_a1_b2_mmdt", "m2_b1_mmdt",
        "m2_b2_mmdt", "n2_b1_mmdt", "n2_b2_mmdt", "mass_mmdt", "multiplicity",
    ]

    /// Name of the label column in the bundled file.
    public static let labelColumn = "class"

    /// Location of the bundled file relative to the package root.
    public static let bundledRelativePath = "Data/jets/jets_hlf.csv.gz"

    /// Overrides the search when set to the path of a jets file.
    public static let environmentVariable = "SYMBOLFORGE_JETS"

    // Captured here, not as a default argument, so it names this file rather than the caller's.
    private static let libraryFile = #filePath

    /// Finds the bundled file: `$SYMBOLFORGE_JETS`, then upward from the current directory,
    /// then upward from this source file (which lives inside the package).
    public static func locateBundled(
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) throws -> URL {
        let fm = FileManager.default
        if let override = ProcessInfo.processInfo.environment[environmentVariable], !override.isEmpty {
            guard fm.fileExists(atPath: override) else { throw DatasetError(.fileNotFound, file: override) }
            return URL(fileURLWithPath: override)
        }
        let starts = [
            URL(fileURLWithPath: currentDirectory, isDirectory: true),
            URL(fileURLWithPath: libraryFile).deletingLastPathComponent(),
        ]
        for start in starts {
            var dir = start.standardizedFileURL
            while true {
                let candidate = dir.appendingPathComponent(bundledRelativePath)
                if fm.fileExists(atPath: candidate.path) { return candidate }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        throw DatasetError(.fileNotFound, file: bundledRelativePath)
    }

    /// All bundled jets as a classification set with classes in the order g, q, t, w, z.
    public static func loadBundledDataset() throws -> SupervisedDataset {
        try load(contentsOf: locateBundled())
    }

    /// Loads a file with the bundled layout (a `class` column and the 16 named features).
    public static func load(contentsOf url: URL) throws -> SupervisedDataset {
        let table = try DataTable.csv(contentsOf: url, textColumns: [labelColumn])
        return try table.classification(features: featureNames, label: labelColumn, classes: classNames)
    }

    /// The bundled jets, shuffled and split with `seed`, standardized with training statistics.
    public static func loadBundled(
        testFraction: Double = 0.5, seed: UInt64 = 0, standardize: Bool = true
    ) throws -> PreparedData {
        try loadBundledDataset().prepared(testFraction: testFraction, seed: seed, standardize: standardize)
    }
}
