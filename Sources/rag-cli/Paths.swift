import Foundation

/// Paths as a user reads them: relative to the working folder when inside it.
enum Paths {
    static func display(_ path: String) -> String {
        let here = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(here) ? String(path.dropFirst(here.count)) : path
    }
}
