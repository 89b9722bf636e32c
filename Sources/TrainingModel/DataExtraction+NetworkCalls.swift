import PythonSyntax

/// `DataExtraction`: calls of a network on data outside `fit` (`model(x)`), and whether they train.
extension DataPass {
    // MARK: Network calls

    mutating func networkCall(_ call: Node) -> NetworkCall? {
        guard let function = call.child(field: .function),
            let entry = networkVariables.network(function.text, at: function.startByte),
            let input = DataFlow.positionalArguments(of: call).first
                ?? flow.keywordArgument(call, "x") ?? flow.keywordArgument(call, "inputs")
                ?? flow.keywordArgument(call, "input")
        else { return nil }
        let isTraining = isInTraining(call)
        let reference = reference(input, pending: [])
        if isTraining, let dataset = reference.datasetIndex {
            let isKeras = entry.map { networks[$0].framework == .keras } ?? context.imports.frameworks.contains(.keras)
            addModelScaling(to: dataset, networkIndex: entry, isKeras: isKeras)
        }
        return NetworkCall(
            networkName: function.text, networkIndex: entry, span: SourceSpan(call), input: reference,
            isTraining: isTraining)
    }

    /// Whether the loop (or else the function) around a call also computes gradients. Calls
    /// outside any loop or function are predictions as far as Umlaut can tell.
    func isInTraining(_ call: Node) -> Bool {
        let container = flow.ancestors(of: call).last {
            ["for_statement", "while_statement", "function_definition"].contains($0.type)
        }
        guard let range = container?.byteRange else { return false }
        var low = 0
        var high = gradientCalls.count
        while low < high {
            let middle = (low + high) / 2
            if gradientCalls[middle] < range.lowerBound { low = middle + 1 } else { high = middle }
        }
        return low < gradientCalls.count && gradientCalls[low] < range.upperBound
    }
}
