import LSPTypes
import LintCore

/// How a `LanguageServer` is set up: what the command line and the tests choose, as opposed to
/// what the client negotiates or configures.
package struct ServerOptions: Sendable {
    /// The rules to run; `BuiltInRules.all` in the product, chosen rules in tests.
    package var rules: [any Rule]
    /// The runtime rules' descriptions (`RuntimeRules.descriptions`, which the executable passes
    /// in: the server does not import the runner), for their pages, hover and known codes.
    package var runtimeRules: [RuleDescription]
    /// The least important log messages written (to stderr and `window/logMessage`).
    package var logLevel: MessageKind
    /// How long analysis waits for quiet when edits arrive while one is already pending, in
    /// milliseconds. Editor settings may override it (`debounce`).
    package var debounceMilliseconds: Int
    /// The `umlaut` executable that `umlaut.run` starts; nil: this process's own executable.
    package var umlautExecutable: String?
    /// How often the session databases are checked for new runtime findings, in milliseconds.
    package var sessionPollMilliseconds: Int
    /// Test hooks.
    package var hooks: Hooks
    /// Reported as `serverInfo.version`; the rule pages are installed per version.
    package var version: String
    /// Where the rule documentation pages are written and linked from (`RulePages`); nil: the
    /// user's cache directory.
    package var ruleDocumentationDirectory: String?
    /// Documents larger than this (in bytes) are not analysed: `umlaut check`'s limit.
    package var maximumDocumentSize = Linter.maximumSourceSize
    /// Documents larger than this are parsed by their analysis, off the actor, not on it.
    package var largeDocumentSize = 1_000_000

    package init(
        rules: [any Rule], runtimeRules: [RuleDescription] = [], logLevel: MessageKind = .info,
        debounceMilliseconds: Int = 30,
        umlautExecutable: String? = nil, sessionPollMilliseconds: Int = 500,
        hooks: Hooks = Hooks(), version: String = "0.1.0", ruleDocumentationDirectory: String? = nil
    ) {
        self.ruleDocumentationDirectory = ruleDocumentationDirectory
        self.rules = rules
        self.runtimeRules = runtimeRules
        self.logLevel = logLevel
        self.debounceMilliseconds = debounceMilliseconds
        self.umlautExecutable = umlautExecutable
        self.sessionPollMilliseconds = sessionPollMilliseconds
        self.hooks = hooks
        self.version = version
    }

    /// Every rule the server documents: `rules` and `runtimeRules`.
    package var catalogue: RuleCatalogue { RuleCatalogue(rules: rules, runtime: runtimeRules) }

    /// Places where tests make timing deterministic.
    package struct Hooks: Sendable {
        /// Awaited before a request's handler runs; a test makes it wait so that the request is
        /// still in flight when its `$/cancelRequest` arrives.
        package var beforeRequest: (@Sendable (_ method: String) async -> Void)?

        package init(beforeRequest: (@Sendable (String) async -> Void)? = nil) {
            self.beforeRequest = beforeRequest
        }
    }
}
