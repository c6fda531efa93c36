import Foundation
import KubeObjects
import MigsyncPolicy
import MigsyncTesting
import Testing

/// Every expression in `Fixtures/cel/cases.json` must give cel-python 0.5.0's result, or the
/// same error class. cel-python is the reference because it is an independent implementation
/// of the same specification; where it deviates from the specification, the case is listed
/// under `excluded` with the reason instead.
@Suite("CEL compared with cel-python")
struct CELDifferentialTests {
    struct Case {
        var expression: String
        var bindings: [String: CELValue]
    }

    static func loadCases() throws -> [Case] {
        let document = try Fixtures.json("cel/cases.json")
        return try (document["cases"]?.arrayValue ?? []).map { item in
            var bindings: [String: CELValue] = [:]
            for (name, value) in item["bindings"]?.objectValue ?? [:] {
                bindings[name] = try TaggedCELValue.binding(value)
            }
            return Case(expression: item["expr"]?.stringValue ?? "", bindings: bindings)
        }
    }

    /// The first `python3` on PATH, the one CI's install step put cel-python into.
    static func python() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw FixtureError("python3 is not on PATH; the CEL differential test needs it with cel-python 0.5.0")
    }

    @Test("the fixture holds at least 300 cases")
    func fixtureSize() throws {
        #expect(try Self.loadCases().count >= 300)
    }

    @Test("every case gives the same value or error class as cel-python 0.5.0")
    func sameResults() async throws {
        let cases = try Self.loadCases()
        let script = try Fixtures.url("cel/evaluate_celpy.py").path
        let output = try await CommandRunner.run(
            try Self.python(), [script, try Fixtures.url("cel/cases.json").path], timeout: .seconds(300))
        guard output.exitCode == 0 else {
            Issue.record(
                "cel-python could not evaluate the cases (is cel-python 0.5.0 installed? run scripts/install-deps.sh):\n\(output)"
            )
            return
        }
        let results = try JSONValue.parse(Data(output.stdout.utf8)).arrayValue ?? []
        try #require(
            results.count == cases.count, "cel-python returned \(results.count) results for \(cases.count) cases")

        var differences: [String] = []
        for (testCase, reference) in zip(cases, results) {
            var ours = ""
            var matches = false
            var expected = ""
            do {
                let value = try CELProgram(testCase.expression).evaluate(testCase.bindings)
                ours = TaggedCELValue.render(value)
                if let tagged = reference["value"] {
                    let theirs = try TaggedCELValue.value(tagged)
                    expected = TaggedCELValue.render(theirs)
                    matches = TaggedCELValue.same(value, theirs)
                } else {
                    expected = "error \(reference["error"]?.stringValue ?? "?")"
                    matches = false
                }
            } catch let error as CELError {
                ours = "error \(error.kind.rawValue) (\(error.message))"
                expected =
                    reference["value"].map { (try? TaggedCELValue.value($0)).map(TaggedCELValue.render) ?? "\($0)" }
                    ?? "error \(reference["error"]?.stringValue ?? "?")"
                matches = reference["error"]?.stringValue == error.kind.rawValue
            }
            if !matches {
                differences.append("\(testCase.expression)\n    migsync:    \(ours)\n    cel-python: \(expected)")
            }
        }
        #expect(
            differences.isEmpty,
            "\(differences.count) of \(cases.count) cases differ from cel-python:\n\(differences.joined(separator: "\n"))"
        )
    }
}
