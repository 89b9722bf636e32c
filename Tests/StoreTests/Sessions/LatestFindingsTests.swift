import Foundation
import Testing

@testable import Store

/// What the language server reads: the latest session of each script and its runtime findings.
@Suite struct LatestFindingsTests {
    static func start(
        _ database: SessionDatabase, script: String, at seconds: TimeInterval, pid: Int = 1
    ) throws -> Int64 {
        let session = SessionRecord(
            name: (script as NSString).lastPathComponent, script: script, python: "python3",
            workingDirectory: "/w", startedAt: Date(timeIntervalSince1970: seconds), umlautPID: pid)
        return try #require(try database.startSession(session).id)
    }

    static func finding(
        _ session: Int64, _ code: String, path: String, line: Int, stage: FindingRecord.Stage = .runtime
    ) -> FindingRecord {
        FindingRecord(
            sessionId: session, key: "\(code):\(line)", stage: stage, code: code, name: "n", severity: .warning,
            message: "m", path: path, line: line, column: 1, epochs: stage == .runtime ? [0] : [])
    }

    @Test func aScriptsNewRunReplacesItsOldFindingsEvenWhenItFindsNothing() throws {
        let database = try SessionDatabase.inMemory()
        let old = try Self.start(database, script: "/w/train.py", at: 100)
        try database.saveFinding(Self.finding(old, "UM501", path: "/w/train.py", line: 3))
        #expect(try database.latestRuntimeFindings().flatMap(\.findings).map(\.code) == ["UM501"])
        let new = try Self.start(database, script: "/w/train.py", at: 200)
        let latest = try database.latestRuntimeFindings()
        #expect(latest.map(\.session.id) == [new])
        #expect(latest.flatMap(\.findings).isEmpty)
    }

    @Test func theLatestSessionCarriesItsCrashAndANewRunReplacesIt() throws {
        let database = try SessionDatabase.inMemory()
        let old = try Self.start(database, script: "/w/train.py", at: 100)
        try database.saveCrash(
            CrashRecord(
                sessionId: old, exceptionType: "ValueError", message: "bad shape", path: "/w/train.py", line: 9,
                cause: .init(
                    path: "/w/train.py", line: 4, column: 5, endLine: 4, endColumn: 20, message: "likely cause: x"),
                frames: [.init(path: "/w/train.py", line: 9, function: "<module>", isUser: true)]))
        let crash = try #require(try database.latestRuntimeFindings().first?.crash)
        #expect(crash.line == 9 && crash.cause?.line == 4 && crash.frames.count == 1)
        #expect(try database.crash(sessionId: old) == crash)
        _ = try Self.start(database, script: "/w/train.py", at: 200)
        #expect(try database.latestRuntimeFindings().map(\.crash) == [nil])
    }

    @Test func eachScriptKeepsItsLatestSessionAndStaticFindingsAreLeftOut() throws {
        let database = try SessionDatabase.inMemory()
        let a1 = try Self.start(database, script: "/w/a.py", at: 100)
        let b1 = try Self.start(database, script: "/w/b.py", at: 150)
        let a2 = try Self.start(database, script: "/w/a.py", at: 200)
        try database.saveFinding(Self.finding(a1, "UM501", path: "/w/model.py", line: 1))
        try database.saveFinding(Self.finding(b1, "UM506", path: "/w/model.py", line: 2))
        try database.saveFinding(Self.finding(a2, "UM509", path: "/w/model.py", line: 3))
        try database.saveFinding(Self.finding(a2, "UM302", path: "/w/a.py", line: 4, stage: .static))
        let latest = try database.latestRuntimeFindings()
        #expect(latest.map(\.session.id) == [a2, b1])
        #expect(latest.map { $0.findings.map(\.code) } == [["UM509"], ["UM506"]])
    }

    @Test func theSessionOfARunIsFoundByItsProcess() throws {
        let database = try SessionDatabase.inMemory()
        _ = try Self.start(database, script: "/w/a.py", at: 100, pid: 41)
        let second = try Self.start(database, script: "/w/a.py", at: 200, pid: 42)
        #expect(try database.latestSession(recordedBy: 42)?.id == second)
        #expect(try database.latestSession(recordedBy: 43) == nil)
        #expect(try SessionDatabase.inMemory().latestRuntimeFindings().isEmpty)
    }
}
