import GleanCore

/// The feed items a source has emitted in earlier runs: id → content hash, oldest first, at most
/// `capacity` of them. Stored in the pipeline state as `{"items": [[id, hash], …]}`.
struct SeenItems {
    private var hashes: [String: String] = [:]
    private var order: [String] = []
    let capacity: Int

    init(state: Value?, capacity: Int) {
        self.capacity = capacity
        guard case .array(let pairs)? = state?.objectValue?["items"] else { return }
        for pair in pairs {
            guard case .array(let parts) = pair, parts.count == 2, case .string(let id) = parts[0], case .string(let hash) = parts[1] else { continue }
            if hashes.updateValue(hash, forKey: id) == nil { order.append(id) }
        }
    }

    enum Verdict { case new, changed, unchanged }

    /// Classifies an item and remembers it.
    mutating func check(id: String, hash: String) -> Verdict {
        if let previous = hashes[id] {
            if previous == hash { return .unchanged }
            hashes[id] = hash
            return .changed
        }
        hashes[id] = hash
        order.append(id)
        if order.count > capacity {
            let overflow = order.count - capacity
            for old in order.prefix(overflow) { hashes.removeValue(forKey: old) }
            order.removeFirst(overflow)
        }
        return .new
    }

    /// The state value to save.
    var state: Value {
        .object(["items": .array(order.map { .array([.string($0), .string(hashes[$0]!)]) })])
    }
}
