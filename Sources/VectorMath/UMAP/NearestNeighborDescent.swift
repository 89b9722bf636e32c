import Foundation

/// Approximate k-nearest neighbours (Euclidean) as PyNNDescent builds them for umap-learn: a
/// forest of random-projection trees whose leaves give each point its first candidates, then
/// NN-descent (Dong, Moses and Li 2011) — a neighbour of a neighbour is likely a neighbour —
/// joining each point's new candidates with each other and with its old ones until fewer than
/// `delta · n · k` lists change in an iteration.
///
/// Parallel and reproducible: candidate pairs are found in chunks concurrently (reading the
/// lists, never writing them) and concatenated in point order, then applied in that order by
/// threads that each own a range of points; so the graph depends on the seed alone, not on the
/// number of cores or on timing.
struct NearestNeighborDescent {
    /// Neighbours per point, the point itself included (as UMAP reads them).
    var k: Int
    var seed: UInt64
    var maximumCandidates = 20
    var delta: Float = 0.001

    func graph(of data: Matrix) -> NeighborGraph {
        let n = data.rows, m = data.columns
        let heapSize = k - 1
        let trees = min(64, 5 + Int((Double(n).squareRoot() / 20).rounded()))
        let iterations = max(5, Int(log2(Double(n)).rounded()))
        let leafSize = max(10, k)
        var heaps = NeighborHeaps(count: n, size: heapSize)

        var clock = StageClock()
        data.values.withUnsafeBufferPointer { values in
            let x = values.baseAddress!
            let distance = { (a: Int, b: Int) -> Float in Kernels.wideSquaredDistance(x + a * m, x + b * m, m) }

            // 1. Random-projection forest: every leaf's pairs. The trees split the points as
            // projected on `treeDimensions` random Gaussian directions (one GEMM), not the
            // points themselves: a tree reads every point at every level, and long vectors
            // (768-d) made that a stream through memory, 16 times over — most of the k-NN
            // graph's time. Distances stay preserved within a few tens of percent (Johnson–
            // Lindenstrauss), which is enough to put near points in one leaf; the leaves'
            // pairs, and everything after, use the exact distances.
            let (treeData, treeColumns) = Self.projected(x, rows: n, columns: m, seed: seed)
            var leaves: [[Int32]] = []
            var perTree = [[[Int32]]](repeating: [], count: trees)
            treeData.withUnsafeBufferPointer { treeData in
                perTree.withUnsafeMutableBufferPointer { perTree in
                    Parallel.forEach((0..<trees).map { $0..<($0 + 1) }) { _, range in
                        let tree = range.lowerBound
                        var random = SeededGenerator(seed: seed &+ 0x5EED &+ UInt64(tree) &* 0x9E37_79B9_7F4A_7C15)
                        perTree[tree] = Self.randomProjectionLeaves(
                            treeData.baseAddress!, rows: n, columns: treeColumns, leafSize: leafSize,
                            random: &random)
                    }
                }
            }
            for tree in perTree { leaves.append(contentsOf: tree) }
            clock.mark("random-projection trees (\(trees))")
            let leafChunks = Parallel.chunks(leaves.count, minimumChunk: 64)
            let leafPairs = heaps.collect(chunks: leafChunks.count) { chunk, emit in
                for leaf in leaves[leafChunks[chunk]] {
                    for (i, p) in leaf.enumerated() {
                        for q in leaf[(i + 1)...] {
                            let d = distance(Int(p), Int(q))
                            if d < heaps.threshold(Int(p)) || d < heaps.threshold(Int(q)) { emit(p, q, d) }
                        }
                    }
                }
            }
            heaps.apply(leafPairs)
            clock.mark("the leaves' pairs")

            // 2. NN-descent.
            var random = SeededGenerator(seed: seed &+ 0xDE5C)
            for _ in 0..<iterations {
                let (newCandidates, oldCandidates) = heaps.candidates(
                    maximum: maximumCandidates, random: &random)
                let pointChunks = Parallel.chunks(n, minimumChunk: 256)
                let pairs = heaps.collect(chunks: pointChunks.count) { chunk, emit in
                    for i in pointChunks[chunk] {
                        let new = newCandidates[i], old = oldCandidates[i]
                        for (s, a) in new.enumerated() {
                            for b in new[(s + 1)...] where a != b {
                                let d = distance(Int(a), Int(b))
                                if d < heaps.threshold(Int(a)) || d < heaps.threshold(Int(b)) { emit(a, b, d) }
                            }
                            for b in old where a != b {
                                let d = distance(Int(a), Int(b))
                                if d < heaps.threshold(Int(a)) || d < heaps.threshold(Int(b)) { emit(a, b, d) }
                            }
                        }
                    }
                }
                let changed = heaps.apply(pairs)
                clock.mark("NN-descent iteration: \(changed) changes")
                if Float(changed) <= delta * Float(n) * Float(k) { break }
            }
        }
        return heaps.sortedGraph(k: k)
    }

    /// The directions the trees split on: `treeDimensions` random Gaussian ones when the data
    /// has more than twice as many columns, else the data itself.
    static let treeDimensions = 64

    static func projected(
        _ x: UnsafePointer<Float>, rows n: Int, columns m: Int, seed: UInt64
    ) -> (values: [Float], columns: Int) {
        guard m > 2 * treeDimensions else { return (Array(UnsafeBufferPointer(start: x, count: n * m)), m) }
        var random = SeededGenerator(seed: seed &+ 0x9805)
        let directions = (0..<(treeDimensions * m)).map { _ in Float(random.nextNormal()) }
        var values = [Float](repeating: 0, count: n * treeDimensions)
        directions.withUnsafeBufferPointer { directions in
            values.withUnsafeMutableBufferPointer { values in
                BLAS.multiplyByTranspose(
                    x, rows: n, directions.baseAddress!, rows: treeDimensions, depth: m, alpha: 1,
                    into: values.baseAddress!)
            }
        }
        return (values, treeDimensions)
    }

    /// One random-projection tree's leaves: a node splits at the hyperplane halfway between two
    /// of its points drawn at random (PyNNDescent's Euclidean split), until at most `leafSize`.
    static func randomProjectionLeaves(
        _ x: UnsafePointer<Float>, rows n: Int, columns m: Int, leafSize: Int, random: inout SeededGenerator
    ) -> [[Int32]] {
        var leaves: [[Int32]] = []
        var stack: [[Int32]] = [(0..<n).map(Int32.init)]
        var normal = [Float](repeating: 0, count: m)
        while let node = stack.popLast() {
            if node.count <= leafSize {
                leaves.append(node)
                continue
            }
            let left = Int(node[random.next(below: node.count)])
            var right = Int(node[random.next(below: node.count - 1)])
            if right == left { right = Int(node[node.count - 1]) }
            var offset: Float = 0
            for c in 0..<m {
                normal[c] = x[left * m + c] - x[right * m + c]
                offset -= normal[c] * (x[left * m + c] + x[right * m + c]) / 2
            }
            var lower: [Int32] = [], upper: [Int32] = []
            normal.withUnsafeBufferPointer { normal in
                for p in node {
                    let margin = offset + Kernels.wideDot(normal.baseAddress!, x + Int(p) * m, m)
                    if margin > 0 || (margin == 0 && random.next() & 1 == 0) {
                        lower.append(p)
                    } else {
                        upper.append(p)
                    }
                }
            }
            if lower.isEmpty || upper.isEmpty {
                // Duplicates: split arbitrarily.
                let half = node.count / 2
                lower = Array(node[..<half])
                upper = Array(node[half...])
            }
            stack.append(lower)
            stack.append(upper)
        }
        return leaves
    }
}

/// Each point's current best `size` neighbours as a max-heap of squared distances, with a
/// "new" flag per entry (not yet joined by NN-descent).
struct NeighborHeaps {
    let count: Int
    let size: Int
    var distances: [Float]
    var indices: [Int32]
    var isNew: [Bool]

    init(count: Int, size: Int) {
        self.count = count
        self.size = size
        distances = [Float](repeating: .infinity, count: count * size)
        indices = [Int32](repeating: -1, count: count * size)
        isNew = [Bool](repeating: true, count: count * size)
    }

    /// The worst distance point `p` keeps (∞ until its heap is full).
    @inline(__always)
    func threshold(_ p: Int) -> Float { distances[p * size] }

    /// Runs `generate(chunk, emit)` for each chunk concurrently (reading the heaps only),
    /// collecting the pairs emitted, each chunk its own list.
    func collect(
        chunks: Int, _ generate: (Int, (Int32, Int32, Float) -> Void) -> Void
    ) -> [[(Int32, Int32, Float)]] {
        var updates = [[(Int32, Int32, Float)]](repeating: [], count: chunks)
        updates.withUnsafeMutableBufferPointer { updates in
            Parallel.forEach((0..<chunks).map { $0..<($0 + 1) }) { _, range in
                var list: [(Int32, Int32, Float)] = []
                generate(range.lowerBound) { list.append(($0, $1, $2)) }
                updates[range.lowerBound] = list
            }
        }
        return updates
    }

    /// The point ranges of `apply`'s and `candidates`' threads: one per core (each scans every
    /// pair or entry and acts on its own points only, so more ranges than cores would only
    /// repeat the scan: with `Parallel.chunks`'s four per core, the scans were most of `apply`).
    static func owners(_ count: Int) -> [Range<Int>] {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        return Parallel.chunks(count, minimumChunk: max(4096, (count + cores - 1) / cores))
    }

    /// Offers every pair of `updates` to both its points' heaps, in list order, by threads
    /// owning disjoint point ranges. Returns how many offers were taken.
    @discardableResult
    mutating func apply(_ updates: [[(Int32, Int32, Float)]]) -> Int {
        let owners = Self.owners(count)
        var taken = [Int](repeating: 0, count: owners.count)
        let size = size
        distances.withUnsafeMutableBufferPointer { distances in
            indices.withUnsafeMutableBufferPointer { indices in
                isNew.withUnsafeMutableBufferPointer { isNew in
                    taken.withUnsafeMutableBufferPointer { taken in
                        Parallel.forEach(owners) { owner, range in
                            var count = 0
                            for list in updates {
                                for (p, q, d) in list {
                                    if range.contains(Int(p)),
                                        Self.push(Int(p), q, d, distances, indices, isNew, size)
                                    {
                                        count += 1
                                    }
                                    if range.contains(Int(q)),
                                        Self.push(Int(q), p, d, distances, indices, isNew, size)
                                    {
                                        count += 1
                                    }
                                }
                            }
                            taken[owner] = count
                        }
                    }
                }
            }
        }
        return taken.reduce(0, +)
    }

    @inline(__always)
    static func push(
        _ p: Int, _ q: Int32, _ d: Float, _ distances: UnsafeMutableBufferPointer<Float>,
        _ indices: UnsafeMutableBufferPointer<Int32>, _ isNew: UnsafeMutableBufferPointer<Bool>, _ size: Int
    ) -> Bool {
        let base = p * size
        guard d < distances[base], Int(q) != p else { return false }
        for j in 0..<size where indices[base + j] == q { return false }
        // Replace the root and sift down.
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var largest = parent
            var largestDistance = d
            if left < size, distances[base + left] > largestDistance {
                largest = left
                largestDistance = distances[base + left]
            }
            if right < size, distances[base + right] > largestDistance {
                largest = right
            }
            if largest == parent { break }
            distances[base + parent] = distances[base + largest]
            indices[base + parent] = indices[base + largest]
            isNew[base + parent] = isNew[base + largest]
            parent = largest
        }
        distances[base + parent] = d
        indices[base + parent] = q
        isNew[base + parent] = true
        return true
    }

    /// NN-descent's candidate lists: each point's new and old neighbours and reverse
    /// neighbours, at most `maximum` of each, sampled by random priority; the new ones chosen
    /// are marked old.
    ///
    /// Parallel like `apply`: threads owning disjoint ranges of points each scan every entry and
    /// fill only their own points' lists, in entry order, so the lists do not depend on the
    /// threads. (Serial, this was a tenth of the k-NN graph's time on two cores.) An entry's
    /// priority is a hash of its place and `random`'s next word, the same for both its offers.
    mutating func candidates(maximum: Int, random: inout SeededGenerator) -> (new: [[Int32]], old: [[Int32]]) {
        var new = [[Int32]](repeating: [], count: count)
        var old = [[Int32]](repeating: [], count: count)
        let salt = random.next()
        let (count, size) = (count, size)
        func offer(_ list: inout [(UInt32, Int32)], _ priority: UInt32, _ index: Int32) {
            if list.contains(where: { $0.1 == index }) { return }
            if list.count < maximum {
                list.append((priority, index))
                return
            }
            // Keep the `maximum` smallest priorities.
            var worst = 0
            for s in 1..<list.count where list[s].0 > list[worst].0 { worst = s }
            if priority < list[worst].0 { list[worst] = (priority, index) }
        }
        indices.withUnsafeBufferPointer { indices in
            isNew.withUnsafeMutableBufferPointer { isNew in
                new.withUnsafeMutableBufferPointer { newLists in
                    old.withUnsafeMutableBufferPointer { oldLists in
                        Parallel.forEach(Self.owners(count)) { _, owned in
                            var newSampled = [[(UInt32, Int32)]](repeating: [], count: owned.count)
                            var oldSampled = [[(UInt32, Int32)]](repeating: [], count: owned.count)
                            for p in 0..<count {
                                for j in 0..<size {
                                    let q = indices[p * size + j]
                                    guard q >= 0 else { continue }
                                    let pOwned = owned.contains(p), qOwned = owned.contains(Int(q))
                                    guard pOwned || qOwned else { continue }
                                    let priority = Self.priority(salt, p * size + j)
                                    if isNew[p * size + j] {
                                        if pOwned { offer(&newSampled[p - owned.lowerBound], priority, q) }
                                        if qOwned {
                                            offer(&newSampled[Int(q) - owned.lowerBound], priority, Int32(p))
                                        }
                                    } else {
                                        if pOwned { offer(&oldSampled[p - owned.lowerBound], priority, q) }
                                        if qOwned {
                                            offer(&oldSampled[Int(q) - owned.lowerBound], priority, Int32(p))
                                        }
                                    }
                                }
                            }
                            for p in owned {
                                newLists[p] = newSampled[p - owned.lowerBound].map(\.1)
                                oldLists[p] = oldSampled[p - owned.lowerBound].map(\.1)
                            }
                        }
                        // The new entries chosen become old: a pass of its own, after every
                        // thread has read the flags.
                        Parallel.forEach(Self.owners(count)) { _, owned in
                            for p in owned {
                                for j in 0..<size where isNew[p * size + j] {
                                    let q = indices[p * size + j]
                                    if newLists[p].contains(q) { isNew[p * size + j] = false }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (new, old)
    }

    /// A 32-bit priority from a salt and an entry's place (SplitMix64's finaliser).
    @inline(__always)
    static func priority(_ salt: UInt64, _ place: Int) -> UInt32 {
        var z = salt &+ UInt64(place) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return UInt32(truncatingIfNeeded: (z ^ (z >> 31)) >> 32)
    }

    /// Each point's neighbours nearest first, itself prepended at distance 0, distances
    /// Euclidean (square roots).
    func sortedGraph(k: Int) -> NeighborGraph {
        var outIndices = [Int32](repeating: -1, count: count * k)
        var outDistances = [Float](repeating: .infinity, count: count * k)
        for p in 0..<count {
            outIndices[p * k] = Int32(p)
            outDistances[p * k] = 0
            var entries: [(distance: Float, index: Int32)] = []
            for j in 0..<size where indices[p * size + j] >= 0 {
                entries.append((distances[p * size + j], indices[p * size + j]))
            }
            entries.sort { (x, y) -> Bool in x.distance < y.distance || (x.distance == y.distance && x.index < y.index)
            }
            for (slot, entry) in entries.enumerated() {
                outIndices[p * k + 1 + slot] = entry.index
                outDistances[p * k + 1 + slot] = entry.distance.squareRoot()
            }
        }
        return NeighborGraph(count: count, k: k, indices: outIndices, distances: outDistances)
    }
}
