import Foundation
import Synchronization
import Testing

@testable import Server

/// The queue in front of the generator: one job at a time, in order, a bounded wait, then refusals.
@Suite struct GenerationQueueTests {
    @Test func runsOneJobAtATimeInTheOrderAdmitted() async throws {
        let queue = GenerationQueue(waiting: 4)
        let log = Mutex<[String]>([])
        let done = DispatchGroup()
        for i in 0..<4 {
            done.enter()
            _ = try queue.submit { _ in
                log.withLock { $0.append("start \(i)") }
                usleep(20_000)
                log.withLock { $0.append("end \(i)") }
                done.leave()
                return true
            }
        }
        done.wait()
        #expect(log.withLock { $0 } == (0..<4).flatMap { ["start \($0)", "end \($0)"] })
    }

    @Test func turnsAwayRequestsBeyondTheWaitingRoomWithARetryEstimate() throws {
        let queue = GenerationQueue(waiting: 1)
        let release = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let running = try queue.submit { _ in
            release.wait()
            return true
        }
        let waiting = try queue.submit { ticket in
            finished.signal()
            return !ticket.shouldStop
        }
        #expect(throws: GenerationQueue.Refusal.self) { try queue.submit { _ in true } }
        do {
            _ = try queue.submit { _ in true }
        } catch .full(let seconds) {
            #expect(seconds >= 1)
        } catch {
            Issue.record("refused for another reason: \(error)")
        }
        // a waiting client that leaves is told to stop when its turn comes
        waiting.cancel()
        #expect(waiting.shouldStop && !running.shouldStop)
        release.signal()
        finished.wait()
        // with the room free again, requests are admitted
        let admitted = DispatchSemaphore(value: 0)
        _ = try queue.submit { _ in
            admitted.signal()
            return true
        }
        admitted.wait()
    }
}
