import Foundation
import ZIPFoundation

/// The zip that holds an Office document or e-book, read part by part with limits, since the file
/// may be hostile. A part is inflated in chunks and counted as it grows, so a zip bomb stops at a
/// limit whatever sizes its headers claim; parts are read only when named, never all at once.
struct ZipContainer {
    /// The most a whole file may inflate to: a book's text is a few megabytes of XML, and every part
    /// read is held in memory and parsed as a tree several times its size.
    static let maxExpandedBytes = 128 << 20
    /// Text XML compresses ten to thirty times; past this ratio (once a part is past `ratioFloor`,
    /// as tiny parts of repeated markup are legitimately extreme) a part is a bomb, not a document.
    static let maxRatio = 100
    static let ratioFloor = 1 << 20

    private let archive: Archive
    private let limit: Int
    private var expanded = 0

    /// Opens `bytes` as a zip, or says why it is not one a user can act on. `limit` is what the
    /// whole file may inflate to.
    init(_ bytes: [UInt8], format: Format, limit: Int = maxExpandedBytes) throws(OfficeProblem) {
        self.limit = limit
        if bytes.starts(with: Self.compoundFileMagic) {
            throw Self.containsEncryptedPackage(bytes) ? .passwordProtected : .oldBinaryFormat(format)
        }
        guard bytes.starts(with: Self.zipMagic) else { throw .notAZip(format) }
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw .damagedZip
        }
    }

    func contains(_ path: String) -> Bool { archive[path] != nil }

    /// The bytes of the part at `path`, or nil when the zip has no such part.
    mutating func read(_ path: String) throws(OfficeProblem) -> [UInt8]? {
        guard let entry = archive[path], entry.type == .file else { return nil }
        var bytes: [UInt8] = []
        let compressed = max(Int(clamping: entry.compressedSize), 1)
        let budget = limit - expanded
        let limit = limit
        do {
            _ = try archive.extract(entry, bufferSize: 64 << 10) { chunk in
                bytes.append(contentsOf: chunk)
                if bytes.count > budget { throw OfficeProblem.zipBomb(path, "inflates past \(Self.size(limit))") }
                if bytes.count > Self.ratioFloor, bytes.count / compressed > Self.maxRatio {
                    throw OfficeProblem.zipBomb(path, "inflates more than \(Self.maxRatio) times its compressed size")
                }
            }
        } catch let problem as OfficeProblem {
            throw problem
        } catch {
            throw .damagedPart(path)
        }
        expanded += bytes.count
        return bytes
    }

    /// The bytes of a part the format cannot do without.
    mutating func require(_ path: String) throws(OfficeProblem) -> [UInt8] {
        guard let bytes = try read(path) else { throw .missingPart(path) }
        return bytes
    }

    /// "128 MiB", "4 KiB".
    static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\(bytes >> 10) KiB"
    }

    private static let zipMagic: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    /// An OLE compound file: what Office writes when it encrypts a document (the zip inside is an
    /// `EncryptedPackage` stream), and the format of .doc and .ppt before 2007.
    private static let compoundFileMagic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// Whether the compound file's directory names an `EncryptedPackage` stream (names are UTF-16LE).
    private static func containsEncryptedPackage(_ bytes: [UInt8]) -> Bool {
        let name = Array("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        guard bytes.count >= name.count else { return false }
        return (0...(bytes.count - name.count)).contains { start in bytes[start..<(start + name.count)].elementsEqual(name) }
    }
}
