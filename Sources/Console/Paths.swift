import Foundation

/// Paths as a user reads them: relative to the working folder when inside it, on one line and
/// safe for a terminal (a file name may hold a newline or an ESC).
public enum Paths {
    public static func display(_ path: String) -> String {
        let here = FileManager.default.currentDirectoryPath + "/"
        return Terminal.safe(path.hasPrefix(here) ? String(path.dropFirst(here.count)) : path, oneLine: true)
    }
}
