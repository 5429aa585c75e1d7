import Foundation
import GleanCore
@testable import GleanDocuments
import GleanInputs
import GleanTesting
import Testing

/// PDF through pdftotext, password-protected documents, links, order under parallelism, and a
/// document far over `max_document_bytes`.
@Suite("documents source: PDF, protected documents, links, parallel order, large files")
struct DocumentsPDFAndProtectedTests {
    @Test func pdfTextTitleAuthorAndDate() async throws {
        let result = try await readDocuments(["report.pdf": try fixture("report.pdf")])
        #expect(result.rejected.isEmpty, "\(result.rejected.map(\.error))")
        let record = try #require(result.records.first)
        #expect(record["content_type"] == "application/pdf")
        #expect(record["title"] == "Short-drama market report")
        #expect(record["author"] == "Glean Tests")
        #expect(record["published"] == .timestamp(Date(timeIntervalSince1970: 1_710_495_000)))
        #expect(record["text"] == "Short-drama market report\nThe market size reached 50.4 billion yuan in 2024, up 34.9% from a year earlier.\n\nUsers numbered 662 million by December.")
        #expect(record["language"] == "en")
    }

    @Test func aPDFWithoutTextIsARecordWithAWarning() async throws {
        let result = try await readDocuments(["scan.pdf": try fixture("scanned.pdf"), "report.pdf": try fixture("report.pdf")])
        let scan = try #require(result.records.first { $0["name"] == "scan.pdf" })
        #expect(scan["text"] == "")
        #expect(scan["title"] == "A scanned page")
        #expect(result.notes["warning: PDF without a text layer (empty text)"] == 1)
    }

    @Test func passwordProtectedPDFAndWordAreClearSkips() async throws {
        let result = try await readDocuments([
            "locked.pdf": try fixture("encrypted.pdf"), "locked.docx": try fixture("encrypted.docx"), "open.txt": utf8("an open document"),
        ])
        #expect(result.records.map { $0["name"] } == ["open.txt"])
        #expect(result.rejected.count == 2)
        for letter in result.rejected {
            #expect(letter.error.contains("password-protected"), "\(letter.error)")
            #expect(letter.code == .encryptedEntry)
        }
        #expect(result.rejected.contains { $0.error.contains("locked.pdf") })
        #expect(result.rejected.contains { $0.error.contains("locked.docx") })
        #expect(result.notes["skipped: password-protected"] == 2)
    }

    @Test func truncatedAndFakePDFsAreDeadLetteredWithTheReason() async throws {
        let report = try fixture("report.pdf")
        let result = try await readDocuments([
            "cut.pdf": Array(report.prefix(300)), "fake.pdf": utf8("%PDF-1.4\nnot really a PDF at all\n"),
        ])
        #expect(result.records.isEmpty)
        #expect(result.rejected.count == 2)
        #expect(result.rejected.allSatisfy { $0.error.contains("the PDF is damaged or not a PDF") }, "\(result.rejected.map(\.error))")
    }

    @Test func linksOnRequest() async throws {
        let page = """
            <html><body><nav><a href="/">Home</a><a href="#top">Top</a></nav><article><p>The market grew by a third last year,
            the ministry said in <a href="https://example.org/report.pdf">its report</a>, and again in
            <a href="https://example.org/report.pdf">the summary</a> and <a href="javascript:void(0)">here</a>.</p></article></body></html>
            """
        let with = try await readDocuments(["a.html": utf8(page)]) { $0.links = true }
        #expect(with.records.first?["links"] == .array(["/", "https://example.org/report.pdf"]))
        let without = try await readDocuments(["a.html": utf8(page)])
        #expect(without.records.first?["links"] == nil)
    }

    @Test(arguments: [1, 2, 8])
    func recordsComeOutInInputOrderAtAnyParallelism(parallelism: Int) async throws {
        var files: [String: [UInt8]] = [:]
        for n in 0..<120 {
            // Uneven work: some documents are much larger than others.
            let body = String(repeating: "<p>Paragraph \(n) of the article, with the words of the language.</p>", count: n % 7 == 0 ? 400 : 2)
            files[String(format: "doc-%03d.html", n)] = utf8("<html><body><article>\(body)</article></body></html>")
        }
        files["doc-050.png"] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52] + [UInt8](repeating: 0, count: 64)
        let result = try await readDocuments(files, zipped: parallelism == 2) { $0.parallelism = parallelism }
        let names = result.records.compactMap { $0["name"]?.plainText }
        #expect(names == (0..<120).map { String(format: "doc-%03d.html", $0) })
        #expect(result.notes["skipped image/png"] == 1)
    }

    @Test func aTwoGigabyteFileIsSkippedWithoutBeingRead() async throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/huge.txt"
        // Sparse: 2 GiB long, next to nothing on disk.
        #expect(FileManager.default.createFile(atPath: path, contents: Data("start".utf8)))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 2 << 30)
        try handle.close()
        try Data("small document".utf8).write(to: URL(fileURLWithPath: directory.path + "/small.txt"))
        var configuration = DocumentsSource.Configuration(path: directory.path)
        configuration.inputs.incremental = false
        configuration.maxDocumentBytes = 1 << 30
        let result = try await StageHarness.runCounting(DocumentsSource(configuration: configuration, context: StageHarness.context(name: "docs")))
        #expect(result.records.map { $0["name"] } == ["small.txt"])
        #expect(result.rejected.count == 1)
        #expect(result.rejected.first?.error.contains("huge.txt: the document is larger than max_document_bytes (1073741824 bytes; it has 2147483648); skipped without reading it") == true, "\(result.rejected.map(\.error))")
        #expect(result.notes["skipped: larger than max_document_bytes"] == 1)
    }

    @Test func validationOfParallelism() throws {
        var configuration = DocumentsSource.Configuration(path: "x")
        configuration.parallelism = 0
        #expect(throws: (any Error).self) { try configuration.validate() }
        configuration.parallelism = 4
        try configuration.validate()
    }
}

