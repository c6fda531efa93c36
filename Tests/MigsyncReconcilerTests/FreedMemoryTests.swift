import Testing

@testable import MigsyncReconciler

@Suite("Freed memory")
struct FreedMemoryTests {
    /// What the daemon relies on between passes: pages freed in the middle of the heap go
    /// back to the system, not only the top of it.
    @Test("after many small objects are freed, the allocator hands pages back to the system")
    func freedPagesReturn() {
        var blocks: [[UInt8]] = []
        for index in 0..<40_000 { blocks.append([UInt8](repeating: UInt8(truncatingIfNeeded: index), count: 1_000)) }
        // One block in sixteen is kept: the runs freed between them span whole pages, holes a
        // heap cannot shrink past.
        var kept: [[UInt8]] = []
        for (index, block) in blocks.enumerated() where index % 16 == 0 { kept.append(block) }
        blocks = []
        #expect(FreedMemory.returnToSystem())
        #expect(kept.count == 2_500)
    }
}
