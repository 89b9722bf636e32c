import Synchronization

/// The pre-filter for a list of rules: finds which of the rules' `TriggerTokens` occur in a
/// text, in one pass over its bytes, and says whether any rule may report there.
///
/// Immutable once built; `Linter` shares one per list of rule types (`shared(for:)`). The scan
/// looks up each word of the text in a small hash table of the rules' words (by the hash of its
/// lower-cased bytes, so that words matching in any case share the table) and stops as soon as
/// every clause of one alternative of an enabled rule holds.
final class TriggerIndex: Sendable {
    /// The words to find, by id: lower-cased when `ignoringCase[id]`, else as written.
    private let words: [[UInt8]]
    private let ignoringCase: [Bool]
    /// Open addressing by `hash(lower-cased word) & mask`: word ids, -1 for an empty slot.
    private let slots: [Int32]
    private let mask: Int
    private let lengths: ClosedRange<Int>
    /// Per rule, the ids of its alternatives ("conditions"); nil for a rule that may report on
    /// any text.
    private let ruleConditions: [[Int]?]
    /// Per condition, its number of clauses.
    private let conditionClauseCounts: [Int]
    /// Per clause id, the condition it belongs to and its terms as word ids.
    private let clauseCondition: [Int]
    private let clauseTerms: [[[Int]]]
    /// Per word id, the clauses with a term that holds the word.
    private let wordClauses: [[Int]]

    init(rules: [any Rule]) {
        var ids: [TriggerTokens.Word: Int] = [:]
        var words: [[UInt8]] = []
        var ignoringCase: [Bool] = []
        var conditionClauseCounts: [Int] = []
        var clauseCondition: [Int] = []
        var clauseTerms: [[[Int]]] = []
        func id(of word: TriggerTokens.Word) -> Int {
            if let id = ids[word] { return id }
            ids[word] = words.count
            words.append(Array(word.text.utf8))
            ignoringCase.append(word.ignoringCase)
            return words.count - 1
        }
        ruleConditions = rules.map { rule in
            type(of: rule).triggerTokens.alternatives.map { alternatives in
                alternatives.map { clauses in
                    let condition = conditionClauseCounts.count
                    conditionClauseCounts.append(clauses.count)
                    for clause in clauses {
                        clauseCondition.append(condition)
                        clauseTerms.append(clause.map { $0.map(id(of:)) })
                    }
                    return condition
                }
            }
        }
        var wordClauses = [[Int]](repeating: [], count: words.count)
        for (clause, terms) in clauseTerms.enumerated() {
            for word in Set(terms.joined()) { wordClauses[word].append(clause) }
        }
        var capacity = 16
        while capacity < words.count * 4 { capacity *= 2 }
        var slots = [Int32](repeating: -1, count: capacity)
        for (id, word) in words.enumerated() {
            var slot = word.withUnsafeBufferPointer { Self.hash($0, from: 0, to: $0.count) } & (capacity - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(id)
        }
        self.words = words
        self.ignoringCase = ignoringCase
        self.slots = slots
        mask = capacity - 1
        let counts = words.map(\.count)
        lengths = words.isEmpty ? 1...1 : counts.min()!...counts.max()!
        self.conditionClauseCounts = conditionClauseCounts
        self.clauseCondition = clauseCondition
        self.clauseTerms = clauseTerms
        self.wordClauses = wordClauses
    }

    /// Whether any of the rules at `indices` (into the list the index was built for) may report on
    /// a text with these bytes.
    func mayTrigger(rules indices: [Int], in bytes: [UInt8]) -> Bool {
        if indices.isEmpty { return false }
        if indices.contains(where: { ruleConditions[$0] == nil }) { return true }
        if words.isEmpty { return false }
        var found = [Bool](repeating: false, count: words.count)
        // Clauses still to hold, per condition of an enabled rule; Int.max for the others.
        var clausesLeft = [Int](repeating: .max, count: conditionClauseCounts.count)
        for index in indices {
            for condition in ruleConditions[index]! {
                clausesLeft[condition] = conditionClauseCounts[condition]
                if clausesLeft[condition] == 0 { return true }
            }
        }
        var holds = [Bool](repeating: false, count: clauseTerms.count)
        return bytes.withUnsafeBufferPointer { text in
            /// Records a word of the text; true once every clause of an enabled condition holds.
            func note(_ start: Int, _ end: Int) -> Bool {
                guard lengths.contains(end - start) else { return false }
                var slot = Self.hash(text, from: start, to: end) & mask
                var completed = false
                while slots[slot] >= 0 {
                    let id = Int(slots[slot])
                    if !found[id], matches(id, text, start, end) {
                        found[id] = true
                        for clause in wordClauses[id] where !holds[clause] {
                            let condition = clauseCondition[clause]
                            guard clausesLeft[condition] != .max,
                                clauseTerms[clause].contains(where: { $0.contains(id) && $0.allSatisfy { found[$0] } })
                            else { continue }
                            holds[clause] = true
                            clausesLeft[condition] -= 1
                            if clausesLeft[condition] == 0 { completed = true }
                        }
                    }
                    slot = (slot + 1) & mask
                }
                return completed
            }
            let count = text.count
            var index = 0
            while index < count {
                guard Self.isWordByte(text[index]) else {
                    index += 1
                    continue
                }
                let start = index
                while index < count, Self.isWordByte(text[index]) { index += 1 }
                if !Self.isDigit(text[start]) {
                    if note(start, index) { return true }
                } else {
                    // A run that starts with a digit may be a number followed by a name
                    // (`0x1Fmodel` lexes as `0x1F` and `model`): try every suffix that starts
                    // with a letter or `_`.
                    for suffix in start..<index where !Self.isDigit(text[suffix]) {
                        if note(suffix, index) { return true }
                    }
                }
            }
            return false
        }
    }

    private func matches(_ id: Int, _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let word = words[id]
        guard word.count == end - start else { return false }
        let folding = ignoringCase[id]
        for offset in 0..<word.count {
            let byte = text[start + offset]
            if (folding ? Self.lowercased(byte) : byte) != word[offset] { return false }
        }
        return true
    }

    /// FNV-1a over the lower-cased bytes.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for index in start..<end {
            hash ^= UInt64(lowercased(bytes[index]))
            hash &*= 0x100_0000_01b3
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }

    @inline(__always) private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }

    @inline(__always) private static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    @inline(__always) private static func isWordByte(_ byte: UInt8) -> Bool {
        byte &- 0x61 < 26 || byte &- 0x41 < 26 || byte &- 0x30 < 10 || byte == 0x5F
    }

    // MARK: Sharing

    private static let cache = Mutex<[[ObjectIdentifier]: TriggerIndex]>([:])

    /// The index for a list of rules, built once per list of rule types.
    static func shared(for rules: [any Rule]) -> TriggerIndex {
        let key = rules.map { ObjectIdentifier(type(of: $0)) }
        if let index = cache.withLock({ $0[key] }) { return index }
        let index = TriggerIndex(rules: rules)
        cache.withLock { $0[key] = index }
        return index
    }
}
