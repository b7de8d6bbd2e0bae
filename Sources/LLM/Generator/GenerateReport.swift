import Foundation

/// What `rag generate --json` prints: the ids, the text, how it stopped and how fast it ran.
public struct GenerateReport: Encodable, Sendable {
    public struct Candidate: Encodable, Sendable {
        public let id: Int32
        public let logit: Float
    }

    public let promptIds: [Int32]
    public let ids: [Int32]
    public let text: String
    public let stop: String
    public let firstTop5: [Candidate]
    public let promptTokens: Int
    public let prefillTokS: Double
    public let decodeTokS: Double
    public let peakRssMb: Double

    public init(_ generation: Generator.Generation, promptIDs: [Int32]) {
        promptIds = promptIDs
        ids = generation.ids
        text = generation.text
        stop = generation.stop.rawValue
        firstTop5 = generation.firstTopFive.map { Candidate(id: $0.id, logit: $0.logit) }
        promptTokens = generation.promptTokens
        prefillTokS = Double(generation.promptTokens) / max(generation.prefillSeconds, 1e-9)
        decodeTokS = Double(generation.decodeSteps) / max(generation.decodeSeconds, 1e-9)
        // VmHWM is this program's own high-water mark; getrusage's ru_maxrss survives exec and can
        // report the parent's peak when rag is started by a large process (a test runner).
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
        peakRssMb = (line?.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0) / 1024  // kilobytes
    }
}
