import ProjectSearch
import Store
import Testing

/// The project-level rules that the labelled corpus (bench/project-corpus) showed were missing:
/// a passing mention is not an attribute, and tests' imports are not the project's framework.
@Suite struct ProjectInferenceTests {
    func values(_ kind: ProjectAttribute.Kind, _ attributes: [ProjectAttribute]) -> Set<String> {
        Set(attributes.filter { $0.kind == kind }.map(\.value))
    }

    @Test func aFamilyOrDatasetNamedOnceInPassingIsNotTheProjects() {
        let attributes = ProjectInference.attributes(
            features: [
                ("pkg/model.py", FileFeature(.framework, "pytorch", line: 1)),
                ("tests/test_against_tf.py", FileFeature(.framework, "tensorflow", line: 1)),
                ("tests/test_against_tf.py", FileFeature(.framework, "pytorch", line: 2)),
            ],
            mentions: [
                // Defined in one file and used in another: the project's.
                ("pkg/model.py", FileMention(.model, "EfficientNet", line: 3, detail: "class EfficientNet")),
                ("pkg/utils.py", FileMention(.model, "EfficientNet", line: 9, detail: "efficientnet")),
                // One comment citing another family: not the project's.
                ("pkg/utils.py", FileMention(.model, "MobileNet", line: 20, detail: "MobileNet")),
                ("pkg/data.py", FileMention(.dataset, "Pascal VOC", line: 4, detail: "voc2007")),
            ],
            readme: "# A ResNet for ImageNet\n\nSome words.\n\n## Notes\n\nUnlike U-Net, this classifies.\n",
            readmePath: "README.md")
        // The README's title names ResNet and ImageNet: prominent enough on its own.
        #expect(values(.model, attributes) == ["EfficientNet", "ResNet"])
        #expect(values(.dataset, attributes) == ["ImageNet"])
        // Only a test imports TensorFlow, to compare with it.
        #expect(values(.framework, attributes) == ["pytorch"])
        let model = attributes.first { $0.kind == .model && $0.value == "EfficientNet" }
        #expect(model?.evidence == "in 2 files: pkg/model.py, pkg/utils.py")
    }

    @Test func testsAloneStillNameTheFramework() {
        let attributes = ProjectInference.attributes(
            features: [("test_model.py", FileFeature(.framework, "keras", line: 1))], mentions: [], readme: nil,
            readmePath: nil)
        #expect(values(.framework, attributes) == ["keras"])
    }

    @Test func aBoxLossMeansDetection() {
        let attributes = ProjectInference.attributes(
            features: [
                ("det/loss.py", FileFeature(.framework, "pytorch", line: 1)),
                ("det/loss.py", FileFeature(.loss, "DetectionLoss", line: 5)),
                ("det/loss.py", FileFeature(.loss, "box_loss", line: 9)),
            ],
            mentions: [], readme: nil, readmePath: nil)
        #expect(values(.task, attributes) == ["detection"])
    }

    /// Definition against use: a family the code defines or names a module after is the
    /// project's; one it only uses, however often, is not.
    @Test func aFamilyIsTheProjectsWhenItIsDefinedNotWhenItIsUsed() {
        let attributes = ProjectInference.attributes(
            features: [("seg/model.py", FileFeature(.framework, "pytorch", line: 1))],
            mentions: [
                // `class UNet(nn.Module)` in one file: implemented here.
                ("seg/model.py", FileMention(.model, "U-Net", line: 12, detail: "class UNet")),
                // A module named after the family.
                ("seg/backbones/vgg.py", FileMention(.model, "VGG", line: 4, detail: "vgg")),
                // ResNet used as a backbone in three files (`ResnetBlock`, `resnet34(...)` calls).
                ("seg/model.py", FileMention(.model, "ResNet", line: 2, detail: "resnet")),
                ("seg/train.py", FileMention(.model, "ResNet", line: 8, detail: "ResNet")),
                ("seg/blocks.py", FileMention(.model, "ResNet", line: 5, detail: "Resnet")),
                // Only a test defines this one.
                ("tests/test_model.py", FileMention(.model, "MobileNet", line: 3, detail: "class MobileNet")),
            ],
            readme: nil, readmePath: nil)
        #expect(values(.model, attributes) == ["U-Net", "VGG"])
        let unet = attributes.first { $0.kind == .model && $0.value == "U-Net" }
        #expect(unet?.path == "seg/model.py" && unet?.line == 12)
    }

    /// A family defined in one file that the README never names, in a module not named after it,
    /// is a part or helper (a sequencer's `LSTM2d`); the README naming it, a second file, or a
    /// module named after it keeps it.
    @Test func aLoneDefinitionTheReadmeNeverNamesIsAPart() {
        let mentions: [(path: String, mention: FileMention)] = [
            ("seq/models/sequencer.py", FileMention(.model, "LSTM", line: 7, detail: "class LSTM2d")),
            ("seq/models/sequencer.py", FileMention(.model, "ResNet", line: 40, detail: "class ResNet")),
            ("seq/models/heads.py", FileMention(.model, "GRU", line: 3, detail: "class GRU")),
            ("seq/train.py", FileMention(.model, "GRU", line: 9, detail: "GRU")),
            ("seq/models/vgg.py", FileMention(.model, "VGG", line: 3, detail: "class VGG")),
            ("seq/models/sequencer.py", FileMention(.model, "EfficientNet", line: 60, detail: "class EfficientNet")),
        ]
        let readme = "# Sequencer\n\nDeep LSTM-style mixing for images, compared with EfficientNet.\n"
        let attributes = ProjectInference.attributes(
            features: [("seq/models/sequencer.py", FileFeature(.framework, "pytorch", line: 1))],
            mentions: mentions, readme: readme, readmePath: "README.md")
        // LSTM: the README names it. GRU: two files. VGG: its module. EfficientNet: the README.
        // ResNet: one file, not its module, the README silent.
        #expect(values(.model, attributes) == ["LSTM", "GRU", "VGG", "EfficientNet"])
        // Without a README nothing says which definitions are parts: all are kept.
        let bare = ProjectInference.attributes(
            features: [("seq/models/sequencer.py", FileFeature(.framework, "pytorch", line: 1))],
            mentions: mentions, readme: nil, readmePath: nil)
        #expect(values(.model, bare).contains("ResNet"))
    }

    @Test func aDefinitionIsAClassOrFunctionNamedAfterTheFamily() {
        let source = """
            import torch.nn as nn

            class ResnetBlock(nn.Module):
                pass

            class EfficientNet(nn.Module):
                pass

            def unet_block(x):
                return x

            def resnet50d(pretrained=False):
                return None

            def bert_encode(model, text):
                return model(text)
            """
        let found = FileAnalyzer.modelDefinitions(in: source)
        #expect(found.map(\.family) == ["EfficientNet", "ResNet"])
        #expect(found.map(\.declaration) == ["class EfficientNet", "def resnet50d"])
        #expect(found.map(\.line) == [6, 12])
        #expect(NameCatalogue.modelFamilies.defined(byName: "InceptionV3") == ["Inception"])
        #expect(NameCatalogue.modelFamilies.defined(byName: "vgg11_bn") == ["VGG"])
        #expect(NameCatalogue.modelFamilies.defined(byName: "CLIPVisionCfg").isEmpty)
        // A number runs into the next word: a mark or a generic word may follow it, nothing else.
        #expect(NameCatalogue.modelFamilies.defined(byName: "GPT2Model") == ["GPT"])
        #expect(NameCatalogue.modelFamilies.defined(byName: "Unet3DModel") == ["U-Net"])
        #expect(NameCatalogue.modelFamilies.defined(byName: "resnet101e") == ["ResNet"])
        #expect(NameCatalogue.modelFamilies.defined(byName: "Gemma4Attention").isEmpty)
        #expect(NameCatalogue.modelFamilies.defined(byName: "Qwen3VitEncoder").isEmpty)
        #expect(NameCatalogue.modelFamilies.defined(byName: "GPT2Tokenizer").isEmpty)
    }

    /// A building block is defined by a name that starts with it; a word before it makes it a
    /// part or another thing.
    @Test func aBuildingBlockIsDefinedOnlyByANameThatStartsWithIt() {
        let catalogue = NameCatalogue.modelFamilies
        #expect(catalogue.defined(byName: "Transformer") == ["Transformer"])
        #expect(catalogue.defined(byName: "TransformerWrapper") == ["Transformer"])
        #expect(catalogue.defined(byName: "build_lstm") == ["LSTM"])
        #expect(catalogue.defined(byName: "QuantileTransformer").isEmpty)
        #expect(catalogue.defined(byName: "RolloutGRU").isEmpty)
        #expect(catalogue.defined(byName: "MultiHeadDecoderTransformer").isEmpty)
        #expect(catalogue.defined(byName: "SparseAutoEncoder").isEmpty)
        #expect(catalogue.defined(byName: "_init_transformer").isEmpty)
        // Other families keep their qualifiers: a timm wrapper of ViT is still ViT.
        #expect(catalogue.defined(byName: "TimmViTEncoder") == ["ViT"])
        // A directory named after a family (DALL-E) names it too.
        #expect(ProjectInference.namesInPath("dalle/vae.py", catalogue) == ["DALL-E", "VAE"])
        #expect(ProjectInference.namesInPath("lm/gpt_vae.py", catalogue).isEmpty)
    }

    /// The README's introduction says what the project is; a later section's passing mention
    /// (related work, a comparison) does not.
    @Test func theReadmesIntroductionStatesTheTask() {
        let readme = """
            # Sepkit

            [![build](https://example.org/badge.svg)](https://example.org/ci)

            Sepkit is a small toolkit for audio source separation, with recipes and pretrained models.

            ## Related work

            Unlike speech recognition toolkits, Sepkit does not transcribe.
            """
        #expect(ProjectInference.leadText(of: readme).contains("audio source separation"))
        #expect(!ProjectInference.leadText(of: readme).contains("speech recognition"))
        let attributes = ProjectInference.attributes(
            features: [("sepkit/model.py", FileFeature(.framework, "pytorch", line: 1))], mentions: [],
            readme: readme, readmePath: "README.md")
        #expect(values(.task, attributes) == ["source-separation"])
        #expect(values(.domain, attributes) == ["audio"])
    }

    @Test func aDatasetTheReadmeRepeatsIsTheProjects() {
        let attributes = ProjectInference.attributes(
            features: [("ssl/train.py", FileFeature(.framework, "pytorch", line: 1))],
            mentions: [("tests/test_data.py", FileMention(.dataset, "MNIST", line: 2, detail: "mnist"))],
            readme: """
                # SSL

                A self-supervised learner for images, in PyTorch, trained with a contrastive loss.

                ## Results

                On STL-10 the linear probe reaches 80%.

                ## Training

                Download STL-10 first; the unlabelled split of STL-10 is used for pre-training. MNIST works too.
                """,
            readmePath: "README.md")
        // Named three times in the README: the project's; MNIST named once there and in a test: not.
        #expect(values(.dataset, attributes) == ["STL-10"])
    }

    /// A module named after a dataset is its loader: the project ships it. A path names a
    /// family or dataset as a class or function would (`config/fpn_config.py` does not name FPN).
    @Test func aLoaderModuleNamedAfterADatasetIsTheProjects() {
        #expect(ProjectInference.namesInPath("sr/data/ffhq_dataset.py", NameCatalogue.datasets) == ["FFHQ"])
        #expect(ProjectInference.namesInPath("reid/datasets/image/cuhk03.py", NameCatalogue.datasets) == ["CUHK03"])
        #expect(ProjectInference.namesInPath("det/config/fpn_config.py", NameCatalogue.modelFamilies).isEmpty)
        #expect(ProjectInference.namesInPath("seg/decoders/fpn/model.py", NameCatalogue.modelFamilies) == ["FPN"])
        #expect(
            ProjectInference.namesInPath("efficientnet_pytorch/utils.py", NameCatalogue.modelFamilies) == [
                "EfficientNet"
            ])
        let attributes = ProjectInference.attributes(
            features: [("sr/data/ffhq_dataset.py", FileFeature(.framework, "pytorch", line: 1))],
            mentions: [
                ("sr/data/ffhq_dataset.py", FileMention(.dataset, "FFHQ", line: 9, detail: "FFHQ")),
                // Named once, in a module not named after it: a passing mention.
                ("sr/train.py", FileMention(.dataset, "CelebA", line: 4, detail: "celeba")),
                ("det/config/fpn_config.py", FileMention(.model, "FPN", line: 3, detail: "fpn")),
            ],
            readme: nil, readmePath: nil)
        #expect(values(.dataset, attributes) == ["FFHQ"])
        #expect(values(.model, attributes).isEmpty)
    }

    /// A loader module named after a dataset no catalogue knows, in a data directory, with a
    /// class named after it: recorded under the class's spelling, the project's when the README
    /// names it too. Generic and format modules, catalogue names and size variants are not.
    @Test func aLoaderModuleNamesADatasetNoCatalogueKnows() {
        let loader = "import torch\n\nclass GuitarSetDataset(torch.utils.data.Dataset):\n    pass\n"
        let found = FileAnalyzer.loaderModuleDataset(path: "pitch/data/guitarset.py", text: loader)
        #expect(found?.name == "GuitarSet")
        #expect(found?.line == 3)
        #expect(found?.declaration == "loader module guitarset: class GuitarSetDataset")
        #expect(
            FileAnalyzer.loaderModuleDataset(
                path: "kg/datasets/primekg_dataset.py", text: "class PrimeKG(SingleTabbedDataset):\n    pass\n")?.name
                == "PrimeKG")
        // One level below a data directory (by modality or kind), not two.
        #expect(
            FileAnalyzer.loaderModuleDataset(
                path: "kg/datasets/inductive/ilpc2022.py", text: "class ILPC2022(Dataset):\n    pass\n")?.name
                == "ILPC2022")
        #expect(
            FileAnalyzer.loaderModuleDataset(
                path: "kg/datasets/a/b/ilpc2022.py", text: "class ILPC2022(Dataset):\n    pass\n") == nil)
        // Generic and format words are never a dataset's name, whatever class the module defines.
        #expect(
            FileAnalyzer.loaderModuleDataset(path: "pkg/data/base.py", text: "class BaseDataset(Dataset): pass\n")
                == nil)
        #expect(
            FileAnalyzer.loaderModuleDataset(path: "pkg/data/npz_loader.py", text: "class NpzLoader: pass\n") == nil)
        #expect(
            FileAnalyzer.loaderModuleDataset(
                path: "pkg/datasets/sharded_dataset.py", text: "class ShardedDataset: pass\n") == nil)
        // A loader named after a model family prepares that model's data; a mixin is no loader.
        #expect(
            FileAnalyzer.loaderModuleDataset(
                path: "sr/data/realesrgan_dataset.py", text: "class RealESRGANDataset(Dataset): pass\n") == nil)
        #expect(
            FileAnalyzer.loaderModuleDataset(
                path: "gen/loaders/ip_adapter.py", text: "class IPAdapterMixin: pass\n") == nil)
        // No class named after the module: a helper, not a loader.
        #expect(
            FileAnalyzer.loaderModuleDataset(path: "pkg/data/guitarset.py", text: "def load(path):\n    pass\n")
                == nil)
        // Not in a data directory; a name the catalogue knows; a size variant; a private module.
        #expect(
            FileAnalyzer.loaderModuleDataset(path: "pkg/models/guitarset.py", text: "class GuitarSet: pass\n") == nil)
        #expect(
            FileAnalyzer.loaderModuleDataset(path: "pkg/datasets/cityscapes.py", text: "class Cityscapes: pass\n")
                == nil)
        #expect(
            FileAnalyzer.loaderModuleDataset(path: "cfg/datasets/hrf_584x584.py", text: "class Hrf: pass\n") == nil)
        #expect(
            FileAnalyzer.loaderModuleDataset(path: "pkg/datasets/_guitarset.py", text: "class GuitarSet: pass\n")
                == nil)

        let mentions: [(path: String, mention: FileMention)] = [
            ("pitch/data/guitarset.py", FileMention(.dataset, "GuitarSet", line: 3, detail: found?.declaration)),
            (
                "pitch/data/ikala.py",
                FileMention(.dataset, "iKala", line: 2, detail: "loader module ikala: class iKalaDataset")
            ),
        ]
        let features: [(path: String, feature: FileFeature)] = [
            ("pitch/data/guitarset.py", FileFeature(.framework, "pytorch", line: 1))
        ]
        // The README names GuitarSet (as `Guitar-Set`, the spelling kept) and not iKala: a
        // loader the README never names may be a helper or a fixture.
        let attributes = ProjectInference.attributes(
            features: features, mentions: mentions,
            readme: "# Pitch\n\nA pitch tracker.\n\n## Training\n\nTrained on [Guitar-Set](https://x.org/gs).\n",
            readmePath: "README.md")
        #expect(values(.dataset, attributes) == ["Guitar-Set"])
        #expect(
            ProjectInference.attributes(features: features, mentions: mentions, readme: nil, readmePath: nil)
                .allSatisfy { $0.kind != .dataset })
        #expect(
            Set(ProjectInference.readmeSpellings(of: "Nighttime Driving and Vimeo-90K").keys).isSuperset(of: [
                "nighttimedriving", "vimeo90k",
            ]))
        // A name is spelled as the README writes it with a capital, not as an identifier.
        #expect(ProjectInference.readmeSpellings(of: "Use `sms_wsj`: SMS-WSJ, or smswsj.")["smswsj"] == "SMS-WSJ")
        #expect(ProjectInference.readmeSpellings(of: "the Montevideo Bus data")["montevideobus"] == "Montevideo Bus")
    }

    /// A module under an algorithms directory named after a family no catalogue knows, which
    /// defines it: the project's when the README names it too. Generic modules, catalogue names
    /// and modules that define nothing named after them are not.
    @Test func anAlgorithmModuleNamesAFamilyNoCatalogueKnows() {
        let awac = "import torch\n\n\nclass AWAC(QLearningAlgoBase):\n    pass\n"
        let found = FileAnalyzer.algorithmModuleFamily(path: "rl/algos/qlearning/awac.py", text: awac)
        #expect(found?.name == "AWAC")
        #expect(found?.line == 4)
        #expect(found?.declaration == "algorithm module awac: class AWAC")
        #expect(
            FileAnalyzer.algorithmModuleFamily(
                path: "rl/algos/transformer/decision_transformer.py", text: "class DecisionTransformer:\n    pass\n")?
                .name == "DecisionTransformer")
        // Generic words, a framework's name, a catalogue family (also under another name), a
        // module defining nothing named after it, a module outside an algorithms directory.
        #expect(FileAnalyzer.algorithmModuleFamily(path: "rl/algos/base.py", text: "class Base: pass\n") == nil)
        #expect(FileAnalyzer.algorithmModuleFamily(path: "rl/agents/policy.py", text: "class Policy: pass\n") == nil)
        #expect(FileAnalyzer.algorithmModuleFamily(path: "rl/agents/jax.py", text: "def jax(): pass\n") == nil)
        #expect(FileAnalyzer.algorithmModuleFamily(path: "rl/agents/dqn.py", text: "class DQN: pass\n") == nil)
        #expect(
            FileAnalyzer.algorithmModuleFamily(
                path: "rl/agents/categorical_dqn.py", text: "class CategoricalDQN: pass\n") == nil)
        #expect(FileAnalyzer.algorithmModuleFamily(path: "rl/algos/awac.py", text: "def train(): pass\n") == nil)
        #expect(FileAnalyzer.algorithmModuleFamily(path: "rl/models/awac.py", text: awac) == nil)

        let mentions: [(path: String, mention: FileMention)] = [
            ("rl/algos/awac.py", FileMention(.model, "AWAC", line: 4, detail: "algorithm module awac: class AWAC")),
            ("rl/algos/nfq.py", FileMention(.model, "NFQ", line: 2, detail: "algorithm module nfq: class NFQ")),
            (
                "rl/algos/decision_transformer.py",
                FileMention(
                    .model, "DecisionTransformer", line: 1,
                    detail: "algorithm module decision_transformer: class DecisionTransformer")
            ),
        ]
        let attributes = ProjectInference.attributes(
            features: [("rl/algos/awac.py", FileFeature(.framework, "pytorch", line: 1))], mentions: mentions,
            readme: "# Offline RL\n\nAlgorithms for offline reinforcement learning.\n\n## Algorithms\n\n- AWAC\n"
                + "- Decision Transformer\n",
            readmePath: "README.md")
        // The README names AWAC and Decision Transformer (spelled as it writes it), not NFQ.
        #expect(values(.model, attributes) == ["AWAC", "Decision Transformer"])
    }

    @Test func aBenchmarkSuitesMemberTasksAreTheSuites() {
        let attributes = ProjectInference.attributes(
            features: [("nlp/run.py", FileFeature(.framework, "pytorch", line: 1))],
            mentions: [
                ("nlp/run.py", FileMention(.dataset, "GLUE", line: 2, detail: "glue")),
                ("nlp/tasks.py", FileMention(.dataset, "GLUE", line: 5, detail: "GLUE")),
                ("nlp/tasks.py", FileMention(.dataset, "SST-2", line: 7, detail: "sst2")),
                ("nlp/run.py", FileMention(.dataset, "SST-2", line: 9, detail: "SST-2")),
            ],
            readme: nil, readmePath: nil)
        #expect(values(.dataset, attributes) == ["GLUE"])
    }

    /// A metric library's introduction names what it measures; those tasks are not its own.
    @Test func aMetricLibraryDoesNotDoWhatItMeasures() {
        let attributes = ProjectInference.attributes(
            features: [("score/score.py", FileFeature(.framework, "pytorch", line: 1))], mentions: [],
            readme: """
                # TextScore

                An automatic evaluation metric for text generation, computed from contextual embeddings of the tokens.
                """,
            readmePath: "README.md")
        #expect(values(.task, attributes) == ["metric"])
    }

    /// GAN losses train restorers: generation is the method when the introduction says restoration.
    @Test func aRestorerTrainedAsAGanIsNotAGenerator() {
        let features = [
            ("face/archs/gan.py", FileFeature(.framework, "pytorch", line: 1)),
            ("face/losses.py", FileFeature(.loss, "GANLoss", line: 12)),
        ]
        let mentions = [("face/archs/gan.py", FileMention(.model, "GAN", line: 5, detail: "class StyleGAN2Generator"))]
        let restorer = ProjectInference.attributes(
            features: features, mentions: mentions,
            readme: "# FaceFix\n\nPractical algorithms for blind face restoration of old and damaged photos.\n",
            readmePath: "README.md")
        #expect(values(.task, restorer) == ["restoration"])
        let generator = ProjectInference.attributes(
            features: features, mentions: mentions,
            readme: "# FaceGen\n\nA generative adversarial network that synthesises new faces from noise.\n",
            readmePath: "README.md")
        #expect(values(.task, generator) == ["generation"])
    }

    /// "Denoising diffusion" names a model; it says nothing of restoration.
    @Test func denoisingDiffusionIsAModelsNameNotATask() {
        #expect(ProjectInference.withoutModelNames("a denoising diffusion model") == "a diffusion model")
        #expect(ProjectInference.withoutModelNames("it uses denoising score matching") == "it uses score matching")
        let attributes = ProjectInference.attributes(
            features: [("ddpm/model.py", FileFeature(.framework, "pytorch", line: 1))], mentions: [],
            readme:
                "# DDPM\n\nImplementation of a denoising diffusion probabilistic model, a generative model of images.\n",
            readmePath: "README.md")
        #expect(values(.task, attributes) == ["generation"])
    }

    /// A family only a README heading names (one example among others) needs the code to name it too.
    @Test func aFamilyOnlyAHeadingNamesNeedsTheCode() {
        let readme = """
            # SSIMLib

            Fast structural similarity metrics for images, differentiable, on the GPU and the CPU alike.

            ## Training an Autoencoder with SSIM

            See the example.
            """
        let alone = ProjectInference.attributes(
            features: [("ssimlib/ssim.py", FileFeature(.framework, "pytorch", line: 1))], mentions: [],
            readme: readme, readmePath: "README.md")
        #expect(values(.model, alone).isEmpty)
        let withCode = ProjectInference.attributes(
            features: [("ssimlib/ssim.py", FileFeature(.framework, "pytorch", line: 1))],
            mentions: [("ssimlib/examples.py", FileMention(.model, "Autoencoder", line: 3, detail: "autoencoder"))],
            readme: readme, readmePath: "README.md")
        #expect(values(.model, withCode) == ["Autoencoder"])
    }

    /// A task the introduction states is enough alone, even beside one that many families support.
    @Test func aTaskTheIntroductionStatesIsNotHiddenByABetterSupportedOne() {
        let attributes = ProjectInference.attributes(
            features: [("sr/archs/edsr_arch.py", FileFeature(.framework, "pytorch", line: 1))],
            mentions: [
                ("sr/archs/edsr_arch.py", FileMention(.model, "EDSR", line: 8, detail: "class EDSR")),
                ("sr/archs/rcan_arch.py", FileMention(.model, "RCAN", line: 9, detail: "class RCAN")),
                ("sr/archs/swinir_arch.py", FileMention(.model, "SwinIR", line: 10, detail: "class SwinIR")),
                ("sr/data/div2k.py", FileMention(.dataset, "DIV2K", line: 3, detail: "DIV2K")),
            ],
            readme: "# SRKit\n\nAn open-source toolbox for image restoration and super-resolution, in PyTorch.\n",
            readmePath: "README.md")
        #expect(values(.task, attributes) == ["restoration", "super-resolution"])
        #expect(values(.model, attributes) == ["EDSR", "RCAN", "SwinIR"])
        let task = attributes.first { $0.kind == .task && $0.value == "super-resolution" }
        #expect(task?.evidence.contains("model family SwinIR") == true)
    }

    @Test func theCataloguesKnowCommonNames() {
        let text = Array("Unet, FPN, PSPNet and Linknet decoders; EDSR, RCAN, SwinIR; XLNet; OSNet".utf8)
        #expect(
            NameCatalogue.modelFamilies.find(in: text).map(\.name) == [
                "U-Net", "FPN", "PSPNet", "LinkNet", "EDSR", "RCAN", "SwinIR", "XLNet", "OSNet",
            ])
        let data = Array(
            "Cars196, StanfordOnlineProducts, iNaturalist, DukeMTMC-reID, CUHK03, MSMT17, REDS, BAPPS".utf8)
        #expect(
            NameCatalogue.datasets.find(in: data).map(\.name) == [
                "Cars196", "Stanford Online Products", "iNaturalist", "DukeMTMC-reID", "CUHK03", "MSMT17", "REDS",
                "BAPPS",
            ])
    }

    /// The fields the first blind split showed missing: reinforcement learning, recommenders,
    /// graph networks, faces, audio and time series.
    @Test func theCataloguesKnowOtherFieldsNames() {
        let models = Array(
            "A2C, DDPG, TD3, TRPO, QRDQN; DeepFM, WDL, xDeepFM, NeuMF; GCNConv, GATConv, SAGEConv, GINConv; FaceNet, ArcFace, MTCNN, RetinaFace; Tacotron2, HiFiGAN; NBeats, TemporalFusionTransformer, DeepAR, PatchTST"
                .utf8)
        #expect(
            NameCatalogue.modelFamilies.find(in: models).map(\.name) == [
                "A2C", "DDPG", "TD3", "TRPO", "QR-DQN", "DeepFM", "Wide & Deep", "xDeepFM", "NCF", "GCN", "GAT",
                "GraphSAGE", "GIN", "FaceNet", "ArcFace", "MTCNN", "RetinaFace", "Tacotron2", "HiFi-GAN", "N-BEATS",
                "TFT", "DeepAR", "PatchTST",
            ])
        let data = Array(
            "procgen, pybullet, LunarLander, MiniGrid, d4rl; avazu; Cora, CiteSeer, PubMed, 'ogbn-arxiv', QM9; MS1MV2, CASIA-WebFace; ETTh1, UCR; CamVid"
                .utf8)
        #expect(
            NameCatalogue.datasets.find(in: data).map(\.name) == [
                "Procgen", "PyBullet", "Box2D", "MiniGrid", "D4RL", "Avazu", "Cora", "CiteSeer", "PubMed", "OGB", "QM9",
                "MS-Celeb-1M", "CASIA-WebFace", "ETT", "UCR", "CamVid",
            ])
    }

    /// Short capitals name an acronym only where it ends: `GATE`, `GATHER` and `GRAD_CLIPPING`
    /// are not GAT or CLIP, while `GATConv`, `DQNAgent` and `SAC_CONFIG` still are.
    @Test func anAcronymDoesNotRunOnIntoACapitalisedWord() {
        let catalogue = NameCatalogue.modelFamilies
        #expect(catalogue.find(in: Array("GATE = 1; GATHER_ALL; GRAD_CLIPPING = 0.5; TCNN".utf8)).isEmpty)
        #expect(
            catalogue.find(in: Array("GATConv DQNAgent SAC_CONFIG GATv2Conv".utf8)).map(\.name) == [
                "GAT", "DQN", "SAC",
            ])
        // Lower-case spellings still need an identifier boundary: `gather`, `isac` are nothing.
        #expect(catalogue.find(in: Array("x.gather(dim); isacyclic; her_buffer".utf8)).isEmpty)
    }

    /// A version written in capitals continues an acronym (`YOLOV3`, `DQNV2`); `V` and a letter
    /// do not (`GATVALUE`, `SACV`).
    @Test func anAcronymTakesAVersionInCapitals() {
        let catalogue = NameCatalogue.modelFamilies
        #expect(catalogue.find(in: Array("class YOLOV3(nn.Module); DQNV2".utf8)).map(\.name) == ["YOLO", "DQN"])
        #expect(catalogue.find(in: Array("GATVALUE = 1; SACV = 2; GATV_".utf8)).isEmpty)
        #expect(catalogue.defined(byName: "YOLOV3") == ["YOLO"])
    }

    /// Datasets and families that share a stem are apart: the Flickr graph is not the Flickr30k
    /// captions, Tacotron 2 is not Tacotron; NYU Depth V2 and the Waymo Open Dataset by their names.
    @Test func namesThatShareAStemAreApart() {
        let data = Array("Flickr(root); Flickr30k; flickr8k; NYUv2; waymo".utf8)
        #expect(
            NameCatalogue.datasets.find(in: data).map(\.name) == [
                "Flickr", "Flickr30k", "Flickr8k", "NYU Depth V2", "Waymo Open Dataset",
            ])
        #expect(NameCatalogue.datasets.find(in: Array("flickr30k_entities".utf8)).map(\.name) == ["Flickr30k"])
        let models = Array("class Tacotron(nn.Module); class Tacotron2(nn.Module); Tacotron 2".utf8)
        #expect(NameCatalogue.modelFamilies.find(in: models).map(\.name) == ["Tacotron", "Tacotron2"])
        #expect(NameCatalogue.modelFamilies.defined(byName: "Tacotron2") == ["Tacotron2"])
    }

    /// A block or a feature extractor named after a family uses it: `InceptionModule`,
    /// `XceptionModule`, `DINOv2FeatureExtractor`, `compute_iqn_feature` define nothing, while
    /// `ResNetFeatures`, `TransformerWrapper` and `VGGEncoder` still define theirs.
    @Test func aBlockOrAFeatureExtractorIsAUse() {
        let models = NameCatalogue.modelFamilies
        for name in ["InceptionModule", "XceptionModule", "DINOv2FeatureExtractor", "InceptionV3FeatureExtractor"] {
            #expect(models.defined(byName: name).isEmpty, "\(name)")
        }
        #expect(models.defined(byName: "compute_iqn_feature").isEmpty)
        #expect(models.defined(byName: "ResNetFeatures") == ["ResNet"])
        #expect(models.defined(byName: "TransformerWrapper") == ["Transformer"])
        #expect(models.defined(byName: "VGGEncoder") == ["VGG"])
    }

    /// iTransformer recurs among the spent splits' misses (three forecasting libraries): its own
    /// family, not a Transformer used in camel case, while a word glued before Transformer in
    /// other names (`MultiTransformer`) still leaves the Transformer.
    @Test func iTransformerIsItsOwnFamily() {
        let models = NameCatalogue.modelFamilies
        #expect(models.find(in: Array("from .itransformer import iTransformer".utf8)).map(\.name) == ["iTransformer"])
        #expect(models.defined(byName: "iTransformer") == ["iTransformer"])
        #expect(models.find(in: Array("class MultiTransformer; TransformerBlock".utf8)).map(\.name) == ["Transformer"])
        #expect(models.defined(byName: "MultiTransformer").isEmpty)
    }

    /// A graph library loads images and meshes as graphs: MNIST superpixels and ModelNet do
    /// not make it a vision project.
    @Test func aGraphLibrarysDatasetsDoNotGiveItADomain() {
        let attributes = ProjectInference.attributes(
            features: [("gnn/layers.py", FileFeature(.framework, "tensorflow", line: 1))],
            mentions: [
                ("gnn/layers/gcn_conv.py", FileMention(.model, "GCN", line: 3, detail: "class GCNConv")),
                ("gnn/layers/gat_conv.py", FileMention(.model, "GAT", line: 3, detail: "class GATConv")),
                ("gnn/datasets/mnist.py", FileMention(.dataset, "MNIST", line: 2, detail: "MNIST")),
                ("gnn/datasets/modelnet40.py", FileMention(.dataset, "ModelNet", line: 2, detail: "ModelNet40")),
                ("gnn/datasets/citation.py", FileMention(.dataset, "Cora", line: 2, detail: "cora")),
                ("examples/node_classification.py", FileMention(.dataset, "Cora", line: 9, detail: "Cora")),
            ],
            readme: nil, readmePath: nil)
        #expect(values(.model, attributes) == ["GCN", "GAT"])
        #expect(values(.dataset, attributes).isSuperset(of: ["MNIST", "ModelNet", "Cora"]))
        #expect(values(.domain, attributes).isEmpty)
    }

    @Test func timeSeriesForecastingIsADomainAndATask() {
        let readme = """
            # Forecastkit

            Forecastkit offers neural forecasting models for time series, from RNNs to transformers.
            """
        let attributes = ProjectInference.attributes(
            features: [("fk/models/nbeats.py", FileFeature(.framework, "pytorch", line: 1))],
            mentions: [("fk/models/nbeats.py", FileMention(.model, "N-BEATS", line: 5, detail: "class NBEATS"))],
            readme: readme, readmePath: "README.md")
        #expect(values(.domain, attributes) == ["time-series"])
        #expect(values(.task, attributes) == ["forecasting"])
        #expect(values(.model, attributes) == ["N-BEATS"])
    }

    /// Reinforcement-learning algorithms and environments, recommenders and faces bring their
    /// domain and task as the earlier families do.
    @Test func newFamiliesBringTheirDomainAndTask() {
        func conclude(_ families: String...) -> ([String], [String]) {
            let attributes = ProjectInference.attributes(
                features: [("pkg/model.py", FileFeature(.framework, "pytorch", line: 1))],
                mentions: families.enumerated().map { index, family in
                    ("pkg/model.py", FileMention(.model, family, line: index + 3, detail: "class \(family)"))
                },
                readme: nil, readmePath: nil)
            return (values(.domain, attributes).sorted(), values(.task, attributes).sorted())
        }
        // Two families make 4 points, over the bar of 3 that one family's 2 do not reach.
        #expect(conclude("TD3", "DDPG") == (["rl"], ["control"]))
        #expect(conclude("DeepFM", "xDeepFM") == (["tabular"], ["recommendation"]))
        #expect(conclude("RetinaFace", "MTCNN") == (["vision"], ["detection"]))
        #expect(conclude("ArcFace", "FaceNet") == (["vision"], ["representation-learning"]))
        #expect(conclude("DeepAR", "N-BEATS") == (["time-series"], ["forecasting"]))
        let ctr = ProjectInference.attributes(
            features: [("ctr/model.py", FileFeature(.framework, "tensorflow", line: 1))], mentions: [],
            readme: "# CTRkit\n\nEasy-to-use and modular deep models for CTR prediction in advertising.\n",
            readmePath: "README.md")
        #expect(values(.task, ctr) == ["recommendation"])
        let faces = ProjectInference.attributes(
            features: [("faces/model.py", FileFeature(.framework, "keras", line: 1))], mentions: [],
            readme: "# Facekit\n\nA lightweight face recognition and face verification library for Python apps.\n",
            readmePath: "README.md")
        #expect(values(.task, faces) == ["representation-learning"])
    }

    /// A dataset loader the code defines (`class CocoDataset`, `def load_mnist`) is the project's
    /// even when one file names it; a dataset a name only uses (`imagenet_normalize`) or a
    /// constant names is not.
    @Test func aDatasetLoaderTheCodeDefinesIsTheProjects() {
        let source = """
            IMAGENET_MEAN = (0.485, 0.456, 0.406)

            def imagenet_normalize(x):
                return x

            class ElectricityDataset:
                pass

            def load_mnist(path):
                return path
            """
        let found = FileAnalyzer.definitions(in: source, NameCatalogue.datasets)
        #expect(found.map(\.family) == ["Electricity", "MNIST"])
        #expect(found.map(\.declaration) == ["class ElectricityDataset", "def load_mnist"])
        let attributes = ProjectInference.attributes(
            features: [("ts/datasets.py", FileFeature(.framework, "pytorch", line: 1))],
            mentions: [
                ("ts/datasets.py", FileMention(.dataset, "Electricity", line: 6, detail: "class ElectricityDataset")),
                // A normalisation constant, once: a passing mention.
                ("ts/transforms.py", FileMention(.dataset, "ImageNet", line: 1, detail: "IMAGENET")),
            ],
            readme: nil, readmePath: nil)
        #expect(values(.dataset, attributes) == ["Electricity"])
    }

    /// A data module or configuration file named after a dataset says the project loads it:
    /// in a data directory or with a name that says data, whatever the case; elsewhere not.
    @Test func aDataFileNamedAfterADatasetIsTheProjects() {
        #expect(ProjectInference.datasetsNamedByDataFile("pkg/cfg/datasets/coco.yaml") == ["COCO"])
        #expect(ProjectInference.datasetsNamedByDataFile("pkg/cfg/datasets/VOC.yaml") == ["Pascal VOC"])
        #expect(ProjectInference.datasetsNamedByDataFile("pkg/cfg/datasets/open-images-v7.yaml") == ["Open Images"])
        #expect(ProjectInference.datasetsNamedByDataFile("pkg/datasets/lvis.py") == ["LVIS"])
        #expect(ProjectInference.datasetsNamedByDataFile("configs/_base_/datasets/coco_detection.py") == ["COCO"])
        #expect(ProjectInference.datasetsNamedByDataFile("pkg/cityscapes_loader.py") == ["Cityscapes"])
        // Not in a data directory, and not saying data: a helper or a model's configuration.
        #expect(ProjectInference.datasetsNamedByDataFile("pkg/utils/coco.py").isEmpty)
        #expect(ProjectInference.datasetsNamedByDataFile("pkg/cfg/models/coco.yaml").isEmpty)
        // In a data directory but not starting with a dataset's name.
        #expect(ProjectInference.datasetsNamedByDataFile("pkg/data/vocab.json").isEmpty)
        #expect(ProjectInference.datasetsNamedByDataFile("pkg/data/convert_coco.py").isEmpty)
        #expect(ProjectInference.datasetsNamedByDataFile("pkg/data/README.md").isEmpty)
        let attributes = ProjectInference.attributes(
            features: [("det/train.py", FileFeature(.framework, "pytorch", line: 1))], mentions: [],
            readme: nil, readmePath: nil,
            dataFiles: ["det/cfg/datasets/lvis.yaml", "det/cfg/default.yaml", "tests/data/mnist.json"])
        #expect(values(.dataset, attributes) == ["LVIS"])
        #expect(values(.task, attributes) == [])
    }

    /// Whole fields' names: language models, image and audio generators, detectors, speech,
    /// forecasting and their data.
    @Test func theCataloguesKnowWholeFieldsNames() {
        let models = Array(
            "Qwen2, Gemma, Mixtral, StableDiffusionPipeline, ControlNetModel, YOLOX, RTMDet, ECAPA_TDNN, AutoARIMA, NeuralProphet, vit_small, swin_tiny"
                .utf8)
        #expect(
            NameCatalogue.modelFamilies.find(in: models).map(\.name) == [
                "Qwen", "Gemma", "Mixtral", "Stable Diffusion", "ControlNet", "YOLOX", "RTMDet", "ECAPA-TDNN", "ARIMA",
                "NeuralProphet", "ViT", "Swin",
            ])
        let data = Array("LVIS, Objects365, m4_hourly, nn5_daily, LibriSpeech, VoxConverse, AudioCaps, SlimPajama".utf8)
        #expect(
            NameCatalogue.datasets.find(in: data).map(\.name) == [
                "LVIS", "Objects365", "M4", "NN5", "LibriSpeech", "VoxConverse", "AudioCaps", "SlimPajama",
            ])
        // A pyramid level, a capitalised word and a prose word are not names.
        #expect(NameCatalogue.datasets.find(in: Array("C4 = self.layer3(C3); VOCAB_SIZE; in flux".utf8)).isEmpty)
        #expect(NameCatalogue.modelFamilies.find(in: Array("in flux; alpha, phi = angles".utf8)).isEmpty)
    }

    /// A README table's header names the benchmark's datasets and its first column the zoo's
    /// models (kept when the code names them too); its other cells are results, not attributes.
    @Test func aReadmeTablesKeysNameDatasetsAndModels() {
        let readme = """
            # A toolbox

            Some words about it.

            ## Results

            | Model | COCO box AP | LVIS AP | Notes |
            |:---|:---:|---:|---|
            | YOLOX-s | 40.5 | 25.1 | trained on [Objects365](https://example.org/o365) first |
            | ATSS | 39.4 | - | cited from the ATSS paper |

            ```
            | Mixtral | not a table |
            ```
            """
        #expect(
            ProjectInference.tableKeys(of: readme).split(separator: "\n") == [
                "Model", "COCO box AP", "LVIS AP", "Notes", "YOLOX-s", "ATSS",
            ])
        let attributes = ProjectInference.attributes(
            features: [("det/yolox.py", FileFeature(.framework, "pytorch", line: 1))],
            mentions: [("det/head.py", FileMention(.model, "YOLOX", line: 3, detail: "YOLOX"))],
            readme: readme, readmePath: "README.md")
        #expect(values(.dataset, attributes) == ["COCO", "LVIS"])
        // ATSS is only cited in the table: the code does not name it.
        #expect(values(.model, attributes) == ["YOLOX"])
    }

    /// A README's list under a label saying supported models or datasets (a heading, an HTML
    /// summary, a bold line) names them item by item, cut before a parenthesis or a colon; a
    /// list under news or a tutorial, and what an item's description cites, name nothing.
    @Test func aReadmesListOfSupportedModelsAndDatasetsNamesThem() {
        let readme = """
            # A segmentation toolbox

            Some words about it.

            ## What's New

            - Support for SETR and the Potsdam dataset

            <details open>
            <summary>Supported methods:</summary>

            - [x] [PSPNet (CVPR'2017)](configs/pspnet)
            - [x] [UPerNet (ECCV'2018)](configs/upernet)
            - **OCRNet**: faster than BiSeNet
              - PSPNet-SETR hybrid weights
            - Quantile Regression DQN
            - MambaOut - a gated CNN

            </details>

            **Supported datasets**

            - [x] [Pascal Context](https://example.org/docs/pascal_context.md)
            - LoveDA (remote sensing)

            ## Tutorial

            - Train on Vaihingen with DeepLab
            """
        #expect(
            ProjectInference.listKeys(of: readme).split(separator: "\n") == [
                "PSPNet", "UPerNet", "OCRNet**", "Quantile Regression DQN", "MambaOut", "Pascal Context]", "LoveDA",
            ])
        let attributes = ProjectInference.attributes(
            features: [("seg/models/psp_head.py", FileFeature(.framework, "pytorch", line: 1))],
            mentions: [
                ("seg/models/heads.py", FileMention(.model, "PSPNet", line: 3, detail: "PSPNet")),
                ("seg/models/heads.py", FileMention(.model, "BiSeNet", line: 9, detail: "BiSeNet")),
                ("seg/models/heads.py", FileMention(.model, "SETR", line: 12, detail: "SETR")),
                ("seg/rl/agent.py", FileMention(.model, "DQN", line: 2, detail: "DQN")),
                ("seg/models/ssm.py", FileMention(.model, "Mamba", line: 1, detail: "mamba_ssm")),
            ],
            readme: readme, readmePath: "README.md")
        #expect(values(.dataset, attributes) == ["Pascal Context", "LoveDA"])
        // UPerNet and OCRNet are listed but the code does not name them; BiSeNet and SETR are
        // named in the code but only in passing in the README (a description, the news, a
        // nested item); DQN is not the item's name but a word of it, Mamba the start of another.
        #expect(values(.model, attributes) == ["PSPNet"])
    }

    /// Knowledge-graph and segmentation benchmarks and their models are catalogue names;
    /// ordinary words that some of them are (`Complex`, `drive`, `Tucker`) are not.
    @Test func theCataloguesKnowGraphSegmentationAndImputationNames() {
        let data = Array("FB15k237, WN18RR, YAGO3-10, Kinships, pascal_context, ChaseDB1, LoveDA".utf8)
        #expect(
            NameCatalogue.datasets.find(in: data).map(\.name) == [
                "FB15k-237", "WN18RR", "YAGO3-10", "Kinships", "Pascal Context", "CHASE_DB1", "LoveDA",
            ])
        let models = Array("class TransE; DistMult; RotatE; UPerNet; SAITS; ts2vec".utf8)
        #expect(
            NameCatalogue.modelFamilies.find(in: models).map(\.name) == [
                "TransE", "DistMult", "RotatE", "UPerNet", "SAITS", "TS2Vec",
            ])
        // A README's "Vision Transformer" is ViT, not the Transformer building block.
        #expect(
            NameCatalogue.modelFamilies.find(in: Array("Vision Transformer, Swin Transformer".utf8)).map(\.name) == [
                "ViT", "Swin",
            ])
        #expect(NameCatalogue.datasets.find(in: Array("we drive a car; Drive".utf8)).isEmpty)
        #expect(
            NameCatalogue.modelFamilies.find(in: Array("a Complex number, a Tucker decomposition".utf8)).isEmpty)
    }

    /// A registry whose name says datasets lists the datasets the project supports, and a
    /// constant named after a dataset whose value is an archive is its download address; a
    /// dataset named in another list, a normalisation constant or a model's weights is not.
    @Test func aDatasetRegistryOrDownloadTableDefinesItsDatasets() {
        let source = """
            IMAGENET_MEAN = (0.485, 0.456, 0.406)
            CIFAR10_WEIGHTS = "https://example.org/resnet_cifar10.tar.gz"
            SPLITS = ["mnist_train", "svhn"]

            DATASET_TO_METRIC = {
                "ag_news": "accuracy",
                "yelp_polarity": "accuracy",
                "data/celeba/train": "fid",
            }

            class URLs:
                IMAGENETTE = f"{S3}imagenette2.tgz"
                LSUN_BEDROOMS = "https://example.org/lsun/bedroom.zip"
                STL10_PAGE = "https://example.org/stl10.html"
            """
        let found = FileAnalyzer.registeredDatasets(in: source)
        #expect(found.map(\.family) == ["AG News", "Yelp", "Imagenette", "LSUN"])
        #expect(
            found.map(\.declaration) == [
                "registry DATASET_TO_METRIC", "registry DATASET_TO_METRIC", "address IMAGENETTE",
                "address LSUN_BEDROOMS",
            ])
        #expect(found.map(\.line) == [6, 7, 12, 13])
        // Named once, by the registry: the project's; named once in passing: not.
        let attributes = ProjectInference.attributes(
            features: [("pkg/utils.py", FileFeature(.framework, "pytorch", line: 1))],
            mentions: [
                ("pkg/utils.py", FileMention(.dataset, "AG News", line: 6, detail: "registry DATASET_TO_METRIC")),
                ("pkg/utils.py", FileMention(.dataset, "ImageNet", line: 1, detail: "IMAGENET")),
            ],
            readme: nil, readmePath: nil)
        #expect(values(.dataset, attributes) == ["AG News"])
    }

    /// A toolkit's packages name its tasks, however many: each is kept even when another has
    /// far more points, and none of them outweighs the others.
    @Test func aPackageNamedAfterATaskIsTheProjectsTask() {
        let paths = [
            "kit/__init__.py", "kit/text/qa/core.py", "kit/text/ner/model.py", "kit/text/classifier_utils.py",
            "kit/vision/object_detection/predictor.py", "kit/anomaly_detection/saits.py",
            "kit/inference/separation.py", "kit/inference/interfaces.py",
            // Not tasks: a metric's, a loss's, a test's, a vendored or configuration directory, a
            // module outside a directory of entry points, an unqualified `modeling`.
            "kit/metrics/segmentation/miou.py", "kit/losses/regression.py", "tests/translation/test_mt.py",
            "kit/third_party/asr/decoder.py", "kit/layers/classifier.py", "kit/models/modeling/base.py",
            "kit/representation/bins.py", "config/model/lm/default.yaml",
        ]
        let found = ProjectInference.tasksNamedByLayout(paths)
        #expect(
            found == [
                "question-answering": "kit/text/qa/", "sequence-labelling": "kit/text/ner/",
                "detection": "kit/anomaly_detection/", "source-separation": "kit/inference/separation.py",
            ])
        #expect(ProjectInference.layoutTask("language_modeling") == "language-modelling")
        #expect(ProjectInference.layoutTask("speech_separation") == "source-separation")
        #expect(ProjectInference.layoutTask("ASR") == "speech-recognition")
        #expect(ProjectInference.layoutTask("causal_modeling") == nil)
        #expect(ProjectInference.layoutTask("lemma_lm") == nil)
        // Tagging is sequence labelling in text and classification in audio: neither.
        #expect(ProjectInference.layoutTask("tagging") == nil)

        let attributes = ProjectInference.attributes(
            features: [
                ("kit/text/qa/core.py", FileFeature(.framework, "pytorch", line: 1)),
                ("kit/text/qa/core.py", FileFeature(.loss, "CrossEntropyLoss", line: 9)),
            ],
            mentions: [],
            readme: "# Kit\n\nKit makes classification easy for text classification and image classification.\n",
            readmePath: "README.md", dataFiles: paths)
        // Classification from the introduction; the packages add their own tasks, and the
        // configuration directory and the tests add none.
        #expect(
            values(.task, attributes) == [
                "classification", "question-answering", "sequence-labelling", "detection", "source-separation",
            ])
        let qa = attributes.first { $0.kind == .task && $0.value == "question-answering" }
        #expect(qa?.evidence == "a package is named after it (kit/text/qa/)")
    }

    /// A metric library's packages name what it measures: they are not its tasks.
    @Test func aMetricLibrarysTaskPackagesAreNotItsTasks() {
        let attributes = ProjectInference.attributes(
            features: [("metrix/classification/accuracy.py", FileFeature(.framework, "pytorch", line: 1))],
            mentions: [],
            readme: "# Metrix\n\nMetrix is a collection of evaluation metrics for PyTorch models and more.\n",
            readmePath: "README.md",
            dataFiles: ["metrix/classification/accuracy.py", "metrix/detection/map.py", "metrix/image/ssim.py"])
        #expect(values(.task, attributes) == ["metric"])
        // Its modality packages still say what it measures.
        #expect(values(.domain, attributes) == ["vision"])
    }

    /// The top package, or a package directly in it, named after a modality: a domain of a
    /// multi-domain library; deeper directories are parts of something else.
    @Test func aTopLevelPackageNamedAfterAModalityIsADomain() {
        let paths = [
            "fastlib/__init__.py", "fastlib/text/learner.py", "fastlib/tabular/model.py",
            "src/graphlib/nn/vision/encoder.py", "src/graphlib/nn/text/encoder.py", "examples/audio/demo.py",
            "tests/image/test_io.py",
        ]
        #expect(
            ProjectInference.domainsNamedByLayout(paths) == ["nlp": "fastlib/text/", "tabular": "fastlib/tabular/"])
        #expect(
            ProjectInference.domainsNamedByLayout(["src/pyannote/audio/core.py"]) == ["audio": "src/pyannote/audio/"])
        let attributes = ProjectInference.attributes(
            features: [("fastlib/vision/learner.py", FileFeature(.framework, "pytorch", line: 1))],
            mentions: [
                ("fastlib/vision/learner.py", FileMention(.model, "ResNet", line: 4, detail: "class ResNet")),
                ("fastlib/vision/learner.py", FileMention(.model, "U-Net", line: 9, detail: "class DynamicUnet")),
                ("fastlib/vision/data.py", FileMention(.dataset, "ImageNet", line: 2, detail: "class ImageNetDataset")),
            ],
            readme: nil, readmePath: nil, dataFiles: paths + ["fastlib/vision/learner.py"])
        #expect(values(.domain, attributes) == ["vision", "nlp", "tabular"])
    }

    /// A classifier zoo's README reports top-1 and top-5 accuracy: classification, with its
    /// ImageNet weights; a recommender's top-10 lists are not.
    @Test func topOneAccuracyMeansClassification() {
        let zoo = ProjectInference.attributes(
            features: [("zoo/resnet.py", FileFeature(.framework, "keras", line: 1))],
            mentions: [
                ("zoo/imagenet_utils.py", FileMention(.dataset, "ImageNet", line: 3, detail: "def load_imagenet"))
            ],
            readme: """
                # Zoo

                Reference implementations of popular deep learning models for Keras users.

                ## Performance

                | Model | Top-1 | Top-5 |
                | --- | --- | --- |
                | ResNet50 | 0.749 | 0.921 |

                Top-1 error is single-crop.
                """,
            readmePath: "README.md")
        #expect(values(.task, zoo) == ["classification"])
        let recommender = ProjectInference.attributes(
            features: [("rec/model.py", FileFeature(.framework, "pytorch", line: 1))], mentions: [],
            readme: "# Rec\n\nWe report top-10 hits, top-10 NDCG and top-50 recall.\n\n| k | top-10 |\n",
            readmePath: "README.md")
        #expect(values(.task, recommender).isEmpty)
    }

    /// A text-conditioned generator takes text: `nlp` beside its output's modality, however
    /// much more evidence that one has. A README that only reads text in images does not say so.
    @Test func aTextToImageGeneratorTakesText() {
        let features: [(path: String, feature: FileFeature)] = [
            ("gen/unet.py", FileFeature(.framework, "pytorch", line: 1)),
            ("gen/unet.py", FileFeature(.framework, "torchvision", line: 2)),
            ("gen/unet.py", FileFeature(.layer, "Conv2d", line: 9)),
        ]
        let mentions: [(path: String, mention: FileMention)] = [
            ("gen/unet.py", FileMention(.model, "U-Net", line: 12, detail: "class Unet")),
            ("gen/data.py", FileMention(.dataset, "FFHQ", line: 3, detail: "class FFHQDataset")),
        ]
        let generator = ProjectInference.attributes(
            features: features, mentions: mentions,
            readme: "# Gen\n\nAn implementation of a text-to-image diffusion network that makes images.\n",
            readmePath: "README.md")
        #expect(values(.domain, generator) == ["vision", "nlp"])
        let reader = ProjectInference.attributes(
            features: features, mentions: mentions,
            readme: "# Reader\n\nA network that finds text in images and reads the text in each image.\n",
            readmePath: "README.md")
        #expect(values(.domain, reader) == ["vision"])
    }
}
