import Foundation
import Testing

/// `umlaut index` and `umlaut search` as a user runs them: the default index under `.umlaut/`,
/// re-indexing, text and JSON results, the exit statuses, and errors pointing at the column.
@Suite struct ProjectSearchCommandTests {
    @Test func indexThenSearch() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("corpus/seg/README.md", "# Seg\n\nA U-Net for segmentation.\n")
        try scratch.write(
            "corpus/seg/train.py",
            """
            import torch
            from torch import nn, optim


            class DiceLoss(nn.Module):
                pass


            model = nn.Sequential(nn.Conv2d(3, 8, 3), nn.Conv2d(8, 1, 1))
            optimizer = optim.Adam(model.parameters(), lr=1e-4)

            """)
        let indexed = try Umlaut.run(["index", "corpus"], in: scratch.path)
        #expect(indexed.status == 0, "\(indexed)")
        #expect(indexed.stdout.hasPrefix("seg: 1 analysed, 0 unchanged, 0 removed, 0 skipped\nindexed 1 project into "))
        #expect(FileManager.default.fileExists(atPath: scratch.path + "/.umlaut/projects.sqlite"))
        let again = try Umlaut.run(["index", "corpus"], in: scratch.path)
        #expect(again.stdout.hasPrefix("seg: 0 analysed, 1 unchanged"), "\(again)")

        let found = try Umlaut.run(
            ["search", "--where", "framework = pytorch and loss ~ dice and lr < 1e-3"], in: scratch.path)
        #expect(found.status == 0, "\(found)")
        #expect(
            found.stdout == """
                seg: train.py:5
                    framework = pytorch: pytorch (line 1)
                    loss ~ dice: DiceLoss (line 5)
                    lr < 0.001: Adam 0.0001 (line 10)

                """)
        let findings = try Umlaut.run(["search", "--where", "finding = UM101", "--format", "json"], in: scratch.path)
        let hits = try #require(
            try JSONSerialization.jsonObject(with: Data(findings.stdout.utf8)) as? [[String: Any]])
        #expect(hits.map { $0["path"] as? String } == ["train.py"])
        #expect(hits.first?["line"] as? Int == 9)

        let text = try Umlaut.run(["search", "segmentation"], in: scratch.path)
        #expect(text.stdout.hasPrefix("seg\n"), "\(text)")
        let nothing = try Umlaut.run(["search", "--where", "dataset = MNIST"], in: scratch.path)
        #expect(nothing.status == 1)
        #expect(nothing.stderr == "umlaut: nothing matched\n")
    }

    @Test func aBadExpressionPointsAtItsColumn() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try Umlaut.run(["search", "--where", "lr < 1e-3 and colour = red"], in: scratch.path)
        #expect(result.status == 2)
        #expect(
            result.stderr == """
                umlaut: error: invalid --where: column 15: unknown field "colour"; the fields are framework, domain, task, dataset, model, layer, activation, loss, optimizer, lr, role, finding, project, path, licence
                lr < 1e-3 and colour = red
                              ^ unknown field "colour"; the fields are framework, domain, task, dataset, model, layer, activation, loss, optimizer, lr, role, finding, project, path, licence

                """)
        let missing = try Umlaut.run(["search", "x", "--db", "none.sqlite"], in: scratch.path)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nothing has been indexed there yet"))
    }

    /// `--names`: what `dataset =` and `model =` recognise, with no index needed.
    @Test func namesListsTheCataloguesWithTheirSpellings() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let datasets = try Umlaut.run(["search", "--names", "dataset"], in: scratch.path)
        #expect(datasets.status == 0)
        let lines = datasets.stdout.split(separator: "\n")
        #expect(lines.contains("CIFAR-10\tCIFAR10, cifar10, CIFAR-10, cifar-10, Cifar10"))
        #expect(!lines.contains { $0.hasPrefix("ResNet\t") })
        let models = try Umlaut.run(["search", "--names", "model", "--format", "json"], in: scratch.path)
        #expect(models.status == 0)
        struct Name: Decodable {
            var name: String
            var spellings: [String]
        }
        let list = try JSONDecoder().decode([Name].self, from: Data(models.stdout.utf8))
        #expect(list.first { $0.name == "U-Net" }?.spellings.contains("UNet") == true)
        #expect(!list.contains { $0.name == "MNIST" })
        let mixed = try Umlaut.run(["search", "--names", "model", "--where", "model = U-Net"], in: scratch.path)
        #expect(mixed.status == 2)
        #expect(mixed.stderr.contains("--names takes no words, --where or --like"))
    }
    /// `--like FILE`: files ranked by the cosine distance of the vectors `umlaut index` stored;
    /// JSON results carry the distance; a file outside the index is projected with the stored model.
    @Test func likeRanksFilesByTheirVectorsDistance() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let dice = """
            import torch
            from torch import nn


            class DiceLoss(nn.Module):
                def forward(self, prediction, target):
                    intersection = (prediction * target).sum()
                    return 1 - 2 * intersection / (prediction.sum() + target.sum())

            """
        try scratch.write("corpus/seg/train.py", dice + "criterion = DiceLoss()\n")
        try scratch.write("corpus/seg/variant.py", dice.replacingOccurrences(of: "DiceLoss", with: "SoftDice"))
        try scratch.write(
            "corpus/digits/train.py",
            "from tensorflow import keras\n(x, y), _ = keras.datasets.mnist.load_data()\nmodel = keras.Sequential()\n")
        let indexed = try Umlaut.run(["index", "corpus"], in: scratch.path)
        #expect(indexed.status == 0, "\(indexed)")
        #expect(indexed.stdout.hasSuffix("file vectors: fitted on 3 files (2 dimensions)\n"), "\(indexed)")

        let like = try Umlaut.run(["search", "--like", "corpus/seg/train.py", "--format", "json"], in: scratch.path)
        #expect(like.status == 0, "\(like)")
        #expect(like.stderr == "")
        let hits = try #require(try JSONSerialization.jsonObject(with: Data(like.stdout.utf8)) as? [[String: Any]])
        #expect(hits.map { "\($0["project"] ?? "")/\($0["path"] ?? "")" } == ["seg/variant.py", "digits/train.py"])
        let distances = hits.compactMap { $0["distance"] as? Double }
        #expect(distances.count == 2 && distances[0] < distances[1])
        #expect((hits.first?["reasons"] as? [String])?.first?.hasPrefix("like train.py: cosine distance 0.") == true)

        // With a filter: only the files it holds for, still by distance.
        let keras = try Umlaut.run(
            ["search", "--like", "corpus/seg/train.py", "--where", "framework = keras"], in: scratch.path)
        #expect(keras.stdout.hasPrefix("digits: train.py\n    like train.py: cosine distance "), "\(keras)")

        // A file outside the index: its text projected with the stored model.
        try scratch.write("mine.py", dice)
        let outside = try Umlaut.run(["search", "--like", "mine.py", "--limit", "1"], in: scratch.path)
        #expect(outside.stdout.hasPrefix("seg: "), "\(outside)")
        #expect(outside.stderr.contains("is not in the index as it is now"))
        let absent = try Umlaut.run(["search", "--like", "nowhere.py"], in: scratch.path)
        #expect(absent.status == 2)
        #expect(absent.stderr.hasPrefix("umlaut: error: --like: cannot read "), "\(absent)")
    }

    /// `umlaut index --merge`: shards indexed apart merge into the default index, which then
    /// answers searches over both; merging again copies nothing; a refused shard writes nothing.
    @Test func shardsMergeIntoTheIndex() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write(
            "one/seg/train.py",
            "import torch\nfrom torch import nn\n\n\nclass DiceLoss(nn.Module):\n    pass\n\n\ncriterion = DiceLoss()\n"
        )
        try scratch.write(
            "two/digits/train.py",
            "from tensorflow import keras\n(x, y), _ = keras.datasets.mnist.load_data()\nmodel = keras.Sequential()\n")
        try scratch.write("two/digits/README.md", "# Digits\n\nMNIST digits with Keras.\n")
        #expect(try Umlaut.run(["index", "one", "--db", "shard-1.sqlite"], in: scratch.path).status == 0)
        #expect(try Umlaut.run(["index", "two", "--db", "shard-2.sqlite"], in: scratch.path).status == 0)

        let merged = try Umlaut.run(["index", "--merge", "shard-1.sqlite", "shard-2.sqlite"], in: scratch.path)
        #expect(merged.status == 0, "\(merged)")
        let lines = merged.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(merged)")
        #expect(lines.first == "shard-1.sqlite: 1 project merged (1 file), 0 skipped (not newer than the index's)")
        #expect(lines.dropFirst(2).first?.hasPrefix("merged 2 shards into ") == true)
        #expect(lines.dropFirst(2).first?.hasSuffix(" s: 2 merged, 0 skipped") == true)
        #expect(lines.last?.hasPrefix("file vectors: fitted on 2 files (1 dimensions) in ") == true, "\(merged)")
        let pytorch = try Umlaut.run(["search", "--where", "loss ~ dice"], in: scratch.path)
        #expect(pytorch.stdout.hasPrefix("seg: train.py"), "\(pytorch)")
        let readme = try Umlaut.run(["search", "mnist"], in: scratch.path)
        #expect(readme.stdout.hasPrefix("digits"), "\(readme)")

        let again = try Umlaut.run(["index", "--merge", "shard-1.sqlite", "shard-2.sqlite"], in: scratch.path)
        #expect(again.stdout.contains("shard-2.sqlite: 0 projects merged (0 files), 1 skipped"), "\(again)")
        #expect(again.stdout.hasSuffix("file vectors: unchanged (nothing merged)\n"), "\(again)")

        let index = scratch.path + "/.umlaut/projects.sqlite"
        let before = FileManager.default.contents(atPath: index)
        let missing = try Umlaut.run(["index", "--merge", "shard-1.sqlite", "gone.sqlite"], in: scratch.path)
        #expect(missing.status == 2)
        #expect(missing.stdout == "")
        #expect(missing.stderr == "umlaut: error: cannot merge \(scratch.path)/gone.sqlite: no such file\n")
        let itself = try Umlaut.run(["index", "--merge", ".umlaut/../.umlaut/projects.sqlite"], in: scratch.path)
        #expect(itself.status == 2)
        #expect(itself.stderr.hasSuffix(": it is the target index itself\n"), "\(itself)")
        #expect(FileManager.default.contents(atPath: index) == before)
        let jobs = try Umlaut.run(["index", "--merge", "shard-1.sqlite", "--jobs", "2"], in: scratch.path)
        #expect(jobs.status == 2)
        #expect(jobs.stderr.contains("--jobs cannot be used with --merge"), "\(jobs)")
    }
}
