import Foundation
import LSPTransport
import LSPTypes
import Testing

/// `JSONRPC.encodeNotification` writes `publishDiagnostics` with `JSONWriter` instead of
/// `JSONEncoder`: the JSON must be the same value, whatever the strings and data hold.
@Suite struct JSONWriterTests {
    /// Strings with every kind of character JSON treats specially.
    static let awkward = [
        "", "plain", "quote \" and backslash \\", "slash / stays", "line\nbreak\r\ttab",
        "\u{0}\u{1}\u{8}\u{C}\u{1F} controls", "\u{7F} delete", "é ü ß", "emoji 😀 and 𝔘",
        "`Dense(10, activation=\"softmax\")` (line 3)", "# umlaut: ignore[UM101]",
    ]

    /// A deterministic generator, so that a failure can be replayed.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        mutating func string() -> String { JSONWriterTests.awkward[next(JSONWriterTests.awkward.count)] }
        mutating func position() -> Position { Position(line: next(5000), character: next(200)) }
        mutating func range() -> LSPRange { LSPRange(start: position(), end: position()) }

        mutating func any(depth: Int = 0) -> LSPAny {
            switch next(depth > 3 ? 5 : 7) {
            case 0: return .null
            case 1: return .bool(next(2) == 0)
            case 2: return .int(next(1_000_000) - 500_000)
            case 3: return .double([0.5, -2.25, 1e-5, 1.5e300, 0.1][next(5)])
            case 4: return .string(string())
            case 5: return .array((0..<next(4)).map { _ in any(depth: depth + 1) })
            default:
                var members: [String: LSPAny] = [:]
                for _ in 0..<next(5) { members[string()] = any(depth: depth + 1) }
                return .object(members)
            }
        }

        mutating func diagnostic() -> Diagnostic {
            // `"data": null` reads back as no data (JSONEncoder writes it so too): leave it out.
            let data = next(4) == 0 ? nil : any()
            let related = (0..<next(3)).map { _ in
                DiagnosticRelatedInformation(
                    location: Location(uri: DocumentURI("file:///tmp/\(string()).py"), range: range()),
                    message: string())
            }
            return Diagnostic(
                range: range(),
                severity: next(3) == 0 ? nil : DiagnosticSeverity(rawValue: 1 + next(4)),
                code: next(3) == 0 ? nil : "UM\(100 + next(400))",
                codeDescription: next(2) == 0 ? nil : CodeDescription(href: "https://example.org/rules/\(string())"),
                source: next(4) == 0 ? nil : "umlaut",
                message: string(),
                tags: next(3) == 0 ? [DiagnosticTag.unnecessary] : nil,
                relatedInformation: related.isEmpty ? nil : related,
                data: data == .null ? nil : data)
        }
    }

    private struct Message: Codable, Equatable {
        var jsonrpc: String
        var method: String
        var params: PublishDiagnosticsNotification
    }

    @Test func writesTheSameValueAsJSONEncoder() throws {
        var generator = Generator(state: 42)
        for round in 0..<200 {
            let notification = PublishDiagnosticsNotification(
                uri: DocumentURI("file:///work/\(generator.string()).py"),
                version: round % 7 == 0 ? nil : round,
                diagnostics: (0..<generator.next(6)).map { _ in generator.diagnostic() })
            let written = try JSONRPC.encodeNotification(notification)
            // The same value as JSONEncoder's text, compared as parsed JSON (member order and
            // number spelling may differ).
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            let reference = try encoder.encode(
                Message(jsonrpc: "2.0", method: PublishDiagnosticsNotification.method, params: notification))
            let parsed = try JSONSerialization.jsonObject(with: written, options: [.fragmentsAllowed]) as? NSDictionary
            let expected = try JSONSerialization.jsonObject(with: reference) as? NSDictionary
            #expect(parsed != nil && parsed == expected, "round \(round)")
            // And it reads back as the notification it came from.
            let decoded = try JSONDecoder().decode(Message.self, from: written)
            #expect(decoded.params == notification, "round \(round)")
            #expect(decoded.method == "textDocument/publishDiagnostics" && decoded.jsonrpc == "2.0")
        }
    }

    @Test func escapesWhatJSONRequiresAndNothingElse() {
        var writer = JSONWriter()
        writer.string("a\"b\\c/d\n\u{1}é😀")
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #""a\"b\\c/d\n\u0001é😀""#)
    }

    @Test func numbersJSONCannotHoldBecomeNull() throws {
        var writer = JSONWriter()
        writer.any(.array([.double(.infinity), .double(.nan), .double(0.25), .int(-3)]))
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "[null,null,0.25,-3]")
    }
}
