extension DigestBuild {
    /// Reads every item of every source (not only the window's) and explains the selection:
    /// one decision per item read, and one per malformed item skipped.
    ///
    /// - Parameter following: a reader's topics (lower-cased), or nil for every topic.
    /// - Throws: ``DigestError`` when a source cannot be read, or on the first malformed item
    ///   in strict mode.
    package func explain(following: Set<String>? = nil) throws(DigestError) -> SelectionReport {
        let reading = try Self.readAll(settings.sources, strict: settings.strict) { (source) throws(DigestError) in
            try source.read()
        }
        return settings.selection.explain(items: reading.items, diagnostics: reading.diagnostics, following: following)
    }
}

extension DigestBuild {
    /// Reads the window's items and selects them, without rendering: what a build would put in
    /// its digest, and the items the sources skipped.
    ///
    /// - Parameter following: a reader's topics (lower-cased), or nil for every topic.
    /// - Throws: ``DigestError`` when a source cannot be read, or on the first malformed item
    ///   in strict mode.
    package func select(following: Set<String>? = nil) throws(DigestError) -> (
        digest: Digest, diagnostics: [Diagnostic]
    ) {
        let reading = try readSources()
        return (settings.selection.digest(from: reading.items, following: following), reading.diagnostics)
    }
}
