import LSPTypes
import LintCore

extension LanguageServer {
    /// `textDocument/hover`: the explanation of the runtime findings (`Runs/`) and of
    /// the rule on a static diagnostic, what Umlaut understood on a layer, loss or optimizer;
    /// `null` elsewhere.
    func hover(_ request: HoverRequest) async -> Hover? {
        let uri = request.textDocument.uri
        guard let unit = unit(for: uri), let snapshot = await analysis(of: unit) else { return nil }
        guard
            let offset = snapshot.map.byteOffset(
                of: request.position, in: uri, source: snapshot.source, encoding: encoding)
        else {
            return nil
        }
        let rules = Dictionary(catalogue.descriptions.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let runtime = runHover(at: request.position, in: uri, snapshot: snapshot)
        var sections = runtime.sections
        var range = runtime.range
        if let (text, bytes) = HoverContent(
            diagnostics: snapshot.result.diagnostics, model: snapshot.result.model, rules: rules,
            documentation: documentation
        ).markdown(at: offset) {
            sections.append(text)
            let location = snapshot.map.location(ofBytes: bytes, in: snapshot.source, encoding: encoding)
            range = range ?? (location?.uri == uri ? location?.range : nil)
        }
        guard !sections.isEmpty else { return nil }
        let plain = client.textDocument?.hover?.contentFormat.map { !$0.contains(.markdown) } ?? false
        return Hover(
            contents: MarkupContent(
                kind: plain ? .plaintext : .markdown, value: sections.joined(separator: "\n\n---\n\n")), range: range)
    }
}
