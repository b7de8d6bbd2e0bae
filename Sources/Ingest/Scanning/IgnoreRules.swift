/// The patterns of a `.ragignore` file, with gitignore's meaning:
/// `#` comments and blank lines are skipped; `!pattern` re-includes; a trailing `/` matches only
/// folders; a pattern with a `/` (other than a trailing one) is anchored to the file's folder,
/// one without matches a name at any depth; `*` and `?` stay within a name, `**` crosses folders,
/// `[abc]` matches one of a set.
struct IgnoreRules: Sendable {
    private struct Rule: Sendable {
        let pattern: [Character]
        let negated: Bool
        let onlyFolders: Bool
        let anchored: Bool
    }

    private let rules: [Rule]

    init(_ text: String) {
        rules = text.split(whereSeparator: \.isNewline).compactMap { rawLine in
            var line = rawLine.trimmingSpaces[...]
            guard !line.isEmpty, !line.hasPrefix("#") else { return nil }
            let negated = line.hasPrefix("!")
            if negated { line = line.dropFirst() }
            let onlyFolders = line.hasSuffix("/")
            if onlyFolders { line = line.dropLast() }
            let anchored = line.contains("/")
            if line.hasPrefix("/") { line = line.dropFirst() }
            guard !line.isEmpty else { return nil }
            return Rule(pattern: Array(line), negated: negated, onlyFolders: onlyFolders, anchored: anchored)
        }
    }

    /// Whether `relativePath` (from the `.ragignore`'s folder, `/`-separated) is excluded; nil when no rule speaks.
    func excludes(_ relativePath: String, isFolder: Bool) -> Bool? {
        var verdict: Bool?
        let name = relativePath.split(separator: "/").last.map(String.init) ?? relativePath
        for rule in rules where !rule.onlyFolders || isFolder {
            let subject = Array(rule.anchored ? relativePath : name)
            if Self.matches(rule.pattern[...], subject[...]) { verdict = !rule.negated }
        }
        return verdict
    }

    /// Glob matching with backtracking; `**` may swallow `/`, `*` and `?` may not.
    static func matches(_ pattern: ArraySlice<Character>, _ text: ArraySlice<Character>) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        if first == "*" {
            let crossesFolders = pattern.dropFirst().first == "*"
            let rest = pattern.drop { $0 == "*" }
            if crossesFolders && rest.first == "/" {
                // "**/x" also matches "x" at the top.
                if matches(rest.dropFirst(), text) { return true }
            }
            var i = text.startIndex
            while true {
                if matches(rest, text[i...]) { return true }
                guard i < text.endIndex, crossesFolders || text[i] != "/" else { return false }
                i += 1
            }
        }
        guard let character = text.first else { return false }
        if first == "?" { return character != "/" && matches(pattern.dropFirst(), text.dropFirst()) }
        if first == "[", let close = pattern.dropFirst(2).firstIndex(of: "]") {
            let set = pattern[(pattern.startIndex + 1)..<close]
            let negated = set.first == "!" || set.first == "^"
            let members = negated ? set.dropFirst() : set
            var found = false
            var i = members.startIndex
            while i < members.endIndex {
                if i + 2 < members.endIndex, members[i + 1] == "-" {
                    if members[i] <= character && character <= members[i + 2] { found = true }
                    i += 3
                } else {
                    if members[i] == character { found = true }
                    i += 1
                }
            }
            return found != negated && character != "/" && matches(pattern[(close + 1)...], text.dropFirst())
        }
        if first == "\\", pattern.count > 1 {
            return pattern.dropFirst().first == character && matches(pattern.dropFirst(2), text.dropFirst())
        }
        return first == character && matches(pattern.dropFirst(), text.dropFirst())
    }
}
