import PythonSyntax

/// `DataExtraction`: the loaders it knows, and the datasets they make.
extension DataPass {
    // MARK: Loaders

    /// The dataset a call loads, if it is a loader.
    mutating func loader(_ call: Node, name: String?) -> Dataset? {
        // `ImageDataGenerator(...).flow_from_directory(...)` has no dotted name: its method decides.
        guard let name = name ?? call.child(field: .function)?.child(field: .attribute)?.text else { return nil }
        let parts = name.split(separator: ".").map(String.init)
        let last = parts.last ?? ""
        let span = SourceSpan(call)
        let usesKeras = context.imports.frameworks.contains(.keras)
        var variables: [String] { boundNames(of: call) }
        if parts.count == 4, parts[0] == "keras", parts[1] == "datasets", last == "load_data" {
            let layout = DataCatalog.kerasImageDatasets[parts[2]]
            return Dataset(
                variables: variables, origin: .kerasDataset(parts[2]), isRawImages: layout != nil, layout: layout,
                span: span)
        }
        if last == "image_dataset_from_directory", name.hasPrefix("keras.") || (parts.count == 1 && usesKeras) {
            return Dataset(
                variables: variables, origin: .imageLoader("image_dataset_from_directory"), isRawImages: true,
                layout: .channelsLast, span: span)
        }
        if last == "flow_from_directory" || last == "flow_from_dataframe",
            let receiver = call.child(field: .function)?.child(field: .object),
            flow.constructorName(receiver) == "ImageDataGenerator"
        {
            let steps = flow.generatorSteps(receiver)
            var dataset = Dataset(
                variables: variables, origin: .imageLoader("ImageDataGenerator.\(last)"),
                isRawImages: steps.isEmpty, layout: .channelsLast, span: span)
            dataset.scaling = steps.filter { $0.step.kind == .scaling }.map {
                Scaling(description: $0.step.description, variable: variables.first, span: $0.step.span)
            }
            return dataset
        }
        if name.hasPrefix("torchvision.datasets."), DataCatalog.torchvisionImageDatasets.contains(last) {
            return torchvisionDataset(call, name: last, variables: variables)
        }
        if DataCatalog.torchImageReaders.contains(name) {
            return Dataset(
                variables: variables, origin: .imageLoader(name), isRawImages: true, layout: .channelsFirst, span: span)
        }
        if let reader = DataCatalog.imageReaders[name] {
            var layout = ImageLayout.channelsLast
            if name == "cv2.imread",
                let flag = DataFlow.positionalArguments(of: call).dropFirst().first
                    ?? flow.keywordArgument(call, "flags"),
                flag.text.hasSuffix("IMREAD_GRAYSCALE") || flag.text == "0"
            {
                layout = .noChannelAxis
            }
            return Dataset(
                variables: variables, origin: .imageLoader(reader), isRawImages: true, layout: layout, span: span)
        }
        if name == "matplotlib.pyplot.imread" || name == "matplotlib.image.imread" {
            // PNGs come back as floats in [0, 1]; only other formats are raw for sure.
            let path = DataFlow.positionalArguments(of: call).first.map { context.constants.evaluate($0) }?.string?
                .lowercased()
            let isRaw =
                path.map { [".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".gif"].contains(where: $0.hasSuffix) } ?? false
            return Dataset(
                variables: variables, origin: .imageLoader("plt.imread"), isRawImages: isRaw, layout: .channelsLast,
                span: span)
        }
        if name == "tensorflow_datasets.load" {
            let dataset = (DataFlow.positionalArguments(of: call).first ?? flow.keywordArgument(call, "name"))
                .flatMap { context.constants.evaluate($0).string }
            let base = dataset.map { String($0.prefix { $0 != ":" && $0 != "/" }) } ?? ""
            if DataCatalog.tfdsImageDatasets.contains(base) {
                return Dataset(
                    variables: variables, origin: .imageLoader("tfds.load(\"\(base)\")"), isRawImages: true,
                    layout: .channelsLast, span: span)
            }
            return Dataset(variables: variables, origin: .other("tfds.load"), isRawImages: false, span: span)
        }
        if name == "sklearn.datasets.fetch_openml" {
            let dataset = (flow.keywordArgument(call, "name") ?? DataFlow.positionalArguments(of: call).first)
                .flatMap { context.constants.evaluate($0).string }
            let isImages =
                dataset.map { ["mnist_784", "Fashion-MNIST", "Kuzushiji-MNIST", "CIFAR_10"].contains($0) } ?? false
            return Dataset(
                variables: variables,
                origin: isImages ? .imageLoader("fetch_openml(\"\(dataset!)\")") : .other("fetch_openml"),
                isRawImages: isImages, span: span)
        }
        if let short = DataCatalog.otherLoaders[name] {
            return Dataset(variables: variables, origin: .other(short), isRawImages: false, span: span)
        }
        return nil
    }

    /// A torchvision dataset: raw PIL images unless its `transform` scales them.
    func torchvisionDataset(_ call: Node, name: String, variables: [String]) -> Dataset {
        let span = SourceSpan(call)
        let position =
            name == "ImageFolder"
            ? 1
            : (["MNIST", "FashionMNIST", "KMNIST", "QMNIST", "CIFAR10", "CIFAR100", "USPS"].contains(name) ? 2 : nil)
        var transform = flow.keywordArgument(call, "transform")
        if transform == nil, let position {
            let positional = DataFlow.positionalArguments(of: call)
            if position < positional.count { transform = positional[position] }
        }
        var dataset = Dataset(
            variables: variables, origin: .imageLoader("torchvision.datasets.\(name)"), isRawImages: true, span: span)
        guard let transform, transform.type != "none" else { return dataset }
        var isUnknown = false
        for element in transformCalls(transform) {
            guard let call = element, let qualified = flow.calleeName(call) else {
                isUnknown = true
                continue
            }
            let last = String(qualified.lastDottedPart ?? "")
            guard qualified.hasPrefix("torchvision.transforms") || !qualified.contains("."),
                var effect = DataCatalog.torchvisionTransforms[last]
            else {
                isUnknown = true
                continue
            }
            if last == "ToDtype",
                flow.keywordArgument(call, "scale").map({ context.constants.evaluate($0).bool != true }) ?? true
            {
                effect = .keepsValues
            }
            if DataCatalog.channelsFirstTransforms.contains(last) { dataset.layout = .channelsFirst }
            if case .scales = effect {
                dataset.scaling.append(
                    Scaling(description: "\(last)()", variable: variables.first, span: SourceSpan(call)))
            }
        }
        dataset.isRawImages = dataset.scaling.isEmpty && !isUnknown
        return dataset
    }

    /// The transform calls of a torchvision `transform=` value: the elements of a `Compose`,
    /// or the single transform; nil entries for what is not a call.
    func transformCalls(_ node: Node) -> [Node?] {
        guard let call = node.type == "call" ? node : flow.constructorCall(node) else { return [nil] }
        guard flow.calleeName(call)?.hasSuffix("Compose") == true else { return [call] }
        guard let list = DataFlow.positionalArguments(of: call).first ?? flow.keywordArgument(call, "transforms"),
            list.type == "list" || list.type == "tuple"
        else { return [nil] }
        return DataFlow.elements(of: list).map { $0.type == "call" ? $0 : flow.constructorCall($0) }
    }

    /// The variables a loader call's result is assigned to, through conversions around it
    /// (`img = np.array(Image.open(p).convert("RGB"))`), flattened in order.
    func boundNames(of call: Node) -> [String] {
        var chain = flow.ancestors(of: call)
        var node = call
        while let parent = chain.last, chain.count > 1 {
            let outer = chain[chain.count - 2]
            if parent.type == "parenthesized_expression" {
                node = parent
                chain.removeLast()
            } else if parent.type == "argument_list", outer.type == "call", let name = flow.calleeName(outer),
                DataCatalog.passThroughFunctions.contains(name), DataFlow.positionalArguments(of: outer).first == node
            {
                node = outer
                chain.removeLast(2)
            } else if parent.type == "attribute", parent.child(field: .object) == node, outer.type == "call",
                outer.child(field: .function) == parent, let method = parent.child(field: .attribute)?.text,
                DataCatalog.passThroughMethods.contains(method)
            {
                node = outer
                chain.removeLast(2)
            } else {
                break
            }
        }
        guard let parent = chain.last, parent.type == "assignment", parent.child(field: .right) == node,
            let left = parent.child(field: .left)
        else { return [] }
        return Self.names(in: left)
    }

    static func names(in pattern: Node) -> [String] {
        switch pattern.type {
        case "identifier", "attribute": return [pattern.text]
        case "pattern_list", "tuple_pattern", "list_pattern", "tuple", "list", "parenthesized_expression":
            return DataFlow.elements(of: pattern).flatMap { names(in: $0) }
        default: return []
        }
    }
}
