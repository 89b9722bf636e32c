import Foundation
import Testing

@testable import Store

extension ProcessTests {
    /// `umlaut run` on real Keras (TensorFlow backend) and real PyTorch: tiny models on small
    /// synthetic data. Each script runs once; the assertions about it are grouped. Every UM5xx rule
    /// must fire on the run built to show it (the shared `*_symptoms.py` scripts) and stay silent on
    /// the healthy run of the same kind of model; the paper's two study programs get the findings
    /// the paper's users had to find by hand.
    ///
    /// Enabled when the venv with the frameworks, the Python sensor and the scripts are present.
    @Suite(.enabled(if: FrameworkRun.isAvailable)) struct FrameworkRunTests {
        @Test(arguments: FrameworkRun.kerasSymptoms)
        func kerasSymptomIsFoundAtItsRootCause(_ symptom: FrameworkRun.Symptom) throws {
            try FrameworkRun.check(symptom, script: "keras_symptoms.py")
        }

        @Test(arguments: FrameworkRun.torchSymptoms)
        func torchSymptomIsFoundAtItsRootCause(_ symptom: FrameworkRun.Symptom) throws {
            try FrameworkRun.check(symptom, script: "torch_symptoms.py")
        }

        @Test(arguments: ["arrays", "generator", "dataset", "pydataset"])
        func rawInputsAreSeenWhateverKindOfKerasInput(_ kind: String) throws {
            try FrameworkRun.check(.init(name: kind, codes: ["UM501"]), script: "keras_inputs.py")
        }

        @Test(arguments: ["keras_healthy.py", "torch_healthy.py"])
        func aHealthyRunHasNoRuntimeFindingsAndTheSameResults(_ script: String) throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let path = UmlautProcess.scripts + "/" + script
            try #require(FileManager.default.fileExists(atPath: path))
            let run = try FrameworkRun.run(workspace, [path])
            #expect(run.status == 0, "\(run.stderr)")
            let store = try workspace.store()
            let session = try store.session(named: "last")
            let findings = try store.findings(sessionId: session.id!).filter { $0.stage == .runtime }
            #expect(findings.isEmpty, "healthy \(script) got \(findings.map { "\($0.code): \($0.message)" })")
            #expect(try store.epochs(sessionId: session.id!).count >= 3)
            // Same output (results, weights checksum) as without umlaut.
            let plain = try FrameworkRun.plain([path], in: workspace.path)
            #expect(run.stdout == plain, "the script's output changed under umlaut run")
        }

        @Test func killingUmlautMidTrainingLeavesTheRealTrainingToFinish() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let path = UmlautProcess.scripts + "/keras_symptoms.py"
            let running = try UmlautProcess(
                ["run", "--db", workspace.database, "--python", UmlautProcess.frameworkPython!, path, "overfitting"],
                in: workspace.path, environment: ["TF_CPP_MIN_LOG_LEVEL": "3"])
            var pid: pid_t?
            #expect(
                UmlautProcess.waitUntil(timeout: 120) {
                    guard let store = try? workspace.store() else { return false }
                    pid = store.scriptPID(session: "keras_symptoms")
                    return pid != nil && store.epochCount(session: "keras_symptoms") >= 2
                })
            let child = try #require(pid)
            let stored = try workspace.store().epochCount(session: "keras_symptoms")
            kill(running.process.processIdentifier, SIGKILL)
            running.wait()
            #expect(UmlautProcess.waitUntil(timeout: 120) { !isAlive(child) })
            // The orphaned script trained its 40 epochs and printed its results.
            #expect(running.stdout.contains("val_loss "))
            #expect(running.stdout.contains("weights "))
            let store = try workspace.store()
            #expect(store.epochCount(session: "keras_symptoms") >= stored)
            #expect(try store.session(named: "keras_symptoms").displayStatus == "lost")
        }

        @Test func programAReportsRawPixelsAndItsStaticBugs() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let path = UmlautProcess.scripts + "/program_a.py"
            try #require(FileManager.default.fileExists(atPath: path))
            let run = try FrameworkRun.run(workspace, ["--session", "program-a", path])
            FrameworkRun.record("program_a", run)
            let store = try workspace.store()
            let findings = try store.findings(sessionId: try store.session(named: "program-a").id!)
            #expect(findings.contains { $0.stage == .static && $0.code == "UM302" }, "Dropout(0.8) before training")
            #expect(run.stderr.contains("umlaut: before training:"))
            let um501 = try #require(findings.first { $0.code == "UM501" })
            #expect(um501.message.contains("255"))
            #expect(um501.path == path)
            let source = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
            if Synthetic.staticAnalysisFindsTrainingSetup {
                #expect(
                    source[(um501.line ?? 1) - 1].hasPrefix("train_images, train_labels = images("),
                    "the root cause is where the pixels are made")
                #expect(
                    findings.contains { $0.stage == .static && $0.code == "UM102" },
                    "logits into the default loss, before training")
            }
        }

        @Test func programBReportsTheLearningRateAndTheValidationData() throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let path = UmlautProcess.scripts + "/program_b.py"
            try #require(FileManager.default.fileExists(atPath: path))
            let run = try FrameworkRun.run(workspace, ["--session", "program-b", path])
            FrameworkRun.record("program_b", run)
            let store = try workspace.store()
            let findings = try store.findings(sessionId: try store.session(named: "program-b").id!)
            let source = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
            let um506 = try #require(findings.first { $0.code == "UM506" })
            #expect(um506.message.contains("-1000"))
            #expect(source[(um506.line ?? 1) - 1].contains("-1e3") || source[(um506.line ?? 1) - 1].contains("1e3"))
            let um510 = try #require(findings.first { $0.code == "UM510" })
            #expect(um510.message.hasPrefix("100 of 100"))
            // The `validation_data=` argument where the static analysis finds it, else the `fit` call
            // the instrumentation reports.
            let line = source[(um510.line ?? 1) - 1]
            #expect(
                line.contains("validation_data")
                    || (!Synthetic.staticAnalysisFindsTrainingSetup && line.contains(".fit(")), "\(line)")
            #expect(findings.contains { $0.code == "UM502" || $0.code == "UM507" }, "the loss goes NaN or diverges")
        }
    }
}

/// Helpers and the expectations per symptom.
enum FrameworkRun {
    struct Symptom: CustomTestStringConvertible, Sendable {
        var name: String
        var codes: [String]
        var testDescription: String { "\(name) → \(codes.joined(separator: ", "))" }
    }

    static let kerasSymptoms: [Symptom] = [
        .init(name: "raw_input", codes: ["UM501"]),
        .init(name: "nan_loss", codes: ["UM502"]),
        .init(name: "nan_input", codes: ["UM502"]),
        .init(name: "nchw", codes: ["UM503"]),
        .init(name: "validation_is_training", codes: ["UM504", "UM510"]),
        .init(name: "overfitting", codes: ["UM505"]),
        // `lr_schedule` is left out: its schedule takes plain SGD to 0.18, inside UM301's range for
        // SGD (<= 1; 0.01 is the bound for adaptive optimizers), so UM506 rightly stays silent.
        .init(name: "negative_lr", codes: ["UM506"]),
        .init(name: "flat_loss", codes: ["UM507"]),
        .init(name: "diverging_loss", codes: ["UM507"]),
        .init(name: "vanishing", codes: ["UM508"]),
        .init(name: "exploding", codes: ["UM508"]),
        .init(name: "dead_relu", codes: ["UM509"]),
    ]

    /// PyTorch has no layout symptom (its convolutions are channels-first by design) and logs no
    /// accuracy unless the script does, so a validation set that is the training set shows as UM510.
    static let torchSymptoms: [Symptom] = [
        .init(name: "raw_input", codes: ["UM501"]),
        .init(name: "nan_loss", codes: ["UM502"]),
        .init(name: "nan_input", codes: ["UM502"]),
        .init(name: "validation_is_training", codes: ["UM510"]),
        .init(name: "overfitting", codes: ["UM505"]),
        // `lr_schedule` is left out for the same reason as Keras': SGD ends at 0.26, within range.
        .init(name: "negative_lr", codes: ["UM506"]),
        .init(name: "flat_loss", codes: ["UM507"]),
        .init(name: "diverging_loss", codes: ["UM507"]),
        .init(name: "vanishing", codes: ["UM508"]),
        .init(name: "exploding", codes: ["UM508"]),
        .init(name: "dead_relu", codes: ["UM509"]),
    ]

    static let isAvailable: Bool = {
        guard let python = UmlautProcess.frameworkPython, FileManager.default.isExecutableFile(atPath: python) else {
            return false
        }
        let resources = URL(fileURLWithPath: UmlautProcess.binary).deletingLastPathComponent()
            .appendingPathComponent("umlaut_Runtime.resources/Python/sitecustomize.py").path
        return FileManager.default.fileExists(atPath: resources)
    }()

    static func run(_ workspace: Workspace, _ arguments: [String]) throws -> UmlautProcess {
        try UmlautProcess.run(
            ["run", "--db", workspace.database, "--python", UmlautProcess.frameworkPython!] + arguments,
            in: workspace.path, environment: ["TF_CPP_MIN_LOG_LEVEL": "3"], timeout: 240)
    }

    /// The script's stdout without umlaut.
    static func plain(_ arguments: [String], in directory: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: UmlautProcess.frameworkPython!)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["TF_CPP_MIN_LOG_LEVEL"] = "3"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func check(_ symptom: Symptom, script: String) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let path = UmlautProcess.scripts + "/" + script
        try #require(FileManager.default.fileExists(atPath: path))
        let run = try run(workspace, [path, symptom.name])
        let store = try workspace.store()
        let session = try store.session(named: "last")
        let findings = try store.findings(sessionId: session.id!)
        for code in symptom.codes {
            let finding = findings.first { $0.code == code }
            #expect(
                finding != nil,
                "\(script) \(symptom.name): no \(code); got \(findings.map(\.code)); stderr:\n\(run.stderr.suffix(3000))"
            )
            guard let finding else { continue }
            #expect(run.stderr.contains(" \(code) "), "\(code) is printed inline")
            #expect(finding.path == path, "\(code) points into the script: \(finding.path ?? "nowhere")")
            #expect(!finding.epochs.isEmpty)
        }
    }

    /// Keeps what `umlaut run` printed for a study program (read by the report).
    static func record(_ name: String, _ run: UmlautProcess) {
        let directory = NSTemporaryDirectory() + "umlaut-study-programs"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try? (run.stderr).write(toFile: "\(directory)/\(name).stderr.txt", atomically: true, encoding: .utf8)
    }
}
