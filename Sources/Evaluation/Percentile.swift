/// The one percentile every report of rag uses (latencies, answer lengths): the value at the
/// nearest rank, with the rank interpolated over 0…n−1 and rounded, so that p50 of an odd count is
/// its median and p100 its largest value. 0 for no values.
public func percentile(_ values: [Double], _ p: Double) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count - 1) * p).rounded())))]
}
