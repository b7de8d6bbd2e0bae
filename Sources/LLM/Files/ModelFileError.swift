/// A model file that is missing, truncated or not what rag expects.
public struct ModelFileError: Error, CustomStringConvertible, Sendable, Equatable {
    public let path: String
    public let problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String {
        "\(path): \(problem)\n(run `scripts/setup.sh` to fetch and check the model files)"
    }
}
