import LintCore
import Testing

/// `Thresholds.set(key:value:)`, the one way every reader sets a threshold by key.
@Suite struct ThresholdsTests {
    @Test func setsAValidValue() {
        var thresholds = Thresholds()
        #expect(thresholds.set(key: "max-dropout-rate", value: 0.7) == nil)
        #expect(thresholds.maxDropoutRate == 0.7)
        #expect(thresholds.set(key: "input-min", value: -255) == nil)
        #expect(thresholds.inputMin == -255)
    }

    @Test func rejectsUnknownKeysWithAHint() {
        var thresholds = Thresholds()
        let snake = thresholds.set(key: "max_dropout_rate", value: 0.7)
        #expect(snake?.kind == .unknownKey && snake?.message == "did you mean `max-dropout-rate`?")
        #expect(thresholds.set(key: "deadUnitFraction", value: 0.7)?.message == "did you mean `dead-unit-fraction`?")
        #expect(
            thresholds.set(key: "max-dropout", value: 0.7)?.message == "`umlaut rule CODE` lists each rule's thresholds"
        )
        #expect(thresholds == Thresholds())
    }

    @Test func rejectsValuesOutOfRangeAndKeepsTheOldOne() {
        var thresholds = Thresholds()
        let cases: [(String, Double, String)] = [
            ("max-dropout-rate", 1.5, "must be between 0 and 1, not 1.5"),
            ("dead-unit-fraction", -0.1, "must be between 0 and 1, not -0.1"),
            ("max-learning-rate", 0, "must be greater than 0, not 0.0"),
            ("overfitting-patience", -1, "must not be negative, not -1.0"),
            ("input-max", .infinity, "must be a finite number"),
            ("min-learning-rate", .nan, "must be a finite number"),
        ]
        for (key, value, message) in cases {
            let problem = thresholds.set(key: key, value: value)
            #expect(
                problem?.kind == .invalidValue && problem?.message == message,
                "\(key) = \(value): \(String(describing: problem))")
        }
        #expect(thresholds == Thresholds())
    }

    /// Each threshold says which rules read it, as data, and has a distinct key and property.
    @Test func everyKeyNamesItsRulesAndIsUnique() {
        let keys = Thresholds.keys
        #expect(Set(keys.map(\.key)).count == keys.count)
        #expect(Set(keys.map(\.path)).count == keys.count)
        for key in keys {
            #expect(!key.codes.isEmpty && !key.meaning.isEmpty, "\(key.key)")
            var thresholds = Thresholds()
            #expect(
                thresholds.set(key: key.key, value: Thresholds()[keyPath: key.path]) == nil,
                "\(key.key)'s default is out of its own range")
        }
        #expect(Thresholds.keys(usedBy: "UM509").map(\.key) == ["dead-unit-fraction"])
    }
}
