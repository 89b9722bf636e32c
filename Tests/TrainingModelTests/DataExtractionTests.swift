import Foundation
import Testing
import TrainingModel

/// What `DataExtraction` finds: loaders, scaling, `fit` calls and their data, network calls,
/// layout facts. Each test is one idiom from real scripts.
@Suite struct DataExtractionTests {
    // MARK: Loaders

    @Test(arguments: [
        (
            "from tensorflow import keras\n(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()\n",
            "mnist"
        ),
        (
            "import tensorflow as tf\n(x_train, y_train), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()\n",
            "fashion_mnist"
        ),
        ("from keras.datasets import cifar10\n(x_train, y_train), (x_test, y_test) = cifar10.load_data()\n", "cifar10"),
        (
            "import tensorflow as tf\nmnist = tf.keras.datasets.mnist\n(x_train, y_train), (x_test, y_test) = mnist.load_data()\n",
            "mnist"
        ),
        (
            "from tensorflow.keras.datasets.cifar100 import load_data\n(x_train, y_train), (x_test, y_test) = load_data()\n",
            "cifar100"
        ),
    ])
    func kerasImageDatasets(code: String, name: String) throws {
        let model = DataTesting.model(code)
        let dataset = try #require(model.datasets.first)
        #expect(model.datasets.count == 1)
        #expect(dataset.origin == .kerasDataset(name))
        #expect(dataset.variables == ["x_train", "y_train", "x_test", "y_test"])
        #expect(dataset.isRawImages)
        #expect(dataset.layout == (name.hasPrefix("cifar") ? .channelsLast : .noChannelAxis))
        #expect(DataTesting.text(dataset.span, in: code)?.hasSuffix("load_data()") == true)
    }

    @Test(arguments: ["imdb", "reuters", "boston_housing"])
    func kerasNonImageDatasets(name: String) throws {
        let model = DataTesting.model("import keras\n(a, b), (c, d) = keras.datasets.\(name).load_data()\n")
        let dataset = try #require(model.datasets.first)
        #expect(dataset.origin == .kerasDataset(name))
        #expect(!dataset.isRawImages)
        #expect(dataset.layout == nil)
    }

    @Test func imageLoaders() {
        let code = """
            import cv2
            import keras
            import matplotlib.pyplot as plt
            import numpy as np
            from PIL import Image
            from tensorflow.keras.preprocessing.image import ImageDataGenerator
            a = keras.utils.image_dataset_from_directory("photos/")
            b = ImageDataGenerator(rescale=1./255).flow_from_directory("train/")
            c = np.array(Image.open("cat.jpg").convert("RGB"))
            d = cv2.imread("cat.jpg")
            e = cv2.imread("cat.jpg", cv2.IMREAD_GRAYSCALE)
            f = plt.imread("cat.png")
            g = plt.imread("cat.jpg")
            h = np.load("features.npy")
            """
        let model = DataTesting.model(code)
        #expect(model.datasets.map(\.variables) == [["a"], ["b"], ["c"], ["d"], ["e"], ["f"], ["g"], ["h"]])
        #expect(
            model.datasets.map(\.origin) == [
                .imageLoader("image_dataset_from_directory"), .imageLoader("ImageDataGenerator.flow_from_directory"),
                .imageLoader("PIL.Image.open"), .imageLoader("cv2.imread"), .imageLoader("cv2.imread"),
                .imageLoader("plt.imread"),
                .imageLoader("plt.imread"), .other("np.load"),
            ])
        // The generator rescales, PNGs read by matplotlib are floats already, arrays are not images.
        #expect(model.datasets.map(\.isRawImages) == [true, false, true, true, true, false, true, false])
        #expect(
            model.datasets.map(\.layout) == [
                .channelsLast, .channelsLast, .channelsLast, .channelsLast, .noChannelAxis,
                .channelsLast, .channelsLast, nil,
            ])
        #expect(model.datasets[1].scaling.map(\.description) == ["rescale=1./255"])
        #expect(model.datasets[1].scaling.first?.variable == "b")
    }

    @Test func torchvisionTransformsDecideRawness() {
        let code = """
            from torchvision import datasets, transforms
            transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
            scaled = datasets.CIFAR10("data", train=True, download=True, transform=transform)
            positional = datasets.MNIST("data", True, transforms.ToTensor())
            pil = datasets.MNIST("data")
            uint8 = datasets.CIFAR10("data", transform=transforms.Compose([transforms.RandomCrop(32), transforms.PILToTensor()]))
            custom = datasets.ImageFolder("photos/", transform=my_transform)
            """
        let model = DataTesting.model(code)
        #expect(model.datasets.map(\.variables) == [["scaled"], ["positional"], ["pil"], ["uint8"], ["custom"]])
        #expect(model.datasets.map(\.isRawImages) == [false, false, true, true, false])
        #expect(model.datasets.map(\.layout) == [.channelsFirst, .channelsFirst, nil, .channelsFirst, nil])
        #expect(model.datasets[0].scaling.map(\.description) == ["ToTensor()", "Normalize()"])
        #expect(model.datasets[0].scaling.map(\.variable) == ["scaled", "scaled"])
    }

    @Test func originsCodeAsPlainObjects() throws {
        let origins: [Dataset.Origin] = [.kerasDataset("mnist"), .imageLoader("cv2.imread"), .other("np.load")]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(origins), as: UTF8.self)
        #expect(json == #"[{"kerasDataset":"mnist"},{"imageLoader":"cv2.imread"},{"other":"np.load"}]"#)
        #expect(try JSONDecoder().decode([Dataset.Origin].self, from: Data(json.utf8)) == origins)
    }

    // MARK: Scaling

    @Test(arguments: [
        ("x_train = x_train / 255", "x_train", "divide by 255"),
        ("x_train = x_train / 255.0", "x_train", "divide by 255.0"),
        ("x_train = x_train / 255.", "x_train", "divide by 255."),
        ("x_train = x_train.astype(\"float32\") / 255", "x_train", "divide by 255"),
        ("x_train /= 255", "x_train", "divide by 255"),
        ("x_train = (x_train - mean) / std", "x_train", "divide by std"),
        ("x_train = x_train * (1./255)", "x_train", "multiply by (1./255)"),
        ("x_train = x_train / x_train.max()", "x_train", "divide by x_train.max()"),
        ("x_train = tf.cast(x_train, tf.float32) / 255.", "x_train", "divide by 255."),
        ("x_train = tf.image.per_image_standardization(x_train)", "x_train", "tf.image.per_image_standardization"),
        (
            "x_train = StandardScaler().fit_transform(x_train.reshape(-1, 784))", "x_train",
            "StandardScaler.fit_transform"
        ),
        ("x_train = x_train.astype(float)\nx_train -= 127.5", "x_train", "subtract 127.5"),
        ("train_images, test_images = x_train / 255.0, x_test / 255.0", "train_images", "divide by 255.0"),
        ("for array in (x_train, x_test):\n    array /= 255.0", "x_train", "divide by 255.0"),
        ("flat = keras.utils.normalize(x_train, axis=1)", "flat", "keras.utils.normalize"),
    ])
    func scalingIsRecordedOnTheDataset(line: String, variable: String, description: String) throws {
        let code = """
            import tensorflow as tf
            from tensorflow import keras
            from sklearn.preprocessing import StandardScaler
            (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
            \(line)

            """
        let dataset = try #require(DataTesting.model(code).datasets.first)
        #expect(
            dataset.scaling.contains { $0.description == description && $0.variable == variable },
            "\(dataset.scaling.map { "\($0.description) on \($0.variable ?? "-")" })")
    }

    @Test func tupleAssignmentScalesBothVariables() throws {
        let code = """
            import tensorflow as tf
            (train_images, train_labels), (test_images, test_labels) = tf.keras.datasets.cifar10.load_data()
            train_images, test_images = train_images / 255.0, test_images / 255.0
            """
        let dataset = try #require(DataTesting.model(code).datasets.first)
        #expect(dataset.scaling.map(\.variable) == ["train_images", "test_images"])
        #expect(
            dataset.scaling.map { DataTesting.text($0.span, in: code) } == [
                "train_images / 255.0", "test_images / 255.0",
            ])
    }

    @Test func scalingInAModelOrAPipeline() {
        let code = """
            import tensorflow as tf
            from tensorflow.keras import layers
            train_ds = tf.keras.utils.image_dataset_from_directory("photos/")
            rescale = layers.Rescaling(1./255)
            train_ds = train_ds.map(lambda x, y: (rescale(x), y))
            other_ds = tf.keras.utils.image_dataset_from_directory("more/")
            model = tf.keras.Sequential([layers.Normalization(), layers.Flatten(), layers.Dense(10)])
            model.fit(other_ds, epochs=1)
            """
        let model = DataTesting.model(code)
        #expect(model.datasets.count == 2)
        #expect(model.datasets[0].scaling.map(\.description) == ["rescale (Rescaling layer)"])
        // Normalising layers anywhere in a Keras script count for the data it trains on.
        #expect(model.datasets[1].scaling.map(\.description) == ["Rescaling(1./255) layer", "Normalization() layer"])
    }

    @Test func scalingChainedOnTheLoaderCall() throws {
        let code = """
            import keras
            train_ds = keras.utils.image_dataset_from_directory("photos/").map(lambda x, y: (x / 255.0, y))
            model.fit(train_ds, epochs=1)
            """
        let model = DataTesting.model(code)
        let dataset = try #require(model.datasets.first)
        #expect(model.datasets.count == 1)
        #expect(dataset.scaling.map(\.description) == ["divide by 255.0"])
        #expect(model.fits.first?.x?.steps.map(\.kind) == [.scaling])
    }

    @Test func mapWithANamedFunction() throws {
        let code = """
            import tensorflow as tf
            import tensorflow_datasets as tfds
            def normalize_img(image, label):
                return tf.cast(image, tf.float32) / 255., label
            ds_train = tfds.load("mnist", split="train", as_supervised=True)
            ds_train = ds_train.map(normalize_img).batch(128)
            model.fit(ds_train, epochs=6)
            """
        let model = DataTesting.model(code)
        let dataset = try #require(model.datasets.first)
        #expect(dataset.origin == .imageLoader("tfds.load(\"mnist\")"))
        #expect(dataset.isRawImages)
        #expect(dataset.scaling.map(\.description) == ["divide by 255."])
        #expect(model.fits.first?.x?.steps.map(\.kind) == [.scaling])
    }

    @Test func inPlaceTorchScaling() throws {
        let code = """
            import torch
            from keras.datasets import mnist
            (x_train, y_train), _ = mnist.load_data()
            x = torch.tensor(x_train, dtype=torch.float32)
            x.div_(255)
            """
        let dataset = try #require(DataTesting.model(code).datasets.first)
        #expect(dataset.scaling.map(\.description) == ["div_(255)"])
        #expect(dataset.scaling.first?.variable == "x")
    }

    // MARK: fit

    @Test func fitArguments() throws {
        let code = """
            from tensorflow import keras
            (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
            model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])
            model.fit(x_train, y_train, 64, 5, validation_split=0.2)
            model.fit(x=x_train, y=y_train, epochs=3, batch_size=32, validation_data=(x_test, y_test))
            """
        let model = DataTesting.model(code)
        #expect(model.fits.count == 2)
        let first = try #require(model.fits.first)
        #expect(first.networkName == "model")
        #expect(first.networkIndex == 0)
        #expect(first.x?.root == "x_train" && first.y?.root == "y_train")
        #expect(first.batchSize?.value == .int(64) && first.epochs?.value == .int(5))
        #expect(first.validationSplit?.value == .float(0.2))
        #expect(first.x?.datasetIndex == 0 && first.y?.datasetIndex == 0)
        let second = try #require(model.fits.last)
        #expect(second.x?.text == "x_train" && second.epochs?.value == .int(3) && second.batchSize?.value == .int(32))
        #expect(second.validationX?.root == "x_test" && second.validationY?.root == "y_test")
        #expect(DataTesting.text(second.validationData?.valueSpan, in: code) == "(x_test, y_test)")
    }

    /// A network variable is seen where Python would see it: a function's own `model`, else the
    /// one of a function around it or of the module; never another function's local `model`.
    @Test func networkVariablesFollowPythonScopes() throws {
        let code = """
            import keras
            (x_train, y_train), _ = keras.datasets.mnist.load_data()

            def small():
                model = keras.Sequential([keras.layers.Dense(10)])
                model.fit(x_train, y_train)

            def restored():
                model = keras.models.load_model("saved.keras")
                model.fit(x_train, y_train)

            def outer():
                model = keras.Sequential([keras.layers.Dense(2)])
                def step(x):
                    return model(x)
                return step

            class Trainer:
                def __init__(self):
                    self.model = keras.Sequential([keras.layers.Dense(3)])

                def train(self):
                    self.model.fit(x_train, y_train)

            model = keras.Sequential([keras.layers.Dense(1)])
            model.fit(x_train, y_train)
            """
        let model = DataTesting.model(code)
        let sizes = model.networks.map { $0.layers.first?.arguments.first?.text }
        #expect(sizes == ["10", "2", "3", "1"])
        #expect(model.fits.map(\.networkIndex) == [0, nil, 2, 3])
        // `model(x)` in `step` is the network of `outer`, not the module's `model`.
        #expect(model.networkCalls.map(\.networkIndex) == [1])
    }

    /// A function that assigns a name holds its own, even when what it assigns is no network
    /// Umlaut knows: the module's `model` is not the one `evaluate` is called on.
    @Test func aFunctionThatAssignsANameDoesNotSeeTheModules() throws {
        let code = """
            import keras
            from factory import make_model
            (x_train, y_train), _ = keras.datasets.mnist.load_data()
            model = keras.Sequential([keras.layers.Dense(1)])

            def made():
                model = make_model()
                model.evaluate(x_train, y_train)

            def module_one():
                model.evaluate(x_train, y_train)
            """
        let model = DataTesting.model(code)
        #expect(model.networks.count == 1)
        // Only `module_one`'s `evaluate` is on the module's network.
        #expect(model.evaluations.map(\.networkIndex) == [0])
        #expect(model.evaluations.first?.span.start.line == 10)
    }

    @Test func validationThroughAliasesAndSlices() throws {
        let code = """
            import keras
            (x_train, y_train), _ = keras.datasets.mnist.load_data()
            x_train = x_train / 255.0
            x_val = x_train[:100]
            y_val = y_train[:100]
            val = (x_val, y_val)
            model.fit(x_train, y_train, validation_data=val)
            """
        let fit = try #require(DataTesting.model(code).fits.first)
        let validation = try #require(fit.validationX)
        #expect(validation.text == "x_val")
        #expect(validation.root == "x_train" && validation.isSlice && validation.slices == ["[:100]"])
        #expect(validation.rootSpan == fit.x?.rootSpan)
        #expect(fit.x?.isSlice == false)
        #expect(fit.validationY?.root == "y_train")
    }

    @Test func trainTestSplitOutputsAreDataOfTheirOwn() throws {
        let code = """
            import keras
            from sklearn.model_selection import train_test_split
            (x, y), _ = keras.datasets.mnist.load_data()
            x = x / 255.0
            x_train, x_val, y_train, y_val = train_test_split(x, y, test_size=0.2)
            model.fit(x_train, y_train, validation_data=(x_val, y_val))
            """
        let fit = try #require(DataTesting.model(code).fits.first)
        #expect(fit.x?.root == "x_train" && fit.validationX?.root == "x_val")
        #expect(fit.x?.isSlice == false && fit.validationX?.isSlice == false)
        // Still linked to the loader, with the scaling done before the split.
        #expect(fit.x?.datasetIndex == 0 && fit.validationX?.datasetIndex == 0 && fit.y?.datasetIndex == 0)
        #expect(fit.x?.steps.map(\.kind) == [.scaling])
    }

    @Test func holdOutIdiomKeepsDifferentSlices() throws {
        let code = """
            import keras
            (x_train, y_train), _ = keras.datasets.mnist.load_data()
            x_val = x_train[-10000:]
            x_train = x_train[:-10000]
            model.fit(x_train, y_train, validation_data=(x_val, y_train[-10000:]))
            """
        let fit = try #require(DataTesting.model(code).fits.first)
        #expect(fit.x?.root == "x_train" && fit.x?.slices == ["[:-10000]"])
        #expect(fit.validationX?.root == "x_train" && fit.validationX?.slices == ["[-10000:]"])
    }

    @Test func tfDataPipelines() throws {
        let code = """
            import tensorflow as tf
            (x_train, y_train), _ = tf.keras.datasets.mnist.load_data()
            ds = tf.data.Dataset.from_tensor_slices((x_train, y_train))
            ds = ds.map(lambda x, y: (tf.cast(x, tf.float32) / 255., y)).shuffle(1000).batch(32)
            model.fit(ds, validation_data=ds.take(10), epochs=2)
            """
        let fit = try #require(DataTesting.model(code).fits.first)
        #expect(fit.y == nil)
        #expect(fit.x?.root == "x_train" && fit.x?.datasetIndex == 0)
        #expect(fit.x?.steps.map(\.description) == ["divide by 255."])
        #expect(fit.validationX?.root == "x_train" && fit.validationX?.slices == [".take(10)"])
    }

    @Test func otherLibrariesFitIsNotKeras() {
        let code = """
            import keras
            from sklearn.preprocessing import StandardScaler
            from sklearn.linear_model import LogisticRegression
            scaler = StandardScaler()
            scaler.fit(x)
            LogisticRegression().fit(x, y)
            model.fit(x, y)
            """
        let fits = DataTesting.model(code).fits
        #expect(fits.map(\.networkName) == ["model"])
    }

    @Test func noFitsWithoutKeras() {
        #expect(DataTesting.model("import torch\nmodel.fit(x, y)\n").fits.isEmpty)
    }

    // MARK: PyTorch and network calls

    @Test func trainingLoopThroughDataLoaderAndTensorDataset() throws {
        let code = """
            import torch
            import torch.nn as nn
            from torch.utils.data import DataLoader, TensorDataset
            from keras.datasets import cifar10
            (x_train, y_train), _ = cifar10.load_data()
            inputs = torch.tensor(x_train, dtype=torch.float32).permute(0, 3, 1, 2)
            loader = DataLoader(TensorDataset(inputs, torch.tensor(y_train)), batch_size=32, shuffle=True)
            net = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU())
            optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
            for epoch in range(3):
                for i, (xb, yb) in enumerate(loader):
                    loss = net(xb).mean()
                    loss.backward()
                    optimizer.step()
            with torch.no_grad():
                prediction = net(inputs[:1])
            """
        let model = DataTesting.model(code)
        #expect(model.networkCalls.count == 2)
        let training = try #require(model.networkCalls.first)
        #expect(training.networkName == "net" && training.networkIndex == 0 && training.isTraining)
        #expect(training.input.root == "x_train" && training.input.datasetIndex == 0)
        #expect(training.input.steps.map(\.kind) == [.permutation])
        #expect(training.input.steps.first?.axes == [0, 3, 1, 2])
        #expect(model.networkCalls.last?.isTraining == false)
    }

    @Test func trainStepParametersFollowTheirCallSite() throws {
        let code = """
            import tensorflow as tf
            (x_train, y_train), _ = tf.keras.datasets.mnist.load_data()
            train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).batch(32)
            model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(10)])
            @tf.function
            def train_step(images, labels):
                with tf.GradientTape() as tape:
                    predictions = model(images, training=True)
                    loss = loss_object(labels, predictions)
                gradients = tape.gradient(loss, model.trainable_variables)
                optimizer.apply_gradients(zip(gradients, model.trainable_variables))
            for images, labels in train_ds:
                train_step(images, labels)
            """
        let call = try #require(DataTesting.model(code).networkCalls.first)
        #expect(call.isTraining)
        #expect(call.input.datasetIndex == 0 && call.input.root == "x_train")
    }

    @Test func imagesCollectedInAList() throws {
        let code = """
            import numpy as np
            from PIL import Image
            import torch
            images = []
            for path in paths:
                images.append(np.array(Image.open(path)))
            batch = torch.from_numpy(np.stack(images)).float()
            model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.LazyLinear(2))
            for epoch in range(2):
                model(batch).sum().backward()
            """
        let call = try #require(DataTesting.model(code).networkCalls.first)
        #expect(call.input.datasetIndex == 0 && call.input.root == "images" && call.isTraining)
    }

    // MARK: Layout

    @Test func permutationsAndReshapes() {
        let code = """
            import numpy as np
            import torch
            a = np.transpose(x, (0, 3, 1, 2))
            b = x.permute(0, 3, 1, 2)
            c = np.moveaxis(x, -1, 1)
            d = x.transpose(1, 3)
            e = torch.permute(x, (0, 2, 3, 1))
            f = x.reshape(-1, 3, 32, 32)
            g = x.view(x.shape[0], 1, 28, 28)
            h = np.transpose(x)
            """
        let steps = ["a", "b", "c", "d", "e", "f", "g", "h"].map { name in
            DataTesting.model(code + "\nmodel.fit(\(name), y)\nimport keras\n").fits.first?.x?.steps.first
        }
        #expect(
            steps.map { $0?.kind } == [
                .permutation, .permutation, .permutation, .permutation, .permutation, .reshape, .reshape, .permutation,
            ])
        #expect(
            steps.map { $0?.axes } == [
                [0, 3, 1, 2], [0, 3, 1, 2], [0, 3, 1, 2], [0, 3, 2, 1], [0, 2, 3, 1], nil, nil, nil,
            ])
        #expect(steps[5]?.shape == [-1, 3, 32, 32])
        #expect(steps[6]?.shape == [-1, 1, 28, 28])
    }

    @Test func imageDataFormatSettings() {
        let code = """
            import keras
            from keras import backend as K
            K.set_image_data_format("channels_first")
            keras.config.set_image_data_format(fmt)
            K.set_image_dim_ordering("tf")
            if K.image_data_format() == "channels_first":
                pass
            """
        let formats = DataTesting.model(code).imageDataFormats
        #expect(formats.map(\.format) == ["channels_first", nil, "channels_last", nil])
        #expect(formats.map(\.isRead) == [false, false, false, true])
        #expect(DataTesting.text(formats[0].argumentSpan, in: code) == "\"channels_first\"")
    }
}
