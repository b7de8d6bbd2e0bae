/// Cosine similarity of two of the embedder's vectors, which are L2-normalised: their dot product.
func cosine(_ a: [Float], _ b: [Float]) -> Double {
    var sum: Float = 0
    for i in a.indices { sum += a[i] * b[i] }
    return Double(sum)
}
