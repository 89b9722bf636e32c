import Foundation
import LintCore

/// The rule files under a source folder of this repository: every `*Rule.swift` (one rule per
/// file, named after its type), searched recursively, by type name, with its text. Registry tests
/// compare them with the rule lists, so a rule file that is not registered fails a test.
///
/// - Parameter folder: relative to the repository root, such as `Sources/LintRules/Rules`.
package func ruleFiles(under folder: String) throws -> [String: String] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let base = root.appendingPathComponent(folder)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: base.path, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: base.path])
    }
    var files: [String: String] = [:]
    for path in try FileManager.default.subpathsOfDirectory(atPath: base.path) where path.hasSuffix("Rule.swift") {
        let name = String((path as NSString).lastPathComponent.dropLast(".swift".count))
        files[name] = try String(contentsOf: base.appendingPathComponent(path), encoding: .utf8)
    }
    return files
}

/// Where the rule files' own reads of thresholds disagree with `Thresholds.keys`: a file that
/// reads `thresholds.maxDropoutRate` must be among the codes of `max-dropout-rate` (the property
/// is the key in camelCase). Reads through helpers (`LearningRateRange`) are not seen.
package func thresholdReadsNotNamed(in files: [String: String]) -> [String] {
    var problems: [String] = []
    for (type, text) in files.sorted(by: { $0.key < $1.key }) {
        guard let codeMatch = text.firstMatch(of: /code: "(UM\d{3})"/),
            let code = RuleCode(rawValue: String(codeMatch.1))
        else {
            problems.append("\(type): no `code: \"UMnnn\"` found")
            continue
        }
        let read = Set(text.matches(of: /thresholds\.([a-z][A-Za-z]*)/).map { String($0.1) })
        for property in read.sorted() {
            guard let key = Thresholds.keys.first(where: { camelCase($0.key) == property }) else {
                problems.append("\(type) reads `thresholds.\(property)`, which is no key of Thresholds.keys")
                continue
            }
            if !key.codes.contains(code) {
                problems.append("\(type) (\(code)) reads `\(key.key)`, whose codes are \(key.codes)")
            }
        }
    }
    return problems
}

private func camelCase(_ key: String) -> String {
    let parts = key.split(separator: "-")
    return String(parts[0]) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
}
