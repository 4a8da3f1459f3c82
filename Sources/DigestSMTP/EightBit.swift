/// Whether a message has a byte above 127 (then it goes with `BODY=8BITMIME`).
enum EightBit {
    /// Whether any byte of `bytes` has its high bit set, looking at eight bytes at a time.
    static func occurs(in bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            let words = raw.count / 8
            var combined: UInt64 = 0
            for index in 0..<words {
                combined |= raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)
            }
            for index in (words * 8)..<raw.count { combined |= UInt64(raw[index]) }
            return combined & 0x8080_8080_8080_8080 != 0
        }
    }
}
