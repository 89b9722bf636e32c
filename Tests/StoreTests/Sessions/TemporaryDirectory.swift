import Foundation

/// A fresh directory under the system's temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "umlaut-store-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    func remove() {
        ReadOnly.undo(path)
        try? FileManager.default.removeAll(at: path)
    }
}

/// Makes files truly read-only, also for root (who ignores permission bits): `chattr +i`.
enum ReadOnly {
    /// Whether this machine can make a file read-only for the current user.
    static let isSupported: Bool = {
        guard geteuid() == 0 else { return true }
        let probe = NSTemporaryDirectory() + "umlaut-chattr-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: probe, contents: Data())
        defer { _ = run("/usr/bin/chattr", ["-i", probe]); try? FileManager.default.removeItem(atPath: probe) }
        return run("/usr/bin/chattr", ["+i", probe])
    }()

    static func make(_ paths: [String]) {
        for path in paths {
            if geteuid() == 0 { _ = run("/usr/bin/chattr", ["+i", path]) } else { chmod(path, 0o555) }
        }
    }

    static func undo(_ directory: String) {
        guard geteuid() == 0 else { return }
        let items = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for item in items { _ = run("/usr/bin/chattr", ["-i", (directory as NSString).appendingPathComponent(item)]) }
        _ = run("/usr/bin/chattr", ["-i", directory])
    }

    private static func run(_ tool: String, _ arguments: [String]) -> Bool {
        guard FileManager.default.isExecutableFile(atPath: tool) else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}

extension FileManager {
    func removeAll(at path: String) throws {
        if fileExists(atPath: path) { try removeItem(atPath: path) }
    }
}
