import Foundation

/// The checks every request passes before it reaches a route: the per-launch token, the Host
/// header (against DNS rebinding), the Origin header (against cross-site requests) and the path
/// (against traversal). Pure functions of the request's parts, so they are tested directly and
/// through the real server.
package struct AccessPolicy: Sendable {
    /// The secret that every request must carry, as 64 lowercase hex digits.
    package let token: String
    /// The port the server listens on; Host and Origin must name it.
    package let port: Int

    package init(token: String, port: Int) {
        self.token = token
        self.port = port
    }

    /// 32 random bytes from the system's generator, as hex.
    package static func makeToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// The name of the cookie that carries the token. The port is part of it: cookies are
    /// shared between the ports of a host, and two `umlaut ui` may run at once.
    package var cookieName: String { "umlaut_ui_\(port)" }

    /// Whether a presented token is the token, comparing every byte whatever the first
    /// difference (no timing signal on how much of a guess was right).
    package func accepts(token presented: some StringProtocol) -> Bool {
        let expected = Array(token.utf8), given = Array(presented.utf8)
        var difference = UInt8(truncatingIfNeeded: expected.count ^ given.count)
        for index in 0..<expected.count {
            difference |= expected[index] ^ (index < given.count ? given[index] : 0)
        }
        return difference == 0 && expected.count == given.count
    }

    /// Whether the Host header names this server: `127.0.0.1:PORT` or `localhost:PORT`,
    /// nothing else (a rebinding attacker's name resolves to 127.0.0.1 but is sent as Host).
    package func acceptsHost(_ host: String?) -> Bool {
        guard let host else { return false }
        let lowered = host.lowercased()
        return lowered == "127.0.0.1:\(port)" || lowered == "localhost:\(port)"
    }

    /// Whether an Origin header, when present, is this server's own.
    package func acceptsOrigin(_ origin: String?) -> Bool {
        guard let origin else { return true }
        let lowered = origin.lowercased()
        return lowered == "http://127.0.0.1:\(port)" || lowered == "http://localhost:\(port)"
    }

    /// The path's segments, percent-decoded, or nil when the path could reach outside the
    /// app: not starting with `/`, empty or `.`/`..` segments (plain or encoded), encoded
    /// slashes or backslashes, control characters, invalid percent-encoding.
    package static func segments(ofPath rawPath: String) -> [String]? {
        guard rawPath.hasPrefix("/") else { return nil }
        if rawPath == "/" { return [] }
        var segments: [String] = []
        let parts = rawPath.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            // A trailing slash is harmless ("/runs/"); an empty segment inside is not ("//etc").
            if part.isEmpty {
                if index == parts.count - 1 { break }
                return nil
            }
            guard let decoded = String(part).removingPercentEncoding else { return nil }
            if decoded == "." || decoded == ".." { return nil }
            if decoded.contains("/") || decoded.contains("\\") { return nil }
            if decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return nil }
            if decoded.hasPrefix("~") { return nil }
            segments.append(decoded)
        }
        return segments
    }

    /// The token from a `Cookie` header, if it has this server's cookie.
    package func token(fromCookieHeader header: String?) -> Substring? {
        guard let header else { return nil }
        for pair in header.split(separator: ";") {
            let trimmed = pair.drop(while: { $0 == " " })
            guard let equals = trimmed.firstIndex(of: "=") else { continue }
            if trimmed[..<equals] == cookieName { return trimmed[trimmed.index(after: equals)...] }
        }
        return nil
    }

    /// The `Set-Cookie` value that stores the token: HttpOnly (no script reads it),
    /// SameSite=Strict (no other site's page sends it), for every path, for this session only.
    package var setCookie: String { "\(cookieName)=\(token); Path=/; HttpOnly; SameSite=Strict" }
}
