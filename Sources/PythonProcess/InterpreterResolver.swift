import Foundation

/// Finds the Python interpreter to start (`umlaut run`, and any command that runs Python): `--python`, else `$UMLAUT_PYTHON`, else the
/// active virtualenv's (`$VIRTUAL_ENV/bin/python`), else `python3` on `PATH`.
package enum InterpreterResolver {
    /// The absolute path of the interpreter.
    ///
    /// - Throws: `PythonProcessError.interpreterNotFound` naming where the missing name came from.
    package static func resolve(explicit: String?, environment: [String: String]) throws -> String {
        let (name, source): (String, String)
        if let explicit, !explicit.isEmpty {
            (name, source) = (explicit, "--python")
        } else if let variable = environment["UMLAUT_PYTHON"], !variable.isEmpty {
            (name, source) = (variable, "UMLAUT_PYTHON")
        } else if let venv = environment["VIRTUAL_ENV"], !venv.isEmpty,
            let python = executable(at: (venv as NSString).appendingPathComponent("bin/python"))
        {
            return python
        } else {
            (name, source) = ("python3", "PATH")
        }
        guard let path = find(name, path: environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin") else {
            throw PythonProcessError.interpreterNotFound(name, source: source)
        }
        return path
    }

    /// A name with a `/` is a path (made absolute); a bare name is looked up on `PATH`.
    package static func find(_ name: String, path: String) -> String? {
        if name.contains("/") {
            return executable(at: LexicalPath.absolute(name))
        }
        for directory in path.split(separator: ":") where !directory.isEmpty {
            if let found = executable(at: "\(directory)/\(name)") { return found }
        }
        return nil
    }

    private static func executable(at path: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
            FileManager.default.isExecutableFile(atPath: path)
        else { return nil }
        return LexicalPath.absolute(path)
    }
}
