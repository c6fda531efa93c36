import Foundation
import MigsyncCore

/// A gate that blocks the runs it is told to and remembers what it was asked.
final class RecordingGate: RunGate, @unchecked Sendable {
    private let lock = NSLock()
    private var asked: [(run: ObjectKey, plan: ObjectKey?)] = []
    let blocked: [ObjectKey: RunBlock]

    init(blocked: [ObjectKey: RunBlock] = [:]) {
        self.blocked = blocked
    }

    var questions: [(run: ObjectKey, plan: ObjectKey?)] {
        lock.withLock { asked }
    }

    func verdict(for run: DesiredObject, context: RunGateContext) -> RunVerdict {
        lock.withLock { asked.append((run.key, context.plan?.key)) }
        return blocked[run.key].map(RunVerdict.blocked) ?? .allowed
    }
}
