/// Fills in the `edit` of a code action sent without one; the params are the action itself.
package struct CodeActionResolveRequest: RequestType, Hashable {
    package static let method = "codeAction/resolve"
    package typealias Response = CodeAction

    package var codeAction: CodeAction

    package init(codeAction: CodeAction) { self.codeAction = codeAction }

    package init(from decoder: any Decoder) throws {
        codeAction = try CodeAction(from: decoder)
    }

    package func encode(to encoder: any Encoder) throws {
        try codeAction.encode(to: encoder)
    }
}
