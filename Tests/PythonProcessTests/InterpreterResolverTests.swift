import Foundation
import Testing

@testable import PythonProcess

@Suite struct InterpreterResolverTests {
    @Test func theOrderIsFlagThenVariableThenVirtualenvThenPath() throws {
        let python3 = try #require(InterpreterResolver.find("python3", path: "/usr/bin:/bin"))
        let sh = "/bin/sh"
        #expect(try InterpreterResolver.resolve(explicit: sh, environment: ["UMLAUT_PYTHON": python3]) == sh)
        #expect(
            try InterpreterResolver.resolve(explicit: nil, environment: ["UMLAUT_PYTHON": sh, "PATH": "/usr/bin"]) == sh
        )
        let venv = NSTemporaryDirectory() + "venv-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: venv + "/bin", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: venv) }
        try FileManager.default.createSymbolicLink(atPath: venv + "/bin/python", withDestinationPath: python3)
        #expect(
            try InterpreterResolver.resolve(explicit: nil, environment: ["VIRTUAL_ENV": venv, "PATH": "/nowhere"])
                == venv + "/bin/python")
        #expect(
            try InterpreterResolver.resolve(explicit: nil, environment: ["PATH": "/nowhere:/usr/bin"])
                == "/usr/bin/python3")
    }

    @Test func aMissingInterpreterNamesWhereItCameFrom() {
        #expect(throws: PythonProcessError.interpreterNotFound("/no/python", source: "--python")) {
            try InterpreterResolver.resolve(explicit: "/no/python", environment: [:])
        }
        #expect(throws: PythonProcessError.interpreterNotFound("pythonX", source: "UMLAUT_PYTHON")) {
            try InterpreterResolver.resolve(
                explicit: nil, environment: ["UMLAUT_PYTHON": "pythonX", "PATH": "/usr/bin"])
        }
        #expect(throws: PythonProcessError.interpreterNotFound("python3", source: "PATH")) {
            try InterpreterResolver.resolve(explicit: nil, environment: ["PATH": "/nowhere"])
        }
        #expect(throws: PythonProcessError.interpreterNotFound("/tmp", source: "--python")) {
            try InterpreterResolver.resolve(explicit: "/tmp", environment: [:])
        }
    }
}

@Suite struct LexicalPathTests {
    @Test func normalisesWithoutResolvingLinks() {
        #expect(LexicalPath.absolute("a/./b/../c.py", from: "/w") == "/w/a/c.py")
        #expect(LexicalPath.absolute("//x//y/", from: "/w") == "/x/y")
        #expect(LexicalPath.absolute("../../../z", from: "/w") == "/z")
    }
}
