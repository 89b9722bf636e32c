extension String {
    /// The last non-empty dot-separated part (`keras.layers.Dense` → `Dense`), nil if there is
    /// none: `split(separator: ".").last` without building the array of parts, for the names the
    /// passes look at on every call.
    var lastDottedPart: Substring? {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == "." { end = index(before: end) }
        guard end > startIndex else { return nil }
        let start = self[..<end].lastDotIndex.map { index(after: $0) } ?? startIndex
        return self[start..<end]
    }
}

extension String {
    /// `lastIndex(of: ".")`: by bytes when the text is ASCII (every qualified name the catalogues
    /// look up, for each call of a script), where bytes and characters are the same positions
    /// for `.`; by characters otherwise. The character search costs a grapheme break per step.
    var lastDotIndex: Index? {
        if utf8.allSatisfy({ $0 < 0x80 }) { return utf8.lastIndex(of: UInt8(ascii: ".")) }
        return lastIndex(of: ".")
    }
}

extension Substring {
    /// `lastIndex(of: ".")`, as `String.lastDotIndex`.
    var lastDotIndex: Index? {
        if utf8.allSatisfy({ $0 < 0x80 }) { return utf8.lastIndex(of: UInt8(ascii: ".")) }
        return lastIndex(of: ".")
    }
}
