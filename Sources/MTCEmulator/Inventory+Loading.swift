import Foundation
import Yams

extension Inventory {
    /// Reads an inventory YAML file and checks it (see ``validate()``).
    public static func load(path: String) throws -> Inventory {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw InventoryError(path: path, message: "cannot read the file: \(error.localizedDescription)")
        }
        return try parse(yaml: text, path: path)
    }

    /// Parses inventory YAML; `path` only names the source in errors.
    public static func parse(yaml: String, path: String = "inventory") throws -> Inventory {
        let inventory: Inventory
        do {
            inventory = try YAMLDecoder().decode(Inventory.self, from: yaml)
        } catch let error as DecodingError {
            throw InventoryError(path: path, message: Self.describe(error))
        } catch {
            throw InventoryError(path: path, message: "\(error)")
        }
        try inventory.validate(path: path)
        return inventory
    }

    /// Rejects inventories the controller could not make sense of: duplicate names, more than
    /// one host, volumes of storage classes the cluster does not have, a non-positive rate.
    public func validate(path: String = "inventory") throws {
        var problems: [String] = []
        if transferRate <= 0 { problems.append("transferRate must be positive") }
        if clusters.filter(\.isHostCluster).count > 1 {
            problems.append("more than one cluster has isHostCluster: true")
        }
        var seenClusters = Set<String>()
        var seenURLs = Set<String>()
        for cluster in clusters {
            if !seenClusters.insert(cluster.name).inserted { problems.append("duplicate cluster \(cluster.name)") }
            let url = Self.normalizedURL(cluster.apiURL)
            if !url.isEmpty && !seenURLs.insert(url).inserted {
                problems.append("clusters share the apiURL \(cluster.apiURL)")
            }
            if !cluster.isHostCluster && url.isEmpty {
                problems.append("cluster \(cluster.name): a cluster that is not the host needs an apiURL")
            }
            var seenNamespaces = Set<String>()
            for namespace in cluster.namespaces {
                if !seenNamespaces.insert(namespace.name).inserted {
                    problems.append("cluster \(cluster.name): duplicate namespace \(namespace.name)")
                }
                for pvc in namespace.pvcs
                where !pvc.storageClass.isEmpty && cluster.storageClass(named: pvc.storageClass) == nil {
                    problems.append(
                        "cluster \(cluster.name): pvc \(namespace.name)/\(pvc.name) uses unknown storage class \(pvc.storageClass)"
                    )
                }
            }
        }
        if !problems.isEmpty { throw InventoryError(path: path, message: problems.joined(separator: "; ")) }
    }

    private static func describe(_ error: DecodingError) -> String {
        func at(_ path: [any CodingKey]) -> String {
            path.isEmpty
                ? "top level" : path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(at(context.codingPath)): missing field \(key.stringValue)"
        case .typeMismatch(_, let context): return "\(at(context.codingPath)): \(context.debugDescription)"
        case .valueNotFound(_, let context): return "\(at(context.codingPath)): \(context.debugDescription)"
        case .dataCorrupted(let context): return "\(at(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

/// An inventory file that cannot be used, with the file and the reason.
public struct InventoryError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "inventory \(path): \(message)" }
}
