/// Sizes as people read them.
enum ByteCount {
    /// `count` octets in words, in powers of 1000 as mail quotas are: `812 bytes`, `14.2 kB`.
    static func format(_ count: Int) -> String {
        guard count >= 1000 else { return "\(count) bytes" }
        let tenths = (count * 10 + 500) / 1000
        guard tenths < 10_000 else { return "\((count + 500_000) / 1_000_000).\(((count + 50_000) / 100_000) % 10) MB" }
        return "\(tenths / 10).\(tenths % 10) kB"
    }

    /// `count` octets in kilobytes of 1,024, with one decimal, as Gmail's "102 KB" clipping
    /// limit and `html-budget:` are counted: `48.2 KB`; a whole number of them without the
    /// decimal (`100 KB`).
    static func kilobytes(_ count: Int) -> String {
        let tenths = (count * 10 + 512) / 1024
        return tenths % 10 == 0 ? "\(tenths / 10) KB" : "\(tenths / 10).\(tenths % 10) KB"
    }
}
