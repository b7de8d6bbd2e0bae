/// exp and erf for 16 floats at once, for softmax and GELU, which call them for every
/// attention score and every feed-forward activation (libm's scalar calls would dominate).
typealias Float16x = SIMD16<Float>

enum VectorMath {
    private static let log2e: Float = 1.442_695_04
    // ln 2 split in two so that n·ln2 is exact for the integers n that occur.
    private static let ln2High: Float = 0.693_359_375
    private static let ln2Low: Float = -2.121_944_4e-4

    /// e^x with a relative error under 2e-7 for x in [-87, 88] (clamped outside).
    @inline(__always)
    static func exp(_ x: Float16x) -> Float16x {
        let x = x.clamped(lowerBound: Float16x(repeating: -87.3), upperBound: Float16x(repeating: 88.7))
        // x = n·ln2 + r with |r| ≤ ln2/2, so e^x = 2^n · e^r.
        let n = (x * log2e).rounded(.toNearestOrEven)
        let r = x - n * ln2High - n * ln2Low
        // Taylor series of e^r to degree 7: its error at |r| = 0.347 is 5e-9.
        var p = Float16x(repeating: 1 / 5040) + r * (1 / 40320)
        p = Float16x(repeating: 1 / 720) + r * p
        p = Float16x(repeating: 1 / 120) + r * p
        p = Float16x(repeating: 1 / 24) + r * p
        p = Float16x(repeating: 1 / 6) + r * p
        p = Float16x(repeating: 1 / 2) + r * p
        p = Float16x(repeating: 1) + r * p
        p = Float16x(repeating: 1) + r * p
        let exponent = (SIMD16<Int32>(n, rounding: .toNearestOrEven) &+ 127) &<< 23
        return p * unsafeBitCast(exponent, to: Float16x.self)
    }

    /// erf(x) by Abramowitz & Stegun 7.1.26; absolute error under 1.5e-7.
    @inline(__always)
    static func erf(_ x: Float16x) -> Float16x {
        let a = abs(x)
        let t = 1 / (1 + 0.327_591_1 * a)
        var p = Float16x(repeating: 1.061_405_429) * t - 1.453_152_027
        p = p * t + 1.421_413_741
        p = p * t - 0.284_496_736
        p = p * t + 0.254_829_592
        p = p * t
        let magnitude = 1 - p * exp(-a * a)
        return magnitude.replacing(with: -magnitude, where: x .< 0)
    }

    @inline(__always)
    static func abs(_ x: Float16x) -> Float16x {
        x.replacing(with: -x, where: x .< 0)
    }
}
