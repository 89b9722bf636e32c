/// What one file contributes to the output and the exit status.
struct FileOutcome: Sendable {
    var path: String
    /// Diagnostics remaining (after fixes).
    var found = 0
    /// Remaining diagnostics with a fix `--fix` would apply (with `--unsafe-fixes` when given).
    var fixable = 0
    /// Remaining diagnostics with an unsafe fix, when `--unsafe-fixes` was not given.
    var unsafeFixable = 0
    /// Fixes applied.
    var fixed = 0
    /// Text or concise output for standard output.
    var rendered = ""
    /// JSON objects or SARIF results.
    var objects: [JSONValue] = []
    /// `umlaut: PATH: error: ...` lines for standard error.
    var problems: [(message: String, isError: Bool)] = []
    var syntaxError: String?
    var diff: String?
    var fixedStandardInput: [UInt8]?

    var hasError: Bool { problems.contains { $0.isError } }

    mutating func problem(_ message: String, isError: Bool) {
        problems.append((message, isError))
    }
}
