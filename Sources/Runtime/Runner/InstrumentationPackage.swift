import PythonProcess

/// Where the Python instrumentation (`sitecustomize.py` and `umlaut_instrument/`) lives: the
/// `Python` resource of this module, shipped beside the `umlaut` executable in
/// `umlaut_Runtime.resources/`. `$UMLAUT_INSTRUMENTATION` overrides it (packagers, tests).
package enum InstrumentationPackage {
    package static let bundled = BundledPythonPackage(
        resourceBundle: "umlaut_Runtime.resources", resourceDirectory: "Python",
        package: "umlaut_instrument", overrideVariable: "UMLAUT_INSTRUMENTATION")

    /// The directory to put first on the child's `PYTHONPATH`, or nil when it is missing.
    package static func locate(environment: [String: String]) -> String? {
        bundled.locate(environment: environment)
    }
}
