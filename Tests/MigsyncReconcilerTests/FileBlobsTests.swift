import MTCManifests
import Testing

@testable import MigsyncReconciler

@Suite("Blobs of loaded files by path")
struct FileBlobsTests {
    static let files = ["a.yaml", "plans/a.yaml", "plans/b.yaml", "plans/c.yaml", "z.yaml"].map {
        ManifestFile(path: $0, blobID: "blob-\($0)")
    }

    @Test(
        "a path is found in file order, out of order, or not at all",
        arguments: [
            ["a.yaml", "plans/a.yaml", "plans/b.yaml", "plans/c.yaml", "z.yaml"],
            ["z.yaml", "a.yaml", "plans/c.yaml", "plans/a.yaml"],
            ["plans/b.yaml", "missing.yaml", "plans/c.yaml", "plans/0.yaml", "zz.yaml"],
        ])
    func lookups(paths: [String]) {
        var blobs = FileBlobs(Self.files)
        for path in paths {
            let expected = Self.files.contains { $0.path == path } ? "blob-\(path)" : nil
            #expect(blobs[path] == expected, "\(path)")
        }
    }
}
