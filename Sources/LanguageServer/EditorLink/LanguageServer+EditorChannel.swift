import EditorLink
import Foundation
import LSPTypes
import PythonSyntax

/// The page → editor half of the link: the server's end of `EditorChannel`.
///
/// A request names a file and a range (lines from 0, characters in UTF-16 code units). It is
/// refused unless the file is a regular file inside one of the workspace folders (symbolic links
/// resolved) and the range is ordered, not negative and within the file's lines; its characters
/// are converted to the negotiated encoding, and the client is sent `window/showDocument` with
/// the range selected and `takeFocus`. The channel's answer is the client's: `ok` when it says it
/// showed the document. A client that never answers is given up after
/// `EditorLinkFeature.showDocumentTimeout`; nothing waits on the actor meanwhile.
extension LanguageServer {
    /// Opens the channel for the workspace folders, if the client can show documents.
    func startEditorChannel() {
        guard link.listener == nil, client.window?.showDocument?.support == true else { return }
        let paths = folders.map(\.path)
        guard !paths.isEmpty else { return }
        do {
            link.listener = try EditorChannelListener(folders: paths) { [weak self] request in
                guard let self else { return .refused("the language server has ended") }
                return await self.showFromChannel(request)
            }
            log(.info, "editor channel: listening on \(link.listener?.socketPath ?? "?")")
        } catch {
            log(.warning, "editor channel: could not listen: \(error)")
        }
    }

    /// Closes the channel and removes its socket and advertisements.
    func stopEditorChannel() {
        link.listener?.stop()
        link.listener = nil
    }

    /// Shows the place a channel request names, and answers how it went.
    func showFromChannel(_ request: EditorChannel.Request) async -> EditorChannel.Reply {
        guard phase == .running else { return .refused("the language server is not running") }
        let uri = request.uri.hasPrefix("/") ? DocumentURI(filePath: request.uri) : DocumentURI(request.uri)
        guard let path = uri.filePath else { return .refused("not a file URI: \(request.uri)") }
        let canonical = RunsFeature.canonicalPath(path)
        let inside = folders.contains { folder in
            let root = RunsFeature.canonicalPath(folder.path)
            return root == "/" || canonical.hasPrefix(root + "/")
        }
        guard inside else { return .refused("\(path) is outside the workspace folders") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: canonical, isDirectory: &isDirectory), !isDirectory.boolValue,
            let bytes = FileManager.default.contents(atPath: canonical)
        else { return .refused("\(path) is not a readable file") }
        let range = request.range
        let numbers = [range.start.line, range.start.character, range.end.line, range.end.character]
        guard numbers.allSatisfy({ $0 >= 0 }),
            (range.start.line, range.start.character) <= (range.end.line, range.end.character)
        else { return .refused("not a range: \(range)") }
        let text = SourceText(Array(bytes))
        guard range.end.line < text.lineIndex.lineCount else {
            return .refused("line \(range.end.line + 1) is past the end of \(path) (\(text.lineIndex.lineCount) lines)")
        }
        let selection = convertFromUTF16(range, in: text)
        let target = documents.keys.first { $0.filePath.map(RunsFeature.canonicalPath) == canonical } ?? uri
        log(.info, "editor channel: showing \(target) at \(selection)")
        let answer = await answerWithin(EditorLinkFeature.showDocumentTimeout) {
            await self.sendRequest(ShowDocumentRequest(uri: target, takeFocus: true, selection: selection))
        }
        switch answer {
        case .success(let result)??:
            return result.success ? .done : .refused("the editor did not show \(path)")
        case .failure(let error)??:
            return .refused("the editor refused: \(error.message)")
        case .some(.none):
            return .refused("the editor session ended")
        case .none:
            return .refused("the editor did not answer window/showDocument in time")
        }
    }

    /// The range in the negotiated encoding of a range counted in UTF-16 code units.
    private func convertFromUTF16(_ range: EditorChannel.Range, in text: SourceText) -> LSPRange {
        func convert(_ position: EditorChannel.Position) -> Position {
            let utf16 = Position(line: position.line, character: position.character)
            guard encoding != .utf16 else { return utf16 }
            let byte = PositionConverter(text, encoding: .utf16).byteOffset(of: utf16)
            return PositionConverter(text, encoding: encoding).position(ofByte: byte)
        }
        return LSPRange(start: convert(range.start), end: convert(range.end))
    }
}

/// `operation`'s result, or nil when it did not finish within `limit` (it goes on, unawaited).
private func answerWithin<T: Sendable>(
    _ limit: Duration, _ operation: @escaping @Sendable () async -> T
) async -> T? {
    let once = Once<T?>()
    return await withCheckedContinuation { continuation in
        once.set(continuation)
        Task { once.resume(await operation()) }
        Task {
            try? await Task.sleep(for: limit)
            once.resume(nil)
        }
    }
}

/// Resumes a continuation exactly once, whoever comes first.
private final class Once<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, Never>?
    private var early: T??

    func set(_ continuation: CheckedContinuation<T, Never>) {
        lock.lock()
        if let early {
            lock.unlock()
            continuation.resume(returning: early!)
            return
        }
        self.continuation = continuation
        lock.unlock()
    }

    func resume(_ value: T) {
        lock.lock()
        if let continuation {
            self.continuation = nil
            early = .some(value)
            lock.unlock()
            continuation.resume(returning: value)
            return
        }
        if early == nil { early = .some(value) }
        lock.unlock()
    }
}
