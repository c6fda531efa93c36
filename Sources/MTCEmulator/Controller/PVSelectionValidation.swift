import KubeObjects

/// Checks the user's PV selections against what each volume supports and what the
/// destination offers, giving mig-controller's Pv* conditions.
struct PVSelectionValidation {
    let destination: Inventory.Cluster?
    let settings: MigControllerSettings

    func validate(_ volumes: [JSONValue], into conditions: inout ConditionList) {
        var invalidAction: [String] = []
        var noSupportedAction: [String] = []
        var invalidClass: [String] = []
        var noClass: [String] = []
        var invalidAccessMode: [String] = []
        var noCopyMethod: [String] = []
        var invalidCopyMethod: [String] = []

        for volume in volumes {
            let name = volume["name"]?.stringValue ?? ""
            let actions = (volume[path: ["supported", "actions"]]?.arrayValue ?? []).compactMap(\.stringValue)
            let copyMethods = (volume[path: ["supported", "copyMethods"]]?.arrayValue ?? []).compactMap(\.stringValue)
            let selection = volume["selection"]
            let action = selection?["action"]?.stringValue ?? ""
            if actions.isEmpty {
                noSupportedAction.append(name)
                continue
            }
            if !actions.contains(action) {
                invalidAction.append(name)
                continue
            }
            guard action == "copy" else { continue }
            let storageClass = selection?["storageClass"]?.stringValue ?? ""
            if storageClass.isEmpty {
                noClass.append(name)
            } else if let destination {
                if let offered = destination.storageClass(named: storageClass) {
                    let accessMode = selection?["accessMode"]?.stringValue ?? ""
                    if !accessMode.isEmpty && accessMode != "auto" && !offered.accessModes.contains(accessMode) {
                        invalidAccessMode.append(name)
                    }
                } else {
                    invalidClass.append(name)
                }
            }
            let copyMethod = selection?["copyMethod"]?.stringValue ?? ""
            if copyMethod.isEmpty {
                noCopyMethod.append(name)
            } else if !copyMethods.contains(copyMethod) {
                invalidCopyMethod.append(name)
            }
        }

        func set(_ type: String, _ names: [String], _ category: MTCCondition.Category, _ text: String) {
            guard !names.isEmpty else { return }
            conditions.set(
                type, category: category, message: "PV in `persistentVolumes` \(MTCFormat.list(names)) \(text).")
        }
        set("PvInvalidAction", invalidAction, .error, "has an unsupported `action`")
        set("PvNoSupportedAction", noSupportedAction, .warn, "with no `SupportedActions`")
        set("PvInvalidStorageClass", invalidClass, .error, "has an invalid `storageClass`")
        set("PvInvalidAccessMode", invalidAccessMode, .error, "has an invalid `accessMode`")
        set("PvNoStorageClassSelection", noClass, .warn, "has no `storageClass` selected")
        set("PvNoCopyMethodSelection", noCopyMethod, .error, "has no `copyMethod` selected")
        set("PvInvalidCopyMethod", invalidCopyMethod, .error, "has an invalid `copyMethod`")
        if volumes.count > settings.pvLimit {
            conditions.set(
                "PvLimitExceeded", category: .warn,
                message: "PV limit: \(settings.pvLimit) exceeded, found: \(volumes.count).")
        }
    }

    /// The condition types this check may set (frozen while a plan is suspended).
    static let conditionTypes = [
        "PvInvalidAction", "PvNoSupportedAction", "PvInvalidStorageClass", "PvInvalidAccessMode",
        "PvNoStorageClassSelection", "PvNoCopyMethodSelection", "PvInvalidCopyMethod", "PvLimitExceeded",
    ]
}
