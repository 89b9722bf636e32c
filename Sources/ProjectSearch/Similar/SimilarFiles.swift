import Foundation
import Store
import Workspace

/// "Files like this one": the indexed files nearest to a file by the cosine distance of their
/// `FileEmbedding` vectors. The file's own vector is the stored one when the file is in the
/// index unchanged; else (a file outside the index, or changed since) its current text is
/// projected with the stored model.
package enum SimilarFiles {
    package struct Result: Sendable {
        /// Nearest first; the file itself is never among them.
        package var hits: [SearchHit]
        /// Whether the file's vector was the stored one (else projected from its current text).
        package var usedStoredVector: Bool
        /// Indexed files without a vector (indexing was interrupted): not compared.
        package var filesWithoutVector: Int
    }

    /// The `limit` indexed files nearest to the file at `path` (absolute), only among `among`
    /// (project root and path pairs) when given. `text` is the file's current Python text when
    /// the caller holds it (an editor's unsaved buffer); else the file is read.
    package static func like(
        path: String, text: [UInt8]? = nil, in database: ProjectIndexDatabase, limit: Int,
        among: Set<FileKey>? = nil
    ) throws(SimilarFilesError) -> Result {
        do {
            guard let model = try database.embeddingModel(name: FileEmbedding.modelName) else {
                throw SimilarFilesError(
                    message:
                        "the index at \(database.path) has no file vectors: run `umlaut index` again to compute them"
                )
            }
            // The index keeps a project's root as the indexer resolved it (symbolic links too).
            let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            let place = try database.place(absolutePath: path) ?? database.place(absolutePath: resolved)
            let embeddings = try database.embeddings(model: FileEmbedding.modelName)
            let current =
                try text.map { FileTerms.count(String(decoding: $0, as: UTF8.self)) } ?? FileTerms.read(path: path)
            let bytes: [UInt8]? = text ?? (try? FileSystem.read(path).get())
            var vector: [Float]?
            if let place, let id = place.file.id, let stored = embeddings.first(where: { $0.fileId == id }),
                let bytes, FileAnalyzer.stamp(bytes) == place.file.contentHash
            {
                vector = stored.values
            }
            let usedStored = vector != nil
            let reference = vector ?? FileEmbedding.project(current, with: model)
            let own = place?.file.id
            let places = try database.places(fileIds: embeddings.map(\.fileId))
            var scored: [(distance: Double, place: IndexedFilePlace)] = []
            for embedding in embeddings where embedding.fileId != own {
                guard let candidate = places[embedding.fileId] else { continue }
                if let among, !among.contains(FileKey(root: candidate.project.root, path: candidate.file.path)) {
                    continue
                }
                scored.append((FileEmbedding.cosineDistance(reference, embedding.values), candidate))
            }
            scored.sort {
                $0.distance != $1.distance
                    ? $0.distance < $1.distance
                    : ($0.place.project.root, $0.place.file.path) < ($1.place.project.root, $1.place.file.path)
            }
            let name = (path as NSString).lastPathComponent
            let hits = scored.prefix(limit).map {
                SearchHit(
                    place: $0.place, distance: $0.distance,
                    reason: "like \(name): cosine distance \(String(format: "%.3f", $0.distance))")
            }
            let missing = try database.filesWithoutEmbedding(model: FileEmbedding.modelName).count
            return Result(hits: hits, usedStoredVector: usedStored, filesWithoutVector: missing)
        } catch let error as SimilarFilesError {
            throw error
        } catch let error as FileTermsError {
            throw SimilarFilesError(message: error.message)
        } catch {
            throw SimilarFilesError(message: "\(error)")
        }
    }
}

/// A file of the index by its project's root and its path in the project.
package struct FileKey: Hashable, Sendable {
    package var root: String
    package var path: String
    package init(root: String, path: String) {
        self.root = root
        self.path = path
    }
}

package struct SimilarFilesError: Error, CustomStringConvertible, Sendable {
    package var message: String
    package init(message: String) { self.message = message }
    package var description: String { message }
}
