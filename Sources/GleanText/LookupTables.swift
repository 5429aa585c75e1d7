/// Read-only lookup tables for the extractor's word lists and scalar lists, hashed with one
/// multiplication. Swift's `Set` and `Dictionary` hash every key with SipHash and a per-process
/// seed; on article text those lookups were about a tenth of the extraction time (measured with
/// perf). Words of up to 12 lowercase ASCII letters are packed into an integer (as
/// ``ScalarText/packedWord(at:)`` packs them); other words fall back to a `Dictionary`, so
/// every lookup answers exactly as a `Set`/`Dictionary` of the same strings would.
package struct PackedTable<Value: Sendable>: Sendable {
    private var keys: [UInt64]
    private var values: [Value?]
    private let shift: UInt64
    private let mask: Int

    package init(_ pairs: [(UInt64, Value)]) {
        var bits = 3
        while (1 << bits) < pairs.count * 2 { bits += 1 }
        shift = UInt64(64 - bits)
        mask = (1 << bits) - 1
        keys = [UInt64](repeating: 0, count: 1 << bits)
        values = [Value?](repeating: nil, count: 1 << bits)
        for (key, value) in pairs {
            var slot = self.slot(key)
            while values[slot] != nil, keys[slot] != key { slot = (slot + 1) & mask }
            keys[slot] = key
            values[slot] = value
        }
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    @inline(__always)
    package subscript(key: UInt64) -> Value? {
        var slot = self.slot(key)
        while let value = values[slot] {
            if keys[slot] == key { return value }
            slot = (slot + 1) & mask
        }
        return nil
    }
}

/// A word list (``PackedTable`` for short lowercase words, a `Dictionary` for the rest).
package struct WordTable<Value: Sendable>: Sendable, ExpressibleByDictionaryLiteral {
    private let packed: PackedTable<Value>
    private let others: [String: Value]
    /// The words, in the order given.
    package let keys: [String]

    package init(_ pairs: [(String, Value)]) {
        var packable: [(UInt64, Value)] = []
        var others: [String: Value] = [:]
        for (word, value) in pairs {
            if let key = Self.key(word) { packable.append((key, value)) } else { others[word] = value }
        }
        packed = PackedTable(packable)
        self.others = others
        keys = pairs.map(\.0)
    }

    package init(dictionaryLiteral elements: (String, Value)...) { self.init(elements) }

    package subscript(word: String) -> Value? {
        if let key = Self.key(word) { return packed[key] }
        return others[word]
    }

    /// The value of a word given packed (``ScalarText/packedWord(at:)``), without a string.
    @inline(__always)
    package subscript(packed key: UInt64) -> Value? { packed[key] }

    /// `word` packed, when it is 1 to 12 lowercase ASCII letters.
    @inline(__always)
    package static func key(_ word: String) -> UInt64? {
        let count = word.utf8.count
        guard count > 0, count <= 12 else { return nil }
        // Over the contiguous bytes (native and small strings have them): iterating the view
        // byte by byte was most of a lookup's time.
        if let key = word.utf8.withContiguousStorageIfAvailable({ key(bytes: $0) }) { return key }
        var copy = word
        return copy.withUTF8 { key(bytes: $0) }
    }

    @inline(__always)
    private static func key(bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        var key: UInt64 = 0
        for byte in bytes {
            guard byte >= 0x61, byte <= 0x7A else { return nil }
            key = key << 5 | UInt64(byte - 0x60)
        }
        return key
    }
}

/// A set of words (see ``WordTable``).
package struct WordSet: Sendable, ExpressibleByArrayLiteral {
    private let table: WordTable<Bool>

    package init(_ words: [String]) { table = WordTable(words.map { ($0, true) }) }
    package init(arrayLiteral elements: String...) { self.init(elements) }

    package func contains(_ word: String) -> Bool { table[word] != nil }

    /// Whether the text has one of the words at `i` (a whole word, any case; no string built
    /// when it is short ASCII).
    package func contains(wordAt i: Int, in text: ScalarText) -> (found: Bool, end: Int)? {
        if let packed = text.packedWord(at: i) { return (table[packed: packed.key] != nil, packed.end) }
        guard let (word, end) = text.word(at: i) else { return nil }
        return (contains(word), end)
    }
    /// The words, in the order given.
    package var words: [String] { table.keys }
}

/// A table keyed by Unicode scalars (see ``PackedTable``).
package struct ScalarTable<Value: Sendable>: Sendable, ExpressibleByDictionaryLiteral {
    private let table: PackedTable<Value>

    package init(_ pairs: [(Unicode.Scalar, Value)]) { table = PackedTable(pairs.map { (UInt64($0.0.value), $0.1) }) }
    package init(dictionaryLiteral elements: (Unicode.Scalar, Value)...) { self.init(elements) }

    @inline(__always)
    package subscript(scalar: Unicode.Scalar) -> Value? { table[UInt64(scalar.value)] }
}

/// A set of Unicode scalars (see ``PackedTable``).
package struct ScalarSet: Sendable, ExpressibleByArrayLiteral {
    private let table: ScalarTable<Bool>

    package init(_ scalars: [Unicode.Scalar]) { table = ScalarTable(scalars.map { ($0, true) }) }
    package init(arrayLiteral elements: Unicode.Scalar...) { self.init(elements) }

    @inline(__always)
    package func contains(_ scalar: Unicode.Scalar) -> Bool { table[scalar] != nil }
}

/// A set of packed words (keys of ``ScalarText/packedWord(at:)``; see ``PackedTable``).
package struct PackedSet: Sendable {
    private let table: PackedTable<Bool>

    package init<S: Sequence<UInt64>>(_ keys: S) { table = PackedTable(keys.map { ($0, true) }) }

    @inline(__always)
    package func contains(_ key: UInt64) -> Bool { table[key] != nil }
}
