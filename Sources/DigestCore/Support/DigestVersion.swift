/// The version of digest, as `--version` prints it and the `User-Agent` of feed requests names it.
package enum DigestVersion {
    /// `major.minor.patch`.
    package static let current = "0.1.0"
}
