/// Identifiers without which the analysis cannot produce a kind of model element, for the
/// linter's pre-filter (`TriggerTokens` in LintCore): a file whose text holds none of a
/// rule's words cannot give that rule anything to report, so it need not be parsed.
///
/// Every list is derived from what the passes match, and only from names that reach them as
/// identifiers, never from string values (which constant folding may assemble from pieces).
/// Why an identifier must appear: a canonical qualified name (`ImportTable.resolve`) always ends
/// with a component written in the script (at the use or in the import that bound it), and, if
/// it does not start with `keras.` (the only head that canonicalisation invents), starts with one
/// too. A term is a list of words that must all occur; an element needs one of its terms.
package enum TriggerWords {
    /// Terms for `ScriptModel.networks`: `Sequential(...)`, `Model(inputs, outputs)`, and
    /// subclasses of `keras.Model`, `nn.Module` and Lightning modules (directly, or through other
    /// classes of the script, which then name the base themselves), and functions that apply
    /// TensorFlow 1 layer functions (`tf.layers.dense`: their qualified name is
    /// `tensorflow[.compat.v1].layers.<name>`, and no import rewrite makes `layers` up, so the
    /// word is in the text; `dense`, `dropout` and `flatten` alone are in most of TensorFlow).
    package static let networks: [[String]] =
        [["Sequential"], ["Model"], ["Module"], ["LightningModule"]]
        + LayerCatalog.tensorflow1LayerFunctionNames.map { ["tensorflow", "layers", $0] }

    /// Words of which a network rule's finding needs one besides the network itself: the names of
    /// the layers and dropout functions it can rest on (`LayerCatalog.evidenceLayerNames`). An
    /// activation function (`activationFunctions`) is the other way to one: a network with
    /// neither holds only layers the rules pass over (normalization, embeddings, recurrent layers,
    /// reshapes, `other`), and a training step with neither applies no activation to it.
    package static let networkEvidence: [String] = LayerCatalog.evidenceLayerNames + LayerCatalog.dropoutFunctionNames

    /// Activation function and tensor method names, lower-cased, that match in any case.
    package static let activationFunctions: [String] = LayerCatalog.activationFunctionNames

    /// Terms for TensorFlow loss functions that are training steps of their own
    /// (`tf.losses.softmax_cross_entropy`, `tf.nn.softmax_cross_entropy_with_logits`).
    package static let tensorflowLosses: [[String]] = LossCatalog.tensorflow1FunctionNames.map { ["tensorflow", $0] }

    /// Terms for optimizers that have a learning rate: constructors in `OptimizerCatalog`. Keras
    /// optimizer names match in any case (`OptimizerCatalog` lower-cases them), and are listed
    /// lower-cased in `optimizersIgnoringCase`; the rest must match exactly.
    package static let optimizers: [[String]] = {
        var terms = OptimizerCatalog.torchFamilies.keys.sorted().map { ["torch", $0] }
        terms += OptimizerCatalog.tensorflowV1Families.keys.sorted().map { ["tensorflow", $0] }
        return terms
    }()

    /// Keras optimizer class names, lower-cased, that match whatever their case in the text.
    package static let optimizersIgnoringCase: [String] = OptimizerCatalog.kerasFamilies.keys.sorted()

    /// Terms for datasets of raw images (`Dataset.isRawImages`): every loader in `DataCatalog`
    /// that can yield one.
    package static let rawImageLoaders: [[String]] = {
        var terms: [[String]] = [
            ["load_data"], ["image_dataset_from_directory"], ["flow_from_directory"], ["flow_from_dataframe"],
            ["matplotlib", "imread"], ["tensorflow_datasets", "load"], ["sklearn", "fetch_openml"],
        ]
        terms += DataCatalog.torchvisionImageDatasets.sorted().map { ["torchvision", $0] }
        terms += (DataCatalog.torchImageReaders.sorted() + DataCatalog.imageReaders.keys.sorted()).map(
            term(forQualifiedName:))
        return terms
    }()

    /// Terms for the colour images that `UM203` knows the layout of without a network: Keras'
    /// bundled datasets and `cv2.imread`.
    package static let colourImageLoaders: [[String]] = [["load_data"], ["cv2", "imread"]]

    /// Terms for Keras `fit` calls (`ScriptModel.fits`).
    package static let fitCalls: [[String]] = [["fit"], ["fit_generator"]]

    /// The words a qualified name must have in the text: its last component, and its first unless
    /// that is `keras` (which `tensorflow.keras.` and `tf_keras.` canonicalise to).
    static func term(forQualifiedName name: String) -> [String] {
        let parts = name.split(separator: ".").map(String.init)
        guard let first = parts.first, let last = parts.last else { return [name] }
        return first == "keras" || parts.count == 1 ? [last] : [first, last]
    }
}
