import GleanCore
import GleanInputs
import GleanTesting
import Testing

/// Entry names in UTF-8, GBK and CP437, and the checks on them.
@Suite("Archive reader: entry names")
struct EntryNameTests {
    @Test func zipNamesInUTF8GBKAndCP437AreDecoded() throws {
        let directory = TemporaryDirectory()
        // Python flags non-ASCII names as UTF-8; the legacy names are written as ASCII placeholders
        // and patched into the local and central headers (zip does not checksum names).
        try Fixtures.python(
            """
            with zipfile.ZipFile('names.zip', 'w') as z:
                z.writestr('报告/数据.json', 'utf8')
                z.writestr('docs/QQQQ.txt', 'gbk')
                z.writestr('Xrger.txt', 'cp437')
            raw = open('names.zip', 'rb').read()
            raw = raw.replace(b'QQQQ', '中文'.encode('gbk')).replace(b'Xrger', 'Ärger'.encode('cp437'))
            open('names.zip', 'wb').write(raw)
            """, in: directory)
        let read = Collected(.path(directory.path + "/names.zip"), location: "names.zip")
        #expect(read.error == nil)
        #expect(read.locations == ["names.zip!/报告/数据.json", "names.zip!/docs/中文.txt", "names.zip!/Ärger.txt"])
        #expect(read.text("names.zip!/docs/中文.txt") == "gbk")
    }

    @Test func tarNamesInGBKAreDecoded() throws {
        let directory = TemporaryDirectory()
        try Fixtures.python(
            """
            with tarfile.open('gbk.tar', 'w', format=tarfile.GNU_FORMAT, encoding='gbk') as t:
                tar_add(t, '报告/数据.json', b'{}')
            """, in: directory)
        let read = Collected(.path(directory.path + "/gbk.tar"), location: "gbk.tar")
        #expect(read.locations == ["gbk.tar!/报告/数据.json"])
    }

    @Test(arguments: [
        ([0x68, 0x69], "hi"),
        (Array("数据".utf8), "数据"),
        ([0xD6, 0xD0, 0xCE, 0xC4], "中文"),
        ([0x8E, 0x72, 0x67, 0x65, 0x72], "Ärger"),
        ([0x63, 0x61, 0x66, 0x82], "café"),
        ([0xD6, 0xD0, 0x41], "中A"),
        ([0xD6], "╓"),
    ] as [([UInt8], String)])
    func decodingFallsBackFromUTF8ToGBKToCP437(bytes: [UInt8], expected: String) {
        #expect(EntryName.decode(bytes) == expected)
    }

    @Test(arguments: [
        ("a/b.json", nil), ("./a", nil), ("a..b/c", nil), ("..a", nil),
        ("/etc/passwd", "absolute"), ("\\\\server\\share", "absolute"), ("C:\\x", "drive letter"), ("c:/x", "drive letter"),
        ("..", "'..'"), ("a/../b", "'..'"), ("a\\..\\b", "'..'"), ("", "empty"),
    ] as [(String, String?)])
    func unsafeNamesAreFound(name: String, reason: String?) {
        let found = EntryName.unsafeReason(name)
        if let reason {
            #expect(found?.contains(reason) == true, "\(name): \(String(describing: found))")
        } else {
            #expect(found == nil, "\(name): \(String(describing: found))")
        }
    }

    @Test func leadingDotSlashIsTrimmed() {
        #expect(EntryName.trimmed("././a/b") == "a/b")
        #expect(EntryName.trimmed("a/./b") == "a/./b")
    }
}
