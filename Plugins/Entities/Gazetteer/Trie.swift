import Foundation
import GleanText

/// A trie over UTF-16 code units, nodes numbered breadth first so that a node's children are
/// consecutive and sorted by label: a child is found by binary search, no pointers are stored,
/// and the shipped gazetteer loads by copying three arrays (`scripts/build-gazetteers.py`
/// writes the same layout). Hand-written because no Swift package offers a serialisable trie,
/// and a `Dictionary` of 30,000 names would be rebuilt at every start.
package struct Trie: Sendable {
    /// `first[i]..<first[i + 1]` are the children of node `i`.
    private let first: [UInt32]
    private let labels: [UInt16]
    /// The value of the name that ends at a node; 0 when none does.
    package let values: [UInt32]

    init(first: [UInt32], labels: [UInt16], values: [UInt32]) {
        self.first = first
        self.labels = labels
        self.values = values
    }

    /// A trie of `entries` (name → non-zero value), built at run time (user dictionaries).
    package init(_ entries: [String: UInt32]) {
        final class Node { var children: [UInt16: Node] = [:]; var value: UInt32 = 0 }
        let root = Node()
        for (name, value) in entries where value != 0 {
            var node = root
            for unit in name.utf16 {
                if let next = node.children[unit] { node = next } else { let next = Node(); node.children[unit] = next; node = next }
            }
            node.value = value
        }
        var first: [UInt32] = [], labels: [UInt16] = [0], values: [UInt32] = [0]
        var queue = [root], head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            first.append(UInt32(labels.count))
            for label in node.children.keys.sorted() {
                let child = node.children[label]!
                labels.append(label)
                values.append(child.value)
                queue.append(child)
            }
        }
        first.append(UInt32(labels.count))
        self.init(first: first, labels: labels, values: values)
    }

    /// The child of `node` labelled `label`.
    @inline(__always)
    func child(of node: Int, _ label: UInt16) -> Int? {
        var low = Int(first[node]), high = Int(first[node + 1])
        while low < high {
            let mid = (low + high) >> 1
            let found = labels[mid]
            if found == label { return mid }
            if found < label { low = mid + 1 } else { high = mid }
        }
        return nil
    }

    /// The value of exactly `name`, or nil.
    package func value(of name: some StringProtocol) -> UInt32? {
        var node = 0
        for unit in name.utf16 {
            guard let next = child(of: node, unit) else { return nil }
            node = next
        }
        return values[node] == 0 ? nil : values[node]
    }

    /// The value of exactly `text[range]`, or nil.
    package func value(ofScalars text: ScalarText, _ range: Range<Int>) -> UInt32? {
        var node = 0
        for i in range {
            let v = text.scalars[i].value
            guard v <= 0xFFFF, let next = child(of: node, UInt16(v)) else { return nil }
            node = next
        }
        return values[node] == 0 ? nil : values[node]
    }

    /// Every name that starts at scalar `start` of `text` and ends before `limit`, shortest
    /// first: `body(end, value)`. Stops at a scalar outside the BMP (no name holds one).
    @inline(__always)
    package func prefixes(of text: ScalarText, from start: Int, limit: Int, _ body: (Int, UInt32) -> Void) {
        var node = 0
        var i = start
        while i < limit {
            let v = text.scalars[i].value
            guard v <= 0xFFFF, let next = child(of: node, UInt16(v)) else { return }
            node = next
            i += 1
            if values[node] != 0 { body(i, values[node]) }
        }
    }

    /// The longest name that starts at scalar `start`, or nil.
    package func longest(in text: ScalarText, from start: Int, limit: Int) -> (end: Int, value: UInt32)? {
        var best: (Int, UInt32)?
        prefixes(of: text, from: start, limit: limit) { best = ($0, $1) }
        return best
    }
}

extension Trie {
    /// Reads the serialised form (see `scripts/build-gazetteers.py`); the canonical-name pairs
    /// that follow the trie are returned beside it.
    static func load(_ data: Data) throws -> (Trie, [String: String]) {
        struct Corrupt: Error, CustomStringConvertible { var description: String }
        return try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var offset = 0
            func read<T: FixedWidthInteger>(_: T.Type) throws -> T {
                guard offset + MemoryLayout<T>.size <= raw.count else { throw Corrupt(description: "gazetteer ends early at byte \(offset)") }
                let value = T(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: T.self))
                offset += MemoryLayout<T>.size
                return value
            }
            guard raw.count >= 12, Array(raw[0..<8]) == Array("GLTRIE02".utf8) else { throw Corrupt(description: "not a Glean gazetteer (magic GLTRIE02 missing)") }
            offset = 8
            let count = Int(try read(UInt32.self))
            guard count > 0, count < 50_000_000, 12 + (count + 1) * 4 + count * 4 <= raw.count else { throw Corrupt(description: "gazetteer node count \(count) does not fit the file") }
            var first = [UInt32](repeating: 0, count: count + 1)
            for i in 0...count { first[i] = try read(UInt32.self) }
            var labels = [UInt16](repeating: 0, count: count)
            for i in 0..<count { labels[i] = try read(UInt16.self) }
            var values = [UInt32](repeating: 0, count: count)
            for i in 0..<count { values[i] = UInt32(try read(UInt16.self)) }
            for i in 0..<count where first[i] > first[i + 1] || first[i + 1] > UInt32(count) {
                throw Corrupt(description: "gazetteer node \(i) has children out of range")
            }
            var canonical: [String: String] = [:]
            let pairs = Int(try read(UInt32.self))
            let bytes = raw[offset...]
            var parts = bytes.split(separator: 0, omittingEmptySubsequences: false).makeIterator()
            for _ in 0..<pairs {
                guard let alias = parts.next(), let name = parts.next() else { throw Corrupt(description: "gazetteer aliases end early") }
                canonical[String(decoding: alias, as: UTF8.self)] = String(decoding: name, as: UTF8.self)
            }
            return (Trie(first: first, labels: labels, values: values), canonical)
        }
    }
}
