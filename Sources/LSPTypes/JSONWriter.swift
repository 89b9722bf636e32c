/// Writes JSON text straight into bytes, for the one message the server sends after every edit:
/// `textDocument/publishDiagnostics`.
///
/// Foundation's `JSONEncoder` goes through a keyed container, a box and a protocol witness per
/// value; the fixes in each diagnostic's `data` (`LSPAny` objects nested four deep) made encoding
/// the diagnostics of a 2,000-line script 13% of the server's CPU per edit (`bench/lsp.sh`,
/// `perf`). The writer emits the same JSON value (member order aside: object members of `LSPAny`
/// are written in sorted key order, so the bytes are deterministic) and is checked against
/// `JSONEncoder` in `JSONWriterTests`.
package struct JSONWriter {
    package private(set) var bytes: [UInt8] = []

    package init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    /// Bytes that are already JSON (punctuation, a key with its quotes and colon).
    package mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    package mutating func null() { raw("null") }

    package mutating func bool(_ value: Bool) { value ? raw("true") : raw("false") }

    package mutating func int(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A number; JSON has no infinities or NaN, so those are written as `null` (where
    /// `JSONEncoder` would fail the whole message).
    package mutating func double(_ value: Double) {
        guard value.isFinite else { return null() }
        // Swift's shortest round-trip form (`0.5`, `3.0`, `1e-05`) is a JSON number.
        bytes.append(contentsOf: value.description.utf8)
    }

    /// A string with the escapes JSON requires: quote, backslash and the control characters
    /// below U+0020. Everything else, `/` and non-ASCII included, is written as UTF-8.
    package mutating func string(_ value: String) {
        bytes.append(0x22)
        var text = value
        text.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte == 0x22 || byte == 0x5C || byte < 0x20 else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                escape(byte)
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
        }
        bytes.append(0x22)
    }

    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case 0x22: raw("\\\"")
        case 0x5C: raw("\\\\")
        case 0x0A: raw("\\n")
        case 0x0D: raw("\\r")
        case 0x09: raw("\\t")
        case 0x08: raw("\\b")
        case 0x0C: raw("\\f")
        default:
            let digits: [UInt8] = Array("0123456789abcdef".utf8)
            raw("\\u00")
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
    }

    /// An object member's key and colon, with the comma before it unless it is the first.
    package mutating func key(_ name: StaticString, first: Bool = false) {
        if !first { bytes.append(0x2C) }
        bytes.append(0x22)
        raw(name)
        raw("\":")
    }

    /// A JSON array of `elements`, each written by `element`.
    package mutating func array<Element>(_ elements: [Element], _ element: (inout JSONWriter, Element) -> Void) {
        bytes.append(0x5B)
        for (index, value) in elements.enumerated() {
            if index > 0 { bytes.append(0x2C) }
            element(&self, value)
        }
        bytes.append(0x5D)
    }

    package mutating func any(_ value: LSPAny) {
        switch value {
        case .null: null()
        case .bool(let value): bool(value)
        case .int(let value): int(value)
        case .double(let value): double(value)
        case .string(let value): string(value)
        case .array(let values):
            array(values) { $0.any($1) }
        case .object(let members):
            bytes.append(0x7B)
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { bytes.append(0x2C) }
                string(key)
                bytes.append(0x3A)
                any(members[key]!)
            }
            bytes.append(0x7D)
        }
    }
}

/// A value that writes itself with `JSONWriter`; `JSONRPC.encodeNotification` takes this path for
/// the notifications that conform.
package protocol JSONWritable {
    func write(to writer: inout JSONWriter)
}

extension Position: JSONWritable {
    package func write(to writer: inout JSONWriter) {
        writer.raw("{")
        writer.key("line", first: true)
        writer.int(line)
        writer.key("character")
        writer.int(character)
        writer.raw("}")
    }
}

extension LSPRange: JSONWritable {
    package func write(to writer: inout JSONWriter) {
        writer.raw("{")
        writer.key("start", first: true)
        start.write(to: &writer)
        writer.key("end")
        end.write(to: &writer)
        writer.raw("}")
    }
}

extension Location: JSONWritable {
    package func write(to writer: inout JSONWriter) {
        writer.raw("{")
        writer.key("uri", first: true)
        writer.string(uri.stringValue)
        writer.key("range")
        range.write(to: &writer)
        writer.raw("}")
    }
}

extension Diagnostic: JSONWritable {
    package func write(to writer: inout JSONWriter) {
        writer.raw("{")
        writer.key("range", first: true)
        range.write(to: &writer)
        if let severity {
            writer.key("severity")
            writer.int(severity.rawValue)
        }
        if let code {
            writer.key("code")
            writer.string(code)
        }
        if let codeDescription {
            writer.key("codeDescription")
            writer.raw("{")
            writer.key("href", first: true)
            writer.string(codeDescription.href)
            writer.raw("}")
        }
        if let source {
            writer.key("source")
            writer.string(source)
        }
        writer.key("message")
        writer.string(message)
        if let tags {
            writer.key("tags")
            writer.array(tags) { $0.int($1.rawValue) }
        }
        if let relatedInformation {
            writer.key("relatedInformation")
            writer.array(relatedInformation) { writer, related in
                writer.raw("{")
                writer.key("location", first: true)
                related.location.write(to: &writer)
                writer.key("message")
                writer.string(related.message)
                writer.raw("}")
            }
        }
        if let data {
            writer.key("data")
            writer.any(data)
        }
        writer.raw("}")
    }
}

extension PublishDiagnosticsNotification: JSONWritable {
    package func write(to writer: inout JSONWriter) {
        writer.raw("{")
        writer.key("uri", first: true)
        writer.string(uri.stringValue)
        if let version {
            writer.key("version")
            writer.int(version)
        }
        writer.key("diagnostics")
        writer.array(diagnostics) { $1.write(to: &$0) }
        writer.raw("}")
    }
}
