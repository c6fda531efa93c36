extension ValidationContext {
    /// MigHook: an Ansible hook carries a base64 playbook, a custom-image hook carries none.
    mutating func checkHook(_ hook: MigHook, _ object: ManifestObject) {
        let spec = hook.spec
        let playbook = spec.playbook ?? ""
        switch spec.custom {
        case true?:
            if !playbook.isEmpty {
                error(
                    "hook.playbook", object, "spec.playbook",
                    "spec.playbook must be empty for a custom hook (custom: true runs the image's entrypoint)")
            }
        case false?:
            if playbook.isEmpty {
                error(
                    "hook.playbook", object, "spec.custom",
                    "spec.playbook is required for an Ansible hook (custom: false)")
            }
        case nil:
            break
        }
        if !playbook.isEmpty && !Base64.isValid(playbook) {
            error("hook.playbook", object, "spec.playbook", "spec.playbook must be the base64 encoding of the playbook")
        }
        if let image = object.json[path: ["spec", "image"]]?.stringValue,
            image.isEmpty || image.contains(where: \.isWhitespace)
        {
            error("hook.image", object, "spec.image", "spec.image \"\(image)\" is not a container image reference")
        }
        if let target = object.json[path: ["spec", "targetCluster"]]?.stringValue,
            HookTargetCluster(rawValue: target) == nil
        {
            error(
                "hook.targetCluster", object, "spec.targetCluster",
                "spec.targetCluster \"\(target)\" must be source or destination")
        }
        if let deadline = spec.activeDeadlineSeconds, deadline < 0 {
            error(
                "hook.deadline", object, "spec.activeDeadlineSeconds", "spec.activeDeadlineSeconds must not be negative"
            )
        }
    }
}
