import ArgumentParser
import Foundation
import LintCore
import LintRules
import PythonSyntax

/// `umlaut check PATH...`: lint files and directories. (First cut: text output only.)
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check Python scripts and notebooks for training bugs."
    )

    @Argument(help: "Files or directories to check (default: the current directory).")
    var paths: [String] = ["."]

    func run() throws {
        let linter = Linter(rules: BuiltInRules.all)
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                FileHandle.standardError.write(Data("umlaut: error: \(path): no such file or directory\n".utf8))
                throw ExitCode(2)
            }
            if isDirectory.boolValue {
                let enumerator = FileManager.default.enumerator(atPath: path)
                while let item = enumerator?.nextObject() as? String {
                    if item.hasSuffix(".py") { files.append((path as NSString).appendingPathComponent(item)) }
                }
            } else {
                files.append(path)
            }
        }
        var count = 0
        for file in files.sorted() {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            let source = SourceText(Array(data))
            for diagnostic in linter.lint(source, path: file).diagnostics {
                let position = source.lineIndex.position(ofByte: diagnostic.span.startByte, unit: .scalar)
                print("\(file):\(position.line + 1):\(position.column + 1): \(diagnostic.code) \(diagnostic.message)")
                count += 1
            }
        }
        if count > 0 {
            print("Found \(count) problem\(count == 1 ? "" : "s").")
            throw ExitCode(1)
        }
        print("All checks passed!")
    }
}
