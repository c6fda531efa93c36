import KubeObjects
import MigsyncCore
import Testing

@Suite("Strings shared by the objects that repeat them")
struct StringPoolTests {
    /// Where a string's bytes live: equal for two strings only when they share one copy.
    static func storage(of string: String) -> UInt? {
        var string = string
        return string.withUTF8 { UInt(bitPattern: $0.baseAddress) }
    }

    /// The same text in a buffer of its own, as a decoder would produce it for each object.
    static func freshCopy(_ text: String) -> String {
        String(decoding: Array(text.utf8), as: UTF8.self)
    }

    @Test("a long string two objects repeat is kept once")
    func repeatedStringIsShared() {
        let pool = StringPool(capacity: 8)
        let first = Self.freshCopy("openshift-migration")
        let second = Self.freshCopy("openshift-migration")
        #expect(Self.storage(of: first) != Self.storage(of: second))
        #expect(Self.storage(of: pool.shared(first)) == Self.storage(of: pool.shared(second)))
        #expect(pool.count == 1)
    }

    @Test(
        "strings stored inline and strings past a full pool are returned as given",
        arguments: [
            (text: "Ready", poolFull: false, pooled: 0),
            (text: "fifteen-bytes!!", poolFull: false, pooled: 0),
            (text: "sixteen-bytes!!!", poolFull: false, pooled: 1),
            (text: "The migration plan is ready.", poolFull: true, pooled: 1),
        ])
    func stringsTheStoreLeavesAlone(text: String, poolFull: Bool, pooled: Int) {
        let pool = StringPool(capacity: 1)
        if poolFull { _ = pool.shared(Self.freshCopy("a string that fills the pool")) }
        let given = Self.freshCopy(text)
        let returned = pool.shared(given)
        #expect(returned == text)
        #expect(pool.count == pooled)
        if poolFull { #expect(Self.storage(of: returned) == Self.storage(of: given)) }
    }

    @Test("observed objects share their namespace and condition texts, and keep what migsync reads")
    func observedObjectsShareTexts() throws {
        let message = "The plan names namespaces that are not on the source cluster."
        func observed(_ name: String) -> ObservedObject {
            var object = OwnedFields.created(Make.plan(name), branch: Make.branch)
            object.namespace = Self.freshCopy(ObjectKey.defaultNamespace)
            object.resourceVersion = "1"
            object.status = [
                "conditions": [Make.condition("NamespacesNotFound", "Critical", Self.freshCopy(message))]
            ]
            return ObservedObject(object: object)!
        }
        let first = observed("shop")
        let second = observed("pay")
        #expect(Self.storage(of: first.key.namespace) == Self.storage(of: second.key.namespace))
        let firstMessage = try #require(first.conditions.first?.message)
        let secondMessage = try #require(second.conditions.first?.message)
        #expect(firstMessage == message)
        #expect(Self.storage(of: firstMessage) == Self.storage(of: secondMessage))
        #expect(first.isManagedByMigsync)
        #expect(first.revision == Revision(branch: Make.branch, commit: Make.commit1))
        #expect(first.sourcePath == "plans/shop.yaml")
    }

    @Test(
        "what migsync reads from labels and annotations",
        arguments: [
            (labels: ["app.kubernetes.io/managed-by": "migsync"], managed: true, planLabel: nil as String?),
            (labels: ["app.kubernetes.io/managed-by": "someone-else"], managed: false, planLabel: nil),
            (labels: ["migration.openshift.io/migplan-name": "shop"], managed: false, planLabel: "shop"),
        ])
    func labelsMigsyncReads(labels: [String: String], managed: Bool, planLabel: String?) {
        var object = KubeObject(json: [
            "apiVersion": "migration.openshift.io/v1alpha1", "kind": "MigMigration",
            "metadata": ["name": "stage-1", "namespace": "openshift-migration", "resourceVersion": "3"],
        ])
        object.labels = labels
        object.annotations = ["migsync.io/source": "migrations/stage-1.yaml"]
        let observed = ObservedObject(object: object)!
        #expect(observed.isManagedByMigsync == managed)
        #expect(observed.planNameLabel == planLabel)
        #expect(observed.sourcePath == "migrations/stage-1.yaml")
        #expect(observed.revision == nil)
    }
}
