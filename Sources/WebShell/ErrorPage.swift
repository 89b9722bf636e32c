import Foundation

/// The shell's own small pages: errors (no database yet, a locked or damaged one, no such
/// session, a missing chart library). Every piece of text is escaped; no script.
package enum ErrorPage {
    /// HTML-escapes text for element content and quoted attribute values.
    package static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// A page with the nav header, a title and a message.
    package static func html(title: String, message: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title)) · umlaut</title>
        <link rel="stylesheet" href="/assets/shell.css"></head>
        <body><header class="umlaut-nav"><a href="/">Runs</a></header>
        <main class="umlaut-error"><h1>\(escape(title))</h1><p>\(escape(message))</p></main>
        </body></html>

        """
    }
}
