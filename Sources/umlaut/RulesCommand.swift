import ArgumentParser
import LintCore
import LintRules

/// `umlaut rules`: one line per rule.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "List every rule.")

    func run() {
        for rule in BuiltInRules.all {
            let description = type(of: rule).description
            print("\(description.code)  \(description.name.padding(toLength: 28, withPad: " ", startingAt: 0))  \(description.summary)")
        }
    }
}

/// `umlaut rule CODE`: a rule's documentation.
struct RuleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rule", abstract: "Show a rule's documentation.")

    @Argument(help: "The rule's code, such as UM101.")
    var code: String

    func run() throws {
        guard let code = RuleCode(rawValue: code), let rule = BuiltInRules.rule(code) else {
            throw ValidationError("unknown rule '\(self.code)'; `umlaut rules` lists them")
        }
        let description = type(of: rule).description
        print("# \(description.name) (\(description.code))\n\n\(description.whatItDoes)")
    }
}
