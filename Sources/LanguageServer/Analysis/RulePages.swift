import Foundation
import LSPTypes
import LintCore
import Synchronization

/// The rule documentation the server links to (`codeDescription.href`, the hover's link): each
/// rule's page, the Markdown of `umlaut rule CODE`, written once per version into the user's
/// cache (`$XDG_CACHE_HOME/umlaut/<version>/rules/UM101.md`, else `~/.cache/...`, else the
/// temporary directory), so that the link opens a file that exists wherever the binary is
/// installed. No web address: the pages ship with the binary.
///
/// A page already there with the same text is left alone (a development build whose pages
/// changed under the same version rewrites them); a page that cannot be written gets no link
/// (better no link than a dead one).
enum RulePages {
    /// The directory of this version's pages: `override` when given (tests), else the cache.
    static func directory(
        version: String, override: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let override { return override }
        let cache: String
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            cache = xdg
        } else if let home = environment["HOME"], home.hasPrefix("/") {
            cache = home + "/.cache"
        } else {
            cache = NSTemporaryDirectory() + "umlaut-cache"
        }
        return "\(cache)/umlaut/\(version)/rules"
    }

    /// Writes the pages that are missing or differ and returns the `file:` URI of each page that
    /// exists afterwards.
    ///
    /// `stamp` names what the pages were built by (`binaryStamp`): when the directory's
    /// `.stamp` says the same and every page is there, nothing is built (building the pages runs
    /// every rule on its examples); after all pages were written, the stamp is.
    static func install(
        _ pages: [(code: RuleCode, markdown: () -> String)], in directory: String, stamp: String? = nil
    ) -> [RuleCode: String] {
        let files = FileManager.default
        let stampPath = "\(directory)/.stamp"
        func path(of code: RuleCode) -> String { "\(directory)/\(code.rawValue).md" }
        if let stamp, files.contents(atPath: stampPath) == Data(stamp.utf8),
            pages.allSatisfy({ files.fileExists(atPath: path(of: $0.code)) })
        {
            return Dictionary(
                pages.map { ($0.code, DocumentURI(filePath: path(of: $0.code)).stringValue) },
                uniquingKeysWith: { first, _ in first })
        }
        try? files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var links: [RuleCode: String] = [:]
        for page in pages {
            let path = path(of: page.code)
            let data = Data(page.markdown().utf8)
            if files.contents(atPath: path) != data {
                guard (try? data.write(to: URL(fileURLWithPath: path), options: .atomic)) != nil else { continue }
            }
            links[page.code] = DocumentURI(filePath: path).stringValue
        }
        if let stamp, links.count == pages.count {
            try? Data(stamp.utf8).write(to: URL(fileURLWithPath: stampPath), options: .atomic)
        }
        return links
    }

    /// What identifies the running binary: its size and modification time. A rebuilt binary
    /// (a development build under the same version) has another, and rebuilds the pages. Nil
    /// when it cannot be read.
    static func binaryStamp() -> String? {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return nil }
        return "\(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }

}

/// The rule pages of a server, installed (`RulePages.install`) on a thread of their own from the
/// server's start: building the pages runs every rule on its examples (`Rule.fixAvailability`),
/// about 25 ms that `initialize` used to wait for. Whoever reads `links` waits until the pages
/// are written; the first diagnostics read them only when they are converted, after their
/// document was parsed and analysed, by which time the pages are written. A binary that
/// installed its pages before finds them by their stamp and builds nothing.
final class RuleDocumentation: Sendable {
    private let result = Mutex<[RuleCode: String]>([:])
    private let written = DispatchGroup()

    /// Starts installing `pages` in `directory`.
    init(_ pages: [(code: RuleCode, markdown: () -> String)], in directory: String) {
        // The pages' closures read only the immutable rule catalogue they come from.
        nonisolated(unsafe) let pages = pages
        written.enter()
        let thread = Thread { [self] in
            let links = RulePages.install(pages, in: directory, stamp: RulePages.binaryStamp())
            result.withLock { $0 = links }
            written.leave()
        }
        thread.name = "umlaut-lsp-rule-pages"
        thread.start()
    }

    /// The `file:` URI of each rule's installed page, once they are written.
    var links: [RuleCode: String] {
        written.wait()
        return result.withLock { $0 }
    }
}
