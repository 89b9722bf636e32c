import Foundation
import VectorMath

/// The helper's expensive output kept between runs: `segments.json` (every sampled image, each
/// kept segment with its XRAI score and Shapley value) and `embeddings.npy` (one row per
/// segment), so that a new k, a new ordering, other histogram bins or other k-means
/// initialisations re-cluster and re-render without running Python again.
///
/// Files keyed by a content hash rather than a `Store` area: the entries are two opaque
/// artefacts the helper writes (megabytes of float32 rows) that are read whole and never
/// queried, an entry is valid exactly as long as its inputs are the same bytes, and the key says
/// that by construction (models, data, helper sources, interpreter and the helper's parameters):
/// nothing to invalidate, no schema to migrate, and deleting the directory is always safe.
///
/// Layout: `<directory>/<key>/segments.json` and `embeddings.npy`. An entry is written into a
/// dot-prefixed temporary directory beside it and renamed into place, so a reader sees a whole
/// entry or none; an entry that cannot be read is removed and the helper runs again.
package struct ComparisonCache: Sendable {
    package let directory: String

    package init(directory: String) {
        self.directory = directory
    }

    /// `<workspace>/.umlaut/comparisons/cache`.
    package static func inWorkspace(_ root: String) -> ComparisonCache {
        ComparisonCache(
            directory: (ComparisonReports.directory(workspace: root) as NSString).appendingPathComponent("cache"))
    }

    static let files = ["segments.json", "embeddings.npy"]

    /// The key of what the helper would compute for `request`: every input it reads, by content
    /// (model files or directories, the data, the helper's own sources), the interpreter, and the
    /// parameters the helper uses. k, the ordering, histogram bins and k-means initialisations
    /// are not in it: they only change the Swift side.
    ///
    /// A `module:factory` model or embedding is keyed by its spec and its weights file; the
    /// module's source is found by the interpreter at run time and is not hashed.
    package static func key(for request: ComparisonRequest, python: String, helper: String) throws -> String {
        var hasher = ContentHasher()
        hasher.add("umlaut-compare-cache-1")
        hasher.add(python)
        try hasher.addTree(helper, skipping: ["__pycache__"])
        var parameters = request.helperRequest(workDirectory: "")
        parameters["workDirectory"] = nil
        let canonical = try JSONSerialization.data(withJSONObject: parameters, options: [.sortedKeys])
        hasher.add(bytes: Array(canonical))
        for model in request.models {
            let spec = model.spec
            if FileManager.default.fileExists(atPath: spec) {
                try hasher.addTree(spec)
            } else if let at = spec.lastIndex(of: "@") {
                let weights = String(spec[spec.index(after: at)...])
                if FileManager.default.fileExists(atPath: weights) { try hasher.addTree(weights) }
            }
        }
        try hasher.addTree(request.data)
        if FileManager.default.fileExists(atPath: request.embedding) { try hasher.addTree(request.embedding) }
        return hasher.hex
    }

    /// The entry for `key`, or nil when there is none or it cannot be read (then it is removed).
    package func load(key: String) -> (output: HelperOutput, embeddings: Matrix)? {
        let entry = (directory as NSString).appendingPathComponent(key)
        guard FileManager.default.fileExists(atPath: entry) else { return nil }
        guard let segments = FileManager.default.contents(atPath: entry + "/segments.json"),
            let embeddingData = FileManager.default.contents(atPath: entry + "/embeddings.npy"),
            let output = try? JSONDecoder().decode(HelperOutput.self, from: segments),
            let embeddings = try? NumpyArray.readMatrix(embeddingData),
            embeddings.rows == output.segments.count
        else {
            try? FileManager.default.removeItem(atPath: entry)
            return nil
        }
        return (output, embeddings)
    }

    /// Keeps the helper's `segments.json` and `embeddings.npy` from `work` under `key`. Whole or
    /// not at all: a failure leaves no entry (and no temporary directory).
    package func store(key: String, from work: String) throws {
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ComparisonError.cannotWrite(directory, reason: error.localizedDescription)
        }
        let entry = (directory as NSString).appendingPathComponent(key)
        let temporary = (directory as NSString).appendingPathComponent(".\(key).\(getpid()).tmp")
        try? manager.removeItem(atPath: temporary)
        do {
            try manager.createDirectory(atPath: temporary, withIntermediateDirectories: false)
            for file in Self.files {
                try manager.copyItem(
                    atPath: (work as NSString).appendingPathComponent(file),
                    toPath: (temporary as NSString).appendingPathComponent(file))
            }
            try? manager.removeItem(atPath: entry)
            guard rename(temporary, entry) == 0 else {
                throw ComparisonError.cannotWrite(entry, reason: String(cString: strerror(errno)))
            }
        } catch {
            try? manager.removeItem(atPath: temporary)
            if let error = error as? ComparisonError { throw error }
            throw ComparisonError.cannotWrite(entry, reason: error.localizedDescription)
        }
    }
}

/// A 128-bit content hash (two FNV-1a lanes over 64-bit words with different bases), hex. It
/// tells whether inputs changed; it is not a cryptographic digest (the cache is the user's own).
struct ContentHasher {
    private var first: UInt64 = 0xcbf2_9ce4_8422_2325
    private var second: UInt64 = 0x8422_2325_cbf2_9ce4
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    var hex: String { String(format: "%016llx%016llx", first, second) }

    private mutating func mix(_ word: UInt64) {
        first = (first ^ word) &* Self.prime
        second = (second ^ (word &+ 0x5bd1_e995)) &* Self.prime
        second ^= second >> 29
    }

    mutating func add(bytes: [UInt8]) {
        mix(UInt64(bytes.count))
        bytes.withUnsafeBytes { raw in
            let words = raw.count / 8
            for index in 0..<words { mix(raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)) }
            var tail: UInt64 = 0
            for index in (words * 8)..<raw.count { tail = tail << 8 | UInt64(raw[index]) }
            mix(tail)
        }
    }

    mutating func add(_ text: String) { add(bytes: Array(text.utf8)) }

    /// A file's bytes, or a directory's files in sorted order with their relative paths.
    mutating func addTree(_ path: String, skipping: Set<String> = []) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            add("missing:" + path)
            return
        }
        guard isDirectory.boolValue else {
            try addFile(path)
            return
        }
        let entries = try manager.subpathsOfDirectory(atPath: path).sorted()
        for relative in entries where !relative.split(separator: "/").contains(where: { skipping.contains(String($0)) })
        {
            let full = (path as NSString).appendingPathComponent(relative)
            var isSubdirectory: ObjCBool = false
            guard manager.fileExists(atPath: full, isDirectory: &isSubdirectory), !isSubdirectory.boolValue else {
                continue
            }
            add(relative)
            try addFile(full)
        }
    }

    private mutating func addFile(_ path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ComparisonError.cannotStart("cannot read \(path)")
        }
        defer { try? handle.close() }
        while let chunk = try handle.read(upToCount: 1 << 22), !chunk.isEmpty { add(bytes: Array(chunk)) }
        add("end")
    }
}
