import Foundation

/// A notes file found by the scanner, with what a sync needs to tell whether it changed.
public struct ScannedFile: Sendable, Equatable {
    /// Absolute path, as reached from the scanned root (links inside the tree are not resolved).
    public let path: String
    public let format: Format
    public let size: Int
    /// Modification time, seconds since 1970.
    public let modified: Double
    /// Lowercase hex SHA-256 of the content.
    public let sha256: String
}

/// What a scan found: the files to read, the problems, and how many entries it passed over on purpose.
public struct ScanResult: Sendable {
    public var files: [ScannedFile] = []
    public var warnings: [IngestWarning] = []
    /// Hidden, ignored by a `.ragignore`, or of a type rag does not read.
    public var skipped = 0
}

/// Walks folders for notes rag can read. Skips hidden files and folders and what `.ragignore`
/// files exclude; follows links that lead to a place inside the folder named, never a folder twice
/// (so link loops end), and warns about links leading elsewhere (`notes/leak.md → /etc/passwd`
/// would read what the user never named); passes over files of other types silently and warns
/// about files it cannot or will not read.
public struct NoteScanner: Sendable {
    public static let defaultMaxFileSize = 20 * 1024 * 1024
    public var maxFileSize: Int

    public init(maxFileSize: Int = defaultMaxFileSize) {
        self.maxFileSize = maxFileSize
    }

    /// What `paths` hold. Once `shouldStop` says so, the walk ends early and the result is partial.
    public func scan(_ paths: [String], until shouldStop: @escaping () -> Bool = { false }) -> ScanResult {
        var walk = Walk(maxFileSize: maxFileSize, shouldStop: shouldStop)
        for path in paths where !shouldStop() {
            let absolute = Self.absolute(path)
            do {
                let status = try FileReading.status(absolute)
                if status.isFolder {
                    walk.boundary = Self.resolved(absolute) ?? absolute
                    walk.folder(absolute, rules: [])
                } else if !status.isRegularFile {
                    walk.result.warnings.append(IngestWarning(path: absolute, reason: status.kind.refusal))
                } else if Format(extension: (absolute as NSString).pathExtension) == nil {
                    walk.result.warnings.append(IngestWarning(path: absolute, reason: "unsupported file type"))
                } else {
                    walk.file(absolute, status)
                }
            } catch {
                walk.result.warnings.append(error)
            }
        }
        return walk.result
    }

    /// `path` made absolute (from the working folder) and tidied, as the store records paths.
    public static func absolute(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let full = expanded.hasPrefix("/") ? expanded : FileManager.default.currentDirectoryPath + "/" + expanded
        return (full as NSString).standardizingPath
    }

    /// Where `path` leads, every link and `..` resolved; nil when it does not exist.
    public static func resolved(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// One scan's state: what it found and which files and folders it has already visited.
    private struct Walk {
        let maxFileSize: Int
        let shouldStop: () -> Bool
        /// The named folder being walked, links resolved: links may lead anywhere inside it.
        var boundary = "/"
        var result = ScanResult()
        var visited: Set<FileReading.FileIdentity> = []

        mutating func folder(_ folder: String, rules outer: RuleStack) {
            guard let status = try? FileReading.status(folder), visited.insert(status.identity).inserted else { return }
            var rules = outer
            if let own = NoteScanner.ignoreRules(in: folder) { rules.append((folder, own)) }
            let listing: FileReading.Listing
            do {
                listing = try FileReading.names(in: folder)
            } catch {
                result.warnings.append(error)
                return
            }
            for (name, isFolder) in listing.undecodable
            where !name.hasPrefix(".") && (isFolder || Format(extension: (name as NSString).pathExtension) != nil) {
                result.warnings.append(
                    IngestWarning(path: folder + "/" + name, reason: "not read: its name is not UTF-8 (bytes shown as \\xNN); rename it"))
            }
            for name in listing.names where !shouldStop() {
                let path = folder + "/" + name
                guard !name.hasPrefix(".") else {
                    result.skipped += 1
                    continue
                }
                if let target = FileReading.linkTarget(path), target != boundary && !target.hasPrefix(boundary == "/" ? "/" : boundary + "/") {
                    result.warnings.append(IngestWarning(path: path, reason: "not followed: a link to \(target), outside \(boundary)"))
                    continue
                }
                let status: FileReading.Status
                do {
                    status = try FileReading.status(path)
                } catch {
                    result.warnings.append(error)
                    continue
                }
                if NoteScanner.isIgnored(path, isFolder: status.isFolder, by: rules) {
                    result.skipped += 1
                } else if status.isFolder {
                    self.folder(path, rules: rules)
                } else if status.isRegularFile, Format(extension: (name as NSString).pathExtension) != nil {
                    file(path, status)
                } else {
                    result.skipped += 1
                }
            }
        }

        mutating func file(_ path: String, _ status: FileReading.Status) {
            guard visited.insert(status.identity).inserted else { return }
            guard status.size <= maxFileSize else {
                // In MiB, as --max-file-size counts; ByteCountFormatter's decimal "21 MB" reads as another limit.
                let limit = String(format: "%g MiB", (Double(maxFileSize) / 1_048_576 * 100).rounded() / 100)
                result.warnings.append(IngestWarning(path: path, reason: "larger than the \(limit) limit (--max-file-size)"))
                return
            }
            do {
                let bytes = try FileReading.read(path)
                let digest = Hashing.sha256(bytes)
                result.files.append(
                    ScannedFile(
                        path: path, format: Format(extension: (path as NSString).pathExtension)!, size: bytes.count,
                        modified: status.modified, sha256: digest))
            } catch {
                result.warnings.append(error)
            }
        }
    }

    /// Rules from every `.ragignore` between the scanned root and a folder, outermost first.
    typealias RuleStack = [(folder: String, rules: IgnoreRules)]

    /// The rules of `folder`'s own `.ragignore`, if it has one.
    static func ignoreRules(in folder: String) -> IgnoreRules? {
        (try? FileReading.read(folder + "/.ragignore")).map { IgnoreRules(String(decoding: $0, as: UTF8.self)) }
    }

    /// The last rule that speaks wins, and deeper `.ragignore` files speak after outer ones.
    static func isIgnored(_ path: String, isFolder: Bool, by rules: RuleStack) -> Bool {
        var ignored = false
        for (folder, set) in rules {
            let relative = String(path.dropFirst(folder.count + 1))
            if let verdict = set.excludes(relative, isFolder: isFolder) { ignored = verdict }
        }
        return ignored
    }
}
