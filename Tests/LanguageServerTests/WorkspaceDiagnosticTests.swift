import Foundation
import LSPTypes
import LanguageServer
import TestSupport
import Testing

/// `workspace/diagnostic` finds files with Workspace's `FileDiscovery`, as `umlaut check` does.
@Suite struct WorkspaceDiagnosticTests {
    /// A notebook as Jupyter writes it (indent=1, sources as lists of lines): a markdown cell, a
    /// cell with IPython magics, then a code cell per script.
    static func notebook(_ scripts: [String]) -> String {
        func quoted(_ text: String) -> String {
            let data = try! JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])
            return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
        }
        func cell(_ type: String, _ source: String) -> String {
            var lines: [String] = []
            var current = ""
            for character in source {
                current.append(character)
                if character == "\n" { lines.append(current); current = "" }
            }
            if !current.isEmpty { lines.append(current) }
            let outputs = type == "code" ? "\n   \"execution_count\": null,\n   \"outputs\": []," : ""
            return """
                  {
                   "cell_type": "\(type)",
                   "metadata": {},\(outputs)
                   "source": [
                \(lines.map { "    " + quoted($0) }.joined(separator: ",\n"))
                   ]
                  }
                """
        }
        let cells =
            [cell("markdown", "# Training \"the\" model"), cell("code", "%matplotlib inline\n!pip install keras\n")]
            + scripts.map { cell("code", $0) }
        return "{\n \"cells\": [\n" + cells.joined(separator: ",\n")
            + "\n ],\n \"metadata\": {},\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n"
    }

    static func name(_ uri: DocumentURI, in folder: TemporaryFolder) -> String {
        String(uri.filePath!.dropFirst(folder.path.count + 1))
    }

    @Test func excludedFilesAreLeftOutAndNotebooksReportedInTheirFile() async throws {
        let folder = try TemporaryFolder()
        let (code, _) = Fixtures.parse(Fixtures.keras)
        try folder.write("pyproject.toml", "[tool.umlaut]\nexclude = [\"generated/\", \"*_pb2.py\"]\n")
        try folder.write("a_train.py", code)
        try folder.write("generated/g.py", code)
        try folder.write("model_pb2.py", code)
        let notebook = Self.notebook([code])
        try folder.write("nb.ipynb", notebook)
        let (client, _) = try await TestClient.start(.pull, folders: [folder.path])
        let report = try await client.send(WorkspaceDiagnosticRequest())
        let byName = Dictionary(uniqueKeysWithValues: report.items.map { (Self.name($0.uri, in: folder), $0) })
        #expect(Set(byName.keys) == ["a_train.py", "nb.ipynb"])
        #expect(byName["a_train.py"]?.items?.only?.code == "UM302")

        // The notebook's finding is at its URI, on the code inside the cell's `source` strings.
        let finding = try #require(byName["nb.ipynb"]?.items?.only)
        #expect(finding.code == "UM302")
        let lines = notebook.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let line = lines[finding.range.start.line]
        #expect(line == #"    "    layers.Dropout(0.8),\n","#)
        #expect(finding.range.start.line == finding.range.end.line)
        let columns = Array(line.utf16)
        let text = String(
            decoding: columns[finding.range.start.character..<finding.range.end.character], as: UTF16.self)
        #expect(text == "0.8")
        // No edits: a text edit in the file would have to be written as JSON.
        #expect(finding.data == .object([:]))
    }

    /// The editor's `exclude`, read by the same schema as the file's, replaces the file's in the walk.
    @Test func theEditorsExcludeReplacesThePyprojects() async throws {
        let folder = try TemporaryFolder()
        let (code, _) = Fixtures.parse(Fixtures.keras)
        try folder.write("pyproject.toml", "[tool.umlaut]\nexclude = [\"generated/\"]\n")
        for file in ["a_train.py", "generated/g.py", "model_pb2.py"] { try folder.write(file, code) }
        let (client, _) = try await TestClient.start(
            .pull, folders: [folder.path],
            initializationOptions: .object(["exclude": .array([.string("*_pb2.py")])]))
        let report = try await client.send(WorkspaceDiagnosticRequest())
        #expect(Set(report.items.map { Self.name($0.uri, in: folder) }) == ["a_train.py", "generated/g.py"])
    }

    /// The editor's workspace report and `umlaut check .` see the same files on one tree, the
    /// notebook's findings on the same lines of its file as `check`'s SARIF.
    @Test func theServerAndCheckFindTheSameFiles() async throws {
        let folder = try TemporaryFolder()
        let (code, _) = Fixtures.parse(Fixtures.keras)
        try folder.write("pyproject.toml", "[tool.umlaut]\nexclude = [\"generated/\"]\n")
        for file in [
            "a.py", "pkg/b.py", "build/c.py", "dist/d.py", "env/e.py", "generated/g.py", ".hidden/h.py",
            "venv/v.py", "node_modules/n.py", "site-packages/s.py", "__pycache__/p.py",
        ] {
            try folder.write(file, code)
        }
        try folder.write("pkg/nb.ipynb", Self.notebook([code, code]))

        let (client, _) = try await TestClient.start(.pull, folders: [folder.path])
        let report = try await client.send(WorkspaceDiagnosticRequest())
        var server: Set<String> = []
        for item in report.items {
            for diagnostic in item.items ?? [] {
                server.insert(
                    "\(Self.name(item.uri, in: folder)):\(diagnostic.range.start.line + 1):\(diagnostic.code ?? "")")
            }
        }

        let path = folder.path
        let sarif = try await offTheTestPool { () -> Data in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: TestClient.builtUmlaut)
            process.arguments = ["check", "--format", "sarif", "--exit-zero", "."]
            process.currentDirectoryURL = URL(fileURLWithPath: path)
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return data
        }
        let json = try #require(try JSONSerialization.jsonObject(with: sarif) as? [String: Any])
        let results = try #require(((json["runs"] as? [[String: Any]])?.first?["results"]) as? [[String: Any]])
        var check: Set<String> = []
        for result in results {
            let location = try #require(
                (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            let uri = try #require((location["artifactLocation"] as? [String: Any])?["uri"] as? String)
            let line = try #require((location["region"] as? [String: Any])?["startLine"] as? Int)
            check.insert("\(uri):\(line):\(result["ruleId"] as? String ?? "")")
        }
        #expect(!check.isEmpty)
        #expect(server == check)
        let files = Set(report.items.map { Self.name($0.uri, in: folder) })
        #expect(files == ["a.py", "build/c.py", "dist/d.py", "env/e.py", "pkg/b.py", "pkg/nb.ipynb"])
        #expect(Set(check.map { String($0.split(separator: ":")[0]) }) == files)
    }
}
