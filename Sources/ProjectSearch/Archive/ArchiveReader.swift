import CZlib
import Foundation

/// How much of an archive the indexer is willing to read: a hostile archive (a zip bomb, a tar
/// of a million members) is refused or cut short at these bounds instead of filling memory.
package struct ArchiveLimits: Sendable {
    /// The archive file itself.
    package var maxArchiveSize: Int = 256 << 20
    /// Members looked at (directories included).
    package var maxMembers: Int = 50_000
    /// One member's expanded size: a larger member is skipped.
    package var maxMemberSize: Int = 10 << 20
    /// All members' expanded size together (the whole tar stream for `.tar.gz`).
    package var maxTotalSize: Int = 512 << 20

    package init() {}
}

/// A file read from an archive: its path inside the archive (relative, normalised) and bytes.
package struct ArchiveMember: Sendable {
    package var path: String
    package var bytes: [UInt8]
}

/// What could be read from an archive, and what was refused and why.
package struct ArchiveContents: Sendable {
    package var members: [ArchiveMember] = []
    /// One line per member skipped: `../../etc/passwd: skipped: leaves the archive`.
    package var skipped: [String] = []
}

/// Why an archive could not be read at all.
package struct ArchiveError: Error, Hashable, Sendable, CustomStringConvertible {
    package var message: String
    package var description: String { message }
    init(_ message: String) { self.message = message }
}

/// Reads `.tar.gz`/`.tgz`/`.tar` and `.zip` archives in memory. Nothing is ever written to disk,
/// so a member cannot land outside the index folder whatever its name; still, members whose
/// path is absolute or climbs out (`..`) are refused and reported, links (symbolic or hard) and
/// device files are never read, and the limits bound every size.
package enum ArchiveReader {
    /// The archive formats recognised by a path's extension.
    package static func isArchive(_ path: String) -> Bool {
        let lower = path.lowercased()
        return [".tar.gz", ".tgz", ".tar", ".zip"].contains { lower.hasSuffix($0) }
    }

    /// The archive's name without its extension (`torch-2.0.tar.gz` → `torch-2.0`).
    package static func stem(_ path: String) -> String {
        let name = (path as NSString).lastPathComponent
        for suffix in [".tar.gz", ".tgz", ".tar", ".zip"] where name.lowercased().hasSuffix(suffix) {
            return String(name.dropLast(suffix.count))
        }
        return name
    }

    /// Reads the members `wanted` accepts (by normalised path).
    package static func read(
        path: String, limits: ArchiveLimits = ArchiveLimits(), wanted: (String) -> Bool
    ) throws(ArchiveError) -> ArchiveContents {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? Int
        else { throw ArchiveError("cannot read \(path)") }
        guard size <= limits.maxArchiveSize else {
            throw ArchiveError("\(path) is \(size >> 20) MB, over the \(limits.maxArchiveSize >> 20) MB limit")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw ArchiveError("cannot read \(path)") }
        let bytes = [UInt8](data)
        let lower = path.lowercased()
        if lower.hasSuffix(".zip") { return try readZip(bytes, limits: limits, wanted: wanted) }
        let tar = lower.hasSuffix(".tar") ? bytes : try gunzip(bytes, limit: limits.maxTotalSize)
        return try readTar(tar, limits: limits, wanted: wanted)
    }

    /// The member path made relative and clean, or why it is refused.
    static func normalise(_ raw: String) -> Result<String, ArchiveError> {
        if raw.isEmpty || raw.contains("\0") { return .failure(ArchiveError("empty or invalid name")) }
        if raw.hasPrefix("/") || raw.hasPrefix("\\") || (raw.count > 1 && raw.dropFirst().first == ":") {
            return .failure(ArchiveError("absolute path"))
        }
        var parts: [Substring] = []
        for part in raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }) {
            if part == "." { continue }
            if part == ".." { return .failure(ArchiveError("leaves the archive (..)")) }
            parts.append(part)
        }
        if parts.isEmpty { return .failure(ArchiveError("empty name")) }
        return .success(parts.joined(separator: "/"))
    }

    // MARK: gzip

    /// Inflates a gzip stream (several members are concatenated), refusing more than `limit` bytes.
    static func gunzip(_ input: [UInt8], limit: Int) throws(ArchiveError) -> [UInt8] {
        try inflate(input, windowBits: 15 + 32, limit: limit, expected: nil)
    }

    /// Inflates with zlib: `windowBits` 47 reads gzip or zlib headers, -15 raw deflate.
    static func inflate(_ input: [UInt8], windowBits: Int32, limit: Int, expected: Int?) throws(ArchiveError) -> [UInt8]
    {
        var stream = z_stream()
        guard inflateInit2_(&stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ArchiveError("cannot start inflating")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, expected ?? input.count * 4))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var failure: ArchiveError?
        input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = uInt(source.count)
            while failure == nil {
                let status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                if output.count + produced > limit {
                    failure = ArchiveError("expands beyond the \(limit >> 20) MB limit")
                    break
                }
                output.append(contentsOf: chunk[0..<produced])
                if status == Z_STREAM_END {
                    // Another gzip member may follow (concatenated gzip files).
                    if windowBits > 0, stream.avail_in > 0, inflateReset(&stream) == Z_OK { continue }
                    break
                }
                if status != Z_OK {
                    if status == Z_BUF_ERROR && stream.avail_in == 0 {
                        failure = ArchiveError("the compressed data ends early")
                    } else {
                        failure = ArchiveError("damaged compressed data (zlib \(status))")
                    }
                }
            }
        }
        if let failure { throw failure }
        return output
    }

    // MARK: tar

    static func readTar(
        _ tar: [UInt8], limits: ArchiveLimits, wanted: (String) -> Bool
    ) throws(ArchiveError)
        -> ArchiveContents
    {
        var contents = ArchiveContents()
        var offset = 0
        var count = 0
        var longName: String?
        var paxPath: String?
        while offset + 512 <= tar.count {
            let header = tar[offset..<offset + 512]
            if header.allSatisfy({ $0 == 0 }) { break }
            count += 1
            guard count <= limits.maxMembers else {
                contents.skipped.append("(archive): stopped after \(limits.maxMembers) members")
                break
            }
            guard let size = octal(tar, offset + 124, 12), size >= 0 else {
                throw ArchiveError("damaged tar header at byte \(offset)")
            }
            let type = tar[offset + 156]
            let dataStart = offset + 512
            let dataEnd = dataStart + size
            guard dataEnd <= tar.count else { throw ArchiveError("the tar stream ends inside a member") }
            offset = dataStart + (size + 511) / 512 * 512
            let rawName: String
            if let name = paxPath ?? longName {
                rawName = name
            } else {
                let name = string(tar, offset: dataStart - 512, length: 100)
                let prefix = string(tar, offset: dataStart - 512 + 345, length: 155)
                let isUstar = string(tar, offset: dataStart - 512 + 257, length: 5) == "ustar"
                rawName = isUstar && !prefix.isEmpty ? prefix + "/" + name : name
            }
            switch type {
            case UInt8(ascii: "L"):
                longName = String(decoding: tar[dataStart..<dataEnd].prefix { $0 != 0 }, as: UTF8.self)
                continue
            case UInt8(ascii: "x"):
                paxPath = paxValue("path", in: Array(tar[dataStart..<dataEnd]))
                continue
            case UInt8(ascii: "g"), UInt8(ascii: "K"):
                continue
            default: break
            }
            longName = nil
            paxPath = nil
            let shown = rawName.replacingOccurrences(of: "\n", with: " ")
            switch type {
            case UInt8(ascii: "0"), 0, UInt8(ascii: "7"): break
            case UInt8(ascii: "5"): continue
            case UInt8(ascii: "1"), UInt8(ascii: "2"):
                contents.skipped.append("\(shown): skipped: a link (links are never followed)")
                continue
            case UInt8(ascii: "3"), UInt8(ascii: "4"), UInt8(ascii: "6"):
                contents.skipped.append("\(shown): skipped: a device or pipe")
                continue
            default:
                contents.skipped.append("\(shown): skipped: an entry of unknown type")
                continue
            }
            let path: String
            switch normalise(rawName) {
            case .failure(let why):
                contents.skipped.append("\(shown): skipped: \(why)")
                continue
            case .success(let clean): path = clean
            }
            guard wanted(path) else { continue }
            guard size <= limits.maxMemberSize else {
                contents.skipped.append("\(path): skipped: \(size) bytes, over the member limit")
                continue
            }
            contents.members.append(ArchiveMember(path: path, bytes: Array(tar[dataStart..<dataEnd])))
        }
        return contents
    }

    private static func string(_ bytes: [UInt8], offset: Int, length: Int) -> String {
        String(decoding: bytes[offset..<offset + length].prefix { $0 != 0 }, as: UTF8.self)
    }

    /// A tar number: octal text, or base-256 when the first byte's high bit is set.
    private static func octal(_ bytes: [UInt8], _ offset: Int, _ length: Int) -> Int? {
        let field = bytes[offset..<offset + length]
        if let first = field.first, first & 0x80 != 0 {
            var value = Int(first & 0x7F)
            for byte in field.dropFirst() {
                guard value < Int.max >> 8 else { return nil }
                value = value << 8 | Int(byte)
            }
            return value
        }
        let text = String(decoding: field.prefix { $0 != 0 }, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return 0 }
        return Int(text, radix: 8)
    }

    /// A value of a pax extended header (`27 path=some/long/name\n`).
    private static func paxValue(_ key: String, in data: [UInt8]) -> String? {
        let text = String(decoding: data, as: UTF8.self)
        for record in text.split(separator: "\n") {
            guard let space = record.firstIndex(of: " ") else { continue }
            let pair = record[record.index(after: space)...]
            if pair.hasPrefix(key + "=") { return String(pair.dropFirst(key.count + 1)) }
        }
        return nil
    }

    // MARK: zip

    static func readZip(
        _ zip: [UInt8], limits: ArchiveLimits, wanted: (String) -> Bool
    ) throws(ArchiveError)
        -> ArchiveContents
    {
        func u16(_ at: Int) -> Int { Int(zip[at]) | Int(zip[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        guard zip.count >= 22 else { throw ArchiveError("not a zip archive (too short)") }
        var end = zip.count - 22
        let lowest = max(0, zip.count - 22 - 65_535)
        while end >= lowest && u32(end) != 0x0605_4b50 { end -= 1 }
        guard end >= lowest else { throw ArchiveError("not a zip archive (no central directory)") }
        let entries = u16(end + 10)
        var position = u32(end + 16)
        if entries == 0xFFFF || position == 0xFFFF_FFFF { throw ArchiveError("zip64 archives are not read") }
        var contents = ArchiveContents()
        var total = 0
        for index in 0..<entries {
            guard index < limits.maxMembers else {
                contents.skipped.append("(archive): stopped after \(limits.maxMembers) members")
                break
            }
            guard position + 46 <= zip.count, u32(position) == 0x0201_4b50 else {
                throw ArchiveError("damaged zip central directory")
            }
            let flags = u16(position + 8)
            let method = u16(position + 10)
            let compressedSize = u32(position + 20)
            let size = u32(position + 24)
            let nameLength = u16(position + 28)
            let extraLength = u16(position + 30)
            let commentLength = u16(position + 32)
            let madeBy = u16(position + 4) >> 8
            let mode = u32(position + 38) >> 16
            let local = u32(position + 42)
            guard position + 46 + nameLength <= zip.count else { throw ArchiveError("damaged zip central directory") }
            let rawName = String(decoding: zip[position + 46..<position + 46 + nameLength], as: UTF8.self)
            position += 46 + nameLength + extraLength + commentLength
            let shown = rawName.replacingOccurrences(of: "\n", with: " ")
            if rawName.hasSuffix("/") { continue }
            // Unix "made by": the high half of the external attributes is the file's mode.
            if madeBy == 3, mode & 0xF000 != 0, mode & 0xF000 != 0x8000 {
                contents.skipped.append(
                    "\(shown): skipped: \(mode & 0xF000 == 0xA000 ? "a link (links are never followed)" : "not a regular file")"
                )
                continue
            }
            let path: String
            switch normalise(rawName) {
            case .failure(let why):
                contents.skipped.append("\(shown): skipped: \(why)")
                continue
            case .success(let clean): path = clean
            }
            guard wanted(path) else { continue }
            guard flags & 1 == 0 else {
                contents.skipped.append("\(path): skipped: encrypted")
                continue
            }
            guard size <= limits.maxMemberSize else {
                contents.skipped.append("\(path): skipped: \(size) bytes, over the member limit")
                continue
            }
            guard total + size <= limits.maxTotalSize else {
                contents.skipped.append("\(path): skipped: the archive expands beyond the total limit")
                continue
            }
            guard local + 30 <= zip.count, u32(local) == 0x0403_4b50 else {
                contents.skipped.append("\(path): skipped: damaged local header")
                continue
            }
            let dataStart = local + 30 + u16(local + 26) + u16(local + 28)
            guard dataStart + compressedSize <= zip.count else {
                contents.skipped.append("\(path): skipped: its data ends past the archive")
                continue
            }
            let data = Array(zip[dataStart..<dataStart + compressedSize])
            let bytes: [UInt8]
            switch method {
            case 0: bytes = data
            case 8:
                do {
                    // The declared size bounds the output: a member that inflates further is a lie.
                    bytes = try inflate(data, windowBits: -15, limit: size, expected: size)
                } catch {
                    contents.skipped.append("\(path): skipped: \(error)")
                    continue
                }
            default:
                contents.skipped.append("\(path): skipped: compression method \(method) is not read")
                continue
            }
            total += bytes.count
            contents.members.append(ArchiveMember(path: path, bytes: bytes))
        }
        return contents
    }
}
