import Foundation

/// What a README says a project is: its title and first paragraph, markdown (or reStructuredText
/// underlines) stripped. HTML in it is kept as text: whoever shows it escapes it.
package struct ReadmeSummary: Hashable, Sendable {
    package var title: String?
    package var summary: String?

    /// The README names the indexer looks for, best first.
    package static func isReadme(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower == "readme" || lower.hasPrefix("readme.")
    }

    package init(text: String) {
        var title: String?
        var paragraph: [String] = []
        var inFence = false
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false)
        var index = 0
        while index < lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            index += 1
            if line.hasPrefix("```") || line.hasPrefix("~~~") {
                inFence.toggle()
                continue
            }
            if inFence { continue }
            let next = index < lines.count ? lines[index].trimmingCharacters(in: .whitespaces) : ""
            let isUnderline = { (text: String) in
                text.count >= 3 && Set(text).count == 1 && "=-~#*^".contains(text.first!)
            }
            if isUnderline(line) { continue }
            if line.hasPrefix("#") || (!line.isEmpty && isUnderline(next)) {
                let heading = Self.strip(line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces))
                if !paragraph.isEmpty { break }
                if title == nil, !heading.isEmpty { title = heading }
                continue
            }
            if line.isEmpty {
                if !paragraph.isEmpty { break }
                continue
            }
            // Badges, images and HTML-only lines are not the summary.
            let stripped = Self.strip(line)
            if stripped.isEmpty || line.hasPrefix("[![") || line.hasPrefix("![") || line.hasPrefix(".. ")
                || line.hasPrefix("|") || line.hasPrefix("<")
            {
                if !paragraph.isEmpty { break }
                continue
            }
            paragraph.append(stripped)
        }
        self.title = title
        let joined = paragraph.joined(separator: " ")
        summary = joined.isEmpty ? nil : String(joined.prefix(600))
    }

    /// Markdown emphasis, code marks and links reduced to their text.
    static func strip(_ line: String) -> String {
        var text = line
        // [text](url) and ![alt](url) → text.
        if let links = try? NSRegularExpression(pattern: #"!?\[([^\]]*)\]\([^)]*\)"#) {
            text = links.stringByReplacingMatches(
                in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "$1")
        }
        for mark in ["**", "__", "`", "*"] { text = text.replacingOccurrences(of: mark, with: "") }
        if text.hasPrefix("> ") { text.removeFirst(2) }
        if text.hasPrefix("- ") || text.hasPrefix("+ ") { text.removeFirst(2) }
        return text.trimmingCharacters(in: .whitespaces)
    }
}

/// The licence of a LICENSE text, by the sentences each licence is known by.
package enum LicenceSignature {
    package static func isLicenceFile(_ name: String) -> Bool {
        let lower = name.lowercased()
        return ["license", "licence", "copying"].contains {
            lower == $0 || lower.hasPrefix($0 + ".") || lower.hasPrefix($0 + "-")
        }
    }

    /// `MIT`, `Apache-2.0`, `BSD-3-Clause`, ..., or nil when no signature is found.
    package static func identify(_ text: String) -> String? {
        let t = text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if t.contains("apache license") && t.contains("version 2.0") { return "Apache-2.0" }
        if t.contains("gnu affero general public license") { return "AGPL-3.0" }
        if t.contains("gnu lesser general public license") { return t.contains("version 3") ? "LGPL-3.0" : "LGPL-2.1" }
        if t.contains("gnu general public license") {
            return t.contains("version 3") ? "GPL-3.0" : t.contains("version 2") ? "GPL-2.0" : "GPL"
        }
        if t.contains("mozilla public license") && t.contains("2.0") { return "MPL-2.0" }
        if t.contains("permission is hereby granted, free of charge") { return "MIT" }
        if t.contains("redistribution and use in source and binary forms") {
            return t.contains("neither the name") || t.contains("names of its contributors")
                ? "BSD-3-Clause" : "BSD-2-Clause"
        }
        if t.contains("this is free and unencumbered software released into the public domain") { return "Unlicense" }
        if t.contains("creative commons") && t.contains("attribution") { return "CC-BY" }
        if t.contains("permission to use, copy, modify, and/or distribute this software for any purpose") {
            return "ISC"
        }
        return nil
    }
}

/// arXiv identifiers and DOIs named in a text.
package enum References {
    private static let arxiv = try! NSRegularExpression(
        pattern: #"(?:arxiv(?:\.org/(?:abs|pdf)/|:\s?))(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})"#,
        options: [.caseInsensitive])
    private static let doi = try! NSRegularExpression(pattern: #"\b(10\.\d{4,9}/[^\s"'<>\])]+[^\s"'<>\]).,;])"#)

    /// `arXiv:1505.04597`, `doi:10.1109/CVPR.2016.90`, each with its 1-based line, in order.
    package static func find(in text: String) -> [(reference: String, line: Int)] {
        var found: [(String, Int)] = []
        var seen: Set<String> = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(line)
            let range = NSRange(line.startIndex..., in: line)
            for match in arxiv.matches(in: line, range: range) {
                guard let id = Range(match.range(at: 1), in: line) else { continue }
                let reference = "arXiv:" + line[id]
                if seen.insert(reference).inserted { found.append((reference, number + 1)) }
            }
            for match in doi.matches(in: line, range: range) {
                guard let id = Range(match.range(at: 1), in: line) else { continue }
                let reference = "doi:" + line[id]
                if seen.insert(reference.lowercased()).inserted { found.append((reference, number + 1)) }
            }
        }
        return found
    }
}
