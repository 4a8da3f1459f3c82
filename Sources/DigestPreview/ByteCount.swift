/// Sizes as people read them: `812 bytes`, `14.2 kB` (powers of 1000, as mail quotas are).
enum ByteCount {
    /// `count` octets in words.
    static func format(_ count: Int) -> String {
        guard count >= 1000 else { return "\(count) bytes" }
        let tenths = (count * 10 + 500) / 1000
        guard tenths < 10_000 else { return "\((count + 500_000) / 1_000_000).\(((count + 50_000) / 100_000) % 10) MB" }
        return "\(tenths / 10).\(tenths % 10) kB"
    }
}
