import Foundation
import KubeObjects
import MigsyncCore

/// The variables policy expressions see.
///
/// - `object`: the run (or other object) as Git declares it.
/// - `plan`: the run's plan as observed on the cluster (`null` when unknown); for a MigPlan,
///   the plan itself.
/// - `run`: `{name, namespace, type, plan}` for runs, `null` otherwise.
/// - `commit`: the commit that last changed the run's file: `{id, author: {name, email},
///   committer: {name, email}, time, message, trailers: map(string, list(string))}`, or `null`.
/// - `now`: the pass's time.
enum PolicyBindings {
    static func forRun(_ run: DesiredObject, type: PolicyRunType, context: RunGateContext) -> [String: CELValue] {
        let planName = References.plan(ofRun: run.object)?.name
        return [
            "object": CELValue(json: run.object.json),
            "plan": context.plan.map { CELValue(json: $0.object.json) } ?? .null,
            "run": .object([
                "name": .string(run.object.name),
                "namespace": .string(run.object.namespace ?? ""),
                "type": .string(type.rawValue),
                "plan": planName.map(CELValue.string) ?? .null,
            ]),
            "commit": context.runCommit.map(commit) ?? .null,
            "now": .timestamp(context.now),
        ]
    }

    static func forObject(_ object: DesiredObject, now: Date) -> [String: CELValue] {
        let value = CELValue(json: object.object.json)
        return [
            "object": value,
            "plan": object.kind == .migPlan ? value : .null,
            "run": .null,
            "commit": .null,
            "now": .timestamp(now),
        ]
    }

    static func commit(_ facts: CommitFacts) -> CELValue {
        func person(_ p: CommitFacts.Person) -> CELValue {
            .object(["name": .string(p.name), "email": .string(p.email)])
        }
        var trailers = CELMap()
        for key in facts.trailers.keys.sorted() {
            trailers[.string(key)] = .list((facts.trailers[key] ?? []).map(CELValue.string))
        }
        return .object([
            "id": .string(facts.id),
            "author": person(facts.author),
            "committer": person(facts.committer),
            "time": .timestamp(facts.time),
            "message": .string(facts.message),
            "trailers": .map(trailers),
        ])
    }
}
