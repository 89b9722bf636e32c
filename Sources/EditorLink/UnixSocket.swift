import Foundation

#if canImport(Glibc)
import Glibc
private let systemListen = Glibc.listen
private let systemConnect = Glibc.connect
#elseif canImport(Darwin)
import Darwin
private let systemListen = Darwin.listen
private let systemConnect = Darwin.connect
#endif

/// The few POSIX socket calls the editor channel and the dashboard probe need: a Unix-domain
/// stream socket to listen on or connect to, a loopback TCP connection, timeouts, and reading
/// one line of bounded length. Every descriptor is opened close-on-exec.
enum UnixSocket {
    /// The longest path `sockaddr_un.sun_path` holds (its size less the terminating NUL: 107 on
    /// Linux, 103 on macOS).
    static let maximumPathBytes = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ call: String, _ code: Int32 = errno) {
            description = "\(call): \(String(cString: strerror(code)))"
        }
    }

    #if canImport(Glibc)
    private static let streamType = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
    #else
    private static let streamType = SOCK_STREAM
    #endif

    /// The address of the socket at `path`, or nil when the path is too long for `sun_path`.
    static func address(_ path: String) -> sockaddr_un? {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, bytes.count <= maximumPathBytes else { return nil }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
            raw[bytes.count] = 0
        }
        return address
    }

    /// A listening socket bound at `path` (an old file there is replaced), readable and
    /// writable by its owner only.
    static func listen(at path: String, backlog: Int32 = 16) throws(Failure) -> Int32 {
        guard var address = address(path) else { throw Failure("bind \(path)", ENAMETOOLONG) }
        let fd = socket(AF_UNIX, streamType, 0)
        guard fd >= 0 else { throw Failure("socket") }
        unlink(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else {
            let code = errno
            close(fd)
            throw Failure("bind \(path)", code)
        }
        chmod(path, 0o600)
        guard systemListen(fd, backlog) == 0 else {
            let code = errno
            close(fd)
            unlink(path)
            throw Failure("listen \(path)", code)
        }
        return fd
    }

    /// A connected socket to the Unix socket at `path`, with send and receive timeouts.
    static func connect(toPath path: String, timeout: Double) throws(Failure) -> Int32 {
        guard var address = address(path) else { throw Failure("connect \(path)", ENAMETOOLONG) }
        let fd = socket(AF_UNIX, streamType, 0)
        guard fd >= 0 else { throw Failure("socket") }
        setTimeouts(fd, seconds: timeout)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                systemConnect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            close(fd)
            throw Failure("connect \(path)", code)
        }
        return fd
    }

    /// A connected TCP socket to 127.0.0.1:`port`, with send and receive timeouts.
    static func connect(loopbackPort port: UInt16, timeout: Double) throws(Failure) -> Int32 {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure("socket") }
        setTimeouts(fd, seconds: timeout)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                systemConnect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            close(fd)
            throw Failure("connect 127.0.0.1:\(port)", code)
        }
        return fd
    }

    /// Sets the descriptor's send and receive timeouts, so that a peer that stops reading or
    /// writing fails the call instead of blocking it for ever.
    static func setTimeouts(_ fd: Int32, seconds: Double) {
        var time = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Writes all of `data`; false when the peer went away or the send timed out.
    static func writeAll(_ fd: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let written = send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return false }
                offset += written
            }
            return true
        }
    }

    /// Reads up to the first newline (not included) or the end of the stream; nil when nothing
    /// arrived, the read timed out, or more than `limit` bytes came before a newline.
    static func readLine(_ fd: Int32, limit: Int) -> Data? {
        var line = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0, errno == EINTR { continue }
            if count < 0 { return nil }
            if count == 0 { return line.isEmpty ? nil : line }
            if let newline = buffer[..<count].firstIndex(of: UInt8(ascii: "\n")) {
                line.append(contentsOf: buffer[..<newline])
                return line.count <= limit ? line : nil
            }
            line.append(contentsOf: buffer[..<count])
            if line.count > limit { return nil }
        }
    }

    /// Reads until the peer closes or `limit` bytes arrived; what came before a timeout.
    static func readAll(_ fd: Int32, limit: Int) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while data.count < limit {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            data.append(contentsOf: buffer[..<count])
        }
        return data
    }

    /// Whether a process with this id exists (one owned by another user counts).
    static func processIsAlive(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}
