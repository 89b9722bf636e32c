import Foundation
import LSPTransport
import LSPTypes
import Testing

@Suite struct JSONRPCTests {
    static func body(_ text: String) -> Data { Data(text.utf8) }

    @Test func classifiesRequestsNotificationsAndResponses() {
        guard
            case .request(let id, let method, _) = JSONRPC.classify(
                Self.body(#"{"jsonrpc":"2.0","id":7,"method":"shutdown"}"#))
        else {
            Issue.record("not a request"); return
        }
        #expect(id == .number(7) && method == "shutdown")
        guard
            case .request(let stringID, _, _) = JSONRPC.classify(
                Self.body(#"{"jsonrpc":"2.0","id":"a-1","method":"x"}"#))
        else {
            Issue.record("not a request"); return
        }
        #expect(stringID == .string("a-1"))
        guard
            case .notification("initialized", _) = JSONRPC.classify(
                Self.body(#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#))
        else {
            Issue.record("not a notification"); return
        }
        guard case .response(.number(3), _) = JSONRPC.classify(Self.body(#"{"jsonrpc":"2.0","id":3,"result":null}"#))
        else {
            Issue.record("not a response"); return
        }
        guard
            case .response(.string("s"), _) = JSONRPC.classify(
                Self.body(#"{"jsonrpc":"2.0","id":"s","error":{"code":-32601,"message":"no"}}"#))
        else {
            Issue.record("not a response"); return
        }
    }

    @Test func invalidJSONIsAParseErrorWithTheIdWhenItCanBeRead() {
        guard
            case .invalid(let id, let error) = JSONRPC.classify(
                Self.body(#"{"jsonrpc":"2.0","id":12,"method":"x","params":{"#))
        else {
            Issue.record("not invalid"); return
        }
        #expect(id == .number(12))
        #expect(error.code == .parseError)
        guard case .invalid(nil, let other) = JSONRPC.classify(Data([0xFF, 0x00, 0x7B])) else {
            Issue.record("not invalid"); return
        }
        #expect(other.code == .parseError)
    }

    @Test(arguments: [
        #"[1,2]"#, #"42"#, #"{"jsonrpc":"2.0","id":true,"result":1}"#,
        #"{"jsonrpc":"2.0","method":5}"#, #"{"jsonrpc":"2.0","id":4}"#,
    ])
    func wrongShapesAreInvalidRequests(text: String) {
        guard case .invalid(_, let error) = JSONRPC.classify(Self.body(text)) else {
            Issue.record("\(text) was accepted"); return
        }
        #expect(error.code == .invalidRequest)
    }

    @Test(arguments: [
        #"{"jsonrpc":"2.0","id":{"a":1},"method":"x"}"#, #"{"jsonrpc":"2.0","id":[1],"method":"x"}"#,
        #"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#, #"{"jsonrpc":"2.0","id":true,"method":"x"}"#,
        #"{"jsonrpc":"2.0","id":null,"method":"x"}"#,
    ])
    func requestsWithInvalidIDsAreInvalidRequestsToAnswerWithIDNull(text: String) {
        guard case .requestWithInvalidID(let error) = JSONRPC.classify(Self.body(text)) else {
            Issue.record("\(text) was not a request with an invalid id"); return
        }
        #expect(error.code == .invalidRequest)
        let answer = String(decoding: JSONRPC.encodeError(error, id: nil), as: UTF8.self)
        #expect(answer.contains(#""id":null"#) && answer.contains("-32600"))
    }

    @Test(arguments: [
        #"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///a.py"},"position":"x"}}"#,
        #"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///a.py"},"position":{"line":1.5,"character":0}}}"#,
        #"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///a.py"},"position":{"line":1}}}"#,
        #"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":{"uri":null},"position":{"line":1,"character":0}}}"#,
        #"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":[1,2]}"#,
        #"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///a.py"},"position":{"line":99999999999999999999,"character":0}}}"#,
    ])
    func invalidParamsErrorsSayWhatIsWrongWithoutSwiftTypeNames(text: String) {
        do {
            _ = try JSONRPC.decodeParams(HoverRequest.self, from: Self.body(text))
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.code == .invalidParams)
            for leak in ["Swift", "Dictionary", "CodingKeys", "DecodingError", "Int", "Double", "Position", "<", "("] {
                #expect(!error.message.contains(leak), "\(error.message)")
            }
            #expect(error.message.hasPrefix("invalid params for textDocument/hover: params"))
        }
    }

    @Test func decodesTypedParams() throws {
        let body = Self.body(
            #"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///a.py"},"position":{"line":2,"character":5},"extra":true}}"#
        )
        let hover = try JSONRPC.decodeParams(HoverRequest.self, from: body)
        #expect(hover.position == Position(line: 2, character: 5))
        #expect(hover.textDocument.uri.filePath == "/a.py")
    }

    @Test func paramsOfTheWrongTypeAreInvalidParamsNamingThePath() {
        let body = Self.body(
            #"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///a.py"},"position":{"line":"two","character":5}}}"#
        )
        #expect {
            _ = try JSONRPC.decodeParams(HoverRequest.self, from: body)
        } throws: { error in
            guard let error = error as? ResponseError else { return false }
            return error.code == .invalidParams && error.message.contains(" params.position.line is not")
        }
    }

    @Test func absentParamsDecodeForMessagesWithoutParameters() throws {
        _ = try JSONRPC.decodeParams(
            ShutdownRequest.self, from: Self.body(#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#))
        _ = try JSONRPC.decodeParams(
            InitializedNotification.self, from: Self.body(#"{"jsonrpc":"2.0","method":"initialized","params":null}"#))
    }

    @Test func encodesNullResultsAndErrorsWithNullIds() throws {
        let null = try JSONRPC.encodeResponse(Optional<Hover>.none, id: .number(1))
        #expect(String(decoding: null, as: UTF8.self).contains(#""result":null"#))
        let void = try JSONRPC.encodeResponse(VoidResponse(), id: .string("x"))
        #expect(String(decoding: void, as: UTF8.self).contains(#""result":null"#))
        let error = JSONRPC.encodeError(.parseError("bad"), id: nil)
        let object = try JSONSerialization.jsonObject(with: error) as? [String: Any]
        #expect(object?["id"] is NSNull)
        #expect((object?["error"] as? [String: Any])?["code"] as? Int == -32700)
    }

    @Test func decodesResultsAndErrorsOfResponses() throws {
        let ok = JSONRPC.decodeResult(
            [LSPAny].self, from: Self.body(#"{"jsonrpc":"2.0","id":1,"result":[{"a":1},null]}"#))
        #expect(try ok.get() == [.object(["a": .int(1)]), .null])
        let failed = JSONRPC.decodeResult(
            VoidResponse.self, from: Self.body(#"{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"nope"}}"#))
        #expect(throws: ResponseError.self) { try failed.get() }
        let void = JSONRPC.decodeResult(VoidResponse.self, from: Self.body(#"{"jsonrpc":"2.0","id":1,"result":null}"#))
        #expect((try? void.get()) != nil)
    }
}
