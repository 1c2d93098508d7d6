import Dataset
import Foundation

/// The rows a sweep scores its points on, from `--data`.
enum ExplorationInputs {
    /// Labelled rows (the test half, standardized like the main job's) when the file has the label column
    /// (`target`, default `class`); else the file's input vectors; random vectors without a file.
    static func data(_ path: String?, target: String?, inputCount: Int, rows: Int, seed: UInt64) throws -> ExplorationData {
        guard let path else { return .standardNormal(vectors: rows, seed: seed) }
        let labelled: MainJobData
        do {
            labelled = try MainJobData.load(data: path, target: target, features: nil, seed: seed, trainJets: 1, testJets: rows)
        } catch {
            // Without --target a file of plain input vectors is fine: the points are then scored against the float model.
            guard target == nil else { throw error }
            let vectors: [[Double]]
            do { vectors = try StimulusSource.readVectors(path, inputCount: inputCount) } catch let plain {
                throw FlowError("\(path): neither labelled rows (\(error)) nor input vectors (\(plain))")
            }
            let used = Array(vectors.prefix(rows))
            return ExplorationData(rows: used, labels: nil, classNames: [], description: "\(used.count) input vectors of \(path)")
        }
        guard labelled.featureNames.count == inputCount else {
            throw FlowError("\(path): \(labelled.featureNames.count) feature columns but the formulas read \(inputCount) inputs; give --inputs \(labelled.featureNames.count) or a file with \(inputCount) features")
        }
        let x = (0..<labelled.test.count).map { Array(labelled.test.features.row($0)) }
        var d = ExplorationData(rows: x, labels: labelled.testLabels, classNames: labelled.classNames,
                                description: "\(x.count) labelled test rows of \(path) (halves split with seed \(seed), standardized with the training half)")
        d.seed = seed
        return d
    }
}
