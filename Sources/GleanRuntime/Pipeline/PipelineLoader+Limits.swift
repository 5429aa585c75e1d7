import Yams

extension PipelineLoader {
    /// Most YAML nodes a pipeline file may expand to, aliases expanded (every use of an anchor
    /// counts its whole subtree again). A pipeline of 20,000 stages is about 200,000 nodes.
    static let maximumExpandedNodes = 2_000_000
    /// Most bytes of scalar text the file may expand to, aliases expanded: a long value aliased
    /// a million times is as much a bomb as a million nodes.
    static let maximumExpandedBytes = 64 << 20

    /// Why the tree is too large once its aliases are expanded, or nil. An "alias bomb" (a few
    /// hundred bytes whose aliases nest, a billion nodes expanded) is refused before anything
    /// walks the tree, in milliseconds: the count stops at the first limit passed, and uses its
    /// own stack. Yams shares an aliased node between its uses, so composing is cheap; it is
    /// every later walk (interpolation, validation, decoding) that would expand it, so this check
    /// runs between composing and any of them.
    static func expansionProblem(_ root: Node, maximumNodes: Int = maximumExpandedNodes, maximumBytes: Int = maximumExpandedBytes) -> String? {
        var (nodes, bytes) = (0, 0)
        var pending: [Node] = [root]
        while let node = pending.popLast() {
            nodes += 1
            if nodes > maximumNodes {
                return "the file expands to more than \(maximumNodes) YAML nodes once its aliases (*name) are expanded; use fewer nested aliases"
            }
            switch node {
            case .scalar(let scalar):
                bytes += scalar.string.utf8.count
                if bytes > maximumBytes {
                    return "the file expands to more than \(maximumBytes >> 20) MiB of text once its aliases (*name) are expanded; use fewer aliases of long values"
                }
            case .alias: break
            case .sequence(let sequence): pending.append(contentsOf: sequence)
            case .mapping(let mapping):
                for (key, value) in mapping {
                    pending.append(key)
                    pending.append(value)
                }
            }
        }
        return nil
    }
}
