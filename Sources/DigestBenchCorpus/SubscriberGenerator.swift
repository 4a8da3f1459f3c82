/// Writes a subscriber list (`email,name,topics`, topics separated by `;`): each reader
/// follows 1–4 of the listing's topics; about four in five have a non-ASCII name.
package struct SubscriberGenerator: Sendable {
    /// How many readers.
    package let count: Int
    /// The seed.
    package let seed: UInt64
    /// The topics readers choose from.
    package let topics: [String]

    /// Creates a generator of `count` readers following `topics`.
    package init(count: Int, seed: UInt64, topics: [String] = ListingGenerator.topics) {
        self.count = count
        self.seed = seed
        self.topics = topics
    }

    /// Generates the CSV, handing it on in chunks of about `chunkSize` bytes.
    package func write<Failure: Error>(
        chunkSize: Int = 1 << 20, to sink: (String) throws(Failure) -> Void
    ) throws(Failure) {
        var rng = SplitMix64(seed: seed ^ 0x5EED_CAFE)
        var buffer = "email,name,topics\n"
        for index in 0..<count {
            var first: (display: String, ascii: String)
            var last: (display: String, ascii: String)
            if rng.percent(80) {
                // Redraw until the name has a non-ASCII letter.
                repeat {
                    first = rng.pick(Vocabulary.firstNames)
                    last = rng.pick(Vocabulary.lastNames)
                } while (first.display + last.display).unicodeScalars.allSatisfy(\.isASCII)
            } else {
                first = rng.pick(Vocabulary.firstNames.filter { $0.display.unicodeScalars.allSatisfy(\.isASCII) })
                last = rng.pick(Vocabulary.lastNames.filter { $0.display.unicodeScalars.allSatisfy(\.isASCII) })
            }
            let name = rng.percent(5) ? "\"\(last.display), \(first.display)\"" : "\(first.display) \(last.display)"
            let email = "\(first.ascii).\(last.ascii).\(index)@\(rng.pick(Vocabulary.domains))"
            let chosen = rng.distinct(rng.inRange(1...4), of: topics.count).map { topics[$0] }
            buffer += "\(email),\(name),\(chosen.joined(separator: ";"))\n"
            if buffer.utf8.count >= chunkSize {
                try sink(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try sink(buffer)
    }

    /// The whole list as one string.
    package func text() -> String {
        var text = ""
        write { text += $0 }
        return text
    }
}
