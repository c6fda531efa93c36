import Foundation
import KubeObjects

/// Builds `meta.k8s.io/v1` `Table` responses, which is what `kubectl get` asks for and prints.
enum TableRenderer {
    /// Whether the Accept header asks for a Table (kubectl sends it first, with JSON as fallback).
    static func wantsTable(accept: String?) -> Bool {
        // Every get and list asks; clients other than kubectl send plain JSON, so a header
        // without the parameter is answered before splitting and trimming it.
        guard let accept, accept.contains("as=Table") else { return false }
        return accept.split(separator: ",").contains { part in
            let parameters = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            return parameters.contains("as=Table") && parameters.contains("g=meta.k8s.io")
        }
    }

    /// How much of each object a row carries (`?includeObject=`): the default is its metadata.
    enum IncludeObject: String {
        case none = "None"
        case metadata = "Metadata"
        case object = "Object"
    }

    static func table(
        for resource: ServedResource, objects: [KubeObject], resourceVersion: Int64?, continueToken: String? = nil,
        include: IncludeObject, now: Date = Date()
    ) -> JSONValue {
        var metadata: [String: JSONValue] = [:]
        if let resourceVersion { metadata["resourceVersion"] = .string(String(resourceVersion)) }
        if let continueToken { metadata["continue"] = .string(continueToken) }
        return [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": .object(metadata),
            "columnDefinitions": .array(columnDefinitions(resource)),
            "rows": .array(objects.map { row(for: $0, resource: resource, include: include, now: now) }),
        ]
    }

    private static func columnDefinitions(_ resource: ServedResource) -> [JSONValue] {
        var columns: [JSONValue] = [
            [
                "name": "Name", "type": "string", "format": "name", "priority": 0,
                "description": "Name must be unique within a namespace.",
            ]
        ]
        for column in resource.columns {
            columns.append([
                "name": .string(column.name), "type": .string(column.type), "format": "",
                "priority": .int(Int64(column.priority)), "description": "",
            ])
        }
        columns.append([
            "name": "Age", "type": "date", "format": "", "priority": 0,
            "description": "CreationTimestamp is the time the object was created.",
        ])
        return columns
    }

    private static func row(for object: KubeObject, resource: ServedResource, include: IncludeObject, now: Date)
        -> JSONValue
    {
        var cells: [JSONValue] = [.string(object.name)]
        for column in resource.columns { cells.append(cell(column, object: object)) }
        let created = object.json[path: ["metadata", "creationTimestamp"]]?.stringValue
        cells.append(
            .string(
                created.flatMap { try? Date($0, strategy: .iso8601) }.map { age(since: $0, now: now) } ?? "<unknown>"))
        var row: [String: JSONValue] = ["cells": .array(cells)]
        switch include {
        case .none: break
        case .object: row["object"] = object.json
        case .metadata:
            row["object"] = [
                "kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": .object(object.metadata),
            ]
        }
        return .object(row)
    }

    private static func cell(_ column: TableColumn, object: KubeObject) -> JSONValue {
        switch column.source {
        case .path(let path):
            switch object.json[path: path] {
            case .none, .some(.null): return .null
            case .some(let value): return value
            }
        case .condition(let type):
            let conditions = object.json[path: ["status", "conditions"]]?.arrayValue ?? []
            return conditions.first { $0["type"]?.stringValue == type }?["status"] ?? .null
        case .count(let path):
            return .int(Int64(object.json[path: path]?.objectValue?.count ?? 0))
        }
    }

    /// Kubernetes' short human duration: `45s`, `3m12s`, `5h`, `2d3h`, `400d`.
    static func age(since date: Date, now: Date) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        if seconds < 120 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 { return seconds % 60 == 0 ? "\(minutes)m" : "\(minutes)m\(seconds % 60)s" }
        if minutes < 180 { return "\(minutes)m" }
        let hours = minutes / 60
        if hours < 8 { return minutes % 60 == 0 ? "\(hours)h" : "\(hours)h\(minutes % 60)m" }
        if hours < 48 { return "\(hours)h" }
        let days = hours / 24
        if days < 8 { return hours % 24 == 0 ? "\(days)d" : "\(days)d\(hours % 24)h" }
        if days < 365 * 2 { return "\(days)d" }
        return "\(days / 365)y"
    }
}
