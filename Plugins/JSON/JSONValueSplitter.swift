/// Cuts a stream of JSON bytes into top-level values (document mode) or the elements of one
/// top-level array (array mode), without parsing them, so each can be parsed on its own in
/// bounded memory. A small state machine over bytes: string and escape state, nesting depth.
///
/// It does not validate: an element with a syntax error is still cut where its brackets say, and
/// the parser reports the error with its position. An element larger than `maximumBytes` is
/// skipped and reported as a problem (its first bytes are kept for the dead letter).
package struct JSONValueSplitter {
    /// One cut value: its bytes, where it starts, and a problem when it could not be cut cleanly.
    package struct Element {
        package var bytes: [UInt8]
        package var line: Int
        package var column: Int
        package var offset: Int64
        package var index: Int
        package var problem: String?
    }

    let topLevelArray: Bool
    let maximumBytes: Int

    private var depth = 0
    private var inString = false
    private var escaped = false
    private var collecting = false
    private var oversized = false
    private var current: [UInt8] = []
    private var start = (line: 1, column: 1, offset: Int64(0))
    private var line = 1
    private var column = 1
    private var offset: Int64 = 0
    private var index = 0
    private var arrayOpened = false
    private var arrayClosed = false
    private var junkReported = false

    package init(topLevelArray: Bool, maximumBytes: Int) {
        self.topLevelArray = topLevelArray
        self.maximumBytes = maximumBytes
    }

    /// The depth at which elements start: 1 inside the top-level array, 0 in document mode.
    private var baseDepth: Int { topLevelArray ? 1 : 0 }

    package mutating func feed(_ bytes: UnsafeRawBufferPointer, _ emit: (Element) -> Void) {
        for byte in bytes {
            step(byte, emit)
            offset += 1
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
    }

    /// Reports an element left open at end of input.
    package mutating func finish(_ emit: (Element) -> Void) {
        if collecting {
            if depth > baseDepth || inString {
                endElement(emit, problem: "unexpected end of input: the value starting here is not closed")
            } else {
                endElement(emit, problem: nil)
            }
        }
        if topLevelArray, arrayOpened, !arrayClosed {
            emit(Element(bytes: [], line: line, column: column, offset: offset, index: index, problem: "unexpected end of input: the top-level array is not closed with ']'"))
        }
    }

    private mutating func append(_ byte: UInt8) {
        guard !oversized else { return }
        if current.count >= maximumBytes {
            oversized = true
            return
        }
        current.append(byte)
    }

    private mutating func beginElement() {
        collecting = true
        oversized = false
        current.removeAll(keepingCapacity: true)
        start = (line, column, offset)
    }

    private mutating func endElement(_ emit: (Element) -> Void, problem: String?) {
        collecting = false
        var problem = problem
        var bytes = current
        if oversized {
            problem = "value longer than max_record_bytes (\(maximumBytes) bytes); only its start is kept here"
            bytes = Array(current.prefix(1024))
        }
        emit(Element(bytes: bytes, line: start.line, column: start.column, offset: start.offset, index: index, problem: problem))
        index += 1
        if current.capacity > 1 << 20 { current = [] } else { current.removeAll(keepingCapacity: true) }
    }

    private mutating func step(_ byte: UInt8, _ emit: (Element) -> Void) {
        if inString {
            append(byte)
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                inString = false
                if depth == baseDepth, !topLevelArray { endElement(emit, problem: nil) }
            }
            return
        }
        let isSpace = byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
        if topLevelArray, !arrayOpened {
            if isSpace || (offset < 3 && [0xEF, 0xBB, 0xBF].contains(byte)) { return }
            if byte == UInt8(ascii: "[") {
                arrayOpened = true
                depth = 1
            } else if !junkReported {
                junkReported = true
                emit(Element(bytes: [byte], line: line, column: column, offset: offset, index: index, problem: "expected '[' to open the top-level array"))
            }
            return
        }
        if topLevelArray, arrayClosed {
            if !isSpace, !junkReported {
                junkReported = true
                emit(Element(bytes: [byte], line: line, column: column, offset: offset, index: index, problem: "unexpected data after the top-level array"))
            }
            return
        }
        if depth == baseDepth, !collecting {
            // Between elements.
            if isSpace || (!topLevelArray && offset < 3 && [0xEF, 0xBB, 0xBF].contains(byte)) { return }
            if topLevelArray, byte == UInt8(ascii: ",") { return }
            if topLevelArray, byte == UInt8(ascii: "]") {
                arrayClosed = true
                depth = 0
                return
            }
            beginElement()
        }
        switch byte {
        case UInt8(ascii: "\""):
            inString = true
            append(byte)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            depth += 1
            append(byte)
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            if depth == baseDepth {
                // A closer while a scalar element is open: the array ends (array mode) or junk.
                endElement(emit, problem: nil)
                if topLevelArray, byte == UInt8(ascii: "]") {
                    arrayClosed = true
                    depth = 0
                }
                return
            }
            depth -= 1
            append(byte)
            if depth == baseDepth { endElement(emit, problem: nil) }
        case UInt8(ascii: ","):
            if depth == baseDepth {
                endElement(emit, problem: nil)
            } else {
                append(byte)
            }
        default:
            if isSpace, depth == baseDepth {
                endElement(emit, problem: nil)  // end of a top-level scalar
            } else {
                append(byte)
            }
        }
    }
}
