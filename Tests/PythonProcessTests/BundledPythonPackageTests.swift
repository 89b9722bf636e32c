import Foundation
import PythonProcess
import Testing

/// The locator finds a package by its bundle, directory and import name, so a second module's
/// Python helper is found the same way as the run sensor, and never by a hard-coded name.
@Suite struct BundledPythonPackageTests {
    let sensor = BundledPythonPackage(
        resourceBundle: "app_Runtime.resources", resourceDirectory: "Python",
        package: "app_sensor", overrideVariable: "APP_SENSOR")
    let helper = BundledPythonPackage(
        resourceBundle: "app_Comparison.resources", resourceDirectory: "Python",
        package: "app_helper")

    @Test func eachPackageIsFoundInItsOwnBundleInTheFirstDirectoryThatHoldsIt() throws {
        let root = try Bundles()
        defer { root.remove() }
        let first = try root.directory("first")
        let second = try root.directory("second")
        let sensorDirectory = try root.install(sensor, in: second)
        let helperDirectory = try root.install(helper, in: first)
        let sensorInFirst = try root.install(sensor, in: first)

        #expect(sensor.locate(environment: [:], searchDirectories: [first, second]) == sensorInFirst)
        #expect(sensor.locate(environment: [:], searchDirectories: [second, first]) == sensorDirectory)
        #expect(helper.locate(environment: [:], searchDirectories: [second, first]) == helperDirectory)
        #expect(
            helper.locate(environment: [:], searchDirectories: [second]) == nil,
            "the sensor's bundle does not hold the helper")
    }

    @Test func aDirectoryWithoutThePackageDoesNotCount() throws {
        let root = try Bundles()
        defer { root.remove() }
        let directory = try root.directory("empty")
        let bundle = (directory as NSString).appendingPathComponent("app_Runtime.resources/Python")
        try FileManager.default.createDirectory(atPath: bundle, withIntermediateDirectories: true)
        #expect(sensor.locate(environment: [:], searchDirectories: [directory]) == nil)
    }

    @Test func theOverrideReplacesTheSearchEvenWhenItIsBroken() throws {
        let root = try Bundles()
        defer { root.remove() }
        let directory = try root.directory("bin")
        let bundled = try root.install(sensor, in: directory)
        let elsewhere = try root.directory("checkout")
        try FileManager.default.createDirectory(atPath: elsewhere + "/app_sensor", withIntermediateDirectories: true)

        #expect(sensor.locate(environment: ["APP_SENSOR": elsewhere], searchDirectories: [directory]) == elsewhere)
        #expect(sensor.locate(environment: ["APP_SENSOR": root.path + "/none"], searchDirectories: [directory]) == nil)
        #expect(
            sensor.locate(environment: ["APP_SENSOR": ""], searchDirectories: [directory]) == bundled,
            "an empty override is unset")
        #expect(
            helper.locate(environment: ["APP_SENSOR": elsewhere], searchDirectories: [directory]) == nil,
            "another package's override")
    }

    @Test func theDirectoryGoesFirstOnThePythonPath() {
        let base = ["PATH": "/usr/bin"]
        #expect(
            BundledPythonPackage.environment(base, withFirstOnPythonPath: "/p") == [
                "PATH": "/usr/bin", "PYTHONPATH": "/p",
            ])
        #expect(
            BundledPythonPackage.environment(["PYTHONPATH": "/a:/b"], withFirstOnPythonPath: "/p")["PYTHONPATH"]
                == "/p:/a:/b")
        #expect(BundledPythonPackage.environment(["PYTHONPATH": ""], withFirstOnPythonPath: "/p")["PYTHONPATH"] == "/p")
    }
}

/// A temporary directory of fake executable directories with resource bundles in them.
struct Bundles {
    let path = NSTemporaryDirectory() + "umlaut-bundles-\(UUID().uuidString)"

    init() throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func directory(_ name: String) throws -> String {
        let directory = (path as NSString).appendingPathComponent(name)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Puts `package/__init__.py` (with `source`) into its bundle under `directory`; returns the
    /// directory that goes on `PYTHONPATH`.
    func install(_ package: BundledPythonPackage, in directory: String, source: String = "") throws -> String {
        let resources = "\(directory)/\(package.resourceBundle)/\(package.resourceDirectory)"
        try FileManager.default.createDirectory(
            atPath: "\(resources)/\(package.package)", withIntermediateDirectories: true)
        try source.write(toFile: "\(resources)/\(package.package)/__init__.py", atomically: true, encoding: .utf8)
        return resources
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
