import PythonProcess

/// The Python half of the comparison (`Python/umlaut_compare/`), shipped beside `umlaut` in
/// `umlaut_ModelComparison.resources/` and run in the project's Python with its directory first
/// on `PYTHONPATH`, as `umlaut run` does with its sensor. `$UMLAUT_COMPARE_HELPER` overrides it.
package enum CompareHelperPackage {
    package static let bundled = BundledPythonPackage(
        resourceBundle: "umlaut_ModelComparison.resources", resourceDirectory: "Python",
        package: "umlaut_compare", overrideVariable: "UMLAUT_COMPARE_HELPER")
}
