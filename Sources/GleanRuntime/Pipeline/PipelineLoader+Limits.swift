import Yams

extension PipelineLoader {
    /// Most YAML nodes a pipeline file may expand to, aliases expanded (every use of an anchor
    /// counts its whole subtree again). A pipeline of 20,000 stages is about 200,000 nodes; an
    /// "alias bomb" (a few hundred bytes whose aliases nest, a billion nodes expanded) is refused
    /// before anything walks the tree, with this error, in milliseconds.
    static let maximumExpandedNodes = 2_000_000

    /// The tree's size with aliases expanded, counted without recursion and given up past
    /// `limit` (returns `limit + 1` then). Yams shares an aliased node between its uses, so
    /// composing is cheap; it is every later walk (interpolation, validation, decoding) that
    /// would expand it, so this check runs between composing and any of them.
    static func expandedSize(of root: Node, limit: Int) -> Int {
        var count = 0
        var pending: [Node] = [root]
        while let node = pending.popLast() {
            count += 1
            if count > limit { return count }
            switch node {
            case .scalar, .alias: break
            case .sequence(let sequence): pending.append(contentsOf: sequence)
            case .mapping(let mapping):
                for (key, value) in mapping {
                    pending.append(key)
                    pending.append(value)
                }
            }
        }
        return count
    }
}
