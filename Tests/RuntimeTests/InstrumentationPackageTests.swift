import Foundation
import Runtime
import Testing

/// The run sensor is this module's bundled Python package: found beside the built binary (and
/// this test bundle) by its bundle and package name, or where `$UMLAUT_INSTRUMENTATION` says.
@Suite struct InstrumentationPackageTests {
    @Test func theSensorIsFoundInRuntimesResourceBundle() throws {
        let directory = try #require(InstrumentationPackage.locate(environment: [:]))
        #expect(directory.hasSuffix("/umlaut_Runtime.resources/Python"))
        #expect(FileManager.default.fileExists(atPath: directory + "/sitecustomize.py"))
        #expect(FileManager.default.fileExists(atPath: directory + "/umlaut_instrument/__init__.py"))
    }

    @Test func theVariableOverridesItOnlyWithARealPackage() throws {
        let override = NSTemporaryDirectory() + "umlaut-sensor-\(UUID().uuidString)"
        try FileManager.default.createDirectory(
            atPath: override + "/umlaut_instrument", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: override) }
        #expect(InstrumentationPackage.locate(environment: ["UMLAUT_INSTRUMENTATION": override]) == override)
        #expect(InstrumentationPackage.locate(environment: ["UMLAUT_INSTRUMENTATION": "/nonexistent"]) == nil)
    }
}
