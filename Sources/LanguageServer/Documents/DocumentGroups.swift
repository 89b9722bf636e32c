import Foundation
import PythonSyntax
import TrainingModel

/// A document's `DecomposedAnalyzer`, shared by its analysis jobs and the preparation of its
/// groups, which run on different threads: whoever holds the analyzer has it alone, and whoever
/// finds it taken does without it.
///
/// The groups are prepared (`DecomposedAnalyzer.prepare`: about 50 ms on a 2,000-line script)
/// after a document's first diagnostics, and after an edit that left most groups to it, in a
/// task of their own. An edit that comes meanwhile does not wait for that task, nor cancel it:
/// its analysis is the full one, beside the preparation, and the edits after the preparation
/// find the groups done. (It used to cancel the preparation, take the full analysis and let the
/// preparation go on after its diagnostics; with edits coming one after another, the
/// preparation got only the gaps between them, and the first ten or so edits after opening
/// took the full analysis, 20-46 ms each on `bench/lsp.sh`'s script.)
package final class DocumentGroups: @unchecked Sendable {
    private let lock = NSLock()
    /// Read and changed only by whoever holds `lock`.
    private let analyzer = DecomposedAnalyzer()
    private let preparationLock = NSLock()
    /// The running preparation, if any; under `preparationLock`.
    private var preparation: Task<Void, Never>?

    package init() {}

    /// Runs `body` with the analyzer when no one else holds it; nil when someone does.
    package func withAnalyzerIfFree<Result>(_ body: (DecomposedAnalyzer) -> Result) -> Result? {
        guard lock.try() else { return nil }
        defer { lock.unlock() }
        return body(analyzer)
    }

    /// The model of `tree` from the groups when they are prepared, free, and the decomposition
    /// does not decline (`DecomposedAnalyzer.analyze`); nil otherwise, and the caller runs the
    /// full analysis.
    package func analyze(_ tree: SyntaxTree) -> ScriptModel? {
        withAnalyzerIfFree { analyzer in
            analyzer.isPrepared ? analyzer.analyze(tree, leavingNewGroupsToPrepare: true) : nil
        } ?? nil
    }

    /// Starts preparing the groups of `tree` in a task of their own when they need it (the
    /// document's first analysis, or one that left most groups to it), unless the analyzer is
    /// taken: a preparation runs already, and the edits after it analyse what it did not.
    package func prepare(_ tree: SyntaxTree) {
        guard withAnalyzerIfFree(\.needsPreparation) == true else { return }
        // The task owns the tree from here (the caller's job is done with it).
        nonisolated(unsafe) let tree = tree
        preparationLock.withLock {
            if preparation != nil { return }
            preparation = Task.detached(executorPreference: AnalysisExecutor.shared) { [self] in
                _ = withAnalyzerIfFree { analyzer in
                    if analyzer.needsPreparation { analyzer.prepare(tree) }
                }
                preparationLock.withLock { preparation = nil }
            }
        }
    }

    /// Stops the running preparation, if any (the document closed); it keeps the groups done so
    /// far.
    package func cancelPreparation() {
        preparationLock.withLock { preparation?.cancel() }
    }

    /// Waits for the running preparation, if any (for tests).
    package func preparationFinished() async {
        let running = preparationLock.withLock { preparation }
        await running?.value
    }
}
