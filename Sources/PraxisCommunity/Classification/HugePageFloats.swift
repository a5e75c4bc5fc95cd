import Foundation

/// An immutable table of floats in memory the kernel may back with 2 MiB pages: a model's scoring
/// rows (tens of MiB for 20 Newsgroups), which `TextClassifier.predict` reads at a random place
/// for every feature of a post.
///
/// With 4 KiB pages nearly every such read also missed the TLB, and a page walk is dearer still
/// in a virtual machine, where each step of it is translated again (issue 18 round 6). Linux
/// gives huge pages to a region advised with `MADV_HUGEPAGE` before it is first written, when
/// transparent huge pages are `always` or `madvise` (Debian's default); elsewhere the advice is
/// refused and the table works the same on ordinary pages. A class, so that copies of a model
/// share one table and it is freed once.
final class HugePageFloats: RandomAccessCollection, @unchecked Sendable {
    /// Read-only after `init`, which is why sharing it between threads is safe.
    let buffer: UnsafeBufferPointer<Float>
    /// Below this a table is allocated as usual: it would not fill one huge page.
    static let hugePageSize = 2 << 20

    /// A table of `count` floats, written once by `fill` (every element must be set there).
    init(count: Int, fill: (UnsafeMutableBufferPointer<Float>) -> Void) {
        let size = Swift.max(count, 1) * MemoryLayout<Float>.stride
        let isLarge = size >= Self.hugePageSize
        // Whole huge pages, aligned to them: the kernel backs only aligned 2 MiB stretches.
        let alignment = isLarge ? Self.hugePageSize : 64
        let rounded = (size + alignment - 1) / alignment * alignment
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, alignment, rounded) == 0, let raw else {
            fatalError("out of memory for a classifier table of \(rounded) bytes")
        }
        #if os(Linux)
        // Advice only: refused (THP off), the table stays on 4 KiB pages.
        if isLarge { _ = madvise(raw, rounded, MADV_HUGEPAGE) }
        #endif
        let table = UnsafeMutableBufferPointer(start: raw.bindMemory(to: Float.self, capacity: count), count: count)
        table.initialize(repeating: 0)
        fill(table)
        buffer = UnsafeBufferPointer(table)
    }

    deinit { free(UnsafeMutableRawPointer(mutating: buffer.baseAddress)) }

    var startIndex: Int { 0 }
    var endIndex: Int { buffer.count }
    subscript(position: Int) -> Float {
        precondition(position >= 0 && position < buffer.count, "classifier table index \(position) out of range")
        return buffer[position]
    }
}
