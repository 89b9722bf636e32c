/// The k smallest `(key, index)` pairs seen so far for one row, kept as a max-heap in caller-owned
/// storage: offering a candidate costs one comparison when it is no better than the worst kept
/// (almost always, once the heap is full), and O(log k) otherwise, so a row of n candidates
/// costs O(n log k) at worst — never a sort of the row. Pairs order by key, then by index, so a
/// tie goes to the lower index whatever order candidates come in.
struct BoundedHeap {
    let keys: UnsafeMutablePointer<Float>
    let indices: UnsafeMutablePointer<Int32>
    let capacity: Int
    private(set) var count = 0

    init(keys: UnsafeMutablePointer<Float>, indices: UnsafeMutablePointer<Int32>, capacity: Int) {
        self.keys = keys
        self.indices = indices
        self.capacity = capacity
    }

    @inline(__always)
    private func greater(_ a: Int, _ b: Int) -> Bool {
        keys[a] > keys[b] || (keys[a] == keys[b] && indices[a] > indices[b])
    }

    @inline(__always)
    private mutating func swapAt(_ a: Int, _ b: Int) {
        swap(&keys[a], &keys[b])
        swap(&indices[a], &indices[b])
    }

    /// Keeps `(key, index)` if it is among the `capacity` smallest so far. A NaN key is never kept.
    @inline(__always)
    mutating func offer(_ key: Float, _ index: Int32) {
        if count == capacity {
            guard key < keys[0] || (key == keys[0] && index < indices[0]) else { return }
            keys[0] = key
            indices[0] = index
            siftDown()
        } else {
            guard !key.isNaN else { return }
            keys[count] = key
            indices[count] = index
            count += 1
            var child = count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard greater(child, parent) else { break }
                swapAt(child, parent)
                child = parent
            }
        }
    }

    private mutating func siftDown() {
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var largest = parent
            if left < count, greater(left, largest) { largest = left }
            if right < count, greater(right, largest) { largest = right }
            if largest == parent { return }
            swapAt(parent, largest)
            parent = largest
        }
    }
}
