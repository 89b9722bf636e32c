import Foundation

/// Why a Python process could not be started.
package enum PythonProcessError: Error, Equatable, CustomStringConvertible {
    case interpreterNotFound(String, source: String)
    case spawnFailed(String, errno: Int32)
    case pipeFailed(errno: Int32)

    package var description: String {
        switch self {
        case .interpreterNotFound(let name, let source):
            "Python interpreter '\(name)' (from \(source)) not found or not executable; pass one with --python or set UMLAUT_PYTHON"
        case .spawnFailed(let executable, let code):
            "cannot start \(executable): \(String(cString: strerror(code)))"
        case .pipeFailed(let code):
            "cannot create the event pipe: \(String(cString: strerror(code)))"
        }
    }
}
