// The Swift side of bench/vectormath.sh (run that, not this): reads a float32 matrix written by
// NumPy, runs VectorMath's exact k-NN or k-means on it, writes the answer beside it and prints
// one JSON line of timings. Only the computation is timed (not reading or writing files).
//
//   VectorMathBench knn DATA ROWS COLUMNS K REPEATS OUT       (each row's K nearest other rows)
//   VectorMathBench kmeans DATA ROWS COLUMNS K N_INIT SEED OUT
//   VectorMathBench umap DATA ROWS COLUMNS N_NEIGHBORS SEED THREADS OUT   (bench/umap.sh; timings
//                                                                          of the k-NN graph and the rest)
//   VectorMathBench trust DATA ROWS COLUMNS K EMBEDDING                  (trustworthiness of a
//                                                                          rows × 2 float32 embedding)
import Foundation
import VectorMath

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("VectorMathBench: \(message)\n".utf8))
    exit(2)
}

func readMatrix(_ path: String, rows: Int, columns: Int) -> Matrix {
    guard let data = FileManager.default.contents(atPath: path), data.count == rows * columns * 4 else {
        fail("\(path) does not hold \(rows)×\(columns) float32 values")
    }
    return Matrix(rows: rows, columns: columns, values: data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) })
}

func write<T>(_ values: [T], to path: String) {
    let data = values.withUnsafeBytes { Data($0) }
    guard FileManager.default.createFile(atPath: path, contents: data) else { fail("cannot write \(path)") }
}

/// Wall and process CPU seconds of `body`.
func measure<T>(_ body: () throws -> T) rethrows -> (T, wall: Double, cpu: Double) {
    func cpu() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
    let wallStart = DispatchTime.now().uptimeNanoseconds, cpuStart = cpu()
    let result = try body()
    return (result, Double(DispatchTime.now().uptimeNanoseconds - wallStart) / 1e9, cpu() - cpuStart)
}

let arguments = CommandLine.arguments
guard arguments.count >= 7, let rows = Int(arguments[3]), let columns = Int(arguments[4]), let k = Int(arguments[5])
else {
    fail("usage: knn DATA ROWS COLUMNS K REPEATS OUT | kmeans DATA ROWS COLUMNS K N_INIT SEED OUT")
}
let data = readMatrix(arguments[2], rows: rows, columns: columns)

switch arguments[1] {
case "knn":
    let repeats = max(1, Int(arguments[6]) ?? 1)
    var walls: [Double] = [], cpus: [Double] = []
    var found: Neighbors?
    for _ in 0..<repeats {
        let (result, wall, cpu) = try measure {
            try NeighborSearch(metric: .euclidean).neighbors(of: data, in: data, k: k, excludingSelf: true)
        }
        found = result
        walls.append(wall)
        cpus.append(cpu)
    }
    write(found!.indices.map(Int64.init), to: arguments[7] + ".indices")
    write(found!.distances, to: arguments[7] + ".distances")
    print(#"{"wall": \#(walls), "cpu": \#(cpus), "blas_threads": \#(BLAS.threadCount)}"#)
case "kmeans":
    guard arguments.count >= 9, let initializations = Int(arguments[6]), let seed = UInt64(arguments[7]) else {
        fail("kmeans: N_INIT SEED OUT")
    }
    let (result, wall, cpu) = try measure {
        try KMeans(clusterCount: k, initializations: initializations, seed: seed).fit(data)
    }
    write(result.labels.map(Int64.init), to: arguments[8] + ".labels")
    print(
        #"{"wall": [\#(wall)], "cpu": [\#(cpu)], "inertia": \#(result.inertia), "iterations": \#(result.iterations), "inertias": \#(result.inertias), "blas_threads": \#(BLAS.threadCount)}"#
    )
case "umap":
    guard arguments.count >= 9, let seed = UInt64(arguments[6]), let threads = Int(arguments[7]) else {
        fail("umap: SEED THREADS OUT")
    }
    var umap = UMAP(neighborCount: k, seed: seed, threads: threads)
    if ProcessInfo.processInfo.environment["VECTORMATH_INIT"] == "pca" { umap.initialization = .pca }
    if let epochs = ProcessInfo.processInfo.environment["VECTORMATH_EPOCHS"].flatMap(Int.init) { umap.epochs = epochs }
    let (graph, graphWall, graphCPU) = try measure { try umap.neighbors(of: data) }
    let (embedding, embedWall, embedCPU) = try measure { try umap.embed(graph: graph, data: data) }
    write(embedding.values, to: arguments[8] + ".embedding")
    write(graph.indices.map(Int64.init), to: arguments[8] + ".indices")
    print(
        #"{"wall": [\#(graphWall + embedWall)], "cpu": [\#(graphCPU + embedCPU)], "knn_wall": \#(graphWall), "knn_cpu": \#(graphCPU), "embed_wall": \#(embedWall), "embed_cpu": \#(embedCPU), "threads": \#(threads), "blas_threads": \#(BLAS.threadCount)}"#
    )
case "trust":
    let embedded = readMatrix(arguments[6], rows: rows, columns: 2)
    let (score, wall, cpu) = try measure { try Trustworthiness.score(original: data, embedded: embedded, k: k) }
    print(#"{"trustworthiness": \#(score), "wall": [\#(wall)], "cpu": [\#(cpu)]}"#)
default:
    fail("unknown command \(arguments[1])")
}
