import Foundation
import LSPTypes

/// A message body classified by its JSON-RPC envelope, its `params` or `result` not yet decoded.
///
/// Decoding is in two steps so that the transport need not know every message type: the
/// envelope says what the message is, and whoever handles the method decodes the typed params
/// from the same body with `JSONRPC.decodeParams`.
package enum IncomingMessage: Sendable {
    case request(id: RequestID, method: String, body: Data)
    case notification(method: String, body: Data)
    /// An answer to a request the server sent; decode it with `JSONRPC.decodeResult`.
    case response(id: RequestID, body: Data)
    /// Not a valid message. `id` is the request's id when it could be read, so that the error can
    /// be answered; otherwise the error can only be logged.
    case invalid(id: RequestID?, error: ResponseError)
    /// A request (it has a method) whose id is `null`, a fractional number, a boolean, an array or
    /// an object: JSON-RPC 2.0 answers it with `InvalidRequest` and `"id": null`, since the id
    /// cannot be echoed.
    case requestWithInvalidID(error: ResponseError)
}

/// JSON-RPC 2.0 encoding and decoding, as pure functions over message bodies.
package enum JSONRPC {
    /// Reads a body's envelope: what kind of message it is, its id and method.
    package static func classify(_ body: Data) -> IncomingMessage {
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: body)
        } catch DecodingError.typeMismatch, DecodingError.valueNotFound, DecodingError.keyNotFound {
            return .invalid(id: nil, error: .invalidRequest("a JSON-RPC message must be a JSON object"))
        } catch {
            return .invalid(id: salvageID(from: body), error: .parseError("the message is not valid JSON"))
        }
        if case .invalid(let kind) = envelope.id {
            let error = ResponseError.invalidRequest("the message's id is \(kind), not an integer or a string")
            return envelope.method != nil ? .requestWithInvalidID(error: error) : .invalid(id: nil, error: error)
        }
        let id: RequestID? = if case .valid(let id) = envelope.id { id } else { nil }
        if let method = envelope.method {
            if let id { return .request(id: id, method: method, body: body) }
            if case .null = envelope.id {
                return .requestWithInvalidID(
                    error: .invalidRequest("a request's id must not be null (method \(method))"))
            }
            return .notification(method: method, body: body)
        }
        if envelope.methodHasWrongType {
            return .invalid(id: id, error: .invalidRequest("the message's method is not a string"))
        }
        if let id, envelope.hasResultOrError { return .response(id: id, body: body) }
        return .invalid(
            id: id, error: .invalidRequest("the message is neither a request, a notification nor a response"))
    }

    /// Decodes a message's `params` as `M`. Absent or null params decode as an empty object, so
    /// that messages without parameters (`shutdown`, `initialized`) accept both.
    package static func decodeParams<M: MessageType>(_ type: M.Type, from body: Data) throws(ResponseError) -> M {
        do {
            let envelope = try JSONDecoder().decode(ParamsEnvelope<M>.self, from: body)
            if let params = envelope.params { return params }
            return try JSONDecoder().decode(M.self, from: Data("{}".utf8))
        } catch let error as DecodingError {
            throw .invalidParams("invalid params for \(M.method): \(describe(error))")
        } catch {
            throw .invalidParams("invalid params for \(M.method): params could not be read")
        }
    }

    /// Decodes the `result` (or `error`) of a response.
    package static func decodeResult<R: Decodable>(_ type: R.Type, from body: Data) -> Result<R, ResponseError> {
        do {
            let envelope = try JSONDecoder().decode(ResultEnvelope<R>.self, from: body)
            if let error = envelope.error { return .failure(error) }
            if let result = envelope.result { return .success(result) }
            // `result: null` for an optional or void type.
            return .success(try JSONDecoder().decode(R.self, from: Data("null".utf8)))
        } catch let error as DecodingError {
            return .failure(.invalidParams("invalid result: \(describe(error))"))
        } catch {
            return .failure(.internalError("invalid result: the result could not be read"))
        }
    }

    // MARK: Encoding

    package static func encodeRequest<R: RequestType>(_ request: R, id: RequestID) throws -> Data {
        try encoder().encode(OutgoingRequest(id: id, method: R.method, params: request))
    }

    package static func encodeNotification<N: NotificationType>(_ notification: N) throws -> Data {
        // Diagnostics are sent after every edit: written directly (see `JSONWriter`).
        if let writable = notification as? any JSONWritable {
            var writer = JSONWriter()
            writer.raw("{")
            writer.key("jsonrpc", first: true)
            writer.string("2.0")
            writer.key("method")
            writer.string(N.method)
            writer.key("params")
            writable.write(to: &writer)
            writer.raw("}")
            return Data(writer.bytes)
        }
        return try encoder().encode(OutgoingNotification(method: N.method, params: notification))
    }

    package static func encodeResponse<R: Encodable>(_ result: R, id: RequestID) throws -> Data {
        try encoder().encode(OutgoingResponse(id: id, result: result))
    }

    /// An error response; `id` nil becomes `"id": null`, for errors about unreadable requests.
    package static func encodeError(_ error: ResponseError, id: RequestID?) -> Data {
        // Encoding our own plain struct cannot fail; fall back to a fixed text all the same.
        (try? encoder().encode(OutgoingError(id: id, error: error)))
            ?? Data(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"internal error"}}"#.utf8)
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }

    /// A short, readable account of a decoding failure: the path and what was wrong, in JSON's
    /// terms (an object, a string, a number), never Swift's type names.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            // The path starts at the message, with `params` first.
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "params" : String(keys.dropFirst())
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context)).\(key.stringValue) is missing"
        case .typeMismatch(let type, let context): return "\(path(context)) is not \(jsonKind(type))"
        case .valueNotFound(let type, let context): return "\(path(context)) is null, expected \(jsonKind(type))"
        case .dataCorrupted(let context):
            // Foundation's own texts name Swift types ("Cannot initialize Kind from invalid String
            // value"); ours (thrown by LSPTypes' decoders) are written for the client.
            let text = context.debugDescription
            if text.contains("does not fit") || text.contains("Parsed JSON number")
                || text.contains("not representable")
            {
                return "\(path(context)) holds a number that is out of range or not an integer"
            }
            if text.contains("Swift") || text.hasPrefix("Cannot initialize") {
                return "\(path(context)) has a value that is not allowed here"
            }
            if context.codingPath.isEmpty, text.contains("valid JSON") {
                // The body is valid JSON (it was classified first): Foundation says this, with no
                // path, of a number its target type cannot hold.
                return
                    "params hold a value that cannot be read: a number out of range, or a fraction where an integer is expected"
            }
            return "\(path(context)): \(text)"
        @unknown default: return "params could not be read"
        }
    }

    /// What JSON value a decoder expected, for a Swift type it wanted.
    static func jsonKind(_ type: Any.Type) -> String {
        let name = String(describing: type)
        if name.hasPrefix("Dictionary") || name.hasPrefix("[") && name.contains(":") { return "an object" }
        if name.hasPrefix("Array") || name.hasPrefix("[") || name.hasPrefix("ContiguousArray") { return "an array" }
        switch name {
        case "String", "Substring", "Character", "DocumentURI": return "a string"
        case "Bool": return "a boolean"
        case "Int", "Int8", "Int16", "Int32", "Int64", "UInt", "UInt8", "UInt16", "UInt32", "UInt64":
            return "an integer"
        case "Double", "Float", "Decimal": return "a number"
        default: return "a value of the expected kind"
        }
    }

    /// The id of a request whose JSON does not parse, if it can be read anyway: the first
    /// `"id"` member followed by an integer or a simple string.
    static func salvageID(from body: Data) -> RequestID? {
        let bytes = [UInt8](body)
        let key = Array(#""id""#.utf8)
        guard let range = bytes.firstRange(of: key) else { return nil }
        var index = range.upperBound
        func skipSpaces() {
            while index < bytes.count,
                bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D
            { index += 1 }
        }
        skipSpaces()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
        index += 1
        skipSpaces()
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "\"") {
            let start = index + 1
            guard let end = bytes[start...].firstIndex(of: UInt8(ascii: "\"")), end - start <= 256 else { return nil }
            let text = bytes[start..<end]
            guard !text.contains(UInt8(ascii: "\\")), let string = String(validating: text, as: UTF8.self) else {
                return nil
            }
            return .string(string)
        }
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
        guard index > start, index - start <= 18 else { return nil }
        if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) {
            return nil
        }
        return Int(String(decoding: bytes[start..<index], as: UTF8.self)).map { .number($0) }
    }
}

// MARK: - Envelopes

/// What is read of every message before its params.
private struct Envelope: Decodable {
    enum ID {
        case absent
        case null
        case valid(RequestID)
        case invalid(String)
    }

    var id: ID = .absent
    var method: String?
    var methodHasWrongType = false
    var hasResultOrError = false

    enum CodingKeys: String, CodingKey { case id, method, result, error }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.id) {
            if try container.decodeNil(forKey: .id) {
                id = .null
            } else if let valid = try? container.decode(RequestID.self, forKey: .id) {
                id = .valid(valid)
            } else if (try? container.decode(Double.self, forKey: .id)) != nil {
                id = .invalid("a fractional number")
            } else if (try? container.decode(Bool.self, forKey: .id)) != nil {
                id = .invalid("a boolean")
            } else {
                id = .invalid("an array or object")
            }
        }
        if container.contains(.method) {
            if let method = try? container.decode(String.self, forKey: .method) {
                self.method = method
            } else {
                methodHasWrongType = true
            }
        }
        hasResultOrError = container.contains(.result) || container.contains(.error)
    }
}

private struct ParamsEnvelope<P: Decodable>: Decodable {
    var params: P?

    enum CodingKeys: String, CodingKey { case params }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.params), try !container.decodeNil(forKey: .params) {
            params = try container.decode(P.self, forKey: .params)
        }
    }
}

private struct ResultEnvelope<R: Decodable>: Decodable {
    var result: R?
    var error: ResponseError?

    enum CodingKeys: String, CodingKey { case result, error }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.error), try !container.decodeNil(forKey: .error) {
            error = try container.decode(ResponseError.self, forKey: .error)
        } else if container.contains(.result), try !container.decodeNil(forKey: .result) {
            result = try container.decode(R.self, forKey: .result)
        }
    }
}

private struct OutgoingRequest<P: Encodable>: Encodable {
    let jsonrpc = "2.0"
    let id: RequestID
    let method: String
    let params: P
}

private struct OutgoingNotification<P: Encodable>: Encodable {
    let jsonrpc = "2.0"
    let method: String
    let params: P
}

private struct OutgoingResponse<R: Encodable>: Encodable {
    let id: RequestID
    let result: R

    enum CodingKeys: String, CodingKey { case jsonrpc, id, result }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("2.0", forKey: .jsonrpc)
        try container.encode(id, forKey: .id)
        // Always present, `null` for optional and void results.
        try container.encode(result, forKey: .result)
    }
}

private struct OutgoingError: Encodable {
    let id: RequestID?
    let error: ResponseError

    enum CodingKeys: String, CodingKey { case jsonrpc, id, error }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("2.0", forKey: .jsonrpc)
        try container.encode(id, forKey: .id)
        try container.encode(error, forKey: .error)
    }
}
