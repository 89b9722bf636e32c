import Foundation

/// Read access to one decoded JSON object of the event stream, tolerant of whatever the other
/// side sends: a missing field, a field of the wrong type and an unknown field all read as nil
/// (see Docs/RuntimeEvents.md: readers ignore what they do not know).
struct JSONObject {
    let fields: [String: Any]

    init(_ fields: [String: Any]) { self.fields = fields }

    init?(_ value: Any?) {
        guard let fields = value as? [String: Any] else { return nil }
        self.fields = fields
    }

    func string(_ key: String) -> String? { fields[key] as? String }

    func bool(_ key: String) -> Bool? {
        if let value = fields[key] as? NSNumber, value.isJSONBoolean { return value.boolValue }
        return nil
    }

    /// A number; the strings `nan`, `inf` and `-inf` stand for the non-finite values.
    func double(_ key: String) -> Double? { Self.number(fields[key]) }

    func int(_ key: String) -> Int? {
        guard let value = double(key), value.isFinite, abs(value) < 1e15 else { return nil }
        return Int(value)
    }

    func object(_ key: String) -> JSONObject? { JSONObject(fields[key]) }

    func objects(_ key: String) -> [JSONObject] { (fields[key] as? [Any])?.compactMap { JSONObject($0) } ?? [] }

    func array(_ key: String) -> [Any]? { fields[key] as? [Any] }

    /// `{"name": number}` entries; other values are left out.
    func numbers(_ key: String) -> [String: Double] {
        guard let dictionary = fields[key] as? [String: Any] else { return [:] }
        return dictionary.compactMapValues { Self.number($0) }
    }

    static func number(_ value: Any?) -> Double? {
        switch value {
        case let number as NSNumber:
            if number.isJSONBoolean { return nil }
            return number.doubleValue
        case let text as String:
            switch text.lowercased() {
            case "nan": return .nan
            case "inf", "infinity", "+inf": return .infinity
            case "-inf", "-infinity": return -.infinity
            default: return nil
            }
        default:
            return nil
        }
    }
}

extension NSNumber {
    /// Whether JSON decoding produced this number from `true` / `false` (Objective-C type `c`).
    var isJSONBoolean: Bool { String(cString: objCType) == "c" }
}
