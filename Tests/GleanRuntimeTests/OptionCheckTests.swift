import GleanCore
import GleanInputs
import GleanJSON
import GleanRuntime
import GleanTesting
import Testing

/// Range and allowed-values checks and defaults, derived from option keys, as a pipeline file's
/// author sees them: at the option's line and column, naming it.
@Suite("Option checks")
struct OptionCheckTests {
    func pipeline(_ options: String) -> String {
        """
        sources:
          input:
            type: json
            path: in.jsonl
        \(options)
        sinks:
          out: {type: collect, inputs: [input]}
        """
    }

    @Test func aRangeViolationNamesTheOptionAtItsPlace() {
        let result = validate(pipeline("    max_record_bytes: 10"), in: TemporaryDirectory())
        #expect(messages(result) == ["5:23: option 'max_record_bytes' of stage 'input': must be between 64 and 1073741824"])
    }

    @Test func aBadEnumValueNamesTheOptionAndTheAllowedValues() {
        let result = validate(pipeline("    format: lins"), in: TemporaryDirectory())
        #expect(messages(result) == [
            "5:13: option 'format' of stage 'input': 'lins' is not one of auto, lines, array, document; did you mean 'lines'?",
        ])
    }

    @Test func absentOptionsGetTheirDefaults() throws {
        let pipeline = try validate(pipeline(""), in: TemporaryDirectory()).get()
        let configuration = try #require(pipeline.stages.first { $0.name == "input" }?.configuration as? JSONSource.Configuration)
        #expect(configuration.format == .auto)
        #expect(configuration.maxRecordBytes == 16 << 20)
        #expect(configuration.idField == nil)
        #expect(configuration.inputs.incremental == false)
        #expect(configuration.inputs.archiveDepth == 2)
    }

    @Test func stageDetailShowsAllowedValuesAndRanges() throws {
        let descriptor = try #require(testRegistry().descriptor(.source, "json"))
        let detail = StageCatalog.detail(descriptor)
        #expect(detail.contains("  format (string, default: auto)\n      `lines`"))
        #expect(detail.contains("      allowed: auto, lines, array, document"))
        #expect(detail.contains("      range: between 64 and 1073741824"))
    }
}
