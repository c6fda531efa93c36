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
            "{} {}", "\"ctl \u{01}\"",
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
        let bytes = try JSONWriter.serialize(value)
        #expect(try JSONReader.parse(bytes) == value)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix(#"{"a":{"x":1,"y":[1.25,-3,null,true]},"big":9223372036854775807,"e":"#))
        #expect(text.contains(#""m":"line\nbreak \"quoted\" \u0001""#))
    }

    @Test("non-finite numbers cannot be written")
    func nonFinite() {
        #expect(throws: JSONWriter.UnrepresentableValue.self) { try JSONWriter.serialize(["x": .double(.infinity)]) }
    }

    @Test("nesting deeper than the limit is refused instead of overflowing the stack")
    func depthLimit() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONReader.SyntaxError.self) { try JSONReader.parse(Array(deep.utf8)) }
    }
}
