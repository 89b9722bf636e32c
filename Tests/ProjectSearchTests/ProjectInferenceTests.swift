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
}
