import KubeObjects
import Testing

@testable import MTCManifests

@Suite("YAML documents")
struct YAMLDocumentParserTests {
    static let scalars: [(String, JSONValue)] = [
        ("true", true), ("False", false), ("yes", true), ("off", false), ("'true'", "true"), ("\"10\"", "10"),
        ("10", 10), ("-5", -5), ("+7", 7), ("0x1F", 31), ("0o17", 15), ("010", 8), ("1_000", 1000),
        ("1.5", 1.5), ("1e3", 1000.0), ("-.5", -0.5), (".inf", .double(.infinity)), ("~", nil), ("null", nil),
        ("", nil), ("1.2.3", "1.2.3"), ("08", "08"), ("10Gi", "10Gi"),
        ("12345678901234567890", 12_345_678_901_234_567_890.0),
        ("2024-01-01", "2024-01-01"), ("!!str 42", "42"), ("!!int \"42\"", 42), ("no-such-thing", "no-such-thing"),
    ]

    @Test("plain scalars resolve as YAML 1.1 tooling reads them", arguments: scalars)
    func scalar(text: String, expected: JSONValue) throws {
        let documents = try YAMLDocumentParser.parse(text: "value: \(text)\n")
        #expect(documents.first?.value["value"] == expected)
    }

    @Test("every field remembers the line and column of its key")
    func sourceMap() throws {
        let yaml = """
            apiVersion: v1
            kind: MigPlan
            spec:
              namespaces:
              - shop
              - "blog:news"
              ref: {name: a, namespace: b}
              labels:
                app.kubernetes.io/name: x
            """
        let document = try #require(try YAMLDocumentParser.parse(text: yaml).first)
        let map = document.sourceMap
        #expect(map.position(of: "") == SourcePosition(line: 1, column: 1))
        #expect(map.position(of: "kind") == SourcePosition(line: 2, column: 1))
        #expect(map.position(of: "spec.namespaces") == SourcePosition(line: 4, column: 3))
        #expect(map.position(of: "spec.namespaces[1]") == SourcePosition(line: 6, column: 5))
        #expect(map.position(of: "spec.ref.namespace") == SourcePosition(line: 7, column: 18))
        #expect(map.position(of: "spec.labels[\"app.kubernetes.io/name\"]") == SourcePosition(line: 9, column: 5))
        // An absent field points at its nearest written ancestor.
        #expect(map.position(of: "spec.ref.uid") == SourcePosition(line: 7, column: 3))
        #expect(map.position(of: "spec.labels[\"app.kubernetes.io/name\"].x") == SourcePosition(line: 9, column: 5))
    }

    @Test("multi-document files yield each document with its index; empty documents are skipped")
    func multiDocument() throws {
        let yaml = """
            # leading comment
            ---
            a: 1
            ---
            # nothing here
            ---
            b: 2
            """
        let documents = try YAMLDocumentParser.parse(text: yaml)
        #expect(documents.map(\.value) == [["a": 1], ["b": 2]])
        #expect(documents.map(\.index) == [0, 2])
        #expect(documents.map(\.position.line) == [3, 7])
    }

    @Test("merge keys copy members that are not written explicitly")
    func mergeKeys() throws {
        let yaml = """
            base: &ref {name: shop, namespace: openshift-migration}
            plan:
              <<: *ref
              name: blog
            """
        let document = try #require(try YAMLDocumentParser.parse(text: yaml).first)
        #expect(document.value["plan"] == ["name": "blog", "namespace": "openshift-migration"])
        #expect(document.sourceMap.position(of: "plan.name") == SourcePosition(line: 4, column: 3))
    }

    @Test("a few aliases of a small anchor are fine")
    func modestAliases() throws {
        let yaml = """
            ref: &r {name: host, namespace: openshift-migration}
            src: *r
            dest: *r
            """
        let document = try #require(try YAMLDocumentParser.parse(text: yaml).first)
        #expect(document.value["dest"] == ["name": "host", "namespace": "openshift-migration"])
    }

    @Test("syntax errors name the line and column")
    func syntaxError() {
        let error = #expect(throws: YAMLLoadError.self) {
            try YAMLDocumentParser.parse(text: "a: [1, 2\nb: c\n")
        }
        #expect(error?.kind == .syntax)
        #expect(error?.position?.line == 2)
    }

    @Test("duplicate keys are an error at the key")
    func duplicateKeys() {
        let error = #expect(throws: YAMLLoadError.self) {
            try YAMLDocumentParser.parse(text: "metadata:\n  name: a\n  name: b\n")
        }
        #expect(error?.kind == .duplicateKey)
        #expect(error?.position == SourcePosition(line: 2, column: 3))
    }

    @Test("non-string mapping keys are refused")
    func complexKeys() {
        let error = #expect(throws: YAMLLoadError.self) {
            try YAMLDocumentParser.parse(text: "? [a, b]\n: c\n")
        }
        #expect(error?.kind == .unsupportedKey)
    }
}
