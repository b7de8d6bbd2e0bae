/// The keys and values of every position processed so far, per layer, in float16 as llama.cpp
/// keeps them (which halves the memory and is part of matching its logits).
/// Layout: (layers, capacity, KV·D) for each; memory for positions not yet reached is never touched.
final class KVCache: @unchecked Sendable {  // written by the decoder between reads
    let layers: Int
    let capacity: Int  // positions
    let width: Int  // KV·D
    private let keys: UnsafeMutablePointer<Float16>
    private let values: UnsafeMutablePointer<Float16>

    init(layers: Int, capacity: Int, width: Int) {
        self.layers = layers
        self.capacity = capacity
        self.width = width
        keys = .allocate(capacity: layers * capacity * width)
        values = .allocate(capacity: layers * capacity * width)
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    /// Layer `layer`'s keys from position 0, one row of KV·D per position.
    func keys(layer: Int) -> UnsafeMutablePointer<Float16> { keys + layer * capacity * width }

    func values(layer: Int) -> UnsafeMutablePointer<Float16> { values + layer * capacity * width }

    /// Stores `count` positions' keys and values (count, KV·D) from `position` on.
    func store(layer: Int, position: Int, count: Int, keys k: UnsafePointer<Float>, values v: UnsafePointer<Float>) {
        precondition(position >= 0 && position + count <= capacity)
        let (keyRows, valueRows) = (keys(layer: layer) + position * width, values(layer: layer) + position * width)
        for i in 0..<count * width {
            keyRows[i] = Float16(k[i])
            valueRows[i] = Float16(v[i])
        }
    }
}
