/// What a run was about, kept in the results file so that `symbolforge report` can redraw the same page.
///
/// Every field is optional in spirit: a regression run has no reference network and no feature names,
/// and the page then simply says less.
public struct RunContext: Codable, Sendable, Equatable {
    /// The page title.
    public var title: String
    /// One line each: the data, the split, the precision, the training.
    public var description: [String]
    /// Names of the inputs x0, x1, ... (feature columns), when known.
    public var inputNames: [String]?
    /// A plain neural network trained on the same data, drawn as a line on the accuracy plots.
    public var reference: ReferenceModel?
    /// Human titles of designs, keyed by design name ("published PySR expressions (set A)").
    public var designTitles: [String: String]
    /// Things the reader should know that are not failures ("set A skipped: the data lack ...").
    public var notes: [String]
    /// Run-level failures shown at the top of the page (a stage that did not finish).
    public var problems: [String]
    /// Warnings about one design (e.g. it did not fit the device), keyed by design name.
    public var designWarnings: [String: [String]]?

    public init(title: String, description: [String] = [], inputNames: [String]? = nil, reference: ReferenceModel? = nil,
                designTitles: [String: String] = [:], notes: [String] = [], problems: [String] = [], designWarnings: [String: [String]]? = nil) {
        self.title = title
        self.description = description
        self.inputNames = inputNames
        self.reference = reference
        self.designTitles = designTitles
        self.notes = notes
        self.problems = problems
        self.designWarnings = designWarnings
    }
}

/// A reference classifier (typically a 16-64-32-32-5 network) scored on the same test rows.
public struct ReferenceModel: Codable, Sendable, Equatable {
    public var name: String
    public var accuracy: Double

    public init(name: String, accuracy: Double) {
        self.name = name
        self.accuracy = accuracy
    }
}
