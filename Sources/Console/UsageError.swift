/// An error in what the user asked for rather than in the work: a command exits with 64 for it, as for a bad option.
public protocol UsageError: Error, CustomStringConvertible {}
