import PythonSyntax

/// The text of a `.py` file as read from disk, ready to lint, and how to write it back.
///
/// Umlaut reads UTF-8 only (PEP 3120's default): a file in another encoding is refused rather
/// than linted as garbage. A UTF-8 byte-order mark is removed for linting (so columns on the
/// first line are what editors show) and put back when fixes are written. Fix replacements are
/// written with the file's own line ending.
package struct PythonFile: Sendable {
    /// The text without its byte-order mark.
    package var text: SourceText
    package var hasByteOrderMark: Bool
    package var lineEnding: LineEnding

    /// Decodes a file's bytes.
    package static func decode(_ bytes: [UInt8]) -> Result<PythonFile, SourceDecodingError> {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let hasBOM = bytes.starts(with: bom)
        let body = hasBOM ? Array(bytes.dropFirst(3)) : bytes
        if let problem = UTF8Validation.firstProblem(in: body) { return .failure(problem) }
        return .success(
            PythonFile(text: SourceText(body), hasByteOrderMark: hasBOM, lineEnding: LineEnding.detect(in: body)))
    }

    /// The bytes to write for a (fixed) text: the byte-order mark again if there was one.
    package func encoded(_ text: SourceText) -> [UInt8] {
        hasByteOrderMark ? [0xEF, 0xBB, 0xBF] + text.bytes : text.bytes
    }
}

/// The line terminator a text uses (the first one found; `\n` for a text without any).
package enum LineEnding: String, Sendable {
    case lf = "\n"
    case crlf = "\r\n"
    case cr = "\r"

    package static func detect(in bytes: [UInt8]) -> LineEnding {
        guard let index = bytes.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) else { return .lf }
        if bytes[index] == 0x0A { return .lf }
        return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? .crlf : .cr
    }

    /// `text` with its `\n` line breaks written as this ending (rules write fixes with `\n`).
    package func applied(to text: String) -> String {
        guard self != .lf, text.utf8.contains(0x0A) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        var previous: Character?
        for character in text {
            if character == "\n" && previous != "\r" { result += rawValue } else { result.append(character) }
            previous = character
        }
        return result
    }
}

/// Why a file's bytes are not Python source Umlaut can read.
package enum SourceDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An invalid UTF-8 sequence; line and column one-based, column counted in characters.
    case notUTF8(line: Int, column: Int, byte: UInt8)
    /// A NUL byte: a binary file with a `.py` name.
    case binary(line: Int)

    package var description: String {
        switch self {
        case let .notUTF8(line, column, byte):
            let hex = String(byte, radix: 16, uppercase: true)
            return "not valid UTF-8 (byte 0x\(hex.count == 1 ? "0" + hex : hex) at line \(line), column \(column)); "
                + "Umlaut reads UTF-8 source only: re-save the file as UTF-8"
        case let .binary(line):
            return "binary file (NUL byte at line \(line)), not Python source"
        }
    }
}

/// A UTF-8 validator that says where the first problem is.
enum UTF8Validation {
    static func firstProblem(in bytes: [UInt8]) -> SourceDecodingError? {
        bytes.withUnsafeBufferPointer { buffer -> SourceDecodingError? in
            let count = buffer.count
            var index = 0
            while index < count {
                let lead = buffer[index]
                if lead < 0x80 {
                    if lead == 0 { return .binary(line: lineNumber(buffer, index)) }
                    index += 1
                    continue
                }
                let length: Int
                var minimumSecond: UInt8 = 0x80
                var maximumSecond: UInt8 = 0xBF
                switch lead {
                case 0xC2...0xDF: length = 2
                case 0xE0: length = 3; minimumSecond = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED: length = 3; maximumSecond = 0x9F
                case 0xF0: length = 4; minimumSecond = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4: length = 4; maximumSecond = 0x8F
                default: return problem(buffer, index)
                }
                guard index + length <= count else { return problem(buffer, index) }
                let second = buffer[index + 1]
                guard second >= minimumSecond, second <= maximumSecond else { return problem(buffer, index) }
                for offset in 2..<length where buffer[index + offset] & 0xC0 != 0x80 {
                    return problem(buffer, index)
                }
                index += length
            }
            return nil
        }
    }

    private static func lineNumber(_ buffer: UnsafeBufferPointer<UInt8>, _ offset: Int) -> Int {
        var line = 1
        for index in 0..<offset where buffer[index] == 0x0A { line += 1 }
        return line
    }

    private static func problem(_ buffer: UnsafeBufferPointer<UInt8>, _ offset: Int) -> SourceDecodingError {
        var lineStart = 0
        var line = 1
        for index in 0..<offset where buffer[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        // Characters before the bad byte on its line (continuation bytes do not start one).
        let column = 1 + buffer[lineStart..<offset].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        return .notUTF8(line: line, column: column, byte: buffer[offset])
    }
}
