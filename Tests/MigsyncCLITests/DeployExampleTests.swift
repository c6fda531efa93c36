import Foundation
import KubeObjects
import MTCManifests
import MigsyncGit
import MigsyncTesting
import Testing

@testable import MigsyncCommands

/// `examples/deploy/`: every file parses, and what the manifests say matches what the code
/// does — the flags `migsync run` accepts, the variables it reads, the API calls it makes.
@Suite("examples/deploy")
struct DeployExampleTests {
    static let folder = RepositoryRoot.file("examples/deploy")
    static let namespace = "openshift-migration"

    /// The verbs `ClusterAccess` uses on each MTC kind: list (observe), get (before a
    /// PUT), create, update (PUT), delete (prune).
    static let verbs: Set<String> = ["get", "list", "create", "update", "delete"]

    /// Every `MIGSYNC_*` variable the daemon reads.
    static let variables: Set<String> = [
        GitCredentials.EnvironmentKey.username, GitCredentials.EnvironmentKey.password,
        GitCredentials.EnvironmentKey.token, GitCredentials.EnvironmentKey.tokenFile,
        GitCredentials.EnvironmentKey.sshKey, GitCredentials.EnvironmentKey.sshPassphrase,
        GitCredentials.EnvironmentKey.sshKnownHosts, GitTLS.certificateAuthoritiesVariable,
        CommonOptions.logLevelVariable,
    ]

    struct Document {
        var file: String
        var value: JSONValue

        var kind: String { value["kind"]?.stringValue ?? "" }
        var name: String { value[path: ["metadata", "name"]]?.stringValue ?? "" }
    }

    static func files() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }.sorted()
    }

    static func text(_ file: String) throws -> String {
        try String(contentsOfFile: "\(folder)/\(file)", encoding: .utf8)
    }

    static func documents() throws -> [Document] {
        var documents: [Document] = []
        for file in try files() where file.hasSuffix(".yaml") || file.hasSuffix(".yml") {
            for document in try YAMLDocumentParser.parse(text: try text(file)) {
                documents.append(Document(file: file, value: document.value))
            }
        }
        return documents
    }

    static func only(_ kind: String, in documents: [Document]) throws -> Document {
        let found = documents.filter { $0.kind == kind }
        #expect(found.count == 1, "expected one \(kind), found \(found.count)")
        return try #require(found.first)
    }

    static func strings(_ value: JSONValue?) -> [String] {
        (value?.arrayValue ?? []).compactMap(\.stringValue)
    }

    @Test("every file is YAML of named objects in openshift-migration, or the README")
    func everyFileParses() throws {
        let files = try Self.files()
        #expect(files.contains("README.md"))
        for file in files where file != "README.md" {
            #expect(file.hasSuffix(".yaml"), "\(file) is neither YAML nor the README")
            let documents = try YAMLDocumentParser.parse(text: try Self.text(file))
            #expect(!documents.isEmpty, "\(file) has no document")
            for document in documents {
                let value = document.value
                #expect(value["apiVersion"]?.stringValue?.isEmpty == false, "\(file): no apiVersion")
                #expect(value["kind"]?.stringValue?.isEmpty == false, "\(file): no kind")
                if value["kind"]?.stringValue == "Kustomization" {
                    #expect(value["namespace"]?.stringValue == Self.namespace)
                    continue
                }
                #expect(value[path: ["metadata", "name"]]?.stringValue?.isEmpty == false, "\(file): no name")
                #expect(value[path: ["metadata", "namespace"]]?.stringValue == Self.namespace, "\(file)")
            }
        }
    }

    @Test("the kustomization and the folder's README name every manifest; the main README links the folder's")
    func everyFileIsReferenced() throws {
        let manifests = try Self.files().filter { $0.hasSuffix(".yaml") && $0 != "kustomization.yaml" }
        let kustomization = try Self.only("Kustomization", in: try Self.documents())
        #expect(Set(Self.strings(kustomization.value["resources"])) == Set(manifests))
        let readme = try Self.text("README.md")
        for file in manifests + ["kustomization.yaml"] {
            #expect(readme.contains("](\(file))"), "examples/deploy/README.md does not link \(file)")
        }
        let main = try String(contentsOfFile: RepositoryRoot.file("README.md"), encoding: .utf8)
        #expect(main.contains("](examples/deploy/README.md)"))
        #expect(main.contains("## Deployment in a cluster"))
    }

    @Test("the Deployment runs one daemon at a time, locked down, with requests and limits")
    func deploymentShape() throws {
        let documents = try Self.documents()
        let deployment = try Self.only("Deployment", in: documents).value
        #expect(deployment[path: ["spec", "replicas"]]?.intValue == 1)
        #expect(deployment[path: ["spec", "strategy", "type"]]?.stringValue == "Recreate")
        let pod = try #require(deployment[path: ["spec", "template", "spec"]])
        #expect(pod["serviceAccountName"]?.stringValue == (try Self.only("ServiceAccount", in: documents)).name)
        #expect(pod[path: ["securityContext", "runAsNonRoot"]]?.boolValue == true)
        let containers = try #require(pod["containers"]?.arrayValue)
        #expect(containers.count == 1)
        let container = try #require(containers.first)
        #expect(container[path: ["securityContext", "readOnlyRootFilesystem"]]?.boolValue == true)
        #expect(container[path: ["securityContext", "runAsNonRoot"]]?.boolValue == true)
        #expect(container[path: ["securityContext", "allowPrivilegeEscalation"]]?.boolValue == false)
        for bound in ["requests", "limits"] {
            for resource in ["cpu", "memory"] {
                #expect(container[path: ["resources", bound, resource]] != nil, "no \(bound).\(resource)")
            }
        }
        // No kubeconfig: the in-cluster service account is used.
        #expect(!Self.strings(container["args"]).contains("--kubeconfig"))
        #expect(!(container["env"]?.arrayValue ?? []).contains { $0["name"]?.stringValue == "KUBECONFIG" })
    }

    @Test("the container's arguments are `migsync run` and flags the built binary lists")
    func argumentsAreRealFlags() async throws {
        let documents = try Self.documents()
        let container = try #require(
            try Self.only("Deployment", in: documents).value[path: ["spec", "template", "spec", "containers"]]?
                .arrayValue?.first)
        let args = Self.strings(container["args"])
        #expect(args.first == "run")
        let help = try await CommandRunner.run(try BuiltProducts.executable("migsync"), ["run", "--help"])
        #expect(help.exitCode == 0, "\(help)")
        var values: [String: String] = [:]
        var index = 1
        while index < args.count {
            let flag = args[index]
            #expect(flag.hasPrefix("--"), "\(flag) is not a flag")
            #expect(help.stdout.contains("  \(flag) <") || help.stdout.contains("  \(flag) "), "\(flag) unknown")
            if help.stdout.contains("  \(flag) <"), index + 1 < args.count {
                values[flag] = args[index + 1]
                index += 2
            } else {
                index += 1
            }
        }
        #expect(values["--repo"]?.isEmpty == false)
        #expect(values["--allowed-signers"] == "/etc/migsync/allowed_signers")
        #expect(values["--log-format"] == "json")

        // --state-dir is the claim's mount, and the claim exists.
        let mounts = container["volumeMounts"]?.arrayValue ?? []
        let volumes =
            try #require(
                try Self.only("Deployment", in: documents).value[path: ["spec", "template", "spec", "volumes"]]?
                    .arrayValue)
        func volume(mountedAt path: String) -> JSONValue? {
            let name = mounts.first { $0["mountPath"]?.stringValue == path }?["name"]?.stringValue
            return volumes.first { $0["name"]?.stringValue == name }
        }
        let stateDirectory = try #require(values["--state-dir"])
        let state = try #require(volume(mountedAt: stateDirectory))
        #expect(
            state[path: ["persistentVolumeClaim", "claimName"]]?.stringValue
                == (try Self.only("PersistentVolumeClaim", in: documents)).name)

        // --allowed-signers is the ConfigMap's key, and it lists keys.
        let signers = try #require(volume(mountedAt: "/etc/migsync/allowed_signers"))
        let configMap = try Self.only("ConfigMap", in: documents)
        #expect(signers[path: ["configMap", "name"]]?.stringValue == configMap.name)
        let mount = mounts.first { $0["mountPath"]?.stringValue == "/etc/migsync/allowed_signers" }
        let key = try #require(mount?["subPath"]?.stringValue)
        let lines = (configMap.value[path: ["data", key]]?.stringValue ?? "").split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines { #expect(line.contains(" ssh-ed25519 ") || line.contains(" ssh-rsa "), "\(line)") }
    }

    @Test("environment variables are the ones migsync reads, with Git credentials from the Secret")
    func environment() throws {
        let documents = try Self.documents()
        let spec = try #require(
            try Self.only("Deployment", in: documents).value[path: ["spec", "template", "spec"]])
        let container = try #require(spec["containers"]?.arrayValue?.first)
        let env = container["env"]?.arrayValue ?? []
        let secretVolume = (spec["volumes"]?.arrayValue ?? []).compactMap { $0[path: ["secret", "secretName"]] }
        let names = env.compactMap { $0["name"]?.stringValue }
        #expect(names.contains(GitCredentials.EnvironmentKey.token))
        for entry in env {
            let name = try #require(entry["name"]?.stringValue)
            guard name.hasPrefix("MIGSYNC_") else {
                #expect(name == "HOME", "\(name) is not read by migsync")
                continue
            }
            #expect(Self.variables.contains(name), "migsync does not read \(name)")
            if let secret = entry[path: ["valueFrom", "secretKeyRef", "name"]] {
                #expect(secretVolume.contains(secret), "\(name) names another Secret than the mounted one")
            }
        }
        // Commented-out alternatives and the README name only real variables too.
        for file in try Self.files() {
            let text = try Self.text(file)
            var rest = Substring(text)
            while let range = rest.range(of: "MIGSYNC_") {
                let name = "MIGSYNC_" + String(rest[range.upperBound...].prefix { $0.isUppercase || $0 == "_" })
                // `MIGSYNC_GIT_*` names the family, not a variable.
                if !name.hasSuffix("_") {
                    #expect(Self.variables.contains(name), "\(file) names \(name), which migsync does not read")
                }
                rest = rest[range.upperBound...]
            }
        }
    }

    @Test("the Role grants exactly the verbs migsync uses on each MTC kind, and nothing else")
    func roleCoversTheClient() throws {
        let documents = try Self.documents()
        let role = try Self.only("Role", in: documents)
        let rules = try #require(role.value["rules"]?.arrayValue)
        for type in ResourceType.mtcKinds {
            let covering = rules.filter {
                Self.strings($0["apiGroups"]).contains(type.group)
                    && Self.strings($0["resources"]).contains(type.resource)
            }
            let granted = Set(covering.flatMap { Self.strings($0["verbs"]) })
            #expect(granted == Self.verbs, "\(type.resource): \(granted.sorted())")
        }
        let resources = Set(rules.flatMap { Self.strings($0["resources"]) })
        #expect(resources == Set(ResourceType.mtcKinds.map(\.resource)), "no secrets, leases or others")
        #expect(Set(rules.flatMap { Self.strings($0["apiGroups"]) }) == [ResourceType.migrationGroup])
        #expect(
            !rules.contains { Self.strings($0["verbs"]).contains("*") || Self.strings($0["resources"]).contains("*") })

        let binding = try Self.only("RoleBinding", in: documents).value
        #expect(binding[path: ["roleRef", "kind"]]?.stringValue == "Role")
        #expect(binding[path: ["roleRef", "name"]]?.stringValue == role.name)
        let subject = try #require(binding["subjects"]?.arrayValue?.first)
        #expect(subject["kind"]?.stringValue == "ServiceAccount")
        #expect(subject["name"]?.stringValue == (try Self.only("ServiceAccount", in: documents)).name)
        #expect(subject["namespace"]?.stringValue == Self.namespace)
    }

    @Test(
        "kubectl kustomize renders every object of the folder",
        .enabled(if: Kubectl.isAvailable, Comment(rawValue: Kubectl.missingReason)))
    func kustomizeRenders() async throws {
        let result = try await CommandRunner.run(Kubectl.path, ["kustomize", Self.folder])
        #expect(result.exitCode == 0, "\(result)")
        let rendered = try YAMLDocumentParser.parse(text: result.stdout).compactMap { $0.value["kind"]?.stringValue }
        let declared = try Self.documents().map(\.kind).filter { $0 != "Kustomization" }
        #expect(rendered.sorted() == declared.sorted())
    }
}
