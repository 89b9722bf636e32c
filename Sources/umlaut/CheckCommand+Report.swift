import LintCore
import Workspace

extension CheckCommand {
    /// Prints everything in path order and returns the exit status.
    func report(
        _ outcomes: [FileOutcome], problems: [FileDiscovery.Problem], readsStandardInput: Bool,
        catalogue: [RuleDescription]
    ) -> Int32 {
        var messages = problems.map { (path: $0.path, line: "umlaut: \($0)\n") }
        for outcome in outcomes {
            for problem in outcome.problems {
                messages.append(
                    (
                        outcome.path,
                        "umlaut: \(outcome.path): \(problem.isError ? "error" : "warning"): \(problem.message)\n"
                    ))
            }
            if let syntaxError = outcome.syntaxError { messages.append((outcome.path, syntaxError + "\n")) }
        }
        messages.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        let hasError = problems.contains { $0.isError } || outcomes.contains { $0.hasError }
        let status: Int32 = hasError ? 2 : (outcomes.reduce(0) { $0 + $1.found } > 0 && !exitZero ? 1 : 0)
        StandardError.write(messages.map(\.line).joined())

        let found = outcomes.reduce(0) { $0 + $1.found }
        let fixed = outcomes.reduce(0) { $0 + $1.fixed }
        let unchecked = problems.filter(\.isError).count + outcomes.filter(\.hasError).count
        if diff {
            StandardOutput.write(outcomes.compactMap(\.diff).joined())
            let changed = outcomes.reduce(0) { $0 + ($1.diff?.isEmpty == false ? $1.fixed : 0) }
            StandardError.write(
                changed == 0 ? "No fixes to apply.\n" : "Would fix \(Self.count(changed, "problem")).\n")
            return hasError ? 2 : (changed > 0 && !exitZero ? 1 : 0)
        }
        // With `--fix` on standard input the fixed text owns standard output.
        let fixingStandardInput = readsStandardInput && fix
        let write: (String) -> Void = { text in
            if fixingStandardInput { StandardError.write(text) } else { StandardOutput.write(text) }
        }
        switch format {
        case .text, .concise:
            var out = outcomes.map(\.rendered).joined()
            out += summary(outcomes, found: found, fixed: fixed, unchecked: unchecked) + "\n"
            write(out)
        case .json:
            write(JSONValue.array(outcomes.flatMap(\.objects)).rendered() + "\n")
        case .sarif:
            var notifications: [JSONValue] = []
            for problem in problems {
                notifications.append(
                    SARIFRenderer.notification(path: problem.path, message: problem.message, isError: problem.isError))
            }
            for outcome in outcomes {
                for problem in outcome.problems {
                    notifications.append(
                        SARIFRenderer.notification(
                            path: outcome.path, message: problem.message, isError: problem.isError))
                }
                if let syntaxError = outcome.syntaxError {
                    notifications.append(
                        SARIFRenderer.notification(path: outcome.path, message: syntaxError, isError: false))
                }
            }
            write(
                SARIFRenderer.log(
                    rules: RuleCatalogue.umlautEntries, results: outcomes.flatMap(\.objects),
                    notifications: notifications,
                    version: Umlaut.configuration.version, exitCode: status))
        }
        if fixingStandardInput, let outcome = outcomes.first, !outcome.hasError {
            StandardOutput.write(bytes: outcome.fixedStandardInput ?? [])
        }
        return status
    }

    /// `Found 3 problems (2 fixable with --fix, 1 with --unsafe-fixes).`, or `All checks passed!`
    /// when every file was checked; `unchecked` files (errors on standard error) are counted, so
    /// a run that exits with 2 never claims that all checks passed.
    func summary(_ outcomes: [FileOutcome], found: Int, fixed: Int, unchecked: Int = 0) -> String {
        let total = found + fixed
        let notChecked =
            unchecked > 0 ? " \(Self.count(unchecked, "path")) could not be checked (see the errors above)." : ""
        if total == 0 {
            return unchecked > 0 ? "No problems found in the files checked;" + notChecked : "All checks passed!"
        }
        let fixable = outcomes.reduce(0) { $0 + $1.fixable }
        let unsafe = outcomes.reduce(0) { $0 + $1.unsafeFixable }
        var details: [String] = []
        if fix { details.append("\(fixed) fixed, \(found) remaining") }
        if fixable > 0, !fix {
            details.append("\(fixable) fixable with --fix" + (unsafe > 0 ? ", \(unsafe) with --unsafe-fixes" : ""))
        } else if unsafe > 0 {
            details.append("\(unsafe) fixable with --unsafe-fixes")
        }
        return "Found \(Self.count(total, "problem"))"
            + (details.isEmpty ? "" : " (" + details.joined(separator: "; ") + ")") + "."
            + notChecked
    }

    static func printWarnings(_ warnings: [ConfigurationWarning], workingDirectory: String) {
        for var warning in warnings {
            warning.file = relative(warning.file, to: workingDirectory)
            StandardError.write("umlaut: \(warning)\n")
        }
    }

    /// A path under the working directory shown relative to it.
    static func relative(_ path: String, to directory: String) -> String {
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        return path.hasPrefix(base) && path.count > base.count ? String(path.dropFirst(base.count)) : path
    }

    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
