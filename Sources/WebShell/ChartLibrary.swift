import Foundation

/// Chart.js as Debian's `libjs-chart.js` installs it: served at `/vendor/chart.js`, never
/// fetched from the network. The package's file name has changed between releases, so the
/// first that exists wins.
package enum ChartLibrary {
    package static let candidates = [
        "/usr/share/javascript/chart.js/chart.umd.min.js",
        "/usr/share/javascript/chart.js/chart.umd.js",
        "/usr/share/javascript/chart.js/chart.min.js",
        "/usr/share/javascript/chart.js/chart.js",
        "/usr/share/javascript/chart.js/Chart.min.js",
        "/usr/share/javascript/chart.js/Chart.js",
    ]

    /// The installed file, or nil (then `/vendor/chart.js` answers with an error naming the package).
    package static func installedPath(candidates: [String] = candidates) -> String? {
        candidates.first { FileManager.default.isReadableFile(atPath: $0) }
    }
}
