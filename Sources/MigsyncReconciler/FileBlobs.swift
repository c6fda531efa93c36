import KubeObjects
import MTCManifests

/// The blob of each loaded file, looked up by path in the order a pass asks for them.
///
/// A pass asks for every file's blob in file order, and the loaded files are sorted by path,
/// so the next answer is almost always at or just after the last one: a cursor finds it
/// without hashing ten thousand paths into a dictionary first. Anything else is found by
/// binary search.
struct FileBlobs {
    private let files: [ManifestFile]
    private var cursor = 0

    init(_ files: [ManifestFile]) {
        self.files = files
    }

    subscript(path: String) -> String? {
        mutating get {
            if cursor < files.count, files[cursor].path == path { return files[cursor].blobID }
            if cursor + 1 < files.count, files[cursor + 1].path == path {
                cursor += 1
                return files[cursor].blobID
            }
            let low = SortedSearch.lowerBound(files.count) { files[$0].path < path }
            guard low < files.count, files[low].path == path else { return nil }
            cursor = low
            return files[low].blobID
        }
    }
}
