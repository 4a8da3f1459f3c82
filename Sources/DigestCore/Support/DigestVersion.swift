/// The version of digest, as `--version` prints it and the `User-Agent` of feed requests names it.
public enum DigestVersion {
    /// `major.minor.patch`.
    public static let current = "0.1.0"
}
