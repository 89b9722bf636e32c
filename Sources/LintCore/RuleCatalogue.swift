/// Every rule Umlaut documents, in code order: the static rules that `umlaut check` and the
/// language server run, and the runtime rules' descriptions (UM5xx, checked by `umlaut run`).
///
/// The one assembly of the two: the executable builds it (it is the one face that sees both
/// LintRules and Runtime) and hands it to the server through `ServerOptions`; `umlaut rules`,
/// `umlaut rule`, `Docs/rules/`, SARIF's rule list, the server's documentation pages, hover and
/// known codes all read it.
package struct RuleCatalogue: Sendable {
    /// A rule's description and the fixes it offers.
    package struct Entry: Sendable {
        package var description: RuleDescription
        package var fixes: FixAvailability

        package init(description: RuleDescription, fixes: FixAvailability) {
            self.description = description
            self.fixes = fixes
        }

        /// The rule's page: `umlaut rule CODE`, `Docs/rules/CODE.md`, the server's link.
        package var markdown: String { description.markdown(fixes: fixes) }
    }

    /// The static rules, which run.
    package let rules: [any Rule]
    /// The runtime rules' descriptions: they have no static check.
    package let runtimeDescriptions: [RuleDescription]
    /// Every description, static and runtime, by code.
    package let descriptions: [RuleDescription]

    package init(rules: [any Rule], runtime: [RuleDescription] = []) {
        self.rules = rules
        self.runtimeDescriptions = runtime
        var seen = Set<RuleCode>()
        descriptions = (rules.map { type(of: $0).description } + runtime)
            .filter { seen.insert($0.code).inserted }
            .sorted { $0.code < $1.code }
    }

    package var codes: [RuleCode] { descriptions.map(\.code) }

    /// The description of a rule, static or runtime.
    package func description(of code: RuleCode) -> RuleDescription? {
        descriptions.first { $0.code == code }
    }

    /// Descriptions with the fixes each rule offers: computed by running the static rules on
    /// their examples, so callers that need it keep the result.
    package func entries() -> [Entry] {
        (rules.map { Self.entry($0) } + runtimeDescriptions.map { Entry(description: $0, fixes: []) })
            .sorted { $0.description.code < $1.description.code }
    }

    /// Each rule's page, built when asked for (`entries` would run every rule's examples first).
    package func pages() -> [(code: RuleCode, markdown: () -> String)] {
        rules.map { Self.page(of: $0) }
            + runtimeDescriptions.map { description in (description.code, { description.markdown(fixes: []) }) }
    }

    private static func entry<R: Rule>(_ rule: R) -> Entry {
        Entry(description: R.description, fixes: R.fixAvailability)
    }

    private static func page<R: Rule>(of rule: R) -> (code: RuleCode, markdown: () -> String) {
        (R.description.code, { R.description.markdown(fixes: R.fixAvailability) })
    }
}
