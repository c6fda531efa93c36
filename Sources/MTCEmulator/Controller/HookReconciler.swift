import Foundation
import KubeObjects

/// MigHook: checks the image reference, the target cluster and the custom/Ansible playbook
/// rules.
struct HookReconciler {
    let pass: ReconcilePass

    func reconcile(_ original: KubeObject) -> KubeObject {
        var object = original
        var conditions = ConditionList(of: object, now: pass.timestamp)
        conditions.beginStaging()

        let image = object.specString("image")
        if !Self.isImageReference(image) {
            conditions.set("InvalidImage", category: .critical, message: "The image name specified is invalid.")
        }
        let target = object.specString("targetCluster")
        if target != "source" && target != "destination" {
            conditions.set(
                "InvalidTarget", category: .critical,
                message: "Only `source` and `destination` are accepted as values for `spec.targetCluster`.")
        }
        let custom = object.specFlag("custom")
        let playbook = object.specString("playbook")
        if custom && !playbook.isEmpty {
            conditions.set(
                "InvalidCustomHook", category: .critical,
                message: "No playbook should be specified when `spec.custom` is true.")
        } else if !custom && playbook.isEmpty {
            conditions.set(
                "InvalidAnsibleHook", category: .critical,
                message: "A playbook must be specified when `spec.custom` is false.")
        }
        if !playbook.isEmpty && Data(base64Encoded: playbook) == nil {
            conditions.set(
                "InvalidPlaybookData", category: .critical, message: "Playbook data is not valid base64 encoded data.")
        }

        if !conditions.hasBlocker {
            conditions.set("Ready", category: .required, message: "The hook is ready.")
        }
        conditions.endStaging()

        object.setStatus("conditions", conditions.json)
        object.setStatus("observedGeneration", object.generation.map(JSONValue.int))
        return object
    }

    /// A container image reference: `[registry[:port]/]path[:tag][@digest]`, lower-case path
    /// components, no spaces.
    static func isImageReference(_ text: String) -> Bool {
        guard !text.isEmpty, !text.contains(where: \.isWhitespace) else { return false }
        var rest = Substring(text)
        if let at = rest.firstIndex(of: "@") {
            let digest = rest[rest.index(after: at)...]
            guard digest.contains(":"), !digest.hasSuffix(":") else { return false }
            rest = rest[..<at]
        }
        var components = rest.split(separator: "/", omittingEmptySubsequences: false)
        guard let last = components.last, !last.isEmpty else { return false }
        if let colon = last.lastIndex(of: ":") {
            let tag = last[last.index(after: colon)...]
            guard !tag.isEmpty, tag.count <= 128,
                tag.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" })
            else { return false }
            components[components.count - 1] = last[..<colon]
        }
        let pathStart =
            components.count > 1
                && (components[0].contains(".") || components[0].contains(":")
                    || components[0] == "localhost")
            ? 1 : 0
        let path = components[pathStart...]
        guard !path.isEmpty else { return false }
        return path.allSatisfy { component in
            !component.isEmpty
                && component.allSatisfy { ($0.isLowercase && $0.isLetter) || $0.isNumber || "._-".contains($0) }
                && component.first.map { $0.isLetter || $0.isNumber } == true
        }
    }
}
