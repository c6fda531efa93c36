import Foundation
import KubeObjects
import Testing

@testable import KubernetesClient

@Suite("JSON reader and writer")
struct JSONCodingTests {
    @Test(
        "documents parse to the same value JSONDecoder gives",
        arguments: [
            #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#,
            #"[-0, 0, 12, -9223372036854775808, 9223372036854775807, 9223372036854775808, 1.5, -2.5e3, 1E2, 1.0, 1.50, -0.0, 1e300, 0.1]"#,
            #"{"s":"quote \" backslash \\ slash \/ tab \t nl \n uni \u00e9 \u2603 pair \ud83d\ude00"}"#,
            #"  {"empty":{},"list":[],"nested":[[[]]]}  "#,
            #""plain""#,
            #"{"ünïcödé key":"värde"}"#,
        ])
    func matchesFoundation(_ text: String) throws {
        let bytes = Array(text.utf8)
        let ours = try JSONReader.parse(bytes)
        let reference = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        #expect(ours == reference)
    }

    @Test(
        "malformed input is rejected",
        arguments: [
            "", "{", "[1,]", #"{"a" 1}"#, "01", "1.", "-", "tru", #""unterminated"#, #""\x""#, #""\ud800""#,
            "{} {}", "\"ctl \u{01}\"", #"{"a":}"#, #"{"a":1} x"#,
        ])
    func rejects(_ text: String) {
        #expect(throws: JSONReader.SyntaxError.self) { try JSONReader.parse(Array(text.utf8)) }
    }

    @Test("writing then reading gives the value back, keys sorted")
    func roundTrip() throws {
        let value: JSONValue = [
            "z": "last", "a": ["x": 1, "y": [1.25, -3, nil, true]], "m": "line\nbreak \"quoted\" \u{01}",
            "big": .int(Int64.max), "e": "é☃😀",
        ]
        let bytes = try value.serializedBytes()
        #expect(try JSONReader.parse(bytes) == value)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix(#"{"a":{"x":1,"y":[1.25,-3,null,true]},"big":9223372036854775807,"e":"#))
        #expect(text.contains(#""m":"line\nbreak \"quoted\" \u0001""#))
    }

    @Test("strings read right whatever their length and wherever an escape falls")
    func stringsAcrossWords() throws {
        for length in 0..<40 {
            let plain = String(repeating: "a", count: length)
            #expect(try JSONReader.parse(Array("\"\(plain)\"".utf8)) == .string(plain))
            for position in 0...length {
                var characters = Array(plain)
                characters.insert("\"", at: position)
                let escaped = String(characters).replacingOccurrences(of: "\"", with: "\\\"")
                #expect(try JSONReader.parse(Array("\"\(escaped)\"".utf8)) == .string(String(characters)))
                characters[position] = "é"
                #expect(try JSONReader.parse(Array("\"\(String(characters))\"".utf8)) == .string(String(characters)))
            }
            let control = "\"" + plain + "\u{1F}\""
            #expect(throws: JSONReader.SyntaxError.self) { try JSONReader.parse(Array(control.utf8)) }
        }
    }

    @Test("strings are written back exactly whatever their length and wherever an escape falls")
    func stringsWrittenAcrossRuns() throws {
        for length in 0..<24 {
            let plain = String(repeating: "a", count: length)
            for position in 0...length {
                for special in ["\"", "\\", "\n", "\u{01}", "é", "😀"] {
                    var characters = Array(plain)
                    characters.insert(Character(special), at: position)
                    let value = JSONValue.object([String(characters): .string(String(characters) + special)])
                    #expect(try JSONReader.parse(value.serializedBytes()) == value)
                }
            }
        }
    }

    @Test("non-finite numbers cannot be written")
    func nonFinite() {
        #expect(throws: EncodingError.self) { try JSONValue.object(["x": .double(.infinity)]).serializedBytes() }
    }

    @Test("nesting deeper than the limit is refused instead of overflowing the stack")
    func depthLimit() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONReader.SyntaxError.self) { try JSONReader.parse(Array(deep.utf8)) }
    }
}

@Suite("list parsing")
struct JSONListTests {
    /// A list large enough to be parsed on several threads.
    static func bigList(count: Int) -> [UInt8] {
        var text = #"{"kind":"MigPlanList","apiVersion":"migration.openshift.io/v1alpha1","items":["#
        for index in 0..<count {
            if index > 0 { text += "," }
            text +=
                #"{"metadata":{"name":"plan-\#(index)","labels":{"a":"b"}},"spec":{"n":[\#(index),1.5,"x\"]y"],"t":true}}"#
        }
        text += #"],"metadata":{"resourceVersion":"77","continue":"abc"}}"#
        return Array(text.utf8)
    }

    @Test("items parsed in parallel equal the whole document parsed in one go", arguments: [1, 2, 3])
    func parallelMatchesSequential(parallelism: Int) throws {
        let bytes = Self.bigList(count: 12_000)
        #expect(bytes.count > JSONReader.parallelThreshold)
        let whole = try JSONReader.parse(bytes)
        let list = try JSONReader.parseList(bytes, parallelism: parallelism)
        #expect(list.items == whole["items"]?.arrayValue)
        #expect(list.members["metadata"] == whole["metadata"])
        #expect(list.members["items"] == nil)
        #expect(list.items?.count == 12_000)
    }

    @Test(
        "small and odd lists parse the same way",
        arguments: [
            #"{"items":[]}"#, #"{"items":null,"metadata":{}}"#, #"{}"#, #"{"items":[1,"two",[3],{"four":4},null]}"#,
            #" { "items" : [ {"a" : "}]"} , {"b":"\\"} ] } "#,
        ])
    func smallLists(text: String) throws {
        let whole = try JSONReader.parse(Array(text.utf8))
        let list = try JSONReader.parseList(Array(text.utf8), parallelism: 2)
        if case .array(let items)? = whole["items"] {
            #expect(list.items == items)
        } else {
            #expect(list.items == nil)
            #expect(list.members["items"] == whole["items"])
        }
    }

    /// The scan that finds items skips string bodies a word at a time; escaped quotes and
    /// backslashes at every offset within and across words must not end a string early.
    @Test("long strings with escapes at every offset split into the same items", arguments: [1, 2])
    func escapesAtEveryOffset(parallelism: Int) throws {
        var text = #"{"items":["#
        var count = 0
        for offset in 0..<20 {
            for escape in [#"\""#, #"\\"#, #"\\\""#, #"\u00e9"#, "é"] {
                if count > 0 { text += "," }
                let padding = String(repeating: "p", count: offset)
                text += #"{"s":"\#(padding)\#(escape)tail-that-is-longer-than-a-word]}","n":\#(count)}"#
                count += 1
            }
        }
        text += "]}"
        let whole = try JSONReader.parse(Array(text.utf8))
        let list = try JSONReader.parseList(Array(text.utf8), parallelism: parallelism)
        #expect(list.items?.count == count)
        #expect(list.items == whole["items"]?.arrayValue)
    }

    @Test("a broken item fails the whole list", arguments: [1, 2])
    func brokenItem(parallelism: Int) {
        var bytes = Self.bigList(count: 12_000)
        // Corrupt a value deep inside one item: `true` becomes `trxe`.
        if let index = bytes.indices.dropFirst(bytes.count / 2).first(where: {
            bytes[$0] == UInt8(ascii: "t") && bytes[$0 + 1] == UInt8(ascii: "r")
        }) {
            bytes[index + 2] = UInt8(ascii: "x")
        }
        #expect(throws: JSONReader.SyntaxError.self) { try JSONReader.parseList(bytes, parallelism: parallelism) }
    }
}
