import Foundation
import VectorMath
import Workspace

/// A file's words for its vector: `IdentifierTokens` (identifier sub-tokens, keywords and
/// one-letter tokens dropped) with their counts, stored in the index as `term count` lines
/// sorted by term, so a refit reads them back instead of the files.
package enum FileTerms {
    package static func count(_ text: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        for token in IdentifierTokens.tokens(in: text) { counts[token, default: 0] += 1 }
        return counts
    }

    package static func encode(_ counts: [String: Int]) -> String {
        counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "\n")
    }

    package static func decode(_ text: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            guard let space = line.lastIndex(of: " "), let count = Int(line[line.index(after: space)...]), count > 0
            else { continue }
            counts[String(line[..<space]), default: 0] += count
        }
        return counts
    }

    /// The terms of a file on disk as the indexer reads it: a notebook's code cells, a
    /// Python file's text.
    package static func read(path: String) throws(FileTermsError) -> [String: Int] {
        let bytes: [UInt8]
        switch FileSystem.read(path) {
        case .success(let read): bytes = read
        case .failure(let failure): throw FileTermsError(message: "cannot read \(path): \(failure)")
        }
        if bytes.prefix(8000).contains(0) { throw FileTermsError(message: "\(path) is a binary file") }
        if path.hasSuffix(".ipynb") {
            do {
                let notebook = try Notebook(bytes: bytes)
                return count(String(decoding: NotebookSource(notebook).text.bytes, as: UTF8.self))
            } catch {
                throw FileTermsError(message: "\(path) is not a readable notebook: \(error)")
            }
        }
        return count(String(decoding: bytes, as: UTF8.self))
    }
}

package struct FileTermsError: Error, CustomStringConvertible, Sendable {
    package var message: String
    package var description: String { message }
}
