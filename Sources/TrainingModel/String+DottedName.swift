extension String {
    /// The last non-empty dot-separated part (`keras.layers.Dense` → `Dense`), nil if there is
    /// none: `split(separator: ".").last` without building the array of parts, for the names the
    /// passes look at on every call.
    var lastDottedPart: Substring? {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == "." { end = index(before: end) }
        guard end > startIndex else { return nil }
        let start = self[..<end].lastIndex(of: ".").map { index(after: $0) } ?? startIndex
        return self[start..<end]
    }
}
