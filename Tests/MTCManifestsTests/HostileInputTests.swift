import Foundation
import MigsyncTesting
import Testing

@testable import MTCManifests

/// Each hostile file must end as one clear error for that file: no crash, no hang, no
/// runaway memory.
@Suite("Hostile input")
struct HostileInputTests {
    static func billionLaughs(levels: Int = 9, fanout: Int = 9, asKey: Bool = false) -> String {
        var lines = ["l0: &l0 \"lol\""]
        for level in 1...levels {
            let refs = Array(repeating: "*l\(level - 1)", count: fanout).joined(separator: ", ")
            lines.append("l\(level): &l\(level) [\(refs)]")
        }
        lines.append(asKey ? "? *l\(levels)\n: boom" : "bomb: *l\(levels)")
        return lines.joined(separator: "\n") + "\n"
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var kind: YAMLLoadError.Kind
        var position: SourcePosition?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "a file over the size limit", bytes: Array(repeating: UInt8(ascii: "#"), count: (1 << 20) + 1),
            kind: .tooLarge),
        Case(name: "a billion-laughs alias bomb", bytes: Array(billionLaughs().utf8), kind: .aliasExpansion),
        Case(
            name: "an alias bomb used as a mapping key", bytes: Array(billionLaughs(asKey: true).utf8),
            kind: .unsupportedKey,
            position: SourcePosition(line: 11, column: 1)),
        Case(
            name: "nesting deeper than the limit",
            bytes: Array((String(repeating: "[", count: 100) + String(repeating: "]", count: 100)).utf8),
            kind: .tooDeep, position: SourcePosition(line: 1, column: 65)),
        Case(
            name: "nesting deeper than libyaml allows", bytes: Array(String(repeating: "[", count: 200_000).utf8),
            kind: .syntax),
        Case(
            name: "block nesting deeper than the limit",
            bytes: Array((0..<80).map { String(repeating: " ", count: $0) + "k:" }.joined(separator: "\n").utf8),
            kind: .tooDeep),
        Case(
            name: "bytes that are not UTF-8", bytes: [0x61, 0x3A, 0x20, 0x62, 0x0A, 0x63, 0x3A, 0x20, 0xC3, 0x28],
            kind: .notUTF8,
            position: SourcePosition(line: 2, column: 4)),
        Case(
            name: "a NUL byte", bytes: Array("kind: MigPlan\nname: a\u{0}b\n".utf8), kind: .binary,
            position: SourcePosition(line: 2, column: 8)),
        Case(
            name: "a binary file",
            bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52],
            kind: .binary),
        Case(name: "control characters", bytes: Array("a: b\u{07}\n".utf8), kind: .syntax),
    ]

    @Test("hostile files are refused with a clear error", .timeLimit(.minutes(1)), arguments: cases)
    func refused(_ testCase: Case) {
        let started = ContinuousClock.now
        let error = #expect(throws: YAMLLoadError.self) {
            try YAMLDocumentParser.parse(testCase.bytes)
        }
        #expect(error?.kind == testCase.kind, "\(String(describing: error))")
        if let position = testCase.position { #expect(error?.position == position, "\(String(describing: error))") }
        #expect(error?.message.isEmpty == false)
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test("one hostile file fails alone; the rest of the repository loads")
    func isolatedFailure() throws {
        let directory = try TemporaryDirectory()
        try directory.write(
            "apiVersion: migration.openshift.io/v1alpha1\nkind: MigHook\nmetadata: {name: ok, namespace: openshift-migration}\n",
            to: "hooks/ok.yaml")
        try directory.write(Self.billionLaughs(), to: "hooks/bomb.yaml")
        try Data([0xFF, 0xFE, 0x00, 0x41]).write(to: URL(fileURLWithPath: directory.path + "/hooks/binary.yml"))
        try Data(repeating: UInt8(ascii: "#"), count: 2 << 20).write(
            to: URL(fileURLWithPath: directory.path + "/big.yaml"))

        let set = try ManifestLoader().load(from: DirectorySource(root: directory.path))
        #expect(set.objects.map(\.name) == ["ok"])
        #expect(set.failedPaths == ["hooks/bomb.yaml", "hooks/binary.yml", "big.yaml"])
        #expect(Set(set.loadFindings.map(\.code)) == ["load.aliasExpansion", "load.binary", "load.tooLarge"])
        #expect(set.loadFindings.allSatisfy { $0.severity == .error })
    }
}
