import PythonSyntax

/// See `ScriptAnalyzer` for where this pass runs. Not yet written.
enum DataExtraction {
    static func run(_ context: AnalysisContext, into model: inout ScriptModel) {}
}
