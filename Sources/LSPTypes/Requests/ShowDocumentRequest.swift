/// Server to client: shows a document in the editor (with `selection` selected) or, when
/// `external`, opens a URI in the program the system chooses (a web page in the browser). Only
/// for clients whose `window.showDocument.support` capability is true.
package struct ShowDocumentRequest: RequestType, Hashable {
    package static let method = "window/showDocument"
    package typealias Response = ShowDocumentResult

    package var uri: DocumentURI
    package var external: Bool?
    package var takeFocus: Bool?
    package var selection: LSPRange?

    package init(uri: DocumentURI, external: Bool? = nil, takeFocus: Bool? = nil, selection: LSPRange? = nil) {
        self.uri = uri
        self.external = external
        self.takeFocus = takeFocus
        self.selection = selection
    }
}

/// The client's answer to `window/showDocument`: whether it showed the document.
package struct ShowDocumentResult: Hashable, Sendable, Codable {
    package var success: Bool
    package init(success: Bool) { self.success = success }
}
