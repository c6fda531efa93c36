import Foundation
import KubeObjects
import Testing

@testable import MTCEmulator

@Suite("Request body parsing")
struct BodyParserTests {
    @Test(
        "documents parse to the same value as JSONDecoder gives",
        arguments: [
            #"{"a":1,"b":-2,"c":1.5,"d":-2.5e3,"e":true,"f":false,"g":null,"h":"x"}"#,
            #"{"nested":{"list":[1,[2,{"k":"v"}],[]],"empty":{}}}"#,
            #"{"escapes":"quote\" backslash\\ slash\/ tab\t newline\n unicode\u00e9 pair\ud83d\ude00"}"#,
            #"  [ "spaces" ,  { "x" : 0 } ]  "#,
            #"{"big":9223372036854775807,"small":-9223372036854775808,"huge":1e300}"#,
            #"{"plain":"ünïcödé ✓"}"#,
        ])
    func matchesDecoder(_ text: String) throws {
        let data = Data(text.utf8)
        #expect(try BodyParser.parse(data) == JSONValue.parse(data))
    }

    @Test(
        "malformed documents are refused",
        arguments: [
            "", "{", #"{"a":}"#, #"{"a" 1}"#, "[1,]", "tru", #""unterminated"#, #"{"a":1} x"#, "-", #""\x""#,
            #""\ud800""#,
        ])
    func refuses(_ text: String) {
        #expect(throws: (any Error).self) { try BodyParser.parse(Data(text.utf8)) }
    }
}
