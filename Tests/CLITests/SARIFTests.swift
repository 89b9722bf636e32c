import Foundation
import Testing

/// The SARIF output against the required properties and value constraints of the SARIF 2.1.0
/// schema (sarif-schema-2.1.0.json) for every object Umlaut writes, plus what GitHub code
/// scanning additionally needs (a `physicalLocation` in every result, rule help).
@Suite struct SARIFTests {
    typealias Object = [String: Any]

    @Test func projectOutputIsValidSARIF() throws {
        let result = try Umlaut.run(["check", "--format", "sarif"], in: Umlaut.fixtures + "/project")
        #expect(result.status == 1)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? Object)
        validate(log)
        let run = try #require((log["runs"] as? [Object])?.first)
        // Five findings, one of them in the notebook; the syntax error is a notification.
        let results = try #require(run["results"] as? [Object])
        #expect(results.count == 5)
        let notifications = ((run["invocations"] as? [Object])?.first?["toolExecutionNotifications"] as? [Object]) ?? []
        #expect(notifications.count == 1)
    }

    @Test func badInputsBecomeNotifications() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("broken.ipynb", "{")
        try scratch.write("latin1.py", bytes: [0xE9, 0x0A])
        let result = try Umlaut.run(["check", "--format", "sarif"], in: scratch.path)
        #expect(result.status == 2)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? Object)
        validate(log)
        let run = (log["runs"] as? [Object])?.first
        let notifications = (run?["invocations"] as? [Object])?.first?["toolExecutionNotifications"] as? [Object]
        #expect(notifications?.count == 2)
        #expect(notifications?.allSatisfy { $0["level"] as? String == "error" } == true)
    }

    // MARK: - The schema's constraints, object by object

    func validate(_ log: Object) {
        #expect(log["version"] as? String == "2.1.0")
        #expect((log["$schema"] as? String).flatMap(URL.init(string:)) != nil)
        guard let runs = log["runs"] as? [Object], !runs.isEmpty else {
            Issue.record("sarifLog.runs is required")
            return
        }
        for run in runs { validateRun(run) }
    }

    func validateRun(_ run: Object) {
        guard let driver = (run["tool"] as? Object)?["driver"] as? Object else {
            Issue.record("run.tool.driver is required")
            return
        }
        #expect(driver["name"] is String, "toolComponent.name is required")
        let rules = driver["rules"] as? [Object] ?? []
        #expect(!rules.isEmpty)
        for rule in rules {
            #expect(rule["id"] is String, "reportingDescriptor.id is required")
            for key in ["shortDescription", "fullDescription", "help"] {
                #expect((rule[key] as? Object)?["text"] is String, "multiformatMessageString.text is required (\(key))")
            }
            #expect(((rule["help"] as? Object)?["markdown"] as? String)?.isEmpty == false, "GitHub shows help.markdown")
            // No web address: the pages ship with the binary (`help.markdown`, `umlaut rule CODE`).
            #expect(rule["helpUri"] == nil)
            let level = ((rule["defaultConfiguration"] as? Object)?["level"] as? String) ?? "warning"
            #expect(["none", "note", "warning", "error"].contains(level))
            if let properties = rule["properties"] { #expect(properties is Object) }
        }
        if let kind = run["columnKind"] {
            #expect(["utf16CodeUnits", "unicodeCodePoints"].contains(kind as? String ?? ""))
        }
        for invocation in run["invocations"] as? [Object] ?? [] {
            #expect(invocation["executionSuccessful"] is Bool, "invocation.executionSuccessful is required")
            for notification in invocation["toolExecutionNotifications"] as? [Object] ?? [] {
                #expect((notification["message"] as? Object)?["text"] is String, "notification.message is required")
                #expect(["none", "note", "warning", "error"].contains(notification["level"] as? String ?? "warning"))
                for location in notification["locations"] as? [Object] ?? [] { validateLocation(location) }
            }
        }
        guard let results = run["results"] as? [Object] else {
            Issue.record("run.results must be present (an empty array when clean)")
            return
        }
        for result in results {
            #expect((result["message"] as? Object)?["text"] is String, "result.message is required")
            let ruleID = result["ruleId"] as? String
            #expect(ruleID != nil)
            if let index = result["ruleIndex"] as? Int {
                #expect(
                    index >= 0 && index < rules.count && rules[index]["id"] as? String == ruleID,
                    "ruleIndex must point at ruleId")
            }
            #expect(["none", "note", "warning", "error"].contains(result["level"] as? String ?? "warning"))
            let locations = result["locations"] as? [Object] ?? []
            #expect(locations.count == 1, "GitHub needs a location")
            for location in locations { validateLocation(location, needsRegion: true) }
            for related in result["relatedLocations"] as? [Object] ?? [] {
                #expect((related["id"] as? Int ?? -1) >= 0)
                validateLocation(related, needsRegion: true)
            }
            if let properties = result["properties"] { #expect(properties is Object) }
            // The full text in `message.text`; the one-line form editors show under `properties`.
            let summary = (result["properties"] as? Object)?["summary"] as? String
            #expect(summary.map { !$0.isEmpty && $0.count <= 100 && !$0.contains("\n") } == true)
        }
    }

    func validateLocation(_ location: Object, needsRegion: Bool = false) {
        guard let physical = location["physicalLocation"] as? Object,
            let artifact = physical["artifactLocation"] as? Object,
            let uri = artifact["uri"] as? String
        else {
            Issue.record("location.physicalLocation.artifactLocation.uri is required here")
            return
        }
        #expect(URL(string: uri) != nil, "uri must be a valid URI reference: \(uri)")
        if let base = artifact["uriBaseId"] { #expect(base as? String == "%SRCROOT%" && !uri.hasPrefix("/")) }
        guard needsRegion else { return }
        guard let region = physical["region"] as? Object, let startLine = region["startLine"] as? Int else {
            Issue.record("region.startLine is needed")
            return
        }
        #expect(startLine >= 1)
        let endLine = region["endLine"] as? Int ?? startLine
        #expect(endLine >= startLine)
        if let startColumn = region["startColumn"] as? Int {
            #expect(startColumn >= 1)
            let endColumn = region["endColumn"] as? Int ?? startColumn
            #expect(endColumn >= 1 && (endLine > startLine || endColumn >= startColumn))
        }
    }
}
