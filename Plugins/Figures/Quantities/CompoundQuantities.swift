import GleanText

/// Quantities written in two or more parts, one figure in the largest unit, as a reader means
/// them: "5 feet 2 inches" (5.1667 ft), "3 lb 4 oz", "3 years and 6 months" (3.5 years), "2 hours
/// forty" (2.6667 hours), "11 hrs 30 mins", "三年零六个月", "1小时20分钟", "2斤3两", "$15 and 20
/// cents", "5块2毛", "5块2".
///
/// Two figures merge when the second's unit is the next smaller step of the first's on one of the
/// ladders below, the smaller part is less than one of the larger, and nothing but "and", a comma,
/// 零 or 又 stands between them. A bare whole number directly after hours, minutes, feet, pounds or
/// 块 is the next step ("2 hours forty", "5 ft 2", "5块2") when it ends the phrase.
/// Metric units are not merged ("12 m 2 dm" stays two figures, as the measurement suites read it).
enum CompoundQuantities {
    /// How many of `small` make one `large`, for units that are written together.
    static func ratio(_ large: String, _ small: String) -> Double? {
        switch (large, small) {
        case ("year", "month"): 12
        case ("week", "day"): 7
        case ("day", "hour"): 24
        case ("hour", "minute"), ("minute", "second"): 60
        case ("ft", "in"): 12
        case ("yd", "ft"): 3
        case ("lb", "oz"): 16
        case ("st", "lb"), ("stone", "lb"): 14
        case ("jin", "liang"): 10
        case ("CNY", "CNY-jiao"): 10
        case ("CNY-jiao", "CNY-fen"): 10
        case ("CNY", "CNY-fen"): 100
        case ("GBP", "GBX"): 100
        case (let code, "USD-cents") where code.utf8.count == 3: 100
        default: nil
        }
    }

    /// The unit a bare number after `unit` counts in ("2 hours forty": minutes).
    static func implicitSmaller(after unit: String) -> String? {
        switch unit {
        case "hour": "minute"
        case "minute": "second"
        case "ft": "in"
        case "lb": "oz"
        case "CNY": "CNY-jiao"
        default: nil
        }
    }

    static func merge(_ candidates: inout [FigureCandidate], in text: ScalarText) {
        guard candidates.count > 1 else { return }
        var result: [FigureCandidate] = []
        result.reserveCapacity(candidates.count)
        var index = 0
        while index < candidates.count {
            var merged = candidates[index]
            // The unit of the last part merged: the next part must be one step below it.
            var lastUnit = merged.unit
            var scale = 1.0  // how many of `lastUnit` make one of the first part's unit
            var next = index + 1
            while next < candidates.count, let unit = lastUnit, let step = Self.step(from: unit, merged, candidates[next], in: text) {
                scale *= step.ratio
                merged.value += (merged.value < 0 ? -1 : 1) * candidates[next].value / scale
                merged.end = step.end
                lastUnit = step.unit
                next += 1
            }
            result.append(merged)
            index = next
        }
        candidates = result
    }

    /// Whether `second` continues `first` (whose last part is in `unit`): the smaller unit and the ratio.
    private static func step(from unit: String, _ first: FigureCandidate, _ second: FigureCandidate, in text: ScalarText) -> (unit: String, ratio: Double, end: Int)? {
        guard second.start >= first.end, second.start - first.end <= 6, second.value >= 0, second.qualifier == nil || second.qualifier == .exact else { return nil }
        let between = text.string(first.end..<second.start).trimmingSpaces.lowercased()
        guard ["", "and", ",", "零", "又", "&"].contains(between) else { return nil }
        if let small = second.unit, second.kind == first.kind || first.kind == .currency && second.kind == .currency, let ratio = ratio(unit, small) {
            guard second.value < ratio else { return nil }
            return (small, ratio, second.end)
        }
        // Chinese money in parts: 5元3角, 5块2毛, 3角5分 — 毛, 角 and 分 count only after a yuan or jiao part.
        if second.kind == .number, second.factor == 1, second.start == first.end || between == "零", let c = text[second.end] {
            let small = c == "毛" || c == "角" ? "CNY-jiao" : (c == "分" ? "CNY-fen" : nil)
            if let small, let ratio = ratio(unit, small), second.value < ratio, second.value == second.value.rounded(),
               !(text[second.end + 1].map { $0 == "之" || $0 == "钟" || $0 == "鐘" } ?? false) {
                return (small, ratio, second.end + 1 + (text[second.end + 1] == "钱" ? 1 : 0))
            }
        }
        // A bare whole number that ends the phrase: "2 hours forty", "5块2".
        guard second.kind == .number, second.factor == 1, second.value == second.value.rounded(), let small = implicitSmaller(after: unit), let ratio = ratio(unit, small),
              second.value < ratio, between.isEmpty || between == "and" else { return nil }
        if let after = text[text.skipSpaces(from: second.end, limit: 2)], Characters.isLatinLetter(after) || Characters.isDigit(after) || Characters.isHan(after) && unit != "CNY" { return nil }
        // 5块2: only straight after 块 (5元2 is not written).
        if unit == "CNY", !(text[first.end - 1] == "块" || text[first.end - 1] == "塊") || second.start != first.end { return nil }
        return (small, ratio, second.end)
    }
}

