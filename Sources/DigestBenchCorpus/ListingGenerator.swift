/// Writes a listing in the format of `Samples/social-innovation-listing.txt`: the page title,
/// intro paragraphs, then items newest first, spread evenly over the days given.
///
/// Every item has 0–3 tag lines, a title, a Markdown summary of 200–1,200 characters (links,
/// emphasis, lists, non-ASCII text), a kind line and its date lines. The same parameters always
/// give the same bytes.
package struct ListingGenerator: Sendable {
    /// The page title, and so the topic of untagged items.
    package static let pageTitle = "social innovation"
    /// The ten topics items carry (the page title among them).
    package static let topics = [
        pageTitle, "cooperation", "culture", "economy", "environment", "knowledge society", "mobility", "housing",
        "health", "governance",
    ]
    /// The shortest and longest summary, in characters.
    package static let summaryLength = 200...1200

    /// How many items.
    package let items: Int
    /// The seed.
    package let seed: UInt64
    /// The oldest day items are spread over.
    package let first: CivilDay
    /// The newest day.
    package let last: CivilDay

    /// Creates a generator of `items` items between `first` and `last`.
    package init(
        items: Int, seed: UInt64, first: CivilDay = CivilDay(2015, 1, 1), last: CivilDay = CivilDay(2024, 12, 31)
    ) {
        self.items = items
        self.seed = seed
        self.first = first
        self.last = last
    }

    /// Generates the listing, handing it on in chunks of about `chunkSize` bytes.
    package func write<Failure: Error>(
        chunkSize: Int = 1 << 20, to sink: (String) throws(Failure) -> Void
    ) throws(Failure) {
        var rng = SplitMix64(seed: seed)
        var buffer = ""
        buffer.reserveCapacity(chunkSize + 4096)
        buffer += Self.pageTitle + "\n\n"
        buffer += "Our work around social innovation focuses on how cities foster, evaluate and scale new ideas.\n\n"
        buffer += "This page lists news, publications and events from the network, newest first.\n\n"
        let span = last.daysSinceEpoch - first.daysSinceEpoch + 1
        let newest = last.daysSinceEpoch
        for index in 0..<items {
            let day = CivilDay(daysSinceEpoch: newest - Int((Int64(index) * Int64(span)) / Int64(max(items, 1))))
            var item = ItemWriter(rng: rng, day: day)
            item.write(into: &buffer)
            rng = item.rng
            if buffer.utf8.count >= chunkSize {
                try sink(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if !buffer.isEmpty { try sink(buffer) }
    }

    /// The whole listing as one string (for small corpora and tests).
    package func text() -> String {
        var text = ""
        write { text += $0 }
        return text
    }
}

/// One item's text.
private struct ItemWriter {
    var rng: SplitMix64
    let day: CivilDay

    init(rng: SplitMix64, day: CivilDay) {
        self.rng = rng
        self.day = day
    }

    mutating func write(into out: inout String) {
        // Tags: 15% none (the page title), else 1–3 of the other topics.
        if !rng.percent(15) {
            let others = ListingGenerator.topics.count - 1
            for index in rng.distinct(rng.inRange(1...3), of: others) {
                let topic = ListingGenerator.topics[index + 1]
                out += rng.percent(50) ? "  •\u{00A0} \(topic)\n\n" : "  • \u{00A0}\(topic)\n\n"
            }
        }
        let roll = rng.below(100)
        let kind = roll < 60 ? "news" : roll < 85 ? "publication" : "event"
        out += title(kind) + "\n\n"
        out += summary() + "\n\n"
        out += kind + "\n\n"
        if kind == "event" {
            let end = day.adding(days: rng.percent(60) ? 0 : rng.inRange(1...4))
            out += "start date: \(day.dayMonthYear)\n\nend date: \(end.dayMonthYear)\n\n"
        } else {
            out += "publication date: \(day.dayMonthYear)\n\n"
        }
    }

    /// A title line: never ends like a sentence, so the first item is told from the intro.
    mutating func title(_ kind: String) -> String {
        let city = rng.pick(Vocabulary.cities)
        switch kind {
        case "publication":
            return "\(rng.pick(Vocabulary.publicationKinds)): what \(city) learnt from \(rng.pick(Vocabulary.themes))"
        case "event":
            return "\(rng.pick(Vocabulary.eventKinds)) in \(city) on \(rng.pick(Vocabulary.themes))"
        default:
            let number = rng.inRange(2...120)
            return rng.percent(30)
                ? "\(number) cities sign \(city)’s declaration on \(rng.pick(Vocabulary.themes))"
                : "\(city) \(rng.pick(Vocabulary.actions)) \(rng.pick(Vocabulary.objects))"
        }
    }

    /// A summary: paragraphs (and sometimes a list) until a drawn length is reached.
    mutating func summary() -> String {
        let goal = rng.inRange(ListingGenerator.summaryLength)
        let limit = ListingGenerator.summaryLength.upperBound
        var text = ""
        var length = 0
        var paragraph = 0
        var listed = false
        while length < goal {
            let block: String
            if !listed, paragraph > 0, rng.percent(25) {
                listed = true
                block = list()
            } else {
                block = self.paragraph()
            }
            let added = block.count + (text.isEmpty ? 0 : 2)
            if length + added > limit { break }
            if !text.isEmpty { text += "\n\n" }
            text += block
            length += added
            paragraph += 1
        }
        return text
    }

    /// One to three sentences, on one line.
    mutating func paragraph() -> String {
        var sentences: [String] = []
        for _ in 0..<rng.inRange(1...3) { sentences.append(sentence()) }
        return sentences.joined(separator: " ")
    }

    /// An introducing sentence and a Markdown list (bullets or numbers).
    mutating func list() -> String {
        let ordered = rng.percent(30)
        var lines = ["The plan in \(rng.pick(Vocabulary.cities)) has \(ordered ? "these steps" : "four parts"):", ""]
        for (number, index) in rng.distinct(rng.inRange(2...4), of: Vocabulary.listItems.count).enumerated() {
            lines.append((ordered ? "\(number + 1). " : "- ") + Vocabulary.listItems[index])
        }
        return lines.joined(separator: "\n")
    }

    mutating func sentence() -> String {
        let city = rng.pick(Vocabulary.cities)
        let theme = rng.pick(Vocabulary.themes)
        let year = day.year
        switch rng.below(12) {
        case 0:
            return
                "\(city) and \(rng.pick(Vocabulary.cities)) signed a joint commitment on \(theme), with \(rng.inRange(3...60)) partners from \(rng.inRange(2...20)) countries."
        case 1:
            return
                "The [report on \(theme)](https://eurocities.example.org/reports/\(year)/\(rng.inRange(100...999))) finds that *\(rng.inRange(5...95))%* of residents were never asked."
        case 2:
            return
                "“We wanted people to own the process, not just attend it,” says \(rng.pick(Vocabulary.people)), who leads the work in \(city)."
        case 3:
            return
                "Over \(rng.inRange(20...400)) officers, politicians and change makers met in \(city) to compare notes on **\(theme)**."
        case 4:
            return "Delegates from \(rng.pick(Vocabulary.farCities)) joined online and shared their own approach."
        case 5:
            return
                "See the [programme](https://\(rng.pick(Vocabulary.domains))/events/\(year)-\(rng.inRange(1...52))) and the _background note_ for details."
        case 6:
            return
                "The pilot ran from \(day.year - 1) to \(day.year) and cost €\(rng.inRange(1...90)).\(rng.inRange(0...9)) million, half of it from EU funds."
        case 7:
            return
                "Mayor \(rng.pick(Vocabulary.people)) called it “a turning point for \(theme) in \(city)” — a claim the evaluation will test."
        case 8:
            return "Its main lesson: *start small*, measure honestly, and keep the residents’ groups at the table."
        case 9:
            return
                "Partners in \(city), \(rng.pick(Vocabulary.cities)) and \(rng.pick(Vocabulary.cities)) will publish their data at <https://data.example.eu/\(rng.inRange(1000...9999))>."
        case 10:
            return rng.pick(Vocabulary.closings)
        default:
            return
                "In \(city), the working group on \(theme) now meets every \(rng.pick(["month", "quarter", "season"])) — with interpreters for Polish, Magyar and Čeština."
        }
    }
}
