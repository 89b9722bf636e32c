import Testing
import WebShell

@Suite struct AccessPolicyTests {
    let policy = AccessPolicy(token: String(repeating: "ab", count: 32), port: 4242)

    @Test func tokensAre32RandomBytesInHex() {
        let first = AccessPolicy.makeToken(), second = AccessPolicy.makeToken()
        #expect(first.count == 64)
        #expect(first.allSatisfy { $0.isHexDigit })
        #expect(first != second)
    }

    @Test func acceptsOnlyTheWholeToken() {
        #expect(policy.accepts(token: String(repeating: "ab", count: 32)))
        #expect(!policy.accepts(token: String(repeating: "ab", count: 31)))
        #expect(!policy.accepts(token: String(repeating: "ab", count: 32) + "a"))
        #expect(!policy.accepts(token: String(repeating: "ab", count: 31) + "ac"))
        #expect(!policy.accepts(token: ""))
    }

    @Test func hostMustBeLoopbackWithThePort() {
        #expect(policy.acceptsHost("127.0.0.1:4242"))
        #expect(policy.acceptsHost("localhost:4242"))
        #expect(policy.acceptsHost("LOCALHOST:4242"))
        #expect(!policy.acceptsHost("127.0.0.1"))
        #expect(!policy.acceptsHost("127.0.0.1:4243"))
        #expect(!policy.acceptsHost("evil.example:4242"))
        #expect(!policy.acceptsHost("localhost.evil.example:4242"))
        #expect(!policy.acceptsHost("0.0.0.0:4242"))
        #expect(!policy.acceptsHost(nil))
    }

    @Test func originWhenPresentMustBeThisServer() {
        #expect(policy.acceptsOrigin(nil))
        #expect(policy.acceptsOrigin("http://127.0.0.1:4242"))
        #expect(policy.acceptsOrigin("http://localhost:4242"))
        #expect(!policy.acceptsOrigin("null"))
        #expect(!policy.acceptsOrigin("http://evil.example"))
        #expect(!policy.acceptsOrigin("https://127.0.0.1:4242"))
        #expect(!policy.acceptsOrigin("http://127.0.0.1:4243"))
    }

    @Test func pathsThatCouldLeaveTheAppAreRefused() {
        #expect(AccessPolicy.segments(ofPath: "/") == [])
        #expect(AccessPolicy.segments(ofPath: "/runs/3") == ["runs", "3"])
        #expect(AccessPolicy.segments(ofPath: "/runs/") == ["runs"])
        #expect(AccessPolicy.segments(ofPath: "/runs/a%20b") == ["runs", "a b"])
        for bad in [
            "/assets/../../etc/passwd", "/assets/%2e%2e/%2e%2e/etc/passwd", "/assets/%2E%2E/x", "/assets/./x",
            "/assets/%2fetc%2fpasswd", "//etc/passwd", "/assets//etc/passwd", "/assets/..%5c..%5cx",
            "/assets/%00", "/assets/%zz", "/assets/~root", "assets/x", "",
        ] {
            #expect(AccessPolicy.segments(ofPath: bad) == nil, "\(bad)")
        }
    }

    @Test func theCookieIsFoundAmongOthers() {
        #expect(policy.token(fromCookieHeader: "a=1; umlaut_ui_4242=xyz; b=2") == "xyz")
        #expect(policy.token(fromCookieHeader: "umlaut_ui_4243=xyz") == nil)
        #expect(policy.token(fromCookieHeader: nil) == nil)
        #expect(policy.setCookie.contains("HttpOnly"))
        #expect(policy.setCookie.contains("SameSite=Strict"))
    }
}
