import Foundation

/// Changes gathered into one sync (so one commit): an editor's save is several events, a `git
/// checkout` or a copied folder hundreds, and each sync rewrites the FAISS file. A batch is due
/// once the changes pause for `quiet` seconds, or `longest` seconds after its first change, so
/// that a stream of changes that never pauses is still synced.
struct ChangeBatch {
    struct Timing: Sendable {
        var quiet = 0.5
        var longest = 2.0
    }

    let timing: Timing
    private var first: Double
    private var last: Double

    /// A batch whose first change came at `time` (seconds on any clock).
    init(at time: Double, timing: Timing) {
        self.timing = timing
        (first, last) = (time, time)
    }

    mutating func add(at time: Double) {
        last = max(last, time)
    }

    /// Not before this time: a batch that could not be synced (another writer held the store) waits.
    var notBefore = -Double.infinity

    /// When the batch falls due, if no change comes before.
    var due: Double { max(notBefore, min(last + timing.quiet, first + timing.longest)) }
}
