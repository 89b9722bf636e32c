import ArgumentParser

/// The `--format` of `umlaut check`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// ruff's full format: a header line, the code with the problem underlined, help and fix.
    case text
    /// One line per problem: `path:line:col: CODE [*] message`.
    case concise
    /// An array of objects (documented in README.md) for scripts and editors.
    case json
    /// SARIF 2.1.0, for GitHub code scanning and other CI dashboards.
    case sarif
}

/// What the renderers need to know beyond the diagnostics.
struct RenderOptions: Sendable {
    var format: OutputFormat
    var style: Style
    /// Unsafe fixes count as applicable (`--unsafe-fixes`): marked `[*]` like safe ones.
    var unsafeFixes: Bool
}
