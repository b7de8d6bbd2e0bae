/// Why an Office document or e-book could not be read (or not all of it), in words a user can act on.
enum OfficeProblem: Error, Equatable {
    case passwordProtected
    case oldBinaryFormat(Format)
    case notAZip(Format)
    case damagedZip
    case damagedPart(String)
    case missingPart(String)
    case zipBomb(String, String)
    case entityDeclarations(String)
    case notXML(String)

    var reason: String {
        switch self {
        case .passwordProtected:
            "password-protected: an encrypted Office file cannot be read without its password; save a copy without one"
        case .oldBinaryFormat(let format):
            "not a .\(format.rawValue) but an older binary Office file (.doc, .ppt); save it as .\(format.rawValue)"
        case .notAZip(let format):
            "not a zip archive, as a .\(format.rawValue) must be: damaged, or another kind of file named .\(format.rawValue)"
        case .damagedZip:
            "damaged or truncated: its zip directory cannot be read"
        case .damagedPart(let part):
            "damaged or truncated: \(part) cannot be inflated or fails its checksum"
        case .missingPart(let part):
            "damaged: it has no \(part)"
        case .zipBomb(let part, let how):
            "\(part) \(how): a zip bomb? not read"
        case .entityDeclarations(let part):
            "\(part) declares XML entities, which rag never expands (an entity-expansion attack?): not read"
        case .notXML(let part):
            "damaged: \(part) is not XML"
        }
    }
}
