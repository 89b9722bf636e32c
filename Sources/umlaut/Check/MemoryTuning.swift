/// Keeps freed memory in the process for reuse: analysing a large file allocates a few
/// megabytes (syntax trees, node tables) that glibc would otherwise map fresh, page fault by page
/// fault, and hand back to the system after each file. Called once at the start of `check`,
/// `latency` and `lsp`, which analyse file after file; memory use stays bounded by the largest
/// file's needs.
enum MemoryTuning {
    static func keepFreedMemory() {
        #if os(Linux)
        // Blocks up to 32 MB (glibc's maximum) come from the heap rather than their own mapping,
        // and up to 128 MB of free heap is kept rather than trimmed.
        _ = mallopt(mallocMmapThreshold, 32 << 20)
        _ = mallopt(mallocTrimThreshold, 128 << 20)
        #endif
    }

    /// The language server's setting: `keepFreedMemory`, and one malloc arena for all threads.
    /// glibc gives each thread that allocates its own arena, and every arena keeps its freed
    /// memory; the server's analyses run on pool threads, so after 1,000 edits of `bench/lsp.sh`
    /// it held 72.8 MB, against 49.7 MB with one arena, at the same latency (one analysis runs at
    /// a time per document, so the threads hardly contend for the arena). Must run before other
    /// threads allocate.
    static func forLanguageServer() {
        keepFreedMemory()
        #if os(Linux)
        _ = mallopt(mallocArenaMax, 1)
        #endif
    }

    #if os(Linux)
    /// `M_TRIM_THRESHOLD`, `M_MMAP_THRESHOLD` and `M_ARENA_MAX` of glibc's `<malloc.h>`, which
    /// the Glibc module does not export.
    private static let mallocTrimThreshold: Int32 = -1
    private static let mallocMmapThreshold: Int32 = -3
    private static let mallocArenaMax: Int32 = -8
    #endif
}

#if os(Linux)
/// glibc's `int mallopt(int param, int value)`, declared here because the Glibc module leaves
/// `<malloc.h>` out.
@_silgen_name("mallopt")
private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
