import KubeObjects
import Testing

@testable import KubernetesClient

@Suite("request building")
struct RequestBuilderTests {
    @Test(
        "paths for namespaced, cluster-scoped and core types",
        arguments: [
            (
                ResourceType.migPlan, "ns1" as String?, "shop" as String?,
                "/apis/migration.openshift.io/v1alpha1/namespaces/ns1/migplans/shop"
            ),
            (.migPlan, nil, nil, "/apis/migration.openshift.io/v1alpha1/migplans"),
            (.secret, "openshift-config", nil, "/api/v1/namespaces/openshift-config/secrets"),
            (.namespace, "ignored", "prod", "/api/v1/namespaces/prod"),
            (
                .lease, "kube-system", "migsync-leader",
                "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/migsync-leader"
            ),
        ])
    func paths(type: ResourceType, namespace: String?, name: String?, expected: String) {
        #expect(RequestBuilder.path(type, namespace: namespace, name: name) == expected)
    }

    @Test("list query encodes selectors, limit and continue")
    func listQuery() throws {
        let options = ListOptions(
            labelSelector: try LabelSelector(parsing: "app.kubernetes.io/managed-by=migsync,tier in (a,b)"),
            limit: 50, continueToken: "eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ==")
        let target = RequestBuilder.target("/x", query: RequestBuilder.listQuery(options))
        #expect(
            target
                == "/x?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dmigsync%2Ctier%20in%20%28a%2Cb%29&limit=50&continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ%3D%3D"
        )
    }

    @Test("watch query asks for bookmarks and resumes from a version")
    func watchQuery() {
        let target = RequestBuilder.target(
            "/w", query: RequestBuilder.watchQuery(labelSelector: nil, resourceVersion: "42", timeoutSeconds: 250))
        #expect(target == "/w?watch=true&resourceVersion=42&allowWatchBookmarks=true&timeoutSeconds=250")
    }

    @Test("dry-run writes carry dryRun=All")
    func dryRun() {
        #expect(RequestBuilder.target("/p", query: RequestBuilder.writeQuery(dryRun: true)) == "/p?dryRun=All")
        #expect(RequestBuilder.target("/p", query: RequestBuilder.writeQuery(dryRun: false)) == "/p")
    }
}
