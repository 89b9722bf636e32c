/// Fills in the `edit` of a code action sent without one; the params are the action itself.
public struct CodeActionResolveRequest: RequestType, Hashable {
    public static let method = "codeAction/resolve"
    public typealias Response = CodeAction

    public var codeAction: CodeAction

    public init(codeAction: CodeAction) { self.codeAction = codeAction }

    public init(from decoder: any Decoder) throws {
        codeAction = try CodeAction(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try codeAction.encode(to: encoder)
    }
}
