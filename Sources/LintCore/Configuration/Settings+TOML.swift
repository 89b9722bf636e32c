import TOMLKit

extension Configuration {
    /// Reads the `[tool.umlaut]` table of a `pyproject.toml` text.
    ///
    /// Returns nil when the file has no `[tool.umlaut]` table (such a file does not configure
    /// Umlaut, and discovery goes on upwards, as ruff does). The table is read by `SettingsSchema`,
    /// as the editor's settings are: unknown keys, values of the wrong type and unknown rule codes
    /// are reported in `warnings` and otherwise ignored; a text that is not valid TOML throws, with
    /// the line of the error.
    ///
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - file: its path, for messages.
    ///   - root: the directory relative to which its globs are read.
    ///   - knownCodes: every rule code, to warn about selectors that match none.
    ///   - topLevel: read the keys at the top of the file (an `umlaut.toml` given to `--config`).
    package static func parse(
        toml text: String, file: String, root: String, knownCodes: some Collection<RuleCode>,
        warnings: inout [ConfigurationWarning], topLevel: Bool = false
    ) throws(ConfigurationError) -> Configuration? {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigurationError(
                file: file, message: "invalid TOML: \(error.description)",
                line: error.source.begin.line, column: error.source.begin.column)
        } catch {
            throw ConfigurationError(file: file, message: "invalid TOML: \(error)")
        }
        let known = Set(knownCodes)
        let base = Configuration(root: root, file: file)
        func read(_ value: TOMLSettingsValue, prefix: String) -> Configuration {
            let (layer, _, problems) = SettingsSchema.read(value, prefix: prefix, knownCodes: known)
            warnings += problems.map { ConfigurationWarning(file: file, message: $0) }
            return layer.applied(to: base)
        }
        if topLevel { return read(TOMLSettingsValue(table), prefix: "") }
        guard let tool = table["tool"]?.table, let umlaut = tool["umlaut"] else { return nil }
        return read(TOMLSettingsValue(umlaut), prefix: "tool.umlaut.")
    }
}

/// A TOML value as the settings schema reads it.
private struct TOMLSettingsValue: SettingsValue {
    let value: any TOMLValueConvertible

    init(_ value: any TOMLValueConvertible) {
        self.value = value
    }

    var shape: SettingsValueShape<TOMLSettingsValue> {
        if let string = value.string { return .string(string) }
        if let bool = value.bool { return .boolean(bool) }
        if let int = value.int { return .integer(int) }
        if let double = value.double { return .number(double) }
        if let table = value.table {
            return .table(Dictionary(uniqueKeysWithValues: table.keys.map { ($0, TOMLSettingsValue(table[$0]!)) }))
        }
        if let array = value.array { return .array(array.map(TOMLSettingsValue.init)) }
        return .dateOrTime
    }
}
