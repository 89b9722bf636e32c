import LSPTypes
import LintCore

/// How a `LanguageServer` is set up: what the command line and the tests choose, as opposed to
/// what the client negotiates or configures.
public struct ServerOptions: Sendable {
    /// The rules to run; `BuiltInRules.all` in the product, chosen rules in tests.
    public var rules: [any Rule]
    /// The runtime rules' descriptions (`RuntimeRules.descriptions`, which the executable passes
    /// in: the server does not import the runner), for their pages, hover and known codes.
    public var runtimeRules: [RuleDescription]
    /// The least important log messages written (to stderr and `window/logMessage`).
    public var logLevel: MessageKind
    /// How long analysis waits for quiet when edits arrive while one is already pending, in
    /// milliseconds. Editor settings may override it (`debounce`).
    public var debounceMilliseconds: Int
    /// The `umlaut` executable that `umlaut.run` starts; nil: this process's own executable.
    public var umlautExecutable: String?
    /// How often the session databases are checked for new runtime findings, in milliseconds.
    public var sessionPollMilliseconds: Int
    /// Test hooks.
    public var hooks: Hooks
    /// Reported as `serverInfo.version`; the rule pages are installed per version.
    public var version: String
    /// Where the rule documentation pages are written and linked from (`RulePages`); nil: the
    /// user's cache directory.
    public var ruleDocumentationDirectory: String?
    /// Documents larger than this (in bytes) are not analysed: `umlaut check`'s limit.
    public var maximumDocumentSize = Linter.maximumSourceSize
    /// Documents larger than this are parsed by their analysis, off the actor, not on it.
    public var largeDocumentSize = 1_000_000

    public init(
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
    public var catalogue: RuleCatalogue { RuleCatalogue(rules: rules, runtime: runtimeRules) }

    /// Places where tests make timing deterministic.
    public struct Hooks: Sendable {
        /// Awaited before a request's handler runs; a test makes it wait so that the request is
        /// still in flight when its `$/cancelRequest` arrives.
        public var beforeRequest: (@Sendable (_ method: String) async -> Void)?

        public init(beforeRequest: (@Sendable (String) async -> Void)? = nil) {
            self.beforeRequest = beforeRequest
        }
    }
}
