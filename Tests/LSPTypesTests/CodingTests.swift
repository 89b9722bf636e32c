import Foundation
import LSPTypes
import Testing

@Suite struct CodingTests {
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }

    @Test func requestIDsAreNumbersOrStrings() throws {
        #expect(try Self.decode(RequestID.self, "5") == .number(5))
        #expect(try Self.decode(RequestID.self, #""5""#) == .string("5"))
        #expect(throws: DecodingError.self) { try Self.decode(RequestID.self, "[5]") }
        #expect(try Self.json(RequestID.number(3)) == "3")
    }

    @Test func anyJSONRoundTrips() throws {
        let text = #"{"a":[1,2.5,"x",true,null],"b":{"c":-3}}"#
        let value = try Self.decode(LSPAny.self, text)
        #expect(value["b"]?["c"] == .int(-3))
        #expect(value["a"]?.arrayValue?[1] == .double(2.5))
        #expect(value["a"]?.arrayValue?[3] == .bool(true))
        #expect(try Self.json(value) == text)
    }

    @Test func workspaceEditChangesAreKeyedByURI() throws {
        let edit = WorkspaceEdit(changes: [
            DocumentURI("file:///a.py"): [
                TextEdit(
                    range: LSPRange(start: .init(line: 0, character: 0), end: .init(line: 0, character: 1)),
                    newText: "x")
            ]
        ])
        let text = try Self.json(edit)
        #expect(text.hasPrefix(#"{"changes":{"file:///a.py":[{"#))
        #expect(try Self.decode(WorkspaceEdit.self, text) == edit)
    }

    @Test func nullableVersionsAreAlwaysEncoded() throws {
        let identifier = OptionalVersionedTextDocumentIdentifier(uri: DocumentURI("file:///a.py"), version: nil)
        #expect(try Self.json(identifier) == #"{"uri":"file:///a.py","version":null}"#)
        let report = WorkspaceDocumentDiagnosticReport(
            uri: DocumentURI("file:///b.py"), version: nil, kind: .full, resultId: "1", items: [])
        #expect(try Self.json(report).contains(#""version":null"#))
    }

    @Test func diagnosticsFromOtherToolsDecode() throws {
        // Numeric codes and unknown severities must not make a code action request fail.
        let diagnostic = try Self.decode(
            Diagnostic.self,
            #"{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}},"message":"m","code":501,"severity":"high","data":{"x":1}}"#
        )
        #expect(diagnostic.code == "501")
        #expect(diagnostic.severity == nil)
        #expect(diagnostic.data?["x"] == .int(1))
    }

    @Test func codeActionContextsSkipMangledDiagnostics() throws {
        let text =
            #"{"diagnostics":[{"message":"no range"},{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}},"message":"ok"}],"only":["quickfix"]}"#
        let context = try Self.decode(CodeActionContext.self, text)
        #expect(context.diagnostics.map(\.message) == ["ok"])
        #expect(context.only == [.quickFix])
        // Lua clients encode an empty list as an empty object.
        #expect(try Self.decode(CodeActionContext.self, #"{"diagnostics":{}}"#).diagnostics.isEmpty)
    }

    @Test func codeActionResolveParamsAreTheActionItself() throws {
        let action = CodeAction(title: "Fix", kind: .quickFix, data: .object(["k": .string("v")]))
        let request = CodeActionResolveRequest(codeAction: action)
        #expect(try Self.json(request) == Self.json(action))
        #expect(try Self.decode(CodeActionResolveRequest.self, Self.json(action)).codeAction == action)
    }

    @Test func codeActionKindsNest() {
        #expect(CodeActionKind.sourceFixAllUmlaut.isIncluded(in: .source))
        #expect(CodeActionKind.sourceFixAllUmlaut.isIncluded(in: .sourceFixAll))
        #expect(!CodeActionKind.quickFix.isIncluded(in: .source))
        #expect(!CodeActionKind(rawValue: "sourcefoo").isIncluded(in: .source))
    }

    @Test func fileURIsGiveTheirPath() {
        #expect(DocumentURI("file:///home/me/my%20project/train.py").filePath == "/home/me/my project/train.py")
        #expect(DocumentURI("untitled:Untitled-1").filePath == nil)
        #expect(DocumentURI(filePath: "/tmp/a b.py").stringValue == "file:///tmp/a%20b.py")
    }

    @Test func progressTokensAreNumbersOrStringsAndProgressLeavesOutWhatIsAbsent() throws {
        #expect(try Self.decode(ProgressToken.self, "7") == .number(7))
        #expect(try Self.decode(ProgressToken.self, #""umlaut-run-1""#) == .string("umlaut-run-1"))
        #expect(throws: DecodingError.self) { try Self.decode(ProgressToken.self, "{}") }
        let begin = ProgressNotification(
            token: .string("t"), value: .begin("Umlaut: train.py", message: "starting", cancellable: true))
        #expect(
            try Self.json(begin)
                == #"{"token":"t","value":{"cancellable":true,"kind":"begin","message":"starting","title":"Umlaut: train.py"}}"#
        )
        #expect(try Self.json(WorkDoneProgress.end()) == #"{"kind":"end"}"#)
    }

    @Test func executeCommandTakesAnyArgumentsAndCodeActionsCarryCommands() throws {
        let request = try Self.decode(
            ExecuteCommandRequest.self,
            #"{"command":"umlaut.run","arguments":["file:///a.py",["--epochs","3"]],"workDoneToken":4}"#)
        #expect(request.arguments?[1] == .array([.string("--epochs"), .string("3")]))
        #expect(request.workDoneToken == .number(4))
        let action = CodeAction(
            title: "Run", kind: .quickFix,
            command: Command(title: "Run", command: "umlaut.run", arguments: [.string("file:///a.py")]))
        #expect(
            try Self.json(action)
                == #"{"command":{"arguments":["file:///a.py"],"command":"umlaut.run","title":"Run"},"kind":"quickfix","title":"Run"}"#
        )
        #expect(try Self.json(ExecuteCommandOptions(commands: ["umlaut.run"])) == #"{"commands":["umlaut.run"]}"#)
    }
}
