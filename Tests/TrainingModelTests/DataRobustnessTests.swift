import PythonSyntax
import Testing
import TrainingModel

/// The data pass never crashes, never hangs and stays bounded on code it cannot make sense of.
@Suite struct DataRobustnessTests {
    @Test func cyclesThroughAssignmentsEndAsUnknown() throws {
        let code = """
            import keras
            def f():
                a = b
                b = a
                model.fit(a, b, validation_data=(b, a))
            x = x + 1
            x = x
            """
        let fit = try #require(DataTesting.model(code).fits.first)
        #expect(fit.x?.datasetIndex == nil)
    }

    @Test func longChainsOfReassignmentStayBounded() {
        // 5,000 `x = x * 1.5` lines: each trace reuses the one before, nothing recurses deeply,
        // and only the last steps are kept, after a marker that says some were dropped.
        var lines = ["import keras", "(x, y), _ = keras.datasets.mnist.load_data()"]
        lines += Array(repeating: "x = x * 1.5", count: 5_000)
        lines.append("model.fit(x, y)")
        let model = DataTesting.model(lines.joined(separator: "\n"))
        #expect(model.fits.count == 1)
        let steps = model.fits.first?.x?.steps ?? []
        #expect(model.fits.first?.x?.datasetIndex == 0)
        #expect(steps.count == 48)
        #expect(steps.first?.kind == .unknown && steps.dropFirst().allSatisfy { $0.description == "multiply by 1.5" })
        #expect(steps.last?.span.line == 5_002)
    }

    @Test func deeplyNestedExpressionsStayBounded() {
        let nested = String(repeating: "np.array(", count: 400) + "x" + String(repeating: ")", count: 400)
        let model = DataTesting.model(
            "import keras\nimport numpy as np\n(x, y), _ = keras.datasets.mnist.load_data()\nmodel.fit(\(nested), y)\n")
        let fit = model.fits.first
        #expect(fit != nil)
        // Too deep to follow to the end: unknown, never a wrong dataset.
        #expect(fit?.x?.passesThroughUnknownCode == true || fit?.x?.datasetIndex == 0)
    }

    @Test func syntaxErrorsGiveASmallerModel() {
        let code = """
            import keras
            (x_train, y_train), _ = keras.datasets.mnist.load_data(
            x_train = x_train / 255.0
            model.fit(x_train, y_train, validation_data=(x_train[:10], y_train[:10])
            def broken(:
            """
        let model = DataTesting.model(code)
        #expect(model.datasets.count <= 1)
    }

    @Test func emptyAndBinaryInput() {
        #expect(DataTesting.model("").datasets.isEmpty)
        let bytes: [UInt8] = [0xFF, 0xFE, 0x00, 0x78, 0x20, 0x3D, 0x20, 0x31, 0x0A, 0xC3]
        let model = ScriptAnalyzer.analyze(Parser().parse(SourceText(bytes)))
        #expect(model.fits.isEmpty)
    }

    @Test func oddConstructs() {
        let code = """
            import keras
            import numpy as np
            (p, q), r = keras.datasets.mnist.load_data()
            p = lambda p: p(p)
            model.fit(p(p), q[q][q][::-1], validation_data=((p), (q)))
            z = np.transpose(*args)
            w = np.reshape(z, **kwargs)
            model.fit(w.reshape(), y=w.view(-1, None, "3"))
            for (k, (l, m)) in enumerate(zip(a, b)):
                model.fit(l, m, validation_data=(m, l))
            if (n := p) is not None:
                model.fit(n, q)
            model.fit(*arrays, **options)
            model.fit()
            """
        let model = DataTesting.model(code)
        #expect(model.fits.count == 6)
        #expect(model.fits.last?.x == nil)
    }

    @Test func aLargeScriptCompletes() {
        var lines = [
            "import keras", "import numpy as np", "import tensorflow as tf",
            "(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()",
            "model = keras.Sequential([keras.layers.Dense(1)])",
        ]
        for index in 0..<4_000 {
            switch index % 5 {
            case 0: lines.append("v\(index) = x_train[:\(index)] / 255.0")
            case 1: lines.append("def f\(index)(a, b=\(index)):\n    return np.transpose(a, (0, 3, 1, 2)) * b")
            case 2: lines.append("ds\(index) = tf.data.Dataset.from_tensor_slices((v\(index - 2), y_train)).batch(32)")
            case 3: lines.append("for i in range(3):\n    model(v\(index - 3)).backward()")
            default: lines.append("model.fit(ds\(index - 2), validation_data=(x_test, y_test))")
            }
        }
        let model = DataTesting.model(lines.joined(separator: "\n"))
        #expect(model.fits.count == 800)
        #expect(model.networkCalls.count == 800)
        #expect(model.fits.allSatisfy { $0.x?.datasetIndex == 0 })
    }
}
