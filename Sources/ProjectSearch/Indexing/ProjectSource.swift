import Foundation
import Workspace

/// Something indexed as one project: a directory (a repository) or a source archive.
package enum ProjectSource: Hashable, Sendable {
    case directory(String)
    case archive(String)

    package var root: String {
        switch self {
        case .directory(let path), .archive(let path): path
        }
    }

    package var name: String {
        switch self {
        case .directory(let path): (path as NSString).lastPathComponent
        case .archive(let path): ArchiveReader.stem(path)
        }
    }

    /// The projects named by `paths` (absolute, or relative to `workingDirectory`): an archive is
    /// one; a directory that looks like a project (a README, a licence, packaging files, a
    /// `.git`, or Python files at its top) is one; any other directory holds them one level
    /// below (its sub-directories that look like projects, and its archives).
    package static func find(
        paths: [String], workingDirectory: String
    ) -> (projects: [ProjectSource], problems: [String]) {
        var projects: [ProjectSource] = []
        var problems: [String] = []
        let manager = FileManager.default
        for given in paths {
            let path = Self.absolute(given, workingDirectory: workingDirectory)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append("\(given): no such file or directory")
                continue
            }
            if !isDirectory.boolValue {
                if ArchiveReader.isArchive(path) {
                    projects.append(.archive(path))
                } else {
                    problems.append("\(given): not a directory or a .tar.gz, .tgz, .tar or .zip archive")
                }
                continue
            }
            if looksLikeProject(path) {
                projects.append(.directory(path))
                continue
            }
            let entries = ((try? manager.contentsOfDirectory(atPath: path)) ?? []).sorted()
            var found = 0
            for entry in entries where !entry.hasPrefix(".") {
                let child = (path as NSString).appendingPathComponent(entry)
                var childIsDirectory: ObjCBool = false
                guard manager.fileExists(atPath: child, isDirectory: &childIsDirectory) else { continue }
                if childIsDirectory.boolValue {
                    if !FileDiscovery.skippedDirectories.contains(entry) && looksLikeProject(child) {
                        projects.append(.directory(child))
                        found += 1
                    }
                } else if ArchiveReader.isArchive(child) {
                    projects.append(.archive(child))
                    found += 1
                }
            }
            if found == 0 {
                problems.append("\(given): no project in it (no README, licence, packaging or Python files)")
            }
        }
        var seen: Set<String> = []
        return (projects.filter { seen.insert($0.root).inserted }, problems)
    }

    static func looksLikeProject(_ directory: String) -> Bool {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let markers: Set<String> = [
            "setup.py", "setup.cfg", "pyproject.toml", "requirements.txt", ".git", "__init__.py",
        ]
        return entries.contains { entry in
            markers.contains(entry) || ReadmeSummary.isReadme(entry) || LicenceSignature.isLicenceFile(entry)
                || entry.hasSuffix(".py") || entry.hasSuffix(".ipynb")
        }
    }

    static func absolute(_ path: String, workingDirectory: String) -> String {
        let joined = path.hasPrefix("/") ? path : (workingDirectory as NSString).appendingPathComponent(path)
        return (joined as NSString).standardizingPath
    }
}
