import KubeObjects
import Testing

@testable import KubernetesClient

@Suite("watch stream decoding")
struct WatchLineDecoderTests {
    static let stream = """
        {"type":"ADDED","object":{"apiVersion":"migration.openshift.io/v1alpha1","kind":"MigPlan","metadata":{"name":"a","resourceVersion":"5"}}}
        {"type":"BOOKMARK","object":{"kind":"MigPlan","apiVersion":"migration.openshift.io/v1alpha1","metadata":{"resourceVersion":"7"}}}

        {"type":"DELETED","object":{"metadata":{"name":"a","resourceVersion":"8"}}}
        {"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired"}}

        """

    @Test("events come out whole however the bytes are split", arguments: [1, 2, 7, 64, 100_000])
    func chunking(chunkSize: Int) throws {
        let bytes = Array(Self.stream.utf8)
        var decoder = WatchLineDecoder()
        var items: [WatchLineDecoder.Item] = []
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + chunkSize, bytes.count)
            items += try decoder.feed(Array(bytes[offset..<end]), type: .migPlan)
            offset = end
        }
        #expect(items.count == 4)
        guard items.count == 4, case .event(let added) = items[0], case .event(let bookmark) = items[1],
            case .event(let deleted) = items[2], case .error(let status) = items[3]
        else { return }
        #expect(added.type == .added && added.object.name == "a")
        #expect(bookmark.type == .bookmark && bookmark.object.resourceVersion == "7")
        #expect(deleted.type == .deleted && deleted.object.kind == "MigPlan")
        #expect(status["code"]?.intValue == 410)
    }

    @Test("a malformed line is an error, not a silent skip")
    func malformed() {
        var decoder = WatchLineDecoder()
        #expect(throws: (any Error).self) { try decoder.feed(Array("{\"type\":\"ADDED\"}\n".utf8), type: .migPlan) }
    }
}
