import KubeObjects
import MTCEmulator
import Testing

@Suite("Emulated mig-controller: plans")
struct ControllerPlanTests {
    @Test(
        "PV discovery lists the source volumes with supported actions, copy methods and default selections"
    )
    func discovery() async throws {
        let harness = try ControllerHarness(fixtures: ["clusters-and-storage", "plan-shop"])
        try await harness.settle()
        let plan = try harness.get(.migPlan, "shop")
        let volumes = try #require(plan.spec?["persistentVolumes"]?.arrayValue)
        #expect(volumes.count == 2)
        let names = volumes.compactMap { $0["name"]?.stringValue }
        #expect(names == names.sorted())
        #expect(names.allSatisfy { $0.hasPrefix("pvc-") })

        let byClaim = Dictionary(
            uniqueKeysWithValues: volumes.map { ($0[path: ["pvc", "name"]]?.stringValue ?? "", $0) })
        let catalog = try #require(byClaim["catalog-images"])
        #expect(catalog[path: ["pvc", "namespace"]] == "shop")
        #expect(catalog[path: ["pvc", "hasReference"]] == true)
        #expect(catalog[path: ["pvc", "ownerType"]] == "Deployment")
        #expect(catalog["capacity"] == "10Gi")
        #expect(catalog["storageClass"] == "glusterfs-storage")
        #expect(catalog[path: ["supported", "actions"]] == ["skip", "copy"])
        #expect(catalog[path: ["supported", "copyMethods"]] == ["filesystem", "snapshot"])
        // Gluster with shared access goes to CephFS on the destination.
        #expect(
            catalog["selection"] == [
                "action": "copy", "copyMethod": "filesystem", "storageClass": "ocs-storagecluster-cephfs",
            ])

        let cart = try #require(byClaim["cart-cache"])
        // EBS volumes may also be moved; no same-provisioner class, so the default class.
        #expect(cart[path: ["supported", "actions"]] == ["skip", "copy", "move"])
        #expect(cart[path: ["selection", "storageClass"]] == "gp3-csi")

        let destinationClasses = try #require(plan.status?["destStorageClasses"]?.arrayValue)
        #expect(
            destinationClasses.compactMap { $0["name"]?.stringValue } == [
                "gp3-csi", "ocs-storagecluster-ceph-rbd", "ocs-storagecluster-cephfs",
            ])
        #expect(destinationClasses.first?["default"] == true)
        #expect(plan.status?["srcStorageClasses"]?.arrayValue?.count == 3)
    }

    @Test(
        "re-discovery keeps the user's selection and the list is rewritten only when something changed")
    func keepsSelection() async throws {
        let harness = try ControllerHarness(fixtures: ["clusters-and-storage", "plan-shop"])
        try await harness.settle()
        try harness.modify(.migPlan, "shop") { plan in
            var volumes = plan.spec?["persistentVolumes"]?.arrayValue ?? []
            for i in volumes.indices where volumes[i][path: ["pvc", "name"]] == "cart-cache" {
                volumes[i]["selection"] = ["action": "skip"]
            }
            for i in volumes.indices where volumes[i][path: ["pvc", "name"]] == "catalog-images" {
                volumes[i]["selection"] = [
                    "action": "copy", "copyMethod": "snapshot", "storageClass": "ocs-storagecluster-cephfs",
                    "accessMode": "ReadWriteMany", "verify": true,
                ]
            }
            plan.setSpecValue("persistentVolumes", .array(volumes))
            plan.setSpecValue("refresh", true)
        }
        try await harness.settle()
        let plan = try harness.get(.migPlan, "shop")
        #expect(plan.spec?["refresh"] == false)
        let volumes = plan.spec?["persistentVolumes"]?.arrayValue ?? []
        let selections = Dictionary(
            uniqueKeysWithValues: volumes.map {
                ($0[path: ["pvc", "name"]]?.stringValue ?? "", $0["selection"])
            })
        #expect(selections["cart-cache"] == ["action": "skip"])
        #expect(selections["catalog-images"]??["copyMethod"] == "snapshot")
        #expect(selections["catalog-images"]??["verify"] == true)
        #expect(plan.conditionTypes.contains("Ready"))
    }

    @Test(
        "invalid PV selections block Ready with the reference's condition",
        arguments: [
            (
                ["action": "copy", "copyMethod": "filesystem", "storageClass": "platinum"] as JSONValue,
                "PvInvalidStorageClass"
            ),
            (["action": "teleport"] as JSONValue, "PvInvalidAction"),
            (["action": "copy", "storageClass": "gp3-csi"] as JSONValue, "PvNoCopyMethodSelection"),
            (
                ["action": "copy", "copyMethod": "block", "storageClass": "gp3-csi"] as JSONValue,
                "PvInvalidCopyMethod"
            ),
            (
                [
                    "action": "copy", "copyMethod": "filesystem", "storageClass": "gp3-csi",
                    "accessMode": "ReadWriteMany",
                ]
                    as JSONValue, "PvInvalidAccessMode"
            ),
        ])
    func invalidSelection(selection: JSONValue, condition: String) async throws {
        let harness = try ControllerHarness(fixtures: ["clusters-and-storage", "plan-shop"])
        try await harness.settle()
        try harness.modify(.migPlan, "shop") { plan in
            var volumes = plan.spec?["persistentVolumes"]?.arrayValue ?? []
            volumes[0]["selection"] = selection
            plan.setSpecValue("persistentVolumes", .array(volumes))
        }
        try await harness.settle()
        let conditions = try harness.conditions(.migPlan, "shop")
        #expect(conditions[condition]?.category == .error)
        #expect(conditions["Ready"] == nil)
    }

    @Test("unhealthy pods and too many pods warn without blocking Ready")
    func podWarnings() async throws {
        var inventory = Inventory.default
        let ocp3 = try #require(inventory.clusters.firstIndex { $0.name == "ocp3" })
        let blog = try #require(inventory.clusters[ocp3].namespaces.firstIndex { $0.name == "blog" })
        inventory.clusters[ocp3].namespaces[blog].pods.append(Inventory.Pod(name: "importer", phase: "Pending"))
        inventory.clusters[ocp3].namespaces[blog].workloads.append(
            Inventory.Workload(kind: "Deployment", name: "cache", replicas: 120))
        let harness = try ControllerHarness(inventory: inventory, fixtures: ["clusters-and-storage"])
        try harness.apply(
            yaml: try ControllerHarness.fixture("plan-shop").replacingOccurrences(of: "- shop", with: "- blog"))
        try await harness.settle()
        let plan = try harness.get(.migPlan, "shop")
        let conditions = try harness.conditions(.migPlan, "shop")
        #expect(conditions["SourcePodsNotHealthy"]?.category == .warn)
        #expect(conditions["PodLimitExceeded"]?.message == "Pod limit: 100 exceeded, found: 122.")
        #expect(conditions["Ready"] != nil)
        let unhealthy = plan.status?["namespaces"]?.arrayValue?.first
        #expect(unhealthy?["name"] == "blog")
        #expect(unhealthy?["workloads"] == [["name": "pod/importer", "resources": ["phase: Pending"]]])
    }

    @Test("a closed plan loses Ready, gets Closed, and reopening restores it")
    func closing() async throws {
        let harness = try ControllerHarness(fixtures: ["clusters-and-storage", "plan-shop"])
        try await harness.settle()
        try harness.modify(.migPlan, "shop") { $0.setSpecValue("closed", true) }
        try await harness.settle()
        var conditions = try harness.conditions(.migPlan, "shop")
        #expect(conditions["Closed"]?.category == .advisory)
        #expect(conditions["Ready"] == nil && conditions["StorageEnsured"] == nil)

        try harness.modify(.migPlan, "shop") { $0.setSpecValue("closed", false) }
        try await harness.settle()
        conditions = try harness.conditions(.migPlan, "shop")
        #expect(conditions["Closed"] == nil)
        #expect(conditions["Ready"] != nil)
    }
}
