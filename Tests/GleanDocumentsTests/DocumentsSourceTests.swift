import Foundation
import GleanCore
@testable import GleanDocuments
import GleanEncoding
import GleanInputs
import GleanText
import GleanTesting
import Testing

/// Reads the files of `files` (name → bytes) through the documents source, from a folder or, with
/// `zipped`, from a zip of it.
func readDocuments(
    _ files: [String: [UInt8]], zipped: Bool = false, _ configure: (inout DocumentsSource.Configuration) -> Void = { _ in }
) async throws -> (records: [Record], rejected: [DeadLetter], notes: [String: Int]) {
    let directory = TemporaryDirectory()
    for (name, bytes) in files {
        let path = directory.path + "/docs/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
    var location = directory.path + "/docs"
    if zipped {
        let zip = try runProgram("/bin/sh", ["-c", "cd '\(directory.path)' && find docs -type f | LC_ALL=C sort | zip -q docs.zip -@"])
        #expect(zip.status == 0, "\(zip.error)")
        location = directory.path + "/docs.zip"
    }
    var configuration = DocumentsSource.Configuration(path: location)
    configuration.inputs.incremental = false
    configure(&configuration)
    return try await StageHarness.runCounting(DocumentsSource(configuration: configuration, context: StageHarness.context(name: "docs")))
}

/// The bytes of `name` in this target's `Fixtures` folder (see its README).
func fixture(_ name: String) throws -> [UInt8] {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    return Array(try Data(contentsOf: folder.appendingPathComponent(name)))
}

func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

@Suite("documents source")
struct DocumentsSourceTests {
    static let article = """
        <html lang="en-US"><head><meta charset="utf-8"><title>Market grows</title>
        <meta name="author" content="Ann Lee"><meta property="article:published_time" content="2024-05-01T08:00:00Z"></head>
        <body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
        <article><h1>Market grows</h1>
        <p>The market for short dramas grew by a third last year, reaching 50.4 billion yuan, the ministry said on Monday.</p>
        <p>Producers, who once shot a series in a week, now spend a month on scripts, casting and editing, the association said.</p>
        </article><footer>Copyright 2026</footer></body></html>
        """

    @Test func everyFormatWithItsMetadata() async throws {
        let result = try await readDocuments([
            "a.html": utf8(Self.article),
            "b.md": utf8("Intro line\n\n# Notes on the market\n\nSome text, and more text about the market.\n"),
            "c.txt": utf8("  plain text with the usual words of the language in it  \n"),
            "d.json": utf8(#"{"title": "J", "body": "json text", "n": 1}"#),
            "e.xml": utf8("<?xml version=\"1.0\"?><report><title>R</title><para>Numbers for the year.</para></report>"),
        ]) { $0.textField = nil }
        #expect(result.rejected.isEmpty)
        let byName = Dictionary(uniqueKeysWithValues: result.records.map { ($0["name"]?.plainText ?? "", $0) })
        #expect(byName.count == 5)
        let html = try #require(byName["a.html"])
        #expect(html["text"] == .string("The market for short dramas grew by a third last year, reaching 50.4 billion yuan, the ministry said on Monday.\n\nProducers, who once shot a series in a week, now spend a month on scripts, casting and editing, the association said."))
        #expect(html["title"] == "Market grows")
        #expect(html["author"] == "Ann Lee")
        #expect(html["published"] == .timestamp(Date(timeIntervalSince1970: 1_714_550_400)))
        #expect(html["language"] == "en")
        #expect(html["content_type"] == "text/html")
        #expect(html["encoding"] == "utf-8")
        #expect(html["encoding_source"] == "declared")
        #expect(html["size"] == .int(Int64(Self.article.utf8.count)))
        #expect(html["sha256"]?.plainText.count == 64)
        #expect(html["path"]?.plainText.hasSuffix("/docs/a.html") == true)
        #expect(byName["b.md"]?["title"] == "Notes on the market")
        #expect(byName["c.txt"]?["text"] == "plain text with the usual words of the language in it")
        #expect(byName["c.txt"]?["language"] == "en")
        #expect(byName["d.json"]?["title"] == "J")
        #expect(byName["d.json"]?["n"] == 1)
        #expect(byName["e.xml"]?["text"]?.plainText.contains("Numbers for the year.") == true)
    }

    @Test func jsonWithATextField() async throws {
        let result = try await readDocuments([
            "d.json": utf8(#"{"title": "J", "body": "the text", "n": 1}"#), "bad.json": utf8(#"{"title": 1}"#), "broken.json": utf8("{\n  \"a\": 1,\n  oops\n}"),
        ]) {
            $0.textField = "body"
        }
        #expect(result.records.count == 1)
        #expect(result.records.first?["text"] == "the text")
        #expect(result.records.first?["n"] == 1)
        let errors = result.rejected.map(\.error).sorted()
        #expect(errors.count == 2)
        #expect(errors.contains { $0.hasSuffix("bad.json: the JSON document has no string field 'body' (text_field)") })
        #expect(errors.contains { $0.contains("broken.json:3:3: not valid JSON") }, "\(errors)")
    }

    @Test func encodingsDeclaredByteOrderMarkAndDetected() async throws {
        let chinese = "国家广播电视总局发布的报告显示，2024年微短剧市场规模达到504.4亿元，同比增长34.9%，首次超过电影票房。"
        let gbkPage = "<html><head><meta charset=\"gbk\"><title>微短剧</title></head><body><div class=\"content\"><p>\(chinese)</p></div></body></html>"
        let gbk = try #require(Iconv.encode(gbkPage, to: .gb18030))
        let undeclared = try #require(Iconv.encode(chinese, to: .gb18030))
        let taiwanese = "國家通訊傳播委員會發布的報告顯示，臺灣影音串流市場規模達到新臺幣五百億元，比去年成長百分之十。"
        let big5 = try #require(Iconv.encode(taiwanese, to: Charset("big5")))
        let japanese = "総務省の報告によると、二〇二四年の動画配信市場の規模は五千億円に達し、前年から一割ほど増えた。"
        let shiftJIS = try #require(Iconv.encode(japanese, to: Charset("shift_jis")))
        var utf16 = [UInt8]([0xFF, 0xFE])
        for unit in "UTF-16 text with the words of a language".utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let result = try await readDocuments(["gbk.html": gbk, "plain-gbk.txt": undeclared, "bom.txt": utf16, "latin.txt": [0x63, 0x61, 0x66, 0xE9, 0x20, 0x6E, 0x6F, 0x69, 0x72],
            "big5.txt": big5, "sjis.txt": shiftJIS,
        ])
        let byName = Dictionary(uniqueKeysWithValues: result.records.map { ($0["name"]?.plainText ?? "", $0) })
        #expect(byName["gbk.html"]?["text"]?.plainText == chinese)
        #expect(byName["gbk.html"]?["encoding"] == "gb18030")
        #expect(byName["gbk.html"]?["encoding_source"] == "declared")
        #expect(byName["gbk.html"]?["language"] == "zh")
        #expect(byName["gbk.html"]?["title"] == "微短剧")
        #expect(byName["plain-gbk.txt"]?["text"]?.plainText == chinese)
        #expect(byName["plain-gbk.txt"]?["encoding_source"] == "detected")
        #expect(byName["plain-gbk.txt"]?["encoding"] == "gb18030")
        #expect(byName["big5.txt"]?["text"]?.plainText == taiwanese)
        #expect(byName["big5.txt"]?["encoding"] == "big5")
        #expect(byName["big5.txt"]?["encoding_source"] == "detected")
        #expect(byName["sjis.txt"]?["text"]?.plainText == japanese)
        #expect(byName["sjis.txt"]?["encoding"] == "shift_jis")
        #expect(byName["bom.txt"]?["encoding"] == "utf-16le")
        #expect(byName["bom.txt"]?["encoding_source"] == "bom")
        #expect(byName["bom.txt"]?["text"] == "UTF-16 text with the words of a language")
        #expect(byName["latin.txt"]?["text"] == "café noir")
        #expect(byName["latin.txt"]?["encoding"] == "windows-1252")
    }

    @Test func aLyingCharsetFallsBackToDetection() async throws {
        // Declared Shift-JIS, but the bytes are UTF-8 that Shift-JIS cannot decode.
        let page = "<html><head><meta charset=\"shift_jis\"></head><body><p>Ünïcödé text, written as UTF-8 and declared wrongly, as pages do.</p></body></html>"
        let result = try await readDocuments(["lie.html": utf8(page)])
        #expect(result.records.first?["text"]?.plainText.contains("Ünïcödé") == true)
        #expect(result.records.first?["encoding_source"] == "detected")
    }

    @Test func otherTypesAreSkippedNotErrorsAndLargeOnesDeadLettered() async throws {
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52]
        png += [UInt8](repeating: 0, count: 64)
        let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1] + [UInt8](repeating: 0, count: 120)
        let result = try await readDocuments([
            "image.png": png, "program": elf, "empty.txt": [], "big.txt": utf8(String(repeating: "word ", count: 400)), "ok.txt": utf8("fine"),
        ]) { $0.maxDocumentBytes = 1000 }
        #expect(Set(result.records.compactMap { $0["name"]?.plainText }) == ["empty.txt", "ok.txt"])
        #expect(result.records.first { $0["name"] == "empty.txt" }?["text"] == "")
        #expect(result.rejected.count == 1)
        #expect(result.rejected.first?.error.contains("larger than max_document_bytes (1000 bytes") == true)
        #expect(result.rejected.first?.code == .limitExceeded)
        #expect(result.notes["skipped image/png"] == 1)
        #expect(result.notes["skipped: larger than max_document_bytes"] == 1)
        #expect(result.notes.count == 3, "\(result.notes)")  // the image, the program, the large one
    }

    @Test func documentsInsideAZipAreNamedByArchiveAndEntry() async throws {
        let result = try await readDocuments(["a.html": utf8(Self.article), "sub/b.txt": utf8("text")], zipped: true)
        #expect(result.records.count == 2)
        let paths = result.records.compactMap { $0["path"]?.plainText }.sorted()
        #expect(paths.first?.hasSuffix("docs.zip!/docs/a.html") == true)
        #expect(paths.last?.hasSuffix("docs.zip!/docs/sub/b.txt") == true)
        #expect(result.records.contains { $0["name"] == "b.txt" })
    }

    @Test func languageFromScriptAndStopWords() {
        #expect(TextLanguage.detect("The market grew by a third in the year, and it is still growing.") == "en")
        #expect(TextLanguage.detect("国家广播电视总局发布的报告显示，市场规模达到504.4亿元。") == "zh")
        #expect(TextLanguage.detect("Der Markt wuchs im letzten Jahr um ein Drittel.") == "und")
        #expect(TextLanguage.detect("") == "und")
    }
}

@Suite("documents source: office files and EPUB")
struct OfficeDocumentTests {
    /// Writes a .docx, an .odt, an .epub, a damaged .docx and a zip bomb named .docx into
    /// `directory/docs` with Python's zipfile (what tools write: deflated zips of XML).
    static func writeFiles(into directory: TemporaryDirectory) throws {
        let script = #"""
        import sys, zipfile
        d = sys.argv[1]
        def z(name, members):
            with zipfile.ZipFile(d + '/' + name, 'w', zipfile.ZIP_DEFLATED) as f:
                for n, t in members: f.writestr(n, t)
        W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        z('report.docx', [
            ('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
            ('word/document.xml', '<?xml version="1.0"?><w:document ' + W + '><w:body><w:p><w:r><w:t>Market report</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">Revenue reached </w:t></w:r><w:r><w:t>50.4 billion yuan</w:t></w:r><w:r><w:tab/><w:t>in 2024.</w:t></w:r></w:p></w:body></w:document>'),
            ('docProps/core.xml', '<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>Annual report</dc:title><dc:creator>Ann Lee</dc:creator><dcterms:created>2025-01-02T03:04:05Z</dcterms:created></cp:coreProperties>'),
        ])
        with zipfile.ZipFile(d + '/notes.odt', 'w') as f:
            f.writestr(zipfile.ZipInfo('mimetype'), 'application/vnd.oasis.opendocument.text')
            f.writestr('content.xml', '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:h>Notes</text:h><text:p>First<text:s/>line<text:line-break/>second line</text:p></office:text></office:body></office:document-content>')
            f.writestr('meta.xml', '<?xml version="1.0"?><office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta><dc:title>Meeting notes</dc:title><meta:initial-creator>Li Lei</meta:initial-creator><meta:creation-date>2025-02-03T10:00:00</meta:creation-date></office:meta></office:document-meta>')
        with zipfile.ZipFile(d + '/book.epub', 'w') as f:
            f.writestr(zipfile.ZipInfo('mimetype'), 'application/epub+zip')
            f.writestr('META-INF/container.xml', '<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>')
            f.writestr('OEBPS/content.opf', '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>A small book</dc:title><dc:creator>Wang Fang</dc:creator><dc:language>en</dc:language></metadata><manifest><item id="c2" href="two.xhtml" media-type="application/xhtml+xml"/><item id="c1" href="one.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/><itemref idref="c2"/></spine></package>')
            f.writestr('OEBPS/one.xhtml', '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Chapter one.</p></body></html>')
            f.writestr('OEBPS/two.xhtml', '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Chapter two.</p></body></html>')
        z('bomb.docx', [('word/document.xml', '<w:document ' + W + '><w:body>' + 'x' * 30_000_000 + '</w:body></w:document>')])
        open(d + '/broken.docx', 'wb').write(open(d + '/report.docx', 'rb').read()[:200])
        """#
        try FileManager.default.createDirectory(atPath: directory.path + "/docs", withIntermediateDirectories: true)
        let run = try runProgram("/usr/bin/env", ["python3", "-c", script, directory.path + "/docs"])
        try #require(run.status == 0, "\(run.error)")
    }

    @Test func wordOpenDocumentAndEPUBWithTheirMetadata() async throws {
        let directory = TemporaryDirectory()
        try Self.writeFiles(into: directory)
        var configuration = DocumentsSource.Configuration(path: directory.path + "/docs")
        configuration.inputs.incremental = false
        configuration.maxDocumentBytes = 1 << 20
        let result = try await StageHarness.run(DocumentsSource(configuration: configuration, context: StageHarness.context(name: "docs")))
        let byName = Dictionary(uniqueKeysWithValues: result.records.map { ($0["name"]?.plainText ?? "", $0) })
        let docx = try #require(byName["report.docx"])
        #expect(docx["text"] == "Market report\n\nRevenue reached 50.4 billion yuan in 2024.")
        #expect(docx["title"] == "Annual report")
        #expect(docx["author"] == "Ann Lee")
        #expect(docx["published"] == .timestamp(Date(timeIntervalSince1970: 1_735_787_045)))
        #expect(docx["content_type"]?.plainText.contains("wordprocessingml") == true)
        let odt = try #require(byName["notes.odt"])
        #expect(odt["text"] == "Notes\n\nFirst line\nsecond line")
        #expect(odt["title"] == "Meeting notes")
        #expect(odt["author"] == "Li Lei")
        let epub = try #require(byName["book.epub"])
        #expect(epub["text"] == "Chapter one.\n\nChapter two.", "spine order, not manifest order")
        #expect(epub["title"] == "A small book")
        #expect(epub["author"] == "Wang Fang")
        #expect(epub["language"] == "en")
        // The zip bomb and the truncated file: dead letters that say why; the others still read.
        #expect(byName["bomb.docx"] == nil && byName["broken.docx"] == nil)
        let errors = result.rejected.map(\.error)
        #expect(errors.contains { $0.contains("bomb.docx") && $0.contains("zip bomb") })
        #expect(errors.contains { $0.contains("broken.docx") })
    }
}
