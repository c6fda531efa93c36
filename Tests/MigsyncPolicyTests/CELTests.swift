import Foundation
import MigsyncPolicy
import Testing

/// Behaviour of the CEL subset that the differential test cannot cover: parse error
/// positions, the three-argument `map` (cel-python 0.5.0 lacks it), field names that are
/// CEL reserved words.
@Suite("CEL")
struct CELTests {
    @Test(
        "parse errors carry the line and column inside the expression",
        arguments: [
            ("1 +", 1, 4), ("a &&\n  b ||\n  )", 3, 3), ("x.all(1, true)", 1, 3), ("\"abc", 1, 1),
            ("a.b.\n\n  @", 3, 3),
        ] as [(String, Int, Int)])
    func parsePositions(_ text: String, _ line: Int, _ column: Int) {
        do {
            _ = try CELProgram(text)
            Issue.record("\(text) parsed")
        } catch {
            #expect(error.kind == .parse)
            #expect(error.line == line && error.column == column, "\(error)")
        }
    }

    @Test("long operator chains and deep nesting are refused at parse time, not on the stack")
    func depthLimit() {
        for text in [
            Array(repeating: "1", count: 500).joined(separator: " + "),
            String(repeating: "(", count: 500) + "1" + String(repeating: ")", count: 500),
            "a" + String(repeating: ".b", count: 500),
            String(repeating: "!", count: 500) + "true",
        ] {
            #expect(throws: CELError.self) { try CELProgram(text) }
        }
        #expect(throws: Never.self) { try CELProgram(Array(repeating: "1", count: 100).joined(separator: " + ")) }
    }

    @Test(
        "expressions evaluate as CEL defines them",
        arguments: [
            ("[1, 2, 3, 4].map(x, x % 2 == 0, x * 10)", CELValue.list([.int(20), .int(40)])),
            ("object.metadata.namespace", .string("openshift-migration")),
            ("{'a': 1}.map(k, k + '!')", .list([.string("a!")])),
            ("timestamp('2026-03-29T01:30:00Z').getHours('Europe/Berlin')", .int(3)),
            ("timestamp('2026-03-29T00:30:00Z').getHours('Europe/Berlin')", .int(1)),
            ("duration('1h30m') == duration('90m')", .bool(true)),
            ("string(duration('1.5s'))", .string("1.5s")),
            ("string(timestamp('2026-01-02T03:04:05.5+01:00'))", .string("2026-01-02T02:04:05.5Z")),
            ("string(true)", .string("true")),
            ("[1, 2,].size()", .int(2)),
            ("type('a') == string && type(1) != string", .bool(true)),
        ] as [(String, CELValue)])
    func evaluates(_ text: String, _ expected: CELValue) throws {
        let bindings: [String: CELValue] = [
            "object": .object(["metadata": .object(["namespace": .string("openshift-migration")])])
        ]
        #expect(try CELProgram(text).evaluate(bindings) == expected)
    }

    @Test(
        "errors are classified",
        arguments: [
            ("-9223372036854775808 % -1", CELError.Kind.overflow), ("-1u", .noMatchingOverload),
            ("1 + 1u", .noMatchingOverload), ("has(x.y)", .noSuchKey), ("[1][-1]", .invalidArgument),
            ("timestamp('2024-01-01')", .invalidArgument), ("'a'.matches('(')", .invalidArgument),
        ] as [(String, CELError.Kind)])
    func errors(_ text: String, _ kind: CELError.Kind) {
        do {
            let value = try CELProgram(text).evaluate([:])
            Issue.record("\(text) gave \(value)")
        } catch {
            #expect(error.kind == kind, "\(error)")
        }
    }
}
