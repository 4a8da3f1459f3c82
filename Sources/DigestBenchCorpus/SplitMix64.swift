/// A small, fast pseudo-random generator with a fixed algorithm (Steele, Lea and Flood's
/// SplitMix64), so the same seed gives the same corpus on every machine and Swift version.
package struct SplitMix64: Sendable {
    private var state: UInt64

    /// Creates a generator from `seed`.
    package init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<count` (`count` > 0); the modulo bias is negligible for small counts.
    package mutating func below(_ count: Int) -> Int {
        precondition(count > 0, "below(_:) needs a positive count")
        return Int(next() % UInt64(count))
    }

    /// A number in `range`.
    package mutating func inRange(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.count)
    }

    /// True with probability `percent` / 100.
    package mutating func percent(_ percent: Int) -> Bool {
        below(100) < percent
    }

    /// One element of a non-empty array.
    package mutating func pick<Element>(_ elements: [Element]) -> Element {
        elements[below(elements.count)]
    }

    /// `count` distinct indices of `0..<total`, in random order.
    package mutating func distinct(_ count: Int, of total: Int) -> [Int] {
        var pool = Array(0..<total)
        for index in 0..<min(count, total) {
            pool.swapAt(index, index + below(total - index))
        }
        return Array(pool.prefix(count))
    }
}
