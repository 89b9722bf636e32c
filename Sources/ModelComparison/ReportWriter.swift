import Foundation

/// Writes a report as JSON atomically: into a temporary file beside the target, then renamed
/// over it, so a reader never sees half a report and a failure leaves the old file (or none).
package enum ReportWriter {
    package static func encode(_ report: ComparisonReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do { return try encoder.encode(report) } catch {
            throw ComparisonError.cannotWrite("the report", reason: "\(error)")
        }
    }

    package static func write(_ report: ComparisonReport, to path: String) throws {
        try write(try encode(report), to: path)
    }

    package static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue
        else { throw ComparisonError.cannotWrite(path, reason: "its directory does not exist") }
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        do {
            try data.write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else {
                throw ComparisonError.cannotWrite(path, reason: String(cString: strerror(errno)))
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            if let error = error as? ComparisonError { throw error }
            throw ComparisonError.cannotWrite(path, reason: error.localizedDescription)
        }
    }
}
