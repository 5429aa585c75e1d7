/// Line and column of a byte offset in UTF-8 text, for error messages (`file:12:7`).
public enum TextPosition {
    /// The 1-based line and column (in Unicode scalars) of `offset` within `bytes`, where `bytes`
    /// starts at line `firstLine`, column `firstColumn`.
    public static func of(offset: Int, in bytes: UnsafeRawBufferPointer, firstLine: Int = 1, firstColumn: Int = 1) -> (line: Int, column: Int) {
        var line = firstLine
        var column = firstColumn
        for i in 0..<min(offset, bytes.count) {
            let byte = bytes[i]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}
