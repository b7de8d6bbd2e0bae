/// The keys and values of every position processed so far, in float16 as llama.cpp keeps them
/// (which halves the memory and is part of matching its logits).
///
/// Layout: (layers, KV heads, capacity, D) for each, so that attention reads one head's keys as
/// one sequential stream. Memory for positions not yet reached is never touched.
final class KVCache: @unchecked Sendable {  // written by the decoder between reads
    let layers: Int
    let heads: Int  // KV
    let capacity: Int  // positions
    let headWidth: Int  // D
    private let keys: UnsafeMutablePointer<Float16>
    private let values: UnsafeMutablePointer<Float16>

    init(layers: Int, heads: Int, capacity: Int, headWidth: Int) {
        (self.layers, self.heads, self.capacity, self.headWidth) = (layers, heads, capacity, headWidth)
        keys = .allocate(capacity: layers * heads * capacity * headWidth)
        values = .allocate(capacity: layers * heads * capacity * headWidth)
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    /// Layer `layer`'s keys of head `head` from position 0, one row of D per position.
    func keys(layer: Int, head: Int) -> UnsafeMutablePointer<Float16> { keys + (layer * heads + head) * capacity * headWidth }

    func values(layer: Int, head: Int) -> UnsafeMutablePointer<Float16> { values + (layer * heads + head) * capacity * headWidth }

    /// Stores `count` positions' keys and values, each (count, KV·D), from `position` on.
    func store(layer: Int, position: Int, count: Int, keys k: UnsafePointer<Float>, values v: UnsafePointer<Float>) {
        precondition(position >= 0 && position + count <= capacity)
        let D = headWidth
        for head in 0..<heads {
            let (keyRows, valueRows) = (keys(layer: layer, head: head) + position * D, values(layer: layer, head: head) + position * D)
            for t in 0..<count {
                for i in 0..<D {
                    keyRows[t * D + i] = Float16(k[(t * heads + head) * D + i])
                    valueRows[t * D + i] = Float16(v[(t * heads + head) * D + i])
                }
            }
        }
    }
}
