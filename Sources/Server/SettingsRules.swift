import Foundation
import Ingest

/// The limits of `Server.Settings`, checked before anything starts. The command line names each
/// setting as its flag (`--request-timeout`).
extension Server.Settings {
    /// A setting outside its limits: which one, and what is wrong ("must be from 0 to 65535").
    public struct Invalid: Error, Sendable {
        public enum Setting: String, Sendable {
            case host, port, queue, requestTimeout = "request-timeout", token, cors, ingestRoot = "ingest-root", watch
        }

        public let setting: Setting
        public let rule: String
    }

    /// Throws the first setting outside its limits.
    public func check() throws(Invalid) {
        guard (0...65535).contains(port) else { throw Invalid(setting: .port, rule: "must be from 0 to 65535") }
        guard (0...1000).contains(queue) else { throw Invalid(setting: .queue, rule: "must be from 0 to 1000") }
        guard requestTimeout > 0, requestTimeout <= 3600 else { throw Invalid(setting: .requestTimeout, rule: "must be from 0 to 3600 seconds") }
        if token?.isEmpty == true { throw Invalid(setting: .token, rule: "is empty") }
        if let cors, !(cors.hasPrefix("http://") || cors.hasPrefix("https://")) || cors.hasSuffix("/") {
            throw Invalid(setting: .cors, rule: "takes an origin such as http://localhost:3000, not '\(cors)'")
        }
        let roots: IngestRoots
        do {
            roots = try IngestRoots(ingestRoots, option: "--ingest-root")
        } catch {
            throw Invalid(setting: .ingestRoot, rule: "takes a folder that exists, not '\(error.root)'")
        }
        // The server reads only inside its ingest roots, whoever names the folder.
        if !watch.isEmpty {
            do {
                _ = try watched(in: roots)
            } catch {
                throw Invalid(setting: .watch, rule: "takes folders or files inside an --ingest-root: \(error)")
            }
        }
        // Anyone who can reach a non-loopback address could read the notes and run the models.
        if !Loopback.isAddress(host) && token == nil {
            throw Invalid(setting: .host, rule: "\(host) needs a token")
        }
    }

    /// The `--watch` paths, resolved, once each lies inside one of `roots`.
    func watched(in roots: IngestRoots) throws(IngestRoots.Refusal) -> [String] {
        try roots.check(watch.map(NoteScanner.absolute))
    }
}
