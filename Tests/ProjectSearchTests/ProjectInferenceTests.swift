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
                ("pkg/model.py", FileMention(.model, "EfficientNet", line: 3, detail: "EfficientNet")),
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
}
