/// Paths of parts inside a zip of XML: relative references resolved, and Office's relationship parts.
enum PartPaths {
    /// `target` as it is written in `from`'s folder ("../notesSlides/n1.xml" from "ppt/slides/s1.xml"),
    /// as a path from the zip's root; a leading "/" is already from the root. A fragment is dropped.
    static func resolve(_ target: String, from part: String) -> String {
        let target = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        var components = target.hasPrefix("/") ? [] : part.split(separator: "/").dropLast().map(String.init)
        for component in target.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": if !components.isEmpty { components.removeLast() }
            default: components.append(String(component.removingPercentEncoding ?? String(component)))
            }
        }
        return components.joined(separator: "/")
    }

    /// The relationships of `part` (from its `_rels/NAME.rels`): id → (type's last word, target path).
    static func relationships(of part: String, in zip: inout ZipContainer) throws(OfficeProblem) -> [String: (type: String, target: String)] {
        let folder = part.split(separator: "/").dropLast().joined(separator: "/")
        let name = part.split(separator: "/").last.map(String.init) ?? part
        let rels = (folder.isEmpty ? "" : folder + "/") + "_rels/" + name + ".rels"
        guard let bytes = try zip.read(rels) else { return [:] }
        return try XMLPart.parse(bytes, part: rels) { root in
            var found: [String: (type: String, target: String)] = [:]
            for relationship in root.descendants("Relationship") {
                guard let id = relationship.attribute("Id"), let target = relationship.attribute("Target"),
                    relationship.attribute("TargetMode") != "External"
                else { continue }
                let type = relationship.attribute("Type")?.split(separator: "/").last.map(String.init) ?? ""
                found[id] = (type, resolve(target, from: part))
            }
            return found
        }
    }
}
