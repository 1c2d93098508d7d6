/// A failure a user can fix, with a message that says how; flows throw it, the CLI prints it.
public struct FlowError: Error, CustomStringConvertible, Equatable, Sendable {
    public var description: String
    public init(_ message: String) { description = message }
}
