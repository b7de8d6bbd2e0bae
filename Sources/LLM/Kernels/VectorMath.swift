/// exp and erf made of multiplies, adds and bit moves, so that loops calling them vectorise.
/// Softmax and GELU call them for every attention score and every feed-forward activation,
/// where libm's scalar calls would cost more than the matrix products.
enum VectorMath {
    private static let log2e: Float = 1.442_695_04
    // ln 2 split in two so that n·ln2 is exact for the integers n that occur.
    private static let ln2High: Float = 0.693_359_375
    private static let ln2Low: Float = -2.121_944_4e-4
    // Adding 1.5·2^23 rounds a float to an integer and leaves that integer in the low bits.
    private static let roundingMagic: Float = 12_582_912

    /// e^x with a relative error under 3e-7 for x ≥ -87 (smaller x give about 1e-38, not 0).
    @inline(__always)
    static func exp(_ x: Float) -> Float {
        let x = min(max(x, -87.3), 88.7)
        // x = n·ln2 + r with |r| ≤ ln2/2, so e^x = 2^n · e^r.
        let shifted = x * log2e + roundingMagic
        let n = shifted - roundingMagic
        let r = x - n * ln2High - n * ln2Low
        // Taylor series of e^r to degree 7: its error at |r| = 0.347 is 5e-9.
        var p: Float = 1 / 5040 + r * (1 / 40320)
        p = 1 / 720 + r * p
        p = 1 / 120 + r * p
        p = 1 / 24 + r * p
        p = 1 / 6 + r * p
        p = 1 / 2 + r * p
        p = 1 + r * p
        p = 1 + r * p
        // 2^n from its bits: the low bits of `shifted` are n, so (n + 127) << 23 is its exponent field.
        return p * Float(bitPattern: (shifted.bitPattern &+ 127) &<< 23)
    }

    /// erf(x) by Abramowitz & Stegun 7.1.26; absolute error under 1.5e-7.
    @inline(__always)
    static func erf(_ x: Float) -> Float {
        let a = Swift.abs(x)
        let t = 1 / (1 + 0.327_591_1 * a)
        var p: Float = 1.061_405_429 * t - 1.453_152_027
        p = p * t + 1.421_413_741
        p = p * t - 0.284_496_736
        p = p * t + 0.254_829_592
        p = p * t
        let magnitude = 1 - p * exp(-a * a)
        return x < 0 ? -magnitude : magnitude
    }
}
