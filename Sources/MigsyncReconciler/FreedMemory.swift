#if canImport(Glibc)
import Glibc
#endif

/// Gives the pages the allocator holds free back to the system.
///
/// A pass over thousands of objects allocates and frees hundreds of megabytes in small
/// pieces. glibc keeps freed pages in its arenas, so a daemon's resident size creeps up pass
/// after pass although its live heap does not grow; `malloc_trim` returns them. It is looked
/// up at run time because glibc's `malloc.h` is not part of the Swift `Glibc` module, and on a
/// C library without it this does nothing.
public enum FreedMemory {
    private typealias Trim = @convention(c) (Int) -> Int32

    private static let trim: Trim? = {
        #if canImport(Glibc)
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: Trim.self)
        #else
        return nil
        #endif
    }()

    /// Returns free pages to the system; `true` when the allocator released any.
    @discardableResult
    public static func returnToSystem() -> Bool {
        guard let trim else { return false }
        return trim(0) == 1
    }
}
