import Foundation

extension Calendar {
    /// The Gregorian calendar in UTC: how the extractors read published dates and years.
    package static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
