extension StateStore {
    /// The suppressed addresses, trimmed and lower-cased: the readers a personal build leaves out.
    public func suppressedAddresses() throws(DigestError) -> Set<String> {
        Set(try suppressions().map { StateStore.key($0.address) })
    }
}
