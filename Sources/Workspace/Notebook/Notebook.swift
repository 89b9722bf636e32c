/// A Jupyter notebook (nbformat 4) as read from disk: its cells, and the original bytes so that
/// writing fixes back changes nothing but the sources of the cells that changed.
///
/// Lint a notebook through `NotebookSource`, which joins its code cells into one Python text.
package struct Notebook: Sendable {
    /// What kind of cell.
    package enum CellKind: String, Sendable {
        case code, markdown, raw
    }

    /// One cell of the notebook.
    package struct Cell: Sendable {
        /// Zero-based position among all cells of the notebook (what LSP's notebook cells count).
        package var index: Int
        package var kind: CellKind
        /// The cell's `id` (nbformat 4.5+), if any.
        package var id: String?
        /// The cell's text, with the list of lines joined.
        package var source: String
        /// Where the `source` value sits in the file, and whether it was one string or a list.
        var sourceRange: Range<Int>
        var sourceIsList: Bool
    }

    /// The file's bytes, unchanged.
    package let bytes: [UInt8]
    package let cells: [Cell]
    /// `metadata.language_info.name` or `metadata.kernelspec.language`, lower-cased, if given.
    package let language: String?

    /// Parses a notebook, or says why it is not one Umlaut can read.
    package init(bytes: [UInt8]) throws(NotebookError) {
        if let problem = UTF8Validation.firstProblem(in: bytes) {
            throw NotebookError(message: "\(problem)")
        }
        let document: JSONDocument
        do {
            document = try JSONDocument(bytes)
        } catch {
            throw NotebookError(message: "invalid JSON at line \(error.line), column \(error.column): \(error.message)")
        }
        let root = document.root
        guard root.isObject else { throw NotebookError(message: "not a notebook: the JSON is not an object") }
        if let format = root["nbformat"]?.number, format < 4 {
            throw NotebookError(
                message: "nbformat \(Int(format)) notebooks are not supported; "
                    + "convert with `jupyter nbconvert --to notebook --nbformat 4`")
        }
        guard let cellNodes = root["cells"]?.array else {
            throw NotebookError(message: "not a notebook: no `cells` array")
        }
        var cells: [Cell] = []
        for (index, node) in cellNodes.enumerated() {
            guard node.isObject else { throw NotebookError(message: "cell \(index + 1) is not an object") }
            guard let type = node["cell_type"]?.string else {
                throw NotebookError(message: "cell \(index + 1) has no `cell_type`")
            }
            guard let sourceNode = node["source"] else {
                throw NotebookError(message: "cell \(index + 1) has no `source`")
            }
            let text: String
            let isList: Bool
            if let string = sourceNode.string {
                text = string
                isList = false
            } else if let lines = sourceNode.array {
                var joined = ""
                for line in lines {
                    guard let part = line.string else {
                        throw NotebookError(
                            message: "cell \(index + 1): `source` must be a string or a list of strings")
                    }
                    joined += part
                }
                text = joined
                isList = true
            } else {
                throw NotebookError(message: "cell \(index + 1): `source` must be a string or a list of strings")
            }
            cells.append(
                Cell(
                    index: index, kind: CellKind(rawValue: type) ?? .raw, id: node["id"]?.string,
                    source: text, sourceRange: sourceNode.range, sourceIsList: isList))
        }
        self.bytes = bytes
        self.cells = cells
        let metadata = root["metadata"]
        language = (metadata?["language_info"]?["name"]?.string ?? metadata?["kernelspec"]?["language"]?.string)?
            .lowercased()
    }

    /// A notebook held by an editor rather than read from a file (LSP's `notebookDocument/*`
    /// sends cells, not JSON): lint it through `NotebookSource` and send fixes as cell edits;
    /// it has no bytes, so `replacingSources` gives an empty array.
    package init(cells: [(kind: CellKind, source: String)], language: String? = "python") {
        self.bytes = []
        self.cells = cells.enumerated().map { index, cell in
            Cell(index: index, kind: cell.kind, id: nil, source: cell.source, sourceRange: 0..<0, sourceIsList: false)
        }
        self.language = language
    }

    /// Whether the notebook is (or may be) Python: true unless its metadata names another language.
    package var isPython: Bool { language.map { $0.hasPrefix("python") || $0 == "ipython" } ?? true }

    /// The notebook's bytes with the sources of some cells replaced (by cell `index`). Everything
    /// else, outputs, metadata, ids, key order, indentation, is left byte for byte as it was; a
    /// replaced source keeps its form (one string, or a list of lines as nbformat writes it).
    package func replacingSources(_ sources: [Int: String]) -> [UInt8] {
        guard !bytes.isEmpty else { return [] }
        let changes = cells.filter { sources[$0.index] != nil && sources[$0.index] != $0.source }
            .sorted { $0.sourceRange.lowerBound < $1.sourceRange.lowerBound }
        guard !changes.isEmpty else { return bytes }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 256)
        var cursor = 0
        for cell in changes {
            result += bytes[cursor..<cell.sourceRange.lowerBound]
            result += Array(encodedSource(sources[cell.index]!, replacing: cell).utf8)
            cursor = cell.sourceRange.upperBound
        }
        result += bytes[cursor...]
        return result
    }

    /// A source value written in the form (and indentation) of the one it replaces.
    private func encodedSource(_ text: String, replacing cell: Cell) -> String {
        guard cell.sourceIsList else { return JSONDocument.quoted(text) }
        let lines = Self.splitKeepingTerminators(text)
        if lines.isEmpty { return "[]" }
        // Indentation of the old list's first element and of its closing bracket; for an empty
        // list, one more space than the line holding the `"source"` key, as nbformat's indent=1.
        let old = bytes[cell.sourceRange]
        let elementIndent: String
        let closingIndent: String
        if let firstQuote = old.firstIndex(of: UInt8(ascii: "\"")), old[old.startIndex + 1..<firstQuote].contains(0x0A)
        {
            elementIndent = String(decoding: old[old.startIndex + 1..<firstQuote], as: UTF8.self)
            let closing = old.index(before: old.endIndex)
            var start = closing
            while start > old.startIndex, old[old.index(before: start)] == 0x20 || old[old.index(before: start)] == 0x09
            { start -= 1 }
            closingIndent =
                start > old.startIndex && old[start - 1] == 0x0A
                ? "\n" + String(decoding: old[start..<closing], as: UTF8.self) : ""
        } else if old.count == 2 {
            let key = keyIndentation(before: cell.sourceRange.lowerBound)
            elementIndent = "\n" + key + " "
            closingIndent = "\n" + key
        } else {
            // A list written on one line: keep it on one line.
            return "[" + lines.map(JSONDocument.quoted).joined(separator: ", ") + "]"
        }
        return "[" + lines.map { elementIndent + JSONDocument.quoted($0) }.joined(separator: ",") + closingIndent + "]"
    }

    private func keyIndentation(before offset: Int) -> String {
        var start = offset
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        var end = start
        while end < offset, bytes[end] == 0x20 || bytes[end] == 0x09 { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// Splits a text after each `\n` (nbformat's list-of-lines form).
    static func splitKeepingTerminators(_ text: String) -> [String] {
        var lines: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            current.unicodeScalars.append(scalar)
            if scalar == "\n" {
                lines.append(current)
                current = ""
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// Where byte `offset` of a cell's source (as joined, `Cell.source`) is written in the
    /// notebook file: inside the JSON string(s) of its `source` value, past escapes (`\n`, `\"`,
    /// `\u00e9`) and, in the list form, at the start of the next line's string after a line
    /// break. An offset at or past the source's end gives the end of its last string. For a
    /// notebook held by an editor (no bytes), 0.
    package func fileOffset(ofCell index: Int, sourceByte offset: Int) -> Int {
        let cell = cells[index]
        guard !bytes.isEmpty else { return 0 }
        var decoded = 0
        var cursor = cell.sourceRange.lowerBound
        var inString = false
        var lastStringEnd = cell.sourceRange.lowerBound
        while cursor < cell.sourceRange.upperBound {
            let byte = bytes[cursor]
            guard inString else {
                if byte == UInt8(ascii: "\"") { inString = true }
                cursor += 1
                continue
            }
            if byte == UInt8(ascii: "\"") {
                inString = false
                lastStringEnd = cursor
                cursor += 1
                continue
            }
            if decoded >= offset { return cursor }
            guard byte == UInt8(ascii: "\\"), cursor + 1 < bytes.count else {
                decoded += 1
                cursor += 1
                continue
            }
            guard bytes[cursor + 1] == UInt8(ascii: "u"), let high = hex4(at: cursor + 2) else {
                decoded += 1
                cursor += 2
                continue
            }
            if (0xD800..<0xDC00).contains(high), cursor + 12 <= bytes.count, bytes[cursor + 6] == UInt8(ascii: "\\"),
                bytes[cursor + 7] == UInt8(ascii: "u"), let low = hex4(at: cursor + 8), (0xDC00..<0xE000).contains(low)
            {
                decoded += 4
                cursor += 12
            } else {
                // A lone surrogate decodes as U+FFFD, three bytes, as JSONDocument reads it.
                decoded += high < 0x80 ? 1 : high < 0x800 ? 2 : 3
                cursor += 6
            }
        }
        return lastStringEnd
    }

    private func hex4(at index: Int) -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        return UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
    }

    /// The one-based line of the notebook file on which line `line` (zero-based) of a cell's
    /// source is written: for SARIF, whose regions point into the file as stored.
    package func fileLine(ofCell index: Int, line: Int) -> Int {
        let cell = cells[index]
        var offset = cell.sourceRange.lowerBound
        if cell.sourceIsList {
            // Find the `line`-th string element (elements are lines in the list form).
            var seen = -1
            var cursor = cell.sourceRange.lowerBound + 1
            var inString = false
            while cursor < cell.sourceRange.upperBound {
                let byte = bytes[cursor]
                if inString {
                    if byte == UInt8(ascii: "\\") {
                        cursor += 1
                    } else if byte == UInt8(ascii: "\"") {
                        inString = false
                    }
                } else if byte == UInt8(ascii: "\"") {
                    inString = true
                    seen += 1
                    offset = cursor
                    if seen == line { break }
                }
                cursor += 1
            }
        }
        return 1 + bytes[0..<offset].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }
}

/// Why a `.ipynb` file cannot be read as a notebook.
package struct NotebookError: Error, Hashable, Sendable, CustomStringConvertible {
    package var message: String
    package init(message: String) { self.message = message }
    package var description: String { message }
}
