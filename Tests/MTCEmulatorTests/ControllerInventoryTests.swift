import Foundation
import MTCEmulator
import MigsyncTesting
import Testing

@Suite("Emulator inventory")
struct ControllerInventoryTests {
    @Test("examples/inventory.yaml describes exactly the default inventory")
    func exampleMatchesDefault() throws {
        let example = try Inventory.load(path: RepositoryRoot.file("examples/inventory.yaml"))
        #expect(example == Inventory.default)
    }

    @Test("the default inventory has a host and the ocp3 source with shop, shop-db and blog")
    func defaultContents() throws {
        let inventory = Inventory.default
        #expect(inventory.hostCluster?.name == "host")
        let ocp3 = try #require(inventory.cluster(apiURL: "https://API.ocp3.example.com:6443/"))
        #expect(ocp3.namespaces.map(\.name) == ["shop", "shop-db", "blog"])
        #expect(ocp3.namespace(named: "shop")?.pvcs.count == 2)
        #expect(ocp3.namespace(named: "shop-db")?.pvcs.count == 1)
        #expect(ocp3.namespace(named: "blog")?.pvcs.count == 1)
        #expect(ocp3.hasNamespace("openshift-migration"))
        #expect(!ocp3.hasNamespace("payroll"))
    }

    @Test("minimal inventories fill in defaults and accept byte quantities")
    func defaults() throws {
        let inventory = try Inventory.parse(
            yaml: """
                transferRate: 10Mi
                clusters:
                  - name: a
                    isHostCluster: true
                  - name: b
                    apiURL: https://b.example.com:6443
                    storageClasses: [{name: std}]
                    namespaces:
                      - name: app
                        workloads: [{name: web}]
                        pvcs: [{name: data, usedBytes: 1.5Gi, storageClass: std}]
                """)
        #expect(inventory.transferRate == 10 * 1024 * 1024)
        let app = try #require(inventory.cluster(named: "b")?.namespace(named: "app"))
        #expect(app.workloads == [Inventory.Workload(kind: "Deployment", name: "web", replicas: 1)])
        #expect(app.pvcs.first?.usedBytes == 1_610_612_736)
        #expect(app.pvcs.first?.accessModes == ["ReadWriteOnce"])
        let pvName = try #require(app.pvcs.first?.persistentVolumeName(cluster: "b", namespace: "app"))
        #expect(pvName.hasPrefix("pvc-") && pvName.count == 40)
        #expect(pvName == app.pvcs.first?.persistentVolumeName(cluster: "b", namespace: "app"))
    }

    @Test(
        "broken inventories are refused with the reason",
        arguments: [
            ("clusters: [{apiURL: x}]", "missing field name"),
            ("transferRate: fast\nclusters: []", "not a byte count"),
            ("transferRate: 0\nclusters: []", "transferRate must be positive"),
            ("clusters: [{name: a, isHostCluster: true}, {name: b, isHostCluster: true}]", "more than one cluster"),
            ("clusters: [{name: a, apiURL: 'https://a'}, {name: a, apiURL: 'https://b'}]", "duplicate cluster a"),
            ("clusters: [{name: a}]", "needs an apiURL"),
            (
                "clusters: [{name: a, isHostCluster: true, namespaces: [{name: n, pvcs: [{name: p, storageClass: nope}]}]}]",
                "unknown storage class nope"
            ),
        ])
    func rejects(yaml: String, reason: String) {
        #expect {
            _ = try Inventory.parse(yaml: yaml, path: "test.yaml")
        } throws: { error in
            "\(error)".contains(reason) && "\(error)".contains("test.yaml")
        }
    }
}
