import LintCore
import PythonSyntax
import Testing

/// Checks a rule against its own description, SwiftLint-style:
///
/// - no non-triggering example triggers it;
/// - every triggering example triggers it exactly at its `↓` markers (and nowhere else);
/// - every triggering example, varied automatically, behaves: inside a string or a comment it
///   must not trigger; after a line of emoji it must trigger at the shifted markers (offset
///   bugs); with `# umlaut: ignore[CODE]` on the marked lines it must not trigger;
/// - every correction's code becomes its `after` when all the rule's fixes are applied;
/// - the pre-filter lets every triggering example (as written and after emoji) and every
///   correction's code through: the rule's `triggerTokens` occur in them. A rule that forgets a
///   token fails here with its own message (and its examples would also stop triggering).
///
/// Failures are recorded at the example's own line in the rule file.
package func verifyRule<R: Rule>(_ rule: R.Type) {
    let description = R.description
    for example in description.nonTriggeringExamples {
        let found = diagnostics(of: rule, in: example.code, thresholds: example.thresholds)
        if !found.isEmpty {
            Issue.record(
                "\(description.code) must not trigger but reported \(render(found, in: example.code))\n\(example.code)",
                sourceLocation: example.sourceLocation)
        }
    }
    for example in description.triggeringExamples {
        let (code, markers) = MarkedSource.parse(example.code)
        if markers.isEmpty {
            Issue.record(
                "a triggering example of \(description.code) has no ↓ marker", sourceLocation: example.sourceLocation)
            continue
        }
        expectTriggers(rule, code: code, at: markers, example: example, variant: "as written")
        expectPassesPreFilter(rule, code: code, location: example.sourceLocation, variant: "triggering example")

        if example.variants.contains(.afterEmoji) {
            let prefix = "# 🧠 ünïcödé 🔥✨ line\n"
            let shift = prefix.utf8.count
            expectTriggers(
                rule, code: prefix + code, at: markers.map { $0 + shift }, example: example,
                variant: "after a line of emoji")
            expectPassesPreFilter(
                rule, code: prefix + code, location: example.sourceLocation, variant: "triggering example after emoji")
        }
        if example.variants.contains(.inString) {
            let quote = code.contains("\"\"\"") ? "'''" : "\"\"\""
            expectSilent(
                rule, code: "text = \(quote)\n\(code)\n\(quote)\n", example: example, variant: "inside a string")
        }
        if example.variants.contains(.inComment) {
            let commented = code.split(separator: "\n", omittingEmptySubsequences: false).map { "# " + $0 }.joined(
                separator: "\n")
            expectSilent(rule, code: commented, example: example, variant: "inside a comment")
        }
        if example.variants.contains(.suppressed) {
            let suppressed = MarkedSource.appendingToMarkedLines(
                code, markers: markers, comment: "  # umlaut: ignore[\(description.code)]")
            expectSilent(rule, code: suppressed, example: example, variant: "under a suppression comment")
        }
    }
    for correction in description.corrections {
        expectPassesPreFilter(
            rule, code: correction.before.code, location: correction.before.sourceLocation, variant: "correction")
        var settings = Settings()
        apply(correction.before.thresholds, to: &settings)
        let linter = Linter(rules: [R()], settings: settings)
        let fixed = FixApplier.fixToFixedPoint(
            SourceText(correction.before.code), linter: linter, path: nil,
            including: [.safe, .unsafe])
        if fixed.source.string != correction.after {
            Issue.record(
                """
                \(description.code) fixes did not give the expected code.
                expected:
                \(correction.after)
                got:
                \(fixed.source.string)
                """, sourceLocation: correction.before.sourceLocation)
        }
    }
}

/// The diagnostics of one rule on a piece of code.
package func diagnostics<R: Rule>(of rule: R.Type, in code: String, thresholds: [String: Double] = [:]) -> [Diagnostic]
{
    var settings = Settings()
    apply(thresholds, to: &settings)
    return Linter(rules: [R()], settings: settings).lint(SourceText(code)).diagnostics
}

private func apply(_ thresholds: [String: Double], to settings: inout Settings) {
    for (key, value) in thresholds {
        if let problem = settings.thresholds.set(key: key, value: value) {
            preconditionFailure("threshold \(key) = \(value) in a rule example: \(problem)")
        }
    }
}

private func expectTriggers<R: Rule>(_ rule: R.Type, code: String, at markers: [Int], example: Example, variant: String)
{
    let found = diagnostics(of: rule, in: code, thresholds: example.thresholds)
    let starts = found.map(\.span.startByte).sorted()
    if starts != markers.sorted() {
        Issue.record(
            """
            \(R.description.code) \(variant): expected diagnostics at \(describe(markers, in: code)), got \(render(found, in: code))
            \(code)
            """, sourceLocation: example.sourceLocation)
    }
    for diagnostic in found where diagnostic.code != R.description.code {
        Issue.record(
            "\(R.description.code) reported a diagnostic with code \(diagnostic.code)",
            sourceLocation: example.sourceLocation)
    }
}

private func expectPassesPreFilter<R: Rule>(_ rule: R.Type, code: String, location: SourceLocation, variant: String) {
    if !Linter(rules: [R()]).mayReport(in: SourceText(code)) {
        Issue.record(
            """
            the pre-filter skips this \(variant) of \(R.description.code): none of its triggerTokens occur in it \
            (add the missing identifier to the rule's triggerTokens, or to TriggerWords)
            \(code)
            """, sourceLocation: location)
    }
}

private func expectSilent<R: Rule>(_ rule: R.Type, code: String, example: Example, variant: String) {
    let found = diagnostics(of: rule, in: code, thresholds: example.thresholds)
    if !found.isEmpty {
        Issue.record(
            "\(R.description.code) \(variant): must not trigger but reported \(render(found, in: code))\n\(code)",
            sourceLocation: example.sourceLocation)
    }
}

private func describe(_ offsets: [Int], in code: String) -> String {
    let index = LineIndex(code)
    return "[" + offsets.map { "\(index.position(ofByte: $0, unit: .scalar))" }.joined(separator: ", ") + "]"
}

private func render(_ diagnostics: [Diagnostic], in code: String) -> String {
    let index = LineIndex(code)
    return "["
        + diagnostics.map { "\(index.position(ofByte: $0.span.startByte, unit: .scalar)) \($0.code): \($0.message)" }
        .joined(separator: "; ") + "]"
}

extension Example {
    var sourceLocation: SourceLocation {
        let path = "\(file)"
        let module = path.split(separator: "/").dropLast().last.map(String.init) ?? "LintRules"
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return SourceLocation(fileID: "\(module)/\(name)", filePath: path, line: Int(line), column: 1)
    }
}
