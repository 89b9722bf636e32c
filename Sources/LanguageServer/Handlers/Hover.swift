import LintCore
import LSPTypes

extension LanguageServer {
    /// `textDocument/hover`: the rule's explanation on a diagnostic, what Umlaut understood on
    /// a layer, loss or optimizer; `null` elsewhere.
    func hover(_ request: HoverRequest) -> Hover? {
        let uri = request.textDocument.uri
        guard let unit = unit(for: uri) else { return nil }
        let snapshot = analysis(of: unit)
        guard let offset = snapshot.map.byteOffset(of: request.position, in: uri, source: snapshot.source, encoding: encoding) else {
            return nil
        }
        var rules: [RuleCode: RuleDescription] = [:]
        for rule in options.rules { rules[type(of: rule).description.code] = type(of: rule).description }
        guard let (text, range) = HoverContent(diagnostics: snapshot.result.diagnostics, model: snapshot.result.model, rules: rules).markdown(at: offset) else { return nil }
        let location = snapshot.map.location(ofBytes: range, in: snapshot.source, encoding: encoding)
        let plain = client.textDocument?.hover?.contentFormat.map { !$0.contains(.markdown) } ?? false
        return Hover(
            contents: MarkupContent(kind: plain ? .plaintext : .markdown, value: text),
            range: location?.uri == uri ? location?.range : nil)
    }
}
