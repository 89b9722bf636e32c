import CZlib
import Foundation

/// Builds tar, gzip and zip bytes by hand, hostile members included, for the archive tests.
enum ArchiveBuilder {
    enum Entry {
        case file(String, [UInt8])
        case symlink(String, to: String)
        case hardlink(String, to: String)
        case device(String)
    }

    static func tar(_ entries: [Entry]) -> [UInt8] {
        var out: [UInt8] = []
        for entry in entries {
            var header = [UInt8](repeating: 0, count: 512)
            func put(_ text: String, at offset: Int, _ length: Int) {
                for (index, byte) in Array(text.utf8).prefix(length).enumerated() { header[offset + index] = byte }
            }
            let name: String
            var data: [UInt8] = []
            var type: UInt8 = UInt8(ascii: "0")
            var link = ""
            switch entry {
            case .file(let path, let bytes):
                name = path
                data = bytes
            case .symlink(let path, let target):
                name = path
                type = UInt8(ascii: "2")
                link = target
            case .hardlink(let path, let target):
                name = path
                type = UInt8(ascii: "1")
                link = target
            case .device(let path):
                name = path
                type = UInt8(ascii: "3")
            }
            put(name, at: 0, 100)
            put("0000644", at: 100, 8)
            put("0000000", at: 108, 8)
            put("0000000", at: 116, 8)
            put(String(format: "%011o", data.count), at: 124, 12)
            put("00000000000", at: 136, 12)
            header[156] = type
            put(link, at: 157, 100)
            put("ustar", at: 257, 6)
            put("00", at: 263, 2)
            for index in 148..<156 { header[index] = 32 }
            let sum = header.reduce(0) { $0 + Int($1) }
            put(String(format: "%06o", sum), at: 148, 6)
            header[154] = 0
            out += header
            out += data
            out += [UInt8](repeating: 0, count: (512 - data.count % 512) % 512)
        }
        out += [UInt8](repeating: 0, count: 1024)
        return out
    }

    /// Compresses with zlib: gzip framing (`windowBits` 31) or raw deflate (-15).
    static func deflate(_ input: [UInt8], windowBits: Int32) -> [UInt8] {
        var stream = z_stream()
        deflateInit2_(
            &stream, 9, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 64)
        var input = input
        let produced = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target -> Int in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                _ = CZlib.deflate(&stream, Z_FINISH)
                return target.count - Int(stream.avail_out)
            }
        }
        return Array(output.prefix(produced))
    }

    struct ZipEntry {
        var name: String
        var bytes: [UInt8]
        var compress = true
        /// A Unix mode for the external attributes (0o120777 makes a symbolic link).
        var mode: Int = 0o100644
        /// The size written in the headers, when it should lie.
        var declaredSize: Int?
    }

    static func zip(_ entries: [ZipEntry]) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        func u16(_ value: Int, into bytes: inout [UInt8]) { bytes += [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func u32(_ value: Int, into bytes: inout [UInt8]) {
            u16(value & 0xFFFF, into: &bytes)
            u16(value >> 16 & 0xFFFF, into: &bytes)
        }
        for entry in entries {
            let data = entry.compress ? deflate(entry.bytes, windowBits: -15) : entry.bytes
            let size = entry.declaredSize ?? entry.bytes.count
            let name = Array(entry.name.utf8)
            let offset = out.count
            u32(0x0403_4b50, into: &out)
            u16(20, into: &out)
            u16(0, into: &out)
            u16(entry.compress ? 8 : 0, into: &out)
            u32(0, into: &out)
            u32(0, into: &out)
            u32(data.count, into: &out)
            u32(size, into: &out)
            u16(name.count, into: &out)
            u16(0, into: &out)
            out += name + data
            u32(0x0201_4b50, into: &central)
            u16(3 << 8 | 20, into: &central)
            u16(20, into: &central)
            u16(0, into: &central)
            u16(entry.compress ? 8 : 0, into: &central)
            u32(0, into: &central)
            u32(0, into: &central)
            u32(data.count, into: &central)
            u32(size, into: &central)
            u16(name.count, into: &central)
            u16(0, into: &central)
            u16(0, into: &central)
            u16(0, into: &central)
            u16(0, into: &central)
            u32(entry.mode << 16, into: &central)
            u32(offset, into: &central)
            central += name
        }
        let centralOffset = out.count
        out += central
        u32(0x0605_4b50, into: &out)
        u16(0, into: &out)
        u16(0, into: &out)
        u16(entries.count, into: &out)
        u16(entries.count, into: &out)
        u32(central.count, into: &out)
        u32(centralOffset, into: &out)
        u16(0, into: &out)
        return out
    }
}
