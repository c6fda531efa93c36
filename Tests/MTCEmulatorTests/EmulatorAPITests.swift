import Foundation
import KubeObjects
import MTCEmulator
import MigsyncTesting
import Testing

@Suite("Emulator API over HTTP")
struct EmulatorAPITests {
    @Test("discovery documents list the MTC kinds, namespaces, secrets and leases")
    func discovery() async throws {
        let fixture = try await EmulatorFixture.start()
        defer { Task { await fixture.stop() } }
        let version = try await fixture.request("GET", "/version")
        #expect(version.json?["major"] == "1")
        let core = try await fixture.request("GET", "/api")
        #expect(core.json?["versions"] == ["v1"])
        let groups = try await fixture.request("GET", "/apis")
        let names = groups.json?["groups"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(names == ["migration.openshift.io", "coordination.k8s.io"])
        let group = try await fixture.request("GET", "/apis/migration.openshift.io")
        #expect(group.json?[path: ["preferredVersion", "version"]] == "v1alpha1")
        let list = try await fixture.request("GET", "/apis/migration.openshift.io/v1alpha1")
        let resources = list.json?["resources"]?.arrayValue ?? []
        let plans = try #require(resources.first { $0["name"] == "migplans" })
        #expect(plans["kind"] == "MigPlan")
        #expect(plans["singularName"] == "migplan")
        #expect(plans["namespaced"] == true)
        #expect(plans["verbs"]?.arrayValue?.contains("watch") == true)
        #expect(
            resources.map { $0["name"]?.stringValue ?? "" }.sorted() == [
                "migclusters", "mighooks", "migmigrations", "migplans", "migstorages",
            ])
        let v1 = try await fixture.request("GET", "/api/v1")
        #expect(v1.json?["resources"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["namespaces", "secrets"])
        let leases = try await fixture.request("GET", "/apis/coordination.k8s.io/v1")
        #expect(leases.json?[path: ["resources"]]?.arrayValue?.first?["kind"] == "Lease")
        let missing = try await fixture.request("GET", "/apis/apps/v1")
        #expect(missing.status == 404)
        #expect(missing.json?["kind"] == "Status")
    }

    @Test("a fresh emulator has the openshift-migration namespace")
    func initialNamespace() async throws {
        let fixture = try await EmulatorFixture.start()
        defer { Task { await fixture.stop() } }
        let response = try await fixture.request("GET", "/api/v1/namespaces/openshift-migration")
        #expect(response.status == 200)
        #expect(response.json?[path: ["status", "phase"]] == "Active")
    }

    @Test("create, get, update, patch and delete keep Kubernetes semantics")
    func crud() async throws {
        let fixture = try await EmulatorFixture.start()
        defer { Task { await fixture.stop() } }
        let created = try await fixture.request("POST", API.plans, json: API.plan("shop"))
        #expect(created.status == 201)
        let object = try #require(created.json)
        #expect(object[path: ["metadata", "uid"]]?.stringValue?.count == 36)
        #expect(object[path: ["metadata", "generation"]] == 1)
        let firstVersion = try #require(object[path: ["metadata", "resourceVersion"]]?.stringValue)

        let duplicate = try await fixture.request("POST", API.plans, json: API.plan("shop"))
        #expect(duplicate.status == 409)
        #expect(duplicate.json?["reason"] == "AlreadyExists")

        let fetched = try await fixture.request("GET", "\(API.plans)/shop")
        #expect(fetched.status == 200)
        #expect(fetched.json == object)

        var changed = KubeObject(json: object)
        changed.spec?["closed"] = true
        let updated = try await fixture.request("PUT", "\(API.plans)/shop", json: changed.json)
        #expect(updated.status == 200)
        #expect(updated.json?[path: ["metadata", "generation"]] == 2)
        #expect(updated.json?[path: ["metadata", "resourceVersion"]]?.stringValue != firstVersion)

        // The same body again carries the old resourceVersion: a stale write.
        changed.spec?["closed"] = false
        let stale = try await fixture.request("PUT", "\(API.plans)/shop", json: changed.json)
        #expect(stale.status == 409)
        #expect(stale.json?["reason"] == "Conflict")

        let patched = try await fixture.request(
            "PATCH", "\(API.plans)/shop", json: ["metadata": ["labels": ["team": "shop"]], "spec": ["closed": nil]],
            contentType: "application/merge-patch+json")
        #expect(patched.status == 200)
        #expect(patched.json?[path: ["metadata", "labels", "team"]] == "shop")
        #expect(patched.json?[path: ["spec", "closed"]] == nil)
        #expect(patched.json?[path: ["spec", "namespaces"]] == ["shop"])

        let jsonPatched = try await fixture.request(
            "PATCH", "\(API.plans)/shop", json: [["op": "add", "path": "/spec/namespaces/-", "value": "cart"]],
            contentType: "application/json-patch+json")
        #expect(jsonPatched.json?[path: ["spec", "namespaces"]] == ["shop", "cart"])

        let deleted = try await fixture.request("DELETE", "\(API.plans)/shop")
        #expect(deleted.status == 200)
        #expect(deleted.json?[path: ["metadata", "name"]] == "shop")
        let gone = try await fixture.request("GET", "\(API.plans)/shop")
        #expect(gone.status == 404)
        #expect(gone.json?["reason"] == "NotFound")
        #expect(gone.json?["code"] == 404)
        let deleteAgain = try await fixture.request("DELETE", "\(API.plans)/shop")
        #expect(deleteAgain.status == 404)
    }

    @Test("generateName creates a unique name")
    func generateName() async throws {
        let fixture = try await EmulatorFixture.start()
        defer { Task { await fixture.stop() } }
        let body: JSONValue = [
            "apiVersion": "migration.openshift.io/v1alpha1", "kind": "MigMigration",
            "metadata": ["generateName": "shop-stage-"], "spec": ["stage": true],
        ]
        let first = try await fixture.request("POST", API.migrations, json: body)
        let second = try await fixture.request("POST", API.migrations, json: body)
        let firstName = try #require(first.json?[path: ["metadata", "name"]]?.stringValue)
        #expect(firstName.hasPrefix("shop-stage-"))
        #expect(firstName != second.json?[path: ["metadata", "name"]]?.stringValue)
    }

    @Test("objects in a namespace that does not exist are refused")
    func missingNamespace() async throws {
        let fixture = try await EmulatorFixture.start()
        defer { Task { await fixture.stop() } }
        let response = try await fixture.request(
            "POST", "/apis/migration.openshift.io/v1alpha1/namespaces/nowhere/migplans",
            json: API.plan("shop", namespace: "nowhere"))
        #expect(response.status == 404)
        #expect(response.json?[path: ["details", "kind"]] == "namespaces")
    }

    @Test("schema violations are 422 Invalid with a cause per field")
    func invalid() async throws {
        let fixture = try await EmulatorFixture.start()
        defer { Task { await fixture.stop() } }
        let body: JSONValue = [
            "apiVersion": "migration.openshift.io/v1alpha1", "kind": "MigMigration",
            "metadata": ["name": "run"], "spec": ["quiescePods": "yes"],
        ]
        let response = try await fixture.request("POST", API.migrations, json: body)
        #expect(response.status == 422)
        #expect(response.json?["reason"] == "Invalid")
        let causes = response.json?[path: ["details", "causes"]]?.arrayValue ?? []
        let fields = Set(causes.compactMap { $0["field"]?.stringValue })
        #expect(fields == ["spec.stage", "spec.quiescePods"])
        #expect(causes.contains { $0["reason"] == "FieldValueRequired" })

        let badName = try await fixture.request("POST", API.plans, json: API.plan("Shop_Plan"))
        #expect(badName.status == 422)
        #expect(badName.json?[path: ["details", "causes"]]?.arrayValue?.first?["field"] == "metadata.name")
    }

    @Test("fields the CRD does not declare are dropped, as a structural schema prunes them")
    func pruning() async throws {
        let fixture = try await EmulatorFixture.start()
        defer { Task { await fixture.stop() } }
        var plan = API.plan("shop")
        plan["spec"]?["notAField"] = "dropped"
        plan["spec"]?["srcMigClusterRef"]?["extra"] = "dropped"
        plan["topLevelExtra"] = true
        plan["metadata"]?["annotations"] = ["kept": "yes"]
        let created = try await fixture.request("POST", API.plans, json: plan)
        #expect(created.status == 201)
        #expect(created.json?[path: ["spec", "notAField"]] == nil)
        #expect(created.json?[path: ["spec", "srcMigClusterRef", "extra"]] == nil)
        #expect(created.json?["topLevelExtra"] == nil)
        #expect(created.json?[path: ["spec", "srcMigClusterRef", "name"]] == "source")
        #expect(created.json?[path: ["metadata", "annotations", "kept"]] == "yes")
    }

    @Test("secrets store stringData as base64 data, and namespaces start Active")
    func defaults() async throws {
        let fixture = try await EmulatorFixture.start()
        defer { Task { await fixture.stop() } }
        let secret = try await fixture.request(
            "POST", "/api/v1/namespaces/openshift-migration/secrets",
            json: ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "sa"], "stringData": ["saToken": "abc"]])
        #expect(secret.status == 201)
        #expect(secret.json?[path: ["data", "saToken"]] == "YWJj")
        #expect(secret.json?["stringData"] == nil)
        #expect(secret.json?["type"] == "Opaque")
        let namespace = try await fixture.request(
            "POST", "/api/v1/namespaces", json: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "shop"]])
        #expect(namespace.json?[path: ["status", "phase"]] == "Active")
    }

    @Test("dryRun=All validates writes without storing them", arguments: ["POST", "PUT", "PATCH", "DELETE"])
    func dryRun(method: String) async throws {
        let fixture = try await EmulatorFixture.start()
        defer { Task { await fixture.stop() } }
        if method != "POST" { _ = try await fixture.request("POST", API.plans, json: API.plan("shop")) }
        let before = try fixture.store.currentResourceVersion()
        let response: Curl.Response
        switch method {
        case "POST":
            response = try await fixture.request("POST", "\(API.plans)?dryRun=All", json: API.plan("shop"))
            #expect(response.status == 201)
        case "PUT":
            var object = try #require(try fixture.store.get(.migPlan, namespace: "openshift-migration", name: "shop"))
            object.spec = ["closed": true]
            response = try await fixture.request("PUT", "\(API.plans)/shop?dryRun=All", json: object.json)
            #expect(response.json?[path: ["spec", "closed"]] == true)
        case "PATCH":
            response = try await fixture.request(
                "PATCH", "\(API.plans)/shop?dryRun=All", json: ["spec": ["closed": true]],
                contentType: "application/merge-patch+json")
            #expect(response.json?[path: ["spec", "closed"]] == true)
        default:
            response = try await fixture.request("DELETE", "\(API.plans)/shop?dryRun=All")
        }
        #expect(response.status < 300)
        #expect(try fixture.store.currentResourceVersion() == before)
        let stored = try fixture.store.get(.migPlan, namespace: "openshift-migration", name: "shop")
        #expect(stored?.spec?["closed"] == nil)
        #expect((stored == nil) == (method == "POST"))

        let invalid = try await fixture.request(
            "POST", "\(API.migrations)?dryRun=All",
            json: [
                "apiVersion": "migration.openshift.io/v1alpha1", "kind": "MigMigration", "metadata": ["name": "x"],
                "spec": [:],
            ])
        #expect(invalid.status == 422)
    }

    @Test("lists filter by label selector and page with limit and continue")
    func listing() async throws {
        let fixture = try await EmulatorFixture.start()
        defer { Task { await fixture.stop() } }
        _ = try await fixture.request(
            "POST", "/api/v1/namespaces",
            json: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "team-b"]])
        for index in 0..<5 {
            let labels = ["tier": index % 2 == 0 ? "gold" : "silver"]
            _ = try await fixture.request("POST", API.plans, json: API.plan("plan-\(index)", labels: labels))
        }
        _ = try await fixture.request(
            "POST", "/apis/migration.openshift.io/v1alpha1/namespaces/team-b/migplans",
            json: API.plan("other", namespace: "team-b"))

        let gold = try await fixture.request("GET", "\(API.plans)?labelSelector=tier%3Dgold")
        #expect(gold.json?["kind"] == "MigPlanList")
        #expect(
            gold.json?["items"]?.arrayValue?.compactMap { $0[path: ["metadata", "name"]]?.stringValue } == [
                "plan-0", "plan-2", "plan-4",
            ])
        let notGold = try await fixture.request("GET", "\(API.plans)?labelSelector=tier%20notin%20(gold)")
        #expect(notGold.json?["items"]?.arrayValue?.count == 2)

        var names: [String] = []
        var token: String?
        var pages = 0
        repeat {
            let query =
                token.map { "&continue=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" } ?? ""
            let page = try await fixture.request("GET", "\(API.plans)?limit=2\(query)")
            let items = page.json?["items"]?.arrayValue ?? []
            #expect(items.count <= 2)
            names += items.compactMap { $0[path: ["metadata", "name"]]?.stringValue }
            token = page.json?[path: ["metadata", "continue"]]?.stringValue
            pages += 1
        } while token != nil && pages < 10
        #expect(pages == 3)
        #expect(names == (0..<5).map { "plan-\($0)" })

        let everywhere = try await fixture.request("GET", "/apis/migration.openshift.io/v1alpha1/migplans")
        let namespaces = everywhere.json?["items"]?.arrayValue?.compactMap {
            $0[path: ["metadata", "namespace"]]?.stringValue
        }
        #expect(namespaces == Array(repeating: "openshift-migration", count: 5) + ["team-b"])
        let byName = try await fixture.request("GET", "\(API.plans)?fieldSelector=metadata.name%3Dplan-3")
        #expect(byName.json?["items"]?.arrayValue?.count == 1)
    }

    @Test("kubectl's table form has NAME, the CRD printer columns and AGE")
    func table() async throws {
        let fixture = try await EmulatorFixture.start()
        defer { Task { await fixture.stop() } }
        _ = try await fixture.request("POST", API.plans, json: API.plan("shop"))
        let response = try await fixture.request("GET", API.plans, headers: ["Accept": API.tableAccept])
        #expect(response.json?["kind"] == "Table")
        let columns = response.json?["columnDefinitions"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(columns == ["Name", "Ready", "Source", "Target", "Storage", "Age"])
        let cells = response.json?["rows"]?.arrayValue?.first?["cells"]?.arrayValue
        #expect(cells?.first == "shop")
        #expect(cells?[2] == "source")
        #expect(response.json?["rows"]?.arrayValue?.first?[path: ["object", "metadata", "name"]] == "shop")
    }

    @Test("a watch streams added, modified and deleted events, then bookmarks")
    func watch() async throws {
        let fixture = try await EmulatorFixture.start()
        defer { Task { await fixture.stop() } }
        let start = try fixture.store.currentResourceVersion()
        let watch = try fixture.curl.stream(
            fixture.url.absoluteString + "\(API.plans)?watch=1&resourceVersion=\(start)&allowWatchBookmarks=true")
        defer { watch.stop() }
        try await Task.sleep(for: .milliseconds(300))
        _ = try await fixture.request("POST", API.plans, json: API.plan("shop"))
        _ = try await fixture.request(
            "PATCH", "\(API.plans)/shop", json: ["spec": ["closed": true]], contentType: "application/merge-patch+json")
        _ = try await fixture.request("DELETE", "\(API.plans)/shop")
        let received = try await watch.waitForEvents(3).filter { $0["type"] != "BOOKMARK" }
        #expect(received.map { $0["type"]?.stringValue ?? "" } == ["ADDED", "MODIFIED", "DELETED"])
        #expect(received[1][path: ["object", "spec", "closed"]] == true)
        let versions = received.compactMap { $0[path: ["object", "metadata", "resourceVersion"]]?.stringValue }
        #expect(versions.compactMap(Int64.init).sorted() == versions.compactMap(Int64.init))

        // Nothing changes now; a bookmark follows at the store's current version.
        let current = try fixture.store.currentResourceVersion()
        let deadline = ContinuousClock.now + .seconds(10)
        var bookmarks: [String] = []
        while !bookmarks.contains(String(current)), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            bookmarks = watch.watchEvents().filter { $0["type"] == "BOOKMARK" }.compactMap {
                $0[path: ["object", "metadata", "resourceVersion"]]?.stringValue
            }
        }
        #expect(bookmarks.last == String(current))
    }

    @Test("a label-selected watch sees objects enter as ADDED and leave as DELETED")
    func watchLabelTransitions() async throws {
        let fixture = try await EmulatorFixture.start()
        defer { Task { await fixture.stop() } }
        let start = try fixture.store.currentResourceVersion()
        let watch = try fixture.curl.stream(
            fixture.url.absoluteString + "\(API.plans)?watch=1&resourceVersion=\(start)&labelSelector=tier%3Dgold")
        defer { watch.stop() }
        _ = try await fixture.request("POST", API.plans, json: API.plan("shop", labels: ["tier": "silver"]))
        for tier in ["gold", "gold", "silver"] {
            let patch: JSONValue = [
                "metadata": ["labels": ["tier": .string(tier)], "annotations": ["at": .string(UUID().uuidString)]]
            ]
            _ = try await fixture.request(
                "PATCH", "\(API.plans)/shop", json: patch, contentType: "application/merge-patch+json")
        }
        let events = try await watch.waitForEvents(3)
        #expect(events.map { $0["type"]?.stringValue ?? "" } == ["ADDED", "MODIFIED", "DELETED"])
    }

    @Test("a watch without a resource version starts with the current objects")
    func watchFromNow() async throws {
        let fixture = try await EmulatorFixture.start()
        defer { Task { await fixture.stop() } }
        _ = try await fixture.request("POST", API.plans, json: API.plan("existing"))
        let watch = try fixture.curl.stream(fixture.url.absoluteString + "\(API.plans)?watch=true")
        defer { watch.stop() }
        let first = try await watch.waitForEvents(1)
        #expect(first.first?["type"] == "ADDED")
        #expect(first.first?[path: ["object", "metadata", "name"]] == "existing")
        _ = try await fixture.request("POST", API.plans, json: API.plan("new"))
        let both = try await watch.waitForEvents(2)
        #expect(both.last?[path: ["object", "metadata", "name"]] == "new")
    }

    @Test("a watch from a resource version older than the event log gets 410 Gone")
    func watchGone() async throws {
        let fixture = try await EmulatorFixture.start(eventLogLimit: 5)
        defer { Task { await fixture.stop() } }
        for index in 0..<20 { _ = try await fixture.request("POST", API.plans, json: API.plan("p\(index)")) }
        let response = try await fixture.request("GET", "\(API.plans)?watch=1&resourceVersion=2")
        #expect(response.status == 200)
        let event = try #require(response.lines.first)
        #expect(event["type"] == "ERROR")
        #expect(event[path: ["object", "code"]] == 410)
        #expect(event[path: ["object", "reason"]] == "Expired")
    }

    @Test("the MTC kinds have no status subresource")
    func noStatusSubresource() async throws {
        let fixture = try await EmulatorFixture.start()
        defer { Task { await fixture.stop() } }
        _ = try await fixture.request("POST", API.plans, json: API.plan("shop"))
        let response = try await fixture.request("GET", "\(API.plans)/shop/status")
        #expect(response.status == 404)
        let method = try await fixture.request("POST", "\(API.plans)/shop", json: API.plan("shop"))
        #expect(method.status == 405)
        #expect(method.json?["reason"] == "MethodNotAllowed")
    }

    @Test("deleting a namespace deletes what is in it, and owners take their dependents")
    func cascade() async throws {
        let fixture = try await EmulatorFixture.start()
        defer { Task { await fixture.stop() } }
        let plan = try await fixture.request("POST", API.plans, json: API.plan("shop"))
        let uid = try #require(plan.json?[path: ["metadata", "uid"]])
        _ = try await fixture.request(
            "POST", API.migrations,
            json: [
                "apiVersion": "migration.openshift.io/v1alpha1", "kind": "MigMigration",
                "metadata": [
                    "name": "run",
                    "ownerReferences": [
                        [
                            "apiVersion": "migration.openshift.io/v1alpha1", "kind": "MigPlan", "name": "shop",
                            "uid": uid,
                        ]
                    ],
                ],
                "spec": ["stage": true],
            ])
        _ = try await fixture.request("DELETE", "\(API.plans)/shop")
        #expect(try await fixture.request("GET", "\(API.migrations)/run").status == 404)

        _ = try await fixture.request(
            "POST", "/api/v1/namespaces",
            json: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "scratch"]])
        _ = try await fixture.request(
            "POST", "/api/v1/namespaces/scratch/secrets",
            json: ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "creds"], "stringData": ["a": "b"]])
        _ = try await fixture.request("DELETE", "/api/v1/namespaces/scratch")
        #expect(try fixture.store.list(.secret, namespace: "scratch").isEmpty)
    }

    @Test("a restarted emulator keeps its objects and resource versions")
    func restart() async throws {
        let fixture = try await EmulatorFixture.start()
        let created = try await fixture.request("POST", API.plans, json: API.plan("shop"))
        let restarted = try await fixture.restart()
        defer { Task { await restarted.stop() } }
        #expect(restarted.url == fixture.url)
        let fetched = try await restarted.request("GET", "\(API.plans)/shop")
        #expect(fetched.json == created.json)
        let next = try await restarted.request("POST", API.plans, json: API.plan("next"))
        let before = Int64(created.json?[path: ["metadata", "resourceVersion"]]?.stringValue ?? "") ?? 0
        let after = Int64(next.json?[path: ["metadata", "resourceVersion"]]?.stringValue ?? "") ?? 0
        #expect(after > before)
    }
}
