import Foundation
import Store
import Testing

@testable import Dashboard

/// The view models over a real session database filled by the store's writing API.
@Suite struct DashboardViewModelTests {
    @Test func theRunsListIsNewestFirstWithCountsAndFrameworks() throws {
        let fixture = try SessionFixture()
        defer { fixture.directory.remove() }
        let list = try RunsList(fixture.store)
        #expect(list.runs.map(\.id) == [fixture.second, fixture.first])
        let first = try #require(list.runs.last)
        #expect(first.status == "failed")
        #expect(first.framework == "keras")
        #expect(first.epochs == 6)
        #expect(first.crashed)
        #expect(first.findings.total == 3)
        #expect(first.findings.error == 1 && first.findings.warning == 2)
        #expect(first.findings.static == 1 && first.findings.runtime == 2)
        #expect(first.durationSeconds == 7.5)
        #expect(first.scriptName == "train <b onclick=x>.py")
        #expect(!first.live)
        #expect(list.runs.first?.framework == "torch")
        #expect(list.runs.first?.live == true)
    }

    @Test func aSessionHasItsEpochsProbesFindingsAndCrash() throws {
        let fixture = try SessionFixture()
        defer { fixture.directory.remove() }
        let view = try #require(try SessionView(id: fixture.first, in: fixture.store))
        #expect(view.metricNames == ["loss", "accuracy", "val_loss"])
        #expect(view.models == ["m1"])
        #expect(view.epochs.map(\.epoch) == Array(0..<6))
        #expect(view.epochs[5].metrics["loss"]?.isNaN == true)
        #expect(view.epochs[2].gradients == [EpochPoint.LayerNorm(layer: "dense", norm: 0.02)])
        // A norm of exactly 0 (a vanished gradient) is a value, not a missing one.
        #expect(view.epochs[0].gradients == [EpochPoint.LayerNorm(layer: "dense", norm: 0)])
        #expect(view.epochs[0].deadUnits.first?.dead == 0)
        #expect(view.epochs[4].deadUnits.first?.fraction == 0.4)
        #expect(view.epochs[0].input?.max == 255)
        #expect(view.epochs[0].learningRate == 0.001)

        try #require(view.findings.map(\.code) == ["UM201", "UM505", "UM502"])
        let overfitting = view.findings[1]
        #expect(overfitting.epochs == [3, 4, 5])
        #expect(overfitting.epochsText == "epochs 4–6")
        #expect(overfitting.kind == "training")
        #expect(overfitting.metrics == ["loss", "val_loss"])
        try #require(overfitting.places.map(\.role) == ["primary", "rootCause", "symptom"])
        #expect(overfitting.places[1].line == 2 && overfitting.places[1].column == 9)
        #expect(overfitting.places[1].uri.hasPrefix("file:///"))
        #expect(view.findings[0].stage == "static" && view.findings[0].epochsText == "before training")
        #expect(view.findings[0].kind == "data")

        let crash = try #require(view.crash)
        #expect(crash.exceptionType == "ValueError")
        #expect(crash.headline.hasPrefix("bad shape"))
        #expect(crash.place?.line == 3)
        #expect(crash.lineText?.hasPrefix("model.fit(x, y, epochs=6)") == true)
        #expect(try SessionView(id: 999, in: fixture.store) == nil)
    }

    @Test func theComparisonIsWhatDiffComputes() throws {
        let fixture = try SessionFixture()
        defer { fixture.directory.remove() }
        let view = try #require(try ComparisonView(before: fixture.first, after: fixture.second, in: fixture.store))
        #expect(view.gone.map(\.code) == ["UM505", "UM502"])
        #expect(view.new.map(\.code) == ["UM507"])
        // The static finding moved from line 3 to 5 but is the same one.
        #expect(view.remaining.map(\.code) == ["UM201"])
        let loss = try #require(view.finalMetrics.first { $0.metric == "loss" })
        #expect(loss.before?.isNaN == true)
        #expect(loss.after == 1.0 / 3)
        #expect(try ComparisonView(before: fixture.first, after: 999, in: fixture.store) == nil)
    }

    @Test func nonFiniteNumbersAndDatesEncodeForJavaScript() throws {
        let fixture = try SessionFixture()
        defer { fixture.directory.remove() }
        let json = String(
            decoding: try #require(try Dashboard().sessionJSON(id: fixture.first, fixture.store)), as: UTF8.self)
        #expect(json.contains(#""loss":"NaN""#))
        #expect(json.contains(#""startedAt":"2027-01-15T08:00:00.000Z""#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["view"] as? String == "session")
        let list = try JSONSerialization.jsonObject(with: try Dashboard().sessionsJSON(fixture.store)) as? [String: Any]
        #expect((list?["runs"] as? [Any])?.count == 2)
    }

    @Test func assetsAreServedAndPathsOutsideAreRefused() {
        let dashboard = Dashboard()
        #expect(dashboard.asset("dashboard.js") != nil)
        #expect(dashboard.asset("dashboard.css") != nil)
        for path in ["../Dashboard.swift", "/etc/passwd", "", "a//b", "./dashboard.js", "Assets/../../x"] {
            #expect(dashboard.asset(path) == nil, "\(path)")
        }
        let page = String(decoding: dashboard.page(.run(id: 7)), as: UTF8.self)
        #expect(page.contains(#"data-page="session" data-a="7""#))
        #expect(page.contains(#"<script src="/assets/dashboard.js"></script>"#))
        #expect(!page.contains("umlaut-data"))
    }
}
