/// The search for the next byte that matters to the CSV parser, 16 bytes at a time.
///
/// Written by hand because it is where CSV parsing spends its time: `Benchmarks/csv.sh` compares
/// the parser with polars and DuckDB, and a byte-at-a-time loop is several times slower than
/// comparing a whole SIMD vector against each wanted byte and taking the first lane that matched.
struct ByteScan {
    private let a: SIMD16<UInt8>
    private let b: SIMD16<UInt8>
    private let c: SIMD16<UInt8>
    private let d: SIMD16<UInt8>
    private let wanted: (UInt8, UInt8, UInt8, UInt8)

    /// A search for any of up to four bytes (repeat one to search for fewer).
    init(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8, _ b3: UInt8) {
        a = SIMD16(repeating: b0)
        b = SIMD16(repeating: b1)
        c = SIMD16(repeating: b2)
        d = SIMD16(repeating: b3)
        wanted = (b0, b1, b2, b3)
    }

    /// The index of the first wanted byte in `base[from..<to]`, or `to`.
    @inline(__always)
    func first(in base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        var i = from
        while i + 16 <= to {
            let v = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD16<UInt8>.self)
            let hit = (v .== a) .| (v .== b) .| (v .== c) .| (v .== d)
            if any(hit) {
                let lanes = SIMD16<UInt8>(repeating: 0).replacing(with: 0xFF, where: hit)
                let words = unsafeBitCast(lanes, to: (UInt64, UInt64).self)
                if words.0 != 0 { return i + words.0.littleEndian.trailingZeroBitCount / 8 }
                return i + 8 + words.1.littleEndian.trailingZeroBitCount / 8
            }
            i += 16
        }
        while i < to {
            let byte = base[i]
            if byte == wanted.0 || byte == wanted.1 || byte == wanted.2 || byte == wanted.3 { return i }
            i += 1
        }
        return to
    }
}
