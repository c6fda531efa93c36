import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Manifests in a directory tree (a checkout, or `examples/demo`).
///
/// Hidden entries (`.git`, `.github`) are skipped, and so are symbolic links to directories,
/// so a link cycle cannot trap the walk. Blob ids are stamps of device, inode, size and
/// modification time: reading every file to hash it would cost as much as parsing it.
public struct DirectorySource: ManifestSource, Sendable {
    public let root: String

    public init(root: String) {
        self.root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
    }

    public func files() throws -> [ManifestFile] {
        var found: [ManifestFile] = []
        try walk(relative: "", into: &found)
        return found.sorted { $0.path < $1.path }
    }

    public func contents(of file: ManifestFile) throws -> [UInt8] {
        let full = root + "/" + file.path
        guard let handle = FileHandle(forReadingAtPath: full) else {
            throw ManifestSourceError(path: file.path, reason: "cannot open file")
        }
        defer { try? handle.close() }
        do {
            let data = try handle.readToEnd() ?? Data()
            return [UInt8](data)
        } catch {
            throw ManifestSourceError(path: file.path, reason: "cannot read file: \(error.localizedDescription)")
        }
    }

    private func walk(relative: String, into found: inout [ManifestFile]) throws {
        let directory = relative.isEmpty ? root : root + "/" + relative
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw ManifestSourceError(path: relative.isEmpty ? root : relative, reason: "cannot list directory")
        }
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard lstat(root + "/" + path, &info) == 0 else { continue }
            let type = info.st_mode & S_IFMT
            if type == S_IFDIR {
                try walk(relative: path, into: &found)
            } else if (type == S_IFREG || type == S_IFLNK) && ManifestFile.isManifestPath(name) {
                // A link to a regular file counts as that file; follow it for the stamp.
                if type == S_IFLNK {
                    guard stat(root + "/" + path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
                }
                #if os(Linux)
                let modified = info.st_mtim
                #else
                let modified = info.st_mtimespec
                #endif
                let stamp = "stat:\(info.st_dev):\(info.st_ino):\(info.st_size):\(modified.tv_sec).\(modified.tv_nsec)"
                found.append(ManifestFile(path: path, blobID: stamp, size: Int(info.st_size)))
            }
        }
    }
}
