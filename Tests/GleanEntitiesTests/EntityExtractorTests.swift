import Foundation
import GleanCore
@testable import GleanEntities
import Testing

/// The extractor on sentences written for these tests (never from a test set).
@Suite("Entities by type, in English and Chinese")
struct EntityExtractorTests {
    static let extractor = try! EntityExtractor()

    func found(_ text: String, published: String? = nil, language: EntityExtractor.Language = .auto) -> [(String, EntityType)] {
        var extractor = Self.extractor
        extractor.language = language
        return extractor.entities(in: text, published: published.flatMap { ISO8601.parse($0) }).map { ($0.text, $0.type) }
    }

    func has(_ text: String, _ span: String, _ type: EntityType, published: String? = nil) -> Bool {
        found(text, published: published).contains { $0.0 == span && $0.1 == type }
    }

    @Test("ORG: head words and the gazetteer, in both languages")
    func organisations() {
        #expect(has("Shares of Harbin Electric Machinery Co. rose after the Ministry of Commerce spoke.", "Harbin Electric Machinery Co.", .org))
        #expect(has("Shares of Harbin Electric Machinery Co. rose after the Ministry of Commerce spoke.", "Ministry of Commerce", .org))
        #expect(has("The deal was approved by the European Union on Friday.", "European Union", .org))
        #expect(has("昨日，杭州星河影视文化有限公司宣布融资。", "杭州星河影视文化有限公司", .org))
        #expect(has("该片由浙江省广播电视局备案。", "浙江省广播电视局", .org))
    }

    @Test("PERSON: titles, given names, cues and lists")
    func people() {
        #expect(has("The plan was backed by Senator Margaret Holloway of Ohio.", "Margaret Holloway", .person))
        #expect(has("\"We are ready,\" said coach Tomasz Wierzbicki.", "Tomasz Wierzbicki", .person))
        #expect(has("Emily Carter founded the studio. Carter said the budget was small.", "Carter", .person))
        #expect(has("记者王晓明报道，导演陈思诚表示影片将于明年上映。", "王晓明", .person))
        #expect(has("记者王晓明报道，导演陈思诚表示影片将于明年上映。", "陈思诚", .person))
        #expect(has("出席会议的有张伟、李娜和刘洋。", "李娜", .person))
        #expect(has("出席会议的有张伟、李娜和刘洋。", "刘洋", .person))
    }

    @Test("GPE: countries, cities and provinces, not inside a longer name")
    func places() {
        #expect(has("Exports from Vietnam to Germany grew.", "Vietnam", .gpe))
        #expect(has("Exports from Vietnam to Germany grew.", "Germany", .gpe))
        #expect(has("浙江杭州的企业增长很快。", "杭州", .gpe))
        #expect(has("中美两国将加强合作。", "中", .gpe) && has("中美两国将加强合作。", "美", .gpe))
        // A place inside an organisation is the organisation's (disambiguation).
        #expect(found("She studied at Beijing Film Academy last spring.").map(\.0).contains("Beijing Film Academy"))
        #expect(!found("She studied at Beijing Film Academy last spring.").contains { $0.1 == .gpe })
        #expect(found("他毕业于北京电影学院。").map(\.0) == ["北京电影学院"])
    }

    @Test("WORK: 《》 without the brackets, quoted titles after a cue")
    func works() {
        #expect(has("由快手出品的《长安夜话》播放量破亿。", "长安夜话", .work))
        #expect(has("Hits such as \"Lanterns Over the River\" drew large audiences.", "Lanterns Over the River", .work))
        // A quoted phrase without a cue is not a work.
        #expect(!found("The shift from \"Quick Money\" to quality is clear.").contains { $0.1 == .work })
    }

    @Test("EVENT and PUBLICATION")
    func eventsAndOutlets() {
        #expect(has("Studios met at the Hangzhou Animation Festival in May 2025.", "Hangzhou Animation Festival", .event))
        #expect(has("第三届中国网络视听大会在成都开幕。", "第三届中国网络视听大会", .event))
        #expect(has("The figures were first reported by the Shanghai Daily.", "Shanghai Daily", .publication))
        #expect(has("据《人民日报》报道，市场持续增长。", "人民日报", .publication))
        #expect(has("新华社记者报道了这一消息。", "新华社", .publication) || has("新华社记者报道了这一消息。", "新华社", .org))
    }

    @Test("DATE: absolute dates in ISO 8601")
    func absoluteDates() {
        let extractor = Self.extractor
        let dates = extractor.entities(in: "Filed on July 21, 2025 and 2025-08-01; 2024年3月5日起施行，2023年全年。", published: nil).filter { $0.type == .date }
        #expect(dates.map(\.text) == ["July 21, 2025", "2025-08-01", "2024年3月5日", "2023年"])
        #expect(dates.map(\.normalized) == ["2025-07-21", "2025-08-01", "2024-03-05", "2023"])
    }

    @Test("DATE: relative dates resolve against the published date, else keep their text")
    func relativeDates() {
        let published = ISO8601.parse("2025-07-21T08:00:00Z")
        let dates = Self.extractor.entities(in: "Sales fell yesterday and rose last year. 去年增长，今年上半年，7月20日发布，明天开幕。", published: published).filter { $0.type == .date }
        #expect(dates.map(\.text) == ["yesterday", "last year", "去年", "今年上半年", "7月20日", "明天"])
        #expect(dates.map(\.normalized) == ["2025-07-20", "2024", "2024", "2025", "2025-07-20", "2025-07-22"])
        let undated = Self.extractor.entities(in: "去年增长。", published: nil).filter { $0.type == .date }
        #expect(undated.map(\.normalized) == ["去年"])
    }

    @Test("aliases give the canonical name")
    func aliases() {
        let extractor = Self.extractor
        func normalized(_ text: String, _ span: String) -> String? {
            extractor.entities(in: text).first { $0.text == span }?.normalized
        }
        #expect(normalized("The rules were issued by the NRTA on Monday.", "NRTA") == "国家广播电视总局")
        #expect(normalized("国家广电总局发布通知。", "国家广电总局") == "国家广播电视总局")
        #expect(normalized("Xinhua reported the figures.", "Xinhua") == "Xinhua News Agency")
        #expect(normalized("新华社报道。", "新华社") == "Xinhua News Agency")
    }

    @Test("offsets are code points and every span is its text")
    func offsets() {
        let text = "👍 记者王晓明在 Paris 报道《长安夜话》。"
        let scalars = Array(text.unicodeScalars)
        let entities = Self.extractor.entities(in: text)
        #expect(!entities.isEmpty)
        for entity in entities {
            #expect(String(String.UnicodeScalarView(scalars[entity.start..<entity.end])) == entity.text)
        }
        #expect(entities.contains { $0.text == "Paris" && $0.start == 9 })
    }

    @Test("adjacent entities stay apart, overlapping ones are resolved to one")
    func adjacentAndNested() {
        let entities = Self.extractor.entities(in: "张伟、李娜和刘洋出席了中国网络视听节目服务协会的年会。")
        #expect(entities.filter { $0.type == .person }.map(\.text) == ["张伟", "李娜", "刘洋"])
        #expect(entities.contains { $0.text == "中国网络视听节目服务协会" && $0.type == .org })
        for (a, b) in zip(entities, entities.dropFirst()) { #expect(a.end <= b.start) }
    }

    @Test("the language option limits which recognisers run")
    func language() {
        #expect(found("Vietnam and 杭州", language: .en).map(\.0) == ["Vietnam"])
        #expect(found("Vietnam and 杭州", language: .zh).map(\.0) == ["杭州"])
    }

    @Test("types limit what is kept")
    func types() throws {
        let extractor = try EntityExtractor(types: [.date])
        #expect(extractor.entities(in: "Vietnam grew in 2024.").map(\.text) == ["2024"])
    }

    @Test("any text ends in entities or nothing: junk, no full stop, capitals, an open 《")
    func hostileText() {
        let junk = String(decoding: (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }, as: UTF8.self)
        _ = Self.extractor.entities(in: junk)
        _ = Self.extractor.entities(in: String(repeating: "市场规模继续扩大", count: 20_000))
        let capitals = Self.extractor.entities(in: (0..<20_000).map { "Word\($0 % 97)" }.joined(separator: " "))
        #expect(capitals.count < 20_000)
        #expect(Self.extractor.entities(in: "《" + String(repeating: "长", count: 5_000)).allSatisfy { $0.type != .work })
        #expect(Self.extractor.entities(in: "").isEmpty)
    }
}
