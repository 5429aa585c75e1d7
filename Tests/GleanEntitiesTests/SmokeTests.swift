import GleanEntities
import Testing

@Test func theShippedGazetteerLoadsAndFindsAnAgencyInBothLanguages() throws {
    let extractor = try EntityExtractor()
    let found = extractor.entities(in: "近日，国家广播电视总局发布通知。")
    #expect(found.map(\.text) == ["国家广播电视总局"])
    #expect(found.first?.type == .org)
}
