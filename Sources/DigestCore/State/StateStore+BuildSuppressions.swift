import Foundation

extension StateStore {
    /// The suppressed addresses, trimmed and lower-cased: the readers a personal build leaves out.
    package func suppressedAddresses() throws(DigestError) -> Set<String> {
        Set(try suppressions().map { StateStore.key($0.address) })
    }

    /// The suppressed addresses (lower-cased) of the state file at `path`, or none when the
    /// output folder has no state yet; nothing is created (for a preview).
    ///
    /// A folder that once had a state file but lost it is an error (``DigestError/stateMissing(path:marker:)``),
    /// so a lost file never brings back readers who unsubscribed.
    /// - Parameters:
    ///   - path: the state file (`state:` in digest.yml, else `digest.sqlite` in `folder`).
    ///   - folder: the output folder.
    package static func suppressedAddresses(stateFile path: String, messages folder: String) throws(DigestError)
        -> Set<String>
    {
        let marker = (folder.hasSuffix("/") ? folder : folder + "/") + markerName
        guard FileManager.default.fileExists(atPath: path) || FileManager.default.fileExists(atPath: marker) else {
            return []
        }
        return try open(at: path, messages: folder).suppressedAddresses()
    }
}
