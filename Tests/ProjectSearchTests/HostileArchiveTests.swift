import Foundation
import ProjectSearch
import Store
import TestSupport
import Testing

/// Archives built to escape or exhaust the indexer: nothing leaves the index, nothing crashes,
/// each refused member is reported, and what is stored is stored verbatim.
@Suite struct HostileArchiveTests {
    static let model = Array("import torch\nlayer = torch.nn.Linear(2, 3)\n".utf8)

    func index(
        _ path: String, limits: ArchiveLimits = ArchiveLimits()
    ) async throws
        -> (ProjectIndexReport, ProjectIndexDatabase)
    {
        let database = try ProjectIndexDatabase.inMemory()
        let report = try await offTheTestPool {
            try ProjectIndexer(database: database, jobs: 2, limits: limits).index(.archive(path))
        }
        return (report, database)
    }

    @Test func tarGzMembersThatEscapeAreRefusedAndTheRestIndexedVerbatim() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let html = "<script>alert(1)</script>"
        let tar = ArchiveBuilder.tar([
            .file("proj-1.0/README.md", Array("# \(html) title\n\nSummary with <b>bold</b> & \(html).\n".utf8)),
            .file("proj-1.0/ok.py", Self.model),
            .file("proj-1.0/<img src=x onerror=alert(1)>.py", Self.model),
            .file("proj-1.0/../../escaped.py", Self.model),
            .file("/tmp/absolute.py", Self.model),
            .symlink("proj-1.0/link.py", to: "/etc/passwd"),
            .hardlink("proj-1.0/hard.py", to: "/etc/passwd"),
            .device("proj-1.0/dev.py"),
            .file("proj-1.0/blob.py", [0x7F, 0x45, 0x4C, 0x46, 0, 0, 1, 2]),
            .file("proj-1.0/broken.ipynb", Array("{\"cells\": [".utf8)),
        ])
        let archive = try directory.write(
            "archives/proj-1.0.tar.gz", bytes: ArchiveBuilder.deflate(tar, windowBits: 31))
        let (report, database) = try await index(archive)
        let project = try #require(try database.project(root: archive))
        #expect(project.name == "proj-1.0")
        #expect(project.source == .archive)
        #expect(project.title == "\(html) title")
        #expect(project.summary == "Summary with <b>bold</b> & \(html).")
        let files = try database.files(projectId: try #require(project.id)).map(\.path)
        #expect(files == ["<img src=x onerror=alert(1)>.py", "ok.py"])
        let skipped = report.skipped.joined(separator: "\n")
        for expected in [
            "proj-1.0/../../escaped.py: skipped: leaves the archive (..)",
            "/tmp/absolute.py: skipped: absolute path",
            "proj-1.0/link.py: skipped: a link (links are never followed)",
            "proj-1.0/hard.py: skipped: a link (links are never followed)",
            "proj-1.0/dev.py: skipped: a device or pipe",
            "blob.py: skipped: binary content",
            "broken.ipynb: skipped: not a readable notebook",
        ] {
            #expect(skipped.contains(expected), "\(expected) in \(skipped)")
        }
        // Nothing was written beside the archive, nor where the escaping names point.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["archives"])
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.path + "/archives") == ["proj-1.0.tar.gz"])
        #expect(!FileManager.default.fileExists(atPath: "/tmp/absolute.py"))
    }

    @Test func zipLinksTraversalAndLyingSizesAreRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let zip = ArchiveBuilder.zip([
            .init(name: "repo/ok.py", bytes: Self.model),
            .init(name: "repo/stored.py", bytes: Self.model, compress: false),
            .init(name: "repo/../../up.py", bytes: Self.model),
            .init(name: "repo/link.py", bytes: Array("/etc/passwd".utf8), compress: false, mode: 0o120777),
            // Declares 10 bytes but inflates to 100,000: a bomb that lies about its size.
            .init(name: "repo/bomb.py", bytes: [UInt8](repeating: 32, count: 100_000), declaredSize: 10),
            .init(name: "repo/huge.py", bytes: [UInt8](repeating: 32, count: 300_000)),
        ])
        let archive = try directory.write("repo.zip", bytes: zip)
        var limits = ArchiveLimits()
        limits.maxMemberSize = 200_000
        let (report, database) = try await index(archive, limits: limits)
        let project = try #require(try database.project(root: archive))
        #expect(try database.files(projectId: try #require(project.id)).map(\.path) == ["ok.py", "stored.py"])
        let skipped = report.skipped.joined(separator: "\n")
        #expect(skipped.contains("repo/../../up.py: skipped: leaves the archive (..)"))
        #expect(skipped.contains("repo/link.py: skipped: a link"))
        #expect(skipped.contains("repo/bomb.py: skipped: expands beyond"))
        #expect(skipped.contains("repo/huge.py: skipped: 300000 bytes, over the member limit"))
    }

    @Test func aGzipThatExpandsPastTheTotalLimitIsNotIndexed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tar = ArchiveBuilder.tar([.file("big/zeros.py", [UInt8](repeating: 32, count: 3_000_000))])
        let compressed = ArchiveBuilder.deflate(tar, windowBits: 31)
        #expect(compressed.count < 50_000)
        let archive = try directory.write("big.tgz", bytes: compressed)
        var limits = ArchiveLimits()
        limits.maxTotalSize = 1 << 20
        let (report, database) = try await index(archive, limits: limits)
        #expect(report.skipped.count == 1)
        #expect(report.skipped.first?.contains("not indexed: expands beyond the 1 MB limit") == true)
        #expect(try database.projects().isEmpty)
    }

    @Test func aDamagedArchiveIsReportedNotFatal() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let archive = try directory.write("junk.tar.gz", bytes: [0x1F, 0x8B, 8, 0, 1, 2, 3, 4, 5, 6])
        let (report, _) = try await index(archive)
        #expect(report.skipped.first?.contains("not indexed:") == true)
    }
}
