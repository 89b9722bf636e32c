#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ANSI styling for terminal output: on only when standard output is a terminal and `NO_COLOR`
/// is unset (https://no-color.org), so pipes, files and CI logs get plain text.
struct Style: Sendable {
    let enabled: Bool

    static func forStandardOutput() -> Style {
        let noColor = getenv("NO_COLOR").map { String(cString: $0) } ?? ""
        return Style(enabled: isatty(STDOUT_FILENO) == 1 && noColor.isEmpty)
    }

    private func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func bold(_ text: String) -> String { wrap(text, "1") }
    func code(_ text: String) -> String { wrap(text, "1;31") }
    func fixable(_ text: String) -> String { wrap(text, "36") }
    func gutter(_ text: String) -> String { wrap(text, "1;34") }
    func marker(_ text: String) -> String { wrap(text, "1;31") }
    func help(_ text: String) -> String { wrap(text, "1") }
    func removed(_ text: String) -> String { wrap(text, "31") }
    func added(_ text: String) -> String { wrap(text, "32") }
}

/// How many terminal columns a text takes: wide East Asian characters and emoji take two,
/// combining marks and zero-width characters none. Good enough to align carets under code.
enum DisplayWidth {
    static func of(_ text: Substring) -> Int {
        text.unicodeScalars.reduce(0) { $0 + of($1) }
    }

    static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        switch value {
        case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F, 0x20D0...0x20FF: return 0
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
            0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1FAFF, 0x20000...0x3FFFD:
            return 2
        default: return 1
        }
    }
}

/// Writes to standard error without buffering behind standard output.
enum StandardError {
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = rawWrite(STDERR_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

/// Writes to standard output in large chunks.
enum StandardOutput {
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in writeBytes(UnsafeRawBufferPointer(buffer)) }
    }

    static func write(bytes: [UInt8]) {
        bytes.withUnsafeBytes { writeBytes($0) }
    }

    private static func writeBytes(_ buffer: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < buffer.count {
            let written = rawWrite(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0, errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }
}

/// `write(2)`, out of reach of the `write` methods above.
private func rawWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
