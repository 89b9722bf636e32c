/// Source code with `↓` markers for positions, as written in rule examples and tests.
package enum MarkedSource {
    package static let marker = "↓"

    /// The code without markers, and the byte offset of each marker in it.
    package static func parse(_ marked: String) -> (code: String, markers: [Int]) {
        var code = ""
        var markers: [Int] = []
        var offset = 0
        for character in marked {
            if String(character) == marker {
                markers.append(offset)
            } else {
                code.append(character)
                offset += character.utf8.count
            }
        }
        return (code, markers)
    }

    /// The code with `comment` appended to every line that holds a marker.
    package static func appendingToMarkedLines(_ code: String, markers: [Int], comment: String) -> String {
        var lines: [String] = []
        var lineStart = 0
        for line in code.split(separator: "\n", omittingEmptySubsequences: false) {
            let lineEnd = lineStart + line.utf8.count
            let marked = markers.contains { $0 >= lineStart && $0 <= lineEnd }
            lines.append(marked ? line + comment : String(line))
            lineStart = lineEnd + 1
        }
        return lines.joined(separator: "\n")
    }
}
