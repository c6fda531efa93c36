import CLibgit2
import Foundation

extension GitRepository {
    /// The pack files in the object database; every fetch adds one (see ``reopen()``).
    public var packCount: Int {
        let directory = String(cString: git_repository_path(pointer)) + "objects/pack"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix("pack-") && $0.hasSuffix(".pack") }.count
    }
}
