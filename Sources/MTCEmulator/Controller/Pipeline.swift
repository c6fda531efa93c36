import KubeObjects

/// `status.pipeline`: one entry per high-level step of a run, with when it started and
/// completed, what it is doing and its progress lines.
struct Pipeline {
    private(set) var steps: [[String: JSONValue]]

    init(_ json: JSONValue?) {
        steps = (json?.arrayValue ?? []).compactMap(\.objectValue)
    }

    init(stepNames: [String]) {
        steps = stepNames.map { ["name": .string($0), "message": "Not started"] }
    }

    var json: JSONValue { .array(steps.map(JSONValue.object)) }

    private func index(_ name: String) -> Int? { steps.firstIndex { $0["name"]?.stringValue == name } }

    private func isRunning(_ step: [String: JSONValue]) -> Bool {
        step["started"] != nil && step["completed"] == nil
    }

    /// Enters `phase` of `step`: earlier steps still running are completed, this one is
    /// started (once) and shows the phase.
    mutating func enter(step name: String, phase: String, at time: String) {
        guard let target = index(name) else { return }
        for i in steps.indices where i < target && isRunning(steps[i]) {
            complete(at: i, time: time)
        }
        if steps[target]["started"] == nil { steps[target]["started"] = .string(time) }
        if steps[target]["completed"] == nil {
            steps[target]["phase"] = .string(phase)
            steps[target]["message"] = .string(Step.description(name))
        }
    }

    mutating func setProgress(step name: String, _ lines: [String]) {
        guard let i = index(name) else { return }
        steps[i]["progress"] = lines.isEmpty ? nil : .array(lines.map(JSONValue.string))
    }

    /// Marks the step failed (a phase of it failed).
    mutating func fail(step name: String, at time: String) {
        guard let i = index(name) else { return }
        if steps[i]["started"] == nil { steps[i]["started"] = .string(time) }
        steps[i]["failed"] = .bool(true)
        steps[i]["message"] = "Failed"
        steps[i]["completed"] = .string(time)
        steps[i]["phase"] = nil
    }

    /// Completes every running step (the run reached `Completed`).
    mutating func finish(at time: String) {
        for i in steps.indices where isRunning(steps[i]) { complete(at: i, time: time) }
    }

    /// Leaves the current itinerary for Failed or Cancel: a running step ends (failed, or
    /// "Canceled"), steps never started are skipped, and the new itinerary's steps follow.
    mutating func abandon(failed: Bool, at time: String, then newSteps: [String]) {
        for i in steps.indices {
            if isRunning(steps[i]) {
                if failed { steps[i]["failed"] = .bool(true) }
                steps[i]["message"] = failed ? "Failed" : "Canceled"
                steps[i]["completed"] = .string(time)
                steps[i]["phase"] = nil
            } else if steps[i]["started"] == nil {
                steps[i]["skipped"] = .bool(true)
                steps[i]["message"] = "Skipped"
            }
        }
        for name in newSteps where index(name) == nil {
            steps.append(["name": .string(name), "message": "Not started"])
        }
    }

    private mutating func complete(at i: Int, time: String) {
        steps[i]["completed"] = .string(time)
        steps[i]["phase"] = nil
        if steps[i]["failed"] == nil { steps[i]["message"] = "Completed" }
    }
}
