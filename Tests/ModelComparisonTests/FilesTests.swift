import Foundation
import ModelComparison
import TestSupport
import Testing
import VectorMath

@Suite struct NumpyArrayTests {
    /// The bytes `np.save` writes for `np.arange(6, dtype=np.float32).reshape(2, 3)`.
    static func npy(shape: String, values: [Float], descr: String = "<f4") -> Data {
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        while (10 + header.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        bytes += [UInt8(header.count & 0xff), UInt8(header.count >> 8)]
        bytes += Array(header.utf8)
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
        return Data(bytes)
    }

    @Test func readsAFloat32Matrix() throws {
        let matrix = try NumpyArray.readMatrix(Self.npy(shape: "(2, 3)", values: [0, 1, 2, 3, 4, 5]))
        #expect(matrix == Matrix([[0, 1, 2], [3, 4, 5]]))
    }

    @Test func refusesOtherTypesAndShortData() {
        #expect(throws: ComparisonError.self) {
            try NumpyArray.readMatrix(Self.npy(shape: "(2, 3)", values: [0, 1, 2, 3, 4, 5], descr: "<f8"))
        }
        #expect(throws: ComparisonError.self) { try NumpyArray.readMatrix(Self.npy(shape: "(2, 3)", values: [0, 1])) }
        #expect(throws: ComparisonError.self) {
            try NumpyArray.readMatrix(Self.npy(shape: "(6,)", values: [0, 1, 2, 3, 4, 5]))
        }
        #expect(throws: ComparisonError.self) { try NumpyArray.readMatrix(Data("not numpy".utf8)) }
    }
}

@Suite struct ReportWriterTests {
    @Test func writesAtomicallyAndLeavesNoTemporaryFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/report.json"
        try ReportWriter.write(Data("{\"old\": true}".utf8), to: path)
        try ReportWriter.write(Data("{\"new\": true}".utf8), to: path)
        #expect(String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self) == "{\"new\": true}")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["report.json"])
    }

    @Test func aMissingDirectoryIsAnErrorAndNothingIsWritten() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(throws: ComparisonError.self) {
            try ReportWriter.write(Data("{}".utf8), to: directory.path + "/missing/report.json")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }
}

@Suite struct ComparisonRequestTests {
    @Test func refusesBadCounts() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try directory.write("data.npz", "")
        func request(_ change: (inout ComparisonRequest) -> Void) -> ComparisonRequest {
            var request = ComparisonRequest(
                models: [.init(label: "A", spec: "a.pt"), .init(label: "B", spec: "b.pt")], data: data, className: "x")
            change(&request)
            return request
        }
        try request { _ in }.validate()
        #expect(throws: ComparisonError.self) { try request { $0.clusters = 0 }.validate() }
        #expect(throws: ComparisonError.self) { try request { $0.samples = 3 }.validate() }
        #expect(throws: ComparisonError.self) { try request { $0.topSegments = 13 }.validate() }
        #expect(throws: ComparisonError.self) { try request { $0.models[0].preprocessing = "zscore" }.validate() }
        #expect(throws: ComparisonError.self) { try request { $0.data = directory.path + "/none.npz" }.validate() }
    }
}
