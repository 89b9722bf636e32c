import Foundation

/// Where the Python instrumentation (`sitecustomize.py` and `umlaut_instrument/`) lives: the
/// `Python` resource of this module, shipped beside the `umlaut` executable in
/// `umlaut_Runtime.resources/`. `$UMLAUT_INSTRUMENTATION` overrides it (packagers, tests).
public enum InstrumentationPackage {
    /// The directory to put first on the child's `PYTHONPATH`, or nil when it is missing.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let override = environment["UMLAUT_INSTRUMENTATION"], !override.isEmpty {
            return isPackage(override) ? override : nil
        }
        // Bundle.module stops the process when its bundle is missing, so look before asking it.
        let besideExecutable = Bundle.main.bundleURL.appendingPathComponent("umlaut_Runtime.resources")
        if FileManager.default.fileExists(atPath: besideExecutable.path),
           let url = Bundle.module.url(forResource: "Python", withExtension: nil), isPackage(url.path) {
            return url.path
        }
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            let candidate = executable.deletingLastPathComponent().appendingPathComponent("umlaut_Runtime.resources/Python").path
            if isPackage(candidate) { return candidate }
        }
        return nil
    }

    private static func isPackage(_ directory: String) -> Bool {
        FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent("umlaut_instrument"))
    }
}
