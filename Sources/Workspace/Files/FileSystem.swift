#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file-system calls the linter needs, straight on POSIX: one `read` for a whole file,
/// `readdir` for directories, atomic replacement for fixes. No Foundation on the hot path.
package enum FileSystem {
    /// What a path is, following symbolic links.
    package enum Kind: Sendable, Equatable {
        case file(size: Int)
        case directory(FileID)
        case other
    }

    /// A file's identity (device and inode), to notice symbolic-link loops and duplicates.
    package struct FileID: Hashable, Sendable {
        package var device: UInt64
        package var inode: UInt64
    }

    /// Why a path could not be used, phrased for `umlaut: PATH: error: ...`.
    package struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        package var message: String
        package init(_ message: String) { self.message = message }
        package var description: String { message }

        /// `ELOOP`: a symbolic link that leads back to itself, directly or through others.
        package static let symbolicLinkLoop = Failure("too many levels of symbolic links (a symbolic-link loop?)")

        static func errno(_ code: Int32, _ doing: String) -> Failure {
            switch code {
            case ENOENT: Failure("no such file or directory")
            case EACCES, EPERM: Failure("permission denied")
            case ELOOP: .symbolicLinkLoop
            case EISDIR: Failure("is a directory")
            case ENOTDIR: Failure("a component of the path is not a directory")
            default: Failure("\(doing) failed: \(String(cString: strerror(code)))")
            }
        }
    }

    /// `path` made absolute against `workingDirectory` (absolute), with `.` and `..` segments
    /// resolved textually (symbolic links are not).
    package static func absolutePath(_ path: String, workingDirectory: String) -> String {
        let joined = path.hasPrefix("/") ? path : workingDirectory + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The kind of `path` (symbolic links followed), or the reason it cannot be examined.
    package static func kind(of path: String) -> Result<Kind, Failure> {
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(.errno(errno, "stat")) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .success(.file(size: Int(info.st_size)))
        case S_IFDIR: return .success(.directory(FileID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))))
        default: return .success(.other)
        }
    }

    /// The identity of a file, following symbolic links.
    package static func identity(of path: String) -> FileID? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// One entry of a directory listing.
    package struct Entry: Sendable {
        package var name: String
        /// True for directories, false for regular files; nil when only `stat` can tell
        /// (symbolic links, file systems that do not report types).
        package var isDirectory: Bool?
    }

    /// The entries of a directory except `.` and `..`, sorted by name (byte order).
    package static func list(_ path: String) -> Result<[Entry], Failure> {
        guard let directory = opendir(path) else { return .failure(.errno(errno, "opendir")) }
        defer { closedir(directory) }
        var entries: [Entry] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) {
                    String(cString: $0)
                }
            }
            if name == "." || name == ".." { continue }
            let type = Int32(entry.pointee.d_type)
            let isDirectory: Bool? =
                switch type {
                case Int32(DT_DIR): true
                case Int32(DT_REG): false
                default: nil
                }
            entries.append(Entry(name: name, isDirectory: isDirectory))
        }
        entries.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        return .success(entries)
    }

    /// Reads a whole regular file with as few `read` calls as its size allows.
    package static func read(_ path: String) -> Result<[UInt8], Failure> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(.errno(errno, "open")) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(.errno(errno, "fstat")) }
        if info.st_mode & S_IFMT == S_IFDIR { return .failure(Failure("is a directory")) }
        return readAll(descriptor, sizeHint: Int(info.st_size))
    }

    /// Reads a descriptor to its end (a file, or standard input).
    package static func readAll(_ descriptor: Int32, sizeHint: Int = 0) -> Result<[UInt8], Failure> {
        var capacity = max(sizeHint + 1, 4096)
        var bytes = [UInt8](repeating: 0, count: capacity)
        var count = 0
        while true {
            if count == capacity {
                capacity *= 2
                bytes += [UInt8](repeating: 0, count: capacity - bytes.count)
            }
            let got = bytes.withUnsafeMutableBytes { buffer in
                posixRead(descriptor, buffer.baseAddress! + count, capacity - count)
            }
            if got < 0 {
                if errno == EINTR { continue }
                return .failure(.errno(errno, "read"))
            }
            if got == 0 { break }
            count += got
        }
        bytes.removeSubrange(count...)
        return .success(bytes)
    }

    /// Replaces a file's contents atomically: writes a temporary file beside it with the same
    /// permissions, then renames it over the original. Readers see the old or the new text, never
    /// half of one; a crash leaves at most a stray `.umlaut-*` temporary file.
    package static func replaceAtomically(_ path: String, with bytes: [UInt8]) -> Result<Void, Failure> {
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(.errno(errno, "stat")) }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(directory.isEmpty ? "/" : directory)/.umlaut-\(name).XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return .failure(.errno(errno, "creating a temporary file")) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var ok = fchmod(descriptor, info.st_mode & 0o7777) == 0
        var written = 0
        while ok, written < bytes.count {
            let result = bytes.withUnsafeBytes {
                posixWrite(descriptor, $0.baseAddress! + written, bytes.count - written)
            }
            if result < 0, errno == EINTR { continue }
            if result <= 0 { ok = false } else { written += result }
        }
        let code = errno
        if ok { ok = fsync(descriptor) == 0 }
        close(descriptor)
        guard ok, rename(temporary, path) == 0 else {
            let failure = Failure.errno(ok ? errno : code, "writing")
            unlink(temporary)
            return .failure(failure)
        }
        return .success(())
    }
}

// `read` and `write` are shadowed by the methods above inside `FileSystem`.
@inline(__always) private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}

@inline(__always) private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
