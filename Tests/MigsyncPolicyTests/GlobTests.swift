import MigsyncPolicy
import Testing

@Suite("Globs")
struct GlobTests {
    @Test(
        "a glob matches the whole name",
        arguments: [
            ("openshift-*", "openshift-logging", true), ("openshift-*", "openshift-", true),
            ("openshift-*", "my-openshift-x", false), ("kube-*", "kube", false), ("default", "default", true),
            ("default", "defaults", false), ("*", "", true), ("a*b*c", "aXbYc", true), ("a*b*c", "aXbY", false),
            ("shop-??", "shop-db", true), ("shop-??", "shop-d", false), ("*@example.com", "ana@example.com", true),
            ("*@example.com", "ana@example.com.evil", false), ("**x", "abx", true),
        ] as [(String, String, Bool)])
    func matches(_ pattern: String, _ text: String, _ expected: Bool) {
        #expect(Glob(pattern).matches(text) == expected)
    }
}
