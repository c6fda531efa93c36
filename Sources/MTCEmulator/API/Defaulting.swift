import Foundation
import KubeObjects

/// The defaults and conversions the API server applies to built-in kinds before storing them.
enum Defaulting {
    static func applied(to object: KubeObject, as type: ResourceType) -> KubeObject {
        var object = object
        switch type {
        case .secret:
            // `stringData` is write-only: merged into `data` as base64, never stored.
            if let strings = object.json["stringData"]?.objectValue {
                var data = object.json["data"]?.objectValue ?? [:]
                for (key, value) in strings {
                    if let text = value.stringValue { data[key] = .string(Data(text.utf8).base64EncodedString()) }
                }
                object.json["data"] = .object(data)
                object.json["stringData"] = nil
            }
            if object.json["type"]?.stringValue == nil { object.json["type"] = "Opaque" }
        case .namespace:
            if object.json[path: ["status", "phase"]] == nil { object.status = ["phase": "Active"] }
        default:
            break
        }
        return object
    }
}
