import Foundation
import LSPTypes
import TestSupport
import Testing

@testable import LanguageServer

/// Project search in the editor, through a real client: `umlaut.indexWorkspace` indexes the
/// workspace folder as a job with `$/progress`, then `workspace/symbol` answers words and
/// `field:value` queries from that index and `umlaut.findSimilar` answers the nearest files.
@Suite struct ProjectSearchServerTests {
    static let segmentation = """
        import torch
        from torch import nn, optim


        class DiceLoss(nn.Module):
            def forward(self, prediction, target):
                intersection = (prediction * target).sum()
                return 1 - 2 * intersection / (prediction.sum() + target.sum() + 1e-6)


        model = nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU(), nn.Conv2d(16, 1, 1))
        criterion = DiceLoss()
        optimizer = optim.Adam(model.parameters(), lr=1e-4)
        for image, mask in loader:
            optimizer.zero_grad()
            loss = criterion(model(image), mask)
            loss.backward()
            optimizer.step()

        """

    static let segmentationVariant = """
        import torch
        from torch import nn, optim


        class SoftDiceLoss(nn.Module):
            def forward(self, prediction, target):
                intersection = (prediction * target).sum()
                return 1 - 2 * intersection / (prediction.sum() + target.sum())


        net = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.Conv2d(8, 1, 1))
        criterion = SoftDiceLoss()
        optimizer = optim.SGD(net.parameters(), lr=1e-2)
        for image, mask in loader:
            optimizer.zero_grad()
            loss = criterion(net(image), mask)
            loss.backward()
            optimizer.step()

        """

    static let mnist = """
        from tensorflow import keras
        from tensorflow.keras import layers

        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        model = keras.Sequential([layers.Flatten(), layers.Dense(10, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(x_train, y_train, epochs=1)

        """

    /// A workspace of four files, indexed through `umlaut.indexWorkspace` by a client that shows
    /// progress; answers the client, the workspace and the progress notifications seen.
    static func indexedWorkspace() async throws -> (TestClient, TemporaryDirectory, [ProgressNotification]) {
        let workspace = try TemporaryDirectory()
        try workspace.write("README.md", "# Shapes\n\nSegmentation and digits.\n")
        try workspace.write("train_seg.py", segmentation)
        try workspace.write("seg_variant.py", segmentationVariant)
        try workspace.write("train_mnist.py", mnist)
        try workspace.write("utils.py", "def mean(values):\n    return sum(values) / len(values)\n")
        var capabilities = ClientCapabilities.push
        capabilities.window = .init(workDoneProgress: true)
        let (client, _) = try await TestClient.start(capabilities, folders: [workspace.path])
        let answer = try await client.send(
            ExecuteCommandRequest(command: "umlaut.indexWorkspace", workDoneToken: .string("index-1")))
        #expect(
            answer
                == .object([
                    "token": .string("umlaut-index-1"),
                    "indexes": .array([.string(workspace.path + "/.umlaut/projects.sqlite")]),
                ]))
        var seen: [ProgressNotification] = []
        while true {
            let next = try await client.nextNotification(ProgressNotification.self, timeout: .seconds(120)) {
                $0.token == .string("index-1")
            }
            seen.append(next)
            if next.value.kind == .end { break }
        }
        return (client, workspace, seen)
    }

    @Test func indexingReportsProgressThenSymbolsAndSimilarFilesComeFromTheIndex() async throws {
        let (client, workspace, progress) = try await Self.indexedWorkspace()
        defer { workspace.remove() }
        // Indexing: begun (cancellable), reported with percentages, ended saying what it did.
        #expect(progress.first?.value.kind == .begin)
        #expect(progress.first?.value.title == "Umlaut: indexing")
        #expect(progress.first?.value.cancellable == true)
        let reports = progress.filter { $0.value.kind == .report }
        #expect(reports.contains { $0.value.percentage == 100 })
        let end = try #require(progress.last?.value.message)
        #expect(end.hasPrefix("4 files analysed, 0 unchanged, 0 removed; file vectors: fitted on 4 files"), "\(end)")
        #expect(FileManager.default.fileExists(atPath: workspace.path + "/.umlaut/projects.sqlite"))

        // Attributes: a Dice loss in PyTorch; the symbol is the file, at the loss's line.
        let dice = try #require(try await client.send(WorkspaceSymbolRequest(query: "loss:dice framework:pytorch")))
        #expect(Set(dice.map(\.name)) == ["train_seg.py", "seg_variant.py"])
        let seg = try #require(dice.first { $0.name == "train_seg.py" })
        #expect(seg.kind == .file)
        #expect(seg.location.uri == DocumentURI(filePath: workspace.path + "/train_seg.py"))
        #expect([0, 4].contains(seg.location.range.start.line))
        #expect(seg.containerName?.contains("loss ~ dice: DiceLoss (line 5)") == true, "\(seg)")
        // Exclusion and numbers.
        let fast = try #require(try await client.send(WorkspaceSymbolRequest(query: "loss:dice lr:>1e-3")))
        #expect(fast.map(\.name) == ["seg_variant.py"])
        // Plain words, as a prefix while typing.
        let digits = try #require(try await client.send(WorkspaceSymbolRequest(query: "mnis")))
        #expect(digits.map(\.name) == ["train_mnist.py"])
        #expect(try await client.send(WorkspaceSymbolRequest(query: "")) == [])

        // Files like train_seg.py: its variant first, never itself.
        let uri = DocumentURI(filePath: workspace.path + "/train_seg.py")
        let answer = try #require(
            try await client.send(
                ExecuteCommandRequest(command: "umlaut.findSimilar", arguments: [.string(uri.stringValue)])))
        let locations = try answer.decode(as: [Location].self)
        #expect(locations.count == 3)
        #expect(locations.first?.uri == DocumentURI(filePath: workspace.path + "/seg_variant.py"))
        #expect(!locations.contains { $0.uri == uri })
        // The editor's unsaved text counts: train_seg.py rewritten as a digits script.
        await client.open(Self.mnist.replacingOccurrences(of: "epochs=1", with: "epochs=2"), uri: uri)
        let edited = try #require(
            try await client.send(
                ExecuteCommandRequest(command: "umlaut.findSimilar", arguments: [.string(uri.stringValue), .int(1)])))
        #expect(
            try edited.decode(as: [Location].self).map(\.uri) == [
                DocumentURI(filePath: workspace.path + "/train_mnist.py")
            ])
    }

    @Test func badArgumentsAreRefusedAndAMissingIndexIsSaid() async throws {
        let workspace = try TemporaryDirectory()
        defer { workspace.remove() }
        try workspace.write("train.py", "import torch\n")
        let (client, _) = try await TestClient.start(folders: [workspace.path])
        for (command, arguments) in [
            ("umlaut.findSimilar", [LSPAny]()), ("umlaut.findSimilar", [.int(3)]),
            ("umlaut.findSimilar", [.string(workspace.path + "/train.py"), .int(0)]),
            ("umlaut.indexWorkspace", [.int(5)]), ("umlaut.indexWorkspace", [.string("/elsewhere/x")]),
            ("umlaut.searchProjects", [.int(1)]),
        ] {
            let error = try #require(
                await #expect(throws: ResponseError.self) {
                    try await client.send(ExecuteCommandRequest(command: command, arguments: arguments))
                })
            #expect(error.code == .invalidParams, "\(command) \(arguments): \(error.message)")
        }
        let missing = try #require(
            await #expect(throws: ResponseError.self) {
                try await client.send(
                    ExecuteCommandRequest(
                        command: "umlaut.findSimilar", arguments: [.string(workspace.path + "/train.py")]))
            })
        #expect(missing.message.contains("no project index"))
        // No index: no symbols, and no error.
        #expect(try await client.send(WorkspaceSymbolRequest(query: "loss:dice")) == [])
    }
}
