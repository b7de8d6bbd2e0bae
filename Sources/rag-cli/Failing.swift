import ArgumentParser
import Console

extension Terminal {
    /// Prints "error: …" on stderr and returns exit code 1 to throw.
    static func fail(_ message: String) -> ExitCode {
        error(message)
        return .failure
    }

    /// A command's work: an error it throws is printed as "error: …" and the command exits with
    /// 1; exit codes and usage errors (64) pass through as they are.
    static func failing<T>(_ work: () throws -> T) throws -> T {
        do {
            return try work()
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch let error as any UsageError {
            throw ValidationError(error.description)
        } catch {
            throw fail("\(error)")
        }
    }
}
