// swift-tools-version: 6.1
//
// Umlaut: a language server and linter for deep-learning training scripts.
//
// Layout rules for this file: one `// MARK:` section per module, each followed by its tests;
// dependencies one per line; each outside library is imported by exactly one module.
// Docs/Modules.md explains what every module is for and which way the dependencies point.

import PackageDescription

let package = Package(
    name: "umlaut",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "umlaut", targets: ["umlaut"])
    ],
    dependencies: [
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
    ],
    targets: [
        // MARK: - C libraries

        /// tree-sitter's runtime, from Debian's libtree-sitter-dev (0.20.7, grammar ABI 13–14).
        .systemLibrary(
            name: "CTreeSitter",
            path: "Sources/CTreeSitter",
            pkgConfig: "tree-sitter",
            providers: [.apt(["libtree-sitter-dev"])]
        ),
        /// The Python grammar, fetched and checksummed by Grammars/fetch-python-grammar.sh.
        /// Always compiled with optimisation: a -O0 parser makes debug builds and tests crawl.
        .target(
            name: "TreeSitterPython",
            path: "Grammars/tree-sitter-python",
            sources: ["src/parser.c", "src/scanner.c"],
            publicHeadersPath: "include",
            cSettings: [
                .headerSearchPath("src"),
                .unsafeFlags(["-O2", "-w"]),
            ]
        ),

        // MARK: - CBLAS

        /// OpenBLAS's C interface, from Debian's libopenblas-dev. Only VectorMath imports it.
        .systemLibrary(
            name: "CBLAS",
            path: "Sources/CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),

        // MARK: - CZlib

        /// zlib, from Debian's zlib1g-dev: ProjectSearch inflates source archives in-process.
        .systemLibrary(
            name: "CZlib",
            path: "Sources/CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),

        // MARK: - VectorMath

        /// Distance kernels with AVX2 + FMA chosen at run time (the Swift code is built for the
        /// baseline x86-64). Always compiled with optimisation, like the grammar.
        .target(
            name: "CVectorKernels",
            cSettings: [.unsafeFlags(["-O2"])]
        ),
        .target(
            name: "VectorMath",
            dependencies: ["CBLAS", "CVectorKernels"]
        ),
        .testTarget(
            name: "VectorMathTests",
            dependencies: [
                "TestSupport",
                "VectorMath",
            ],
            resources: [.copy("Python")]
        ),
        /// bench/vectormath.sh's Swift side; a separate executable, never part of `umlaut`.
        .executableTarget(
            name: "VectorMathBench",
            dependencies: ["VectorMath"],
            path: "bench/VectorMathBench"
        ),

        // MARK: - PythonSyntax

        .target(
            name: "PythonSyntax",
            dependencies: [
                "CTreeSitter",
                "TreeSitterPython",
            ]
        ),
        .testTarget(
            name: "PythonSyntaxTests",
            dependencies: ["PythonSyntax", "VectorMath"]
        ),

        // MARK: - PythonProcess

        /// Starting and talking to Python processes: interpreter, spawn with an event fd,
        /// signals, line framing, bundled Python packages. Foundation only.
        .target(name: "PythonProcess"),
        .testTarget(
            name: "PythonProcessTests",
            dependencies: [
                "PythonProcess",
                "TestSupport",
            ]
        ),

        // MARK: - EditorLink

        /// The editor link's two halves below LanguageServer and the dashboard's web shell: the
        /// local channel a page asks the editor through, and finding or starting `umlaut ui`.
        /// Foundation only.
        .target(name: "EditorLink"),
        .testTarget(
            name: "EditorLinkTests",
            dependencies: [
                "EditorLink",
                "TestSupport",
            ]
        ),

        // MARK: - Workspace

        /// Walking files (one walker, one skip list) and reading notebooks, below every feature.
        .target(
            name: "Workspace",
            dependencies: ["PythonSyntax"]
        ),
        .testTarget(
            name: "WorkspaceTests",
            dependencies: [
                "PythonSyntax",
                "TestSupport",
                "Workspace",
            ]
        ),

        // MARK: - TrainingModel

        .target(
            name: "TrainingModel",
            dependencies: ["PythonSyntax"]
        ),
        .testTarget(
            name: "TrainingModelTests",
            dependencies: [
                "PythonSyntax",
                "TestSupport",
                "TrainingModel",
            ],
            resources: [.copy("Fixtures")]
        ),

        // MARK: - LintCore

        .target(
            name: "LintCore",
            dependencies: [
                "PythonSyntax",
                "TrainingModel",
                "Workspace",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .testTarget(
            name: "LintCoreTests",
            dependencies: [
                "LintCore",
                "PythonSyntax",
                "TestSupport",
                "Workspace",
            ]
        ),

        // MARK: - LintRules

        .target(
            name: "LintRules",
            dependencies: [
                "LintCore",
                "PythonSyntax",
                "TrainingModel",
            ]
        ),
        .testTarget(
            name: "LintRulesTests",
            dependencies: [
                "LintCore",
                "LintRules",
                "TestSupport",
                "Workspace",
            ],
            resources: [.copy("Fixtures")]
        ),

        // MARK: - LSPTypes

        .target(name: "LSPTypes"),
        .testTarget(
            name: "LSPTypesTests",
            dependencies: ["LSPTypes"]
        ),

        // MARK: - LSPTransport

        .target(
            name: "LSPTransport",
            dependencies: ["LSPTypes"]
        ),
        .testTarget(
            name: "LSPTransportTests",
            dependencies: [
                "LSPTransport",
                "LSPTypes",
            ]
        ),

        // MARK: - LanguageServer

        .target(
            name: "LanguageServer",
            dependencies: [
                "EditorLink",
                "LSPTransport",
                "LSPTypes",
                "LintCore",
                "ModelComparison",
                "ProjectSearch",
                "PythonProcess",
                "PythonSyntax",
                "Store",
                "TrainingModel",
                "Workspace",
            ]
        ),
        .testTarget(
            name: "LanguageServerTests",
            dependencies: [
                "EditorLink",
                "LSPTransport",
                "LSPTypes",
                "LanguageServer",
                "LintCore",
                "LintRules",
                "PythonSyntax",
                "Runtime",
                "Store",
                "TestSupport",
                "TrainingModel",
                "VectorMath",
                "Workspace",
            ]
        ),

        // MARK: - Store

        /// GRDB's one owner: each area (Sessions/ today, the project index next) has its own
        /// database file and its own migration history.
        .target(
            name: "Store",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift")
            ]
        ),
        .testTarget(
            name: "StoreTests",
            dependencies: ["Store"]
        ),

        // MARK: - Dashboard

        /// The training dashboard's view models and page assets; no web server (WebShell serves it).
        .target(
            name: "Dashboard",
            dependencies: ["Store", "VectorMath"],
            resources: [.copy("Assets")]
        ),
        .testTarget(
            name: "DashboardTests",
            dependencies: [
                "Dashboard",
                "Store",
                "TestSupport",
                "VectorMath",
            ]
        ),

        // MARK: - ProjectSearch

        /// Project search (issue 12): the indexer, the project and file features, the query
        /// language. Reads archives in-process and never runs what it reads.
        .target(
            name: "ProjectSearch",
            dependencies: [
                "CZlib",
                "LintCore",
                "LintRules",
                "PythonSyntax",
                "Store",
                "TrainingModel",
                "VectorMath",
                "Workspace",
            ]
        ),
        .testTarget(
            name: "ProjectSearchTests",
            dependencies: [
                "CZlib",
                "ProjectSearch",
                "Store",
                "TestSupport",
            ]
        ),

        // MARK: - Runtime

        .target(
            name: "Runtime",
            dependencies: [
                "LintCore",
                "PythonProcess",
                "PythonSyntax",
                "Store",
                "TrainingModel",
            ],
            resources: [.copy("Python")]
        ),
        .testTarget(
            name: "RuntimeTests",
            dependencies: [
                "PythonProcess",
                "Runtime",
                "Store",
                "TestSupport",
            ],
            resources: [.copy("Golden"), .copy("Scripts")]
        ),

        // MARK: - WebShell

        /// `umlaut ui`'s local web server: loopback only, a per-launch token, Host/Origin checks,
        /// the Dashboard's pages and JSON, live updates. Hummingbird's one importer.
        .target(
            name: "WebShell",
            dependencies: [
                "Store",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "WebShellTests",
            dependencies: [
                "Store",
                "TestSupport",
                "WebShell",
            ]
        ),

        // MARK: - ModelComparison

        /// `umlaut compare` (IMACS): runs the bundled Python helper (`Python/umlaut_compare`), clusters the
        /// segments with VectorMath's k-means, computes the per-cluster statistics and the report.
        .target(
            name: "ModelComparison",
            dependencies: [
                "PythonProcess",
                "VectorMath",
            ],
            resources: [.copy("Python")]
        ),
        .testTarget(
            name: "ModelComparisonTests",
            dependencies: [
                "ModelComparison",
                "TestSupport",
                "VectorMath",
            ],
            exclude: ["Python"]
        ),

        // MARK: - TestSupport

        .target(
            name: "TestSupport",
            dependencies: [
                "LintCore",
                "PythonSyntax",
            ]
        ),

        // MARK: - umlaut (the command-line tool)

        .executableTarget(
            name: "umlaut",
            dependencies: [
                "Dashboard",
                "EditorLink",
                "LanguageServer",
                "LintCore",
                "LintRules",
                "ModelComparison",
                "ProjectSearch",
                "PythonProcess",
                "PythonSyntax",
                "Runtime",
                "Store",
                "TrainingModel",
                "VectorMath",
                "WebShell",
                "Workspace",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The release build (what `make bench` measures and users install) links Debian's
            // static libtree-sitter.a (still Debian's runtime, from libtree-sitter-dev): direct
            // calls instead of PLT stubs on the parse's hot path. `--whole-archive` because
            // pkg-config's -ltree-sitter (the shared library) comes first on the link line and
            // would otherwise satisfy every symbol.
            linkerSettings: [
                .unsafeFlags(
                    [
                        "-Xlinker", "--whole-archive", "-Xlinker", "-l:libtree-sitter.a", "-Xlinker",
                        "--no-whole-archive",
                    ],
                    .when(configuration: .release))
            ]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["TestSupport"],
            resources: [
                .copy("Fixtures"),
                .copy("Golden"),
            ]
        ),
    ]
)
