import Dataset
import Foundation

/// The labelled jets the main job trains and scores on: the bundled sample or the user's `--data` file.
public struct MainJobData {
    public var train: SupervisedDataset
    public var test: SupervisedDataset
    public var trainLabels: [Int]
    public var testLabels: [Int]
    public var classNames: [String]
    public var featureNames: [String]
    /// The 16 hls4ml features with classes g q t w z: the published sets A and B can be scored.
    public var hasJetFeatures: Bool
    /// For the page: where the data came from.
    public var description: String
    public var notes: [String]

    /// Splits in halves with `seed` and standardizes with the training half's statistics, the same for
    /// the bundled jets and a user's file.
    public static func load(data: String?, target: String?, features: [String]?, seed: UInt64, trainJets: Int, testJets: Int) throws -> MainJobData {
        let prepared: PreparedData
        let source: String
        var hasJets = true
        var notes: [String] = []
        if let data {
            let file = try LabelledFile.load(data, target: target, features: features)
            prepared = try file.dataset.prepared(testFraction: 0.5, seed: seed, standardize: true)
            source = file.source
            hasJets = file.hasJetFeatures
            notes = file.notes
            if !hasJets {
                notes.append("The published sets A (PySR) and B (SymbolNet) were not scored: they need the 16 hls4ml features (\(JetDataset.featureNames.joined(separator: ", "))) and classes g, q, t, w, z.")
            }
        } else {
            prepared = try JetDataset.loadBundled(testFraction: 0.5, seed: seed)
            source = "bundled jets (\(JetDataset.bundledRelativePath))"
        }
        let train = prepared.train.selecting(rows: Array(0..<min(trainJets, prepared.train.count)))
        let test = prepared.test.selecting(rows: Array(0..<min(testJets, prepared.test.count)))
        guard case .classes(let trainLabels, let classNames) = train.target, case .classes(let testLabels, _) = test.target else {
            throw FlowError("\(source): the label column must hold classes")
        }
        guard train.count > 0, test.count > 0 else { throw FlowError("\(source): too few rows to split into training and test halves") }
        let description = "\(source): \(train.count) training and \(test.count) test rows (halves split with seed \(seed)), \(train.featureNames.count) features standardized with the training half's statistics, classes \(classNames.joined(separator: ", "))."
        return MainJobData(train: train, test: test, trainLabels: trainLabels, testLabels: testLabels, classNames: classNames,
                           featureNames: train.featureNames, hasJetFeatures: hasJets, description: description, notes: notes)
    }
}
