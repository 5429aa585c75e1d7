import GleanText
/// Units written after a number (or, for currencies, before it), longest match first.
///
/// English entries match case-insensitively and must end at a word boundary; Chinese entries
/// match exactly. `¥` is read as CNY unless the text mentions yen (yen, JPY, 日元, 円, Japan, 日本),
/// then JPY; `￥` is always CNY; `$` alone is USD.
struct UnitLexicon: Sendable {
    struct Entry: Sendable {
        var pattern: [Unicode.Scalar]
        var kind: FigureKind
        var unit: String
        /// Latin letters: case-insensitive, word boundary required after.
        var latin: Bool
        /// Only directly after the digits (no space): "5m", "2.5x", "3g".
        var fusedOnly: Bool
        /// A magnitude the unit carries: "MUSD" is a million US dollars.
        var factor: Double = 1
        /// Matched with its case as written: ISO codes ("CHF", not "chf"), unit symbols ("MPa").
        var exact = false

        /// Whether the pattern starts at `i` (case-insensitively unless ``exact``).
        func matches(_ text: ScalarText, at i: Int) -> Bool {
            exact ? text.matchesExactly(pattern, at: i) : text.matches(pattern, at: i)
        }
    }

    /// Entries by their first scalar (lowercased): units after a number, currencies before one.
    private let afterTable: ScalarTable<[Entry]>
    private let beforeTable: ScalarTable<[Entry]>

    static let shared = UnitLexicon()

    private init() {
        var after: [Unicode.Scalar: [Entry]] = [:]
        var before: [Unicode.Scalar: [Entry]] = [:]
        func add(_ table: inout [Unicode.Scalar: [Entry]], _ patterns: [String], _ kind: FigureKind, _ unit: String, fused: Bool = false, factor: Double = 1) {
            for pattern in patterns {
                let scalars = Array(pattern.unicodeScalars)
                let latin = scalars.contains { Characters.isLatinLetter($0) }
                table[scalars[0], default: []].append(Entry(pattern: scalars, kind: kind, unit: unit, latin: latin, fusedOnly: fused, factor: factor))
            }
        }
        // Percent and percentage points.
        add(&after, ["percentage points", "percentage point", "percent points", "pct points", "pp", "ppt", "pps", "个百分点", "個百分點", "百分点", "百分點"], .percentagePoints, "pp")
        add(&after, ["%", "％", "percent", "per cent", "pct", "percentage"], .percent, "%")
        // Multiples.
        add(&after, ["times", "倍"], .multiple, "x")
        add(&after, ["-fold", "fold"], .multiple, "x")
        add(&after, ["x", "×"], .multiple, "x", fused: true)
        // Currencies after the number.
        let currencies: [(String, [String])] = [
            ("CNY", ["chinese yuan", "yuan", "rmb", "renminbi", "cny", "元人民币", "元", "人民币", "块钱", "块", "塊"]),
            ("USD", ["us dollars", "us dollar", "u.s. dollars", "美圆", "usd", "dollars", "dollar", "美元", "美金"]),
            ("HKD", ["hong kong dollars", "hk dollars", "hkd", "港元", "港币", "港幣"]),
            ("EUR", ["euros", "euro", "eur", "欧元", "歐元"]),
            ("GBP", ["pounds sterling", "sterling", "gbp", "英镑", "英鎊"]),
            ("GBX", ["pence", "penny"]),
            ("JPY", ["yen", "jpy", "日元", "日圆", "円"]),
            ("KRW", ["won", "krw", "韩元", "韓元"]),
            ("INR", ["rupees", "rupee", "inr"]),
            ("CHF", ["swiss francs", "chf"]),
            ("FRF", ["francs", "franc"]),
            ("ESP", ["pesetas", "peseta"]), ("NLG", ["dutch guilders", "guilders", "guilder"]), ("FIM", ["finnish markka", "markka"]),
            ("TRY", ["turkish lira", "lira", "liras"]), ("CHF", ["瑞士法郎"]),
            ("AUD", ["australian dollars", "aud", "澳元"]),
            ("CAD", ["canadian dollars", "cad", "加元"]),
            ("TWD", ["新台币", "新台幣", "twd"]),
            ("RUB", ["roubles", "rubles", "rub", "卢布"]),
            ("USD-cents", ["cents", "cent"]),
            // Slang: "5 bucks", "30 quid"; 毛钱/角钱 are tenths of a yuan, 分钱 hundredths.
            ("USD", ["bucks", "buck"]), ("GBP", ["quid"]), ("CNY-jiao", ["毛钱", "角钱"]), ("CNY-fen", ["分钱"]),
            ("BTC", ["bitcoins", "bitcoin", "btc", "₿"]),
            ("BTC-satoshi", ["satoshis", "satoshi"]),
            ("CRC", ["₡", "colones", "colón"]), ("GEL", ["₾", "lari"]), ("LAK", ["₭", "kip"]), ("LKR", ["ரூ"]),
            ("KRW", ["₩"]), ("RUB", ["₽"]), ("INR", ["₹"]), ("UAH", ["₴", "hryvnia"]), ("NGN", ["₦", "naira"]), ("PHP", ["₱"]), ("VND", ["₫", "dong"]), ("THB", ["฿", "baht"]), ("ILS", ["₪", "shekels", "shekel"]), ("TRY", ["₺"]),
        ]
        for (code, words) in currencies { add(&after, words, .currency, code) }
        add(&after, ["€", "£", "$"], .currency, "")  // "-15€": resolved like a prefix
        // Durations.
        let durations: [(String, [String])] = [
            ("second", ["seconds", "secs", "sec", "秒钟", "秒鐘", "秒"]),
            ("minute", ["minutes", "minute", "mins", "min", "分钟", "分鐘"]),
            ("hour", ["hours", "hour", "hrs", "hr", "个小时", "個小時", "小时", "小時"]),
            ("day", ["days", "day", "个工作日", "工作日", "天"]),
            ("week", ["weeks", "week", "个星期", "個星期", "星期", "周"]),
            ("month", ["months", "month", "个月", "個月"]),
            ("year", ["years", "year", "年"]),
            ("decade", ["decades", "decade"]),
            ("millisecond", ["milliseconds", "millisecond", "毫秒"]), ("microsecond", ["microseconds", "microsecond", "微秒"]),
            ("nanosecond", ["nanoseconds", "nanosecond", "纳秒", "納秒"]), ("hour", ["个钟头", "個鐘頭", "钟头", "鐘頭"]),
        ]
        for (unit, words) in durations { add(&after, words, .duration, unit) }
        // Units that are a number of another: a fortnight is two weeks, a century a hundred years.
        add(&after, ["fortnights", "fortnight"], .duration, "week", factor: 2)
        add(&after, ["centuries", "century", "个世纪", "個世紀", "世纪", "世紀"], .duration, "year", factor: 100)
        add(&after, ["millennia", "millennium", "millenniums"], .duration, "year", factor: 1000)
        add(&after, ["刻钟", "刻鐘"], .duration, "minute", factor: 15)
        // Measures.
        let measures: [(String, [String])] = [
            ("km2", ["square kilometres", "square kilometers", "square km", "sq km", "km2", "km²", "km^2", "km squared", "平方公里", "平方千米"]),
            ("m2", ["square metres", "square meters", "square meter", "square metre", "sq m", "sqm", "m2", "m²", "m^2", "m squared", "平方米"]),
            ("m3", ["cubic metres", "cubic meters", "m3", "m³", "m^3", "m cubed", "立方米"]),
            ("km3", ["cubic kilometres", "cubic kilometers", "km3", "km³", "km^3", "km cubed"]),
            ("cm2", ["square centimetres", "square centimeters", "cm2", "cm²", "cm^2"]), ("cm3", ["cubic centimetres", "cubic centimeters", "cm3", "cm³", "cm^3", "cc"]),
            ("kg/m3", ["kg/m³", "kg/m3", "kg/m^3"]), ("g/cm3", ["g/cm³", "g/cm3", "g/cm^3"]), ("kg/cm3", ["kg/cm³", "kg/cm3", "kg/cm^3"]),
            ("pm", ["picometres", "picometers", "picometre", "picometer", "pm"]),
            ("K", ["kelvins", "kelvin"]),
            ("km", ["kilometres", "kilometers", "kilometre", "kilometer", "km", "公里", "千米"]),
            ("m", ["metres", "meters", "metre", "meter", "米"]),
            ("cm", ["centimetres", "centimeters", "cm", "厘米", "公分"]),
            ("dm", ["decimetres", "decimeters", "dm"]),
            ("nm", ["nanometres", "nanometers", "nanometre", "nanometer", "nm", "纳米"]),
            ("ft3", ["cubic feet", "cubic foot"]),
            ("bit", ["bits", "bit", "比特"]), ("B", ["bytes", "byte", "字节"]),
            ("deg", ["degrees", "degree"]), ("rad", ["radians", "rad"]), ("turn", ["turns", "turn"]),
            ("tsp", ["teaspoons", "teaspoon", "tsp"]), ("tbsp", ["tablespoons", "tablespoon", "tbsp"]), ("cup", ["cups", "cup"]),
            ("EB", ["exabytes", "exabyte"]), ("PB", ["petabytes", "petabyte"]),
            ("TeV", ["tev"]), ("GeV", ["gev"]), ("MeV", ["mev"]), ("keV", ["kev"]), ("Gy", ["mgy", "gy"]),
            ("mm", ["millimetres", "millimeters", "mm", "毫米"]),
            ("mi", ["miles", "mile", "mi"]),
            ("ft", ["feet", "foot", "ft"]),
            ("in", ["inches", "inch"]),
            ("ha", ["hectares", "hectare", "ha", "公顷", "公頃"]),
            ("acre", ["acres", "acre"]),
            ("mu", ["亩", "畝"]),
            ("t", ["metric tons", "metric tonnes", "tonnes", "tonne", "tons", "ton", "吨", "噸"]),
            ("kg", ["kilograms", "kilogram", "kilos", "kg", "公斤", "千克"]),
            ("g", ["grams", "gram", "克"]),
            ("mg", ["milligrams", "milligram", "mg", "毫克"]),
            ("μg", ["micrograms", "microgram", "μg", "mcg", "微克"]),
            ("lb", ["pounds", "pound", "lbs", "lb"]),
            ("oz", ["ounces", "ounce", "oz"]),
            ("drachma", ["drachmae", "drachmas", "drachma", "drams", "dram"]),
            ("1/s", ["s-1", "s^-1", "s⁻¹"]), ("W/min", ["w/min"]),
            ("jin", ["斤"]), ("liang", ["两", "兩"]),
            ("l", ["litres", "liters", "litre", "liter", "升"]),
            ("ml", ["millilitres", "milliliters", "millilitre", "milliliter", "ml", "毫升"]),
            ("gal", ["gallons", "gallon"]),
            ("bbl", ["barrels", "barrel"]),
            ("TB", ["terabytes", "terabyte", "tb"]),
            ("GB", ["gigabytes", "gigabyte", "gb"]),
            ("MB", ["megabytes", "megabyte", "mb"]),
            ("KB", ["kilobytes", "kilobyte", "kb"]),
            ("Gbps", ["gbps"]), ("Mbps", ["mbps"]),
            ("GHz", ["ghz"]), ("MHz", ["mhz"]), ("kHz", ["khz"]), ("Hz", ["hz"]),
            ("kWh", ["kwh", "千瓦时", "千瓦時", "度电"]), ("MWh", ["mwh"]), ("GWh", ["gwh"]), ("TWh", ["twh"]),
            ("kW", ["kilowatts", "kw", "千瓦"]), ("MW", ["megawatts", "mw", "兆瓦"]), ("GW", ["gigawatts", "gw", "吉瓦"]),
            ("eV", ["ev"]), ("km/h", ["km/h", "kph"]), ("mph", ["mph"]),
            ("°C", ["degrees celsius", "degrees centigrade", "degrees c", "°c", "℃", "摄氏度"]), ("°F", ["degrees fahrenheit", "degrees f", "°f", "℉"]),
            ("W", ["watts", "watt"]), ("BTU", ["british thermal units", "btu"]),
            ("MB", ["兆字节"]),
            // Chinese names of imperial, US and other units.
            ("ft", ["英尺", "呎"]), ("in", ["英寸", "吋"]), ("mi", ["英里", "哩"]), ("yd", ["码", "碼"]), ("nmi", ["海里", "浬"]),
            ("ft2", ["平方英尺"]), ("in2", ["平方英寸"]), ("mi2", ["平方英里"]), ("ft3", ["立方英尺"]), ("cm3", ["立方厘米"]),
            ("gal", ["加仑", "加侖"]), ("pt", ["品脱", "品脫"]), ("qt", ["夸脱", "夸脫"]), ("bu", ["蒲式耳"]), ("bbl", ["桶原油"]),
            ("oz", ["盎司", "安士"]), ("lb", ["磅"]), ("ct", ["克拉"]), ("l", ["公升"]), ("ml", ["毫升"]), ("cl", ["厘升"]),
            ("kcal", ["千卡", "大卡"]), ("cal", ["卡路里"]), ("J", ["焦耳"]), ("kJ", ["千焦"]), ("MJ", ["兆焦"]),
            ("hp", ["马力", "馬力"]), ("Pa", ["帕斯卡"]), ("kPa", ["千帕"]), ("MPa", ["兆帕"]), ("V", ["伏特"]), ("kV", ["千伏"]),
            ("mAh", ["毫安时", "毫安時"]), ("ly", ["光年"]), ("dB", ["分贝", "分貝"]), ("km/h", ["公里每小时", "千米每小时", "公里/小时", "km/小时"]),
            ("m/s", ["米每秒", "米/秒"]), ("kn", ["节航速"]), ("°F", ["华氏度", "華氏度"]), ("t", ["公吨", "公噸"]), ("mm", ["公厘"]),
        ]
        for (unit, words) in measures { add(&after, words, .measure, unit) }
        add(&after, ["m"], .measure, "m", fused: true)
        add(&after, ["g"], .measure, "g", fused: true)
        add(&after, ["t"], .measure, "t")
        add(&after, ["°"], .measure, "deg", fused: true)
        add(&after, ["\"", "″"], .measure, "in", fused: true)
        // Currency symbols and codes before the number.
        let prefixes: [(String, [String])] = [
            ("USD", ["us$", "us $", "usd$", "usd", "u.s.$", "$"]),
            ("HKD", ["hk$", "hk $", "hkd"]),
            ("SGD", ["s$", "sgd"]), ("AUD", ["a$", "au$", "aud"]), ("CAD", ["c$", "ca$", "cad"]), ("NZD", ["nz$"]),
            ("TWD", ["nt$"]), ("MXN", ["mex$"]), ("BRL", ["r$"]),
            ("CNY", ["rmb", "cny", "￥", "人民币"]),
            ("EUR", ["€", "eur"]), ("GBP", ["£", "gbp"]), ("JPY", ["jpy"]), ("INR", ["₹", "rs.", "rs", "inr"]),
            ("KRW", ["₩"]), ("RUB", ["₽"]), ("BTC", ["₿"]), ("CRC", ["₡"]), ("GEL", ["₾"]), ("LAK", ["₭"]), ("UAH", ["₴"]), ("NGN", ["₦"]),
            ("PHP", ["₱"]), ("VND", ["₫"]), ("THB", ["฿"]), ("ILS", ["₪"]), ("TRY", ["₺"]),
            ("¥", ["¥"]),
        ]
        for (code, words) in prefixes { add(&before, words, .currency, code) }
        // Codes with a magnitude, as finance writes them: "30 MUSD", "MEUR 12", "500 kEUR".
        for code in ["USD", "EUR", "GBP", "AUD", "CAD", "CHF", "CNY", "JPY", "HKD", "SGD", "NZD", "SEK", "NOK", "DKK", "INR"] {
            for (prefix, factor) in [("m", 1e6), ("k", 1e3)] {
                add(&after, [prefix + code.lowercased()], .currency, code, factor: factor)
                add(&before, [prefix + code.lowercased()], .currency, code, factor: factor)
            }
        }
        Self.addGenerated(after: &after, before: &before)
        for key in after.keys { after[key]!.sort { $0.pattern.count > $1.pattern.count } }
        for key in before.keys { before[key]!.sort { $0.pattern.count > $1.pattern.count } }
        afterTable = ScalarTable(after.map { ($0.key, $0.value) })
        beforeTable = ScalarTable(before.map { ($0.key, $0.value) })
    }

    /// Adds ``GeneratedUnits``' currencies (every active ISO 4217 code, CLDR names and symbols)
    /// and measures (pint's registry) that the hand-written entries above do not already hold:
    /// those encode decisions (¥, "pounds", "won") the generated tables cannot make.
    private static func addGenerated(after: inout [Unicode.Scalar: [Entry]], before: inout [Unicode.Scalar: [Entry]]) {
        func known(_ table: [Unicode.Scalar: [Entry]], _ scalars: [Unicode.Scalar]) -> Bool {
            table[scalars[0]]?.contains { $0.pattern == scalars } ?? false
        }
        func add(_ table: inout [Unicode.Scalar: [Entry]], _ pattern: Substring, _ kind: FigureKind, _ unit: String) {
            let exact = pattern.first == "="
            let scalars = Array((exact ? pattern.dropFirst() : pattern).unicodeScalars)
            guard let first = scalars.first else { return }
            let lowered = scalars.map { Characters.isUpper($0) ? Unicode.Scalar($0.value + 32)! : $0 }
            guard !known(table, exact ? lowered : scalars) else { return }
            let latin = scalars.contains { Characters.isLatinLetter($0) }
            let key = Characters.isUpper(first) ? Unicode.Scalar(first.value + 32)! : first
            table[key, default: []].append(Entry(pattern: scalars, kind: kind, unit: unit, latin: latin, fusedOnly: false, exact: exact))
        }
        for line in GeneratedUnits.currencies.split(separator: "\n") {
            let fields = line.split(separator: "\t")
            guard fields.count == 3 else { continue }
            let code = String(fields[0])
            if fields[1] != "before" { add(&after, fields[2], .currency, code) }
            if fields[1] != "after" { add(&before, fields[2], .currency, code) }
        }
        for line in GeneratedUnits.measures.split(separator: "\n") {
            let fields = line.split(separator: "\t")
            guard fields.count == 3 else { continue }
            add(&after, fields[2], .measure, String(fields[0]))
        }
    }

    /// The unit starting at `i` (after a number ending at `numberEnd`), or nil.
    func unit(after text: ScalarText, at i: Int, numberEnd: Int) -> (entry: Entry, end: Int)? {
        guard let first = text[i] else { return nil }
        let key = Characters.isUpper(first) ? Unicode.Scalar(first.value + 32)! : first
        guard let entries = afterTable[key] else { return nil }
        // Single letters fused to the number ("5m", "3g") only in lower case: "5G" is not grams.
        // Written apart, "m" and "g" in lower case are still metres and grams ("12 m 2 dm"); a
        // currency before the number has made "m" a million already (``Magnitudes``).
        let spacedLowercase = i > numberEnd && (first == "m" || first == "g")
        // Through a buffer pointer, which reads entries in place: the generated tables put dozens
        // of entries under some letters, and copying each one out (its pattern and unit) cost a
        // tenth of the scan.
        return entries.withUnsafeBufferPointer { buffer -> (entry: Entry, end: Int)? in
            for k in buffer.indices {
                let count = buffer[k].pattern.count
                guard !buffer[k].fusedOnly || i == numberEnd && (count > 1 || !Characters.isUpper(first)) || spacedLowercase && count == 1 else { continue }
                if buffer[k].matches(text, at: i) {
                    let end = i + count
                    if buffer[k].latin, !text.isWordEnd(end) { continue }
                    return (buffer[k], end)
                }
            }
            return nil
        }
    }

    /// A currency written before a number starting at `numberStart`: the entry and its start.
    func currency(before text: ScalarText, numberStart: Int) -> (entry: Entry, start: Int)? {
        let end = text.skipSpacesBackward(from: numberStart, limit: 2)
        // Longest prefixes are 6 scalars ("usd$ ", "mex$").
        for length in stride(from: min(6, end), through: 1, by: -1) {
            let start = end - length
            guard let first = text[start] else { continue }
            // A pattern that starts with a letter must start a word: inside a word ("reached 612")
            // no entry can match, so the table is not read.
            if Characters.isLatinLetter(first), let previous = text[start - 1], Characters.isLatinLetter(previous) { continue }
            let key = Characters.isUpper(first) ? Unicode.Scalar(first.value + 32)! : first
            guard let entries = beforeTable[key] else { continue }
            let found = entries.withUnsafeBufferPointer { buffer -> Entry? in
                for k in buffer.indices where buffer[k].pattern.count == length && buffer[k].matches(text, at: start) {
                    // Letter codes must start a word ("USD50", not "XUSD50").
                    if buffer[k].latin, let previous = text[start - 1], Characters.isLatinLetter(previous) { continue }
                    return buffer[k]
                }
                return nil
            }
            if let found { return (found, start) }
        }
        return nil
    }
}
