import DigestBenchCorpus
import DigestCore

/// What a scenario's child process measured, sent back to the parent as JSON.
struct ChildResult: Codable {
    /// The timed part, in seconds.
    var seconds: Double
    /// Counts and secondary timings, by name.
    var metrics: [String: Double] = [:]
}

/// The inputs every scenario shares: the window, the topic plan, the newsletter's settings.
enum Workload {
    /// A half-year window in the middle of the ten generated years.
    static let window = DateWindow(since: Day(iso: "2020-01-01")!, until: Day(iso: "2020-06-30")!)

    /// The ten topics in the configured order, each capped at `cap` items (nil: no cap).
    static func plan(cap: Int?) -> TopicPlan {
        TopicPlan(
            topics: ListingGenerator.topics.map { name in
                .init(name: name, label: name.prefix(1).uppercased() + name.dropFirst(), cap: cap, windowDays: nil)
            })
    }

    static func settings(sources: [any ItemSource], cap: Int?, templates: String) throws -> DigestBuild.Settings {
        DigestBuild.Settings(
            sources: sources, selection: Selection(window: window, plan: plan(cap: cap)),
            templates: try TemplateSet(folder: templates), name: "Weekly digest",
            from: try Mailbox(parsing: "Weekly digest <digest@example.org>"),
            to: [try Mailbox(parsing: "Readers <readers@example.org>")], date: MailDate(iso: "2020-07-01")!)
    }

    /// The window's items of a listing, streamed (the rest is never kept).
    static func windowItems(of path: String) throws -> (items: [Item], read: Int, diagnostics: Int) {
        var kept: [Item] = []
        var diagnostics = 0
        let summary = try ListingSource(path: path).forEachItem(keeping: window) { result in
            switch result {
            case .success(let item): kept.append(item)
            case .failure: diagnostics += 1
            }
        }
        return (kept, summary.items, diagnostics)
    }
}

/// Items already read, handed to a build as if from a source (to time rendering alone).
struct PreparedItems: ItemSource {
    let items: [Item]
    var name: String { "prepared items" }
    func read() throws(DigestError) -> SourceReading { SourceReading(items: items) }
}

/// The scenarios as they run inside a child process.
enum ChildScenario {
    /// 1. Archive scan: stream a listing, keep the window's items, select.
    static func scan(listing: String) throws -> ChildResult {
        let start = System.now()
        let (kept, read, diagnostics) = try Workload.windowItems(of: listing)
        let digest = Selection(window: Workload.window, plan: Workload.plan(cap: 5)).digest(from: kept)
        let seconds = System.now() - start
        return ChildResult(
            seconds: seconds,
            metrics: [
                "items": Double(read), "inWindow": Double(kept.count), "selected": Double(digest.items.count),
                "diagnostics": Double(diagnostics), "bytes": Double(System.fileSize(listing) ?? 0),
            ])
    }

    /// 2. Per-reader run: one message per reader into fresh files; then the floor, writing the
    /// same sizes to as many fresh files, after it; then (on a sample) writing them as `DigestFolder` does.
    static func readers(listing: String, subscribers: String, templates: String, scratch: String)
        throws -> ChildResult
    {
        // Left for the parent to delete once every run is done (a deletion here would slow the
        // next run's file creation).
        let run = "\(scratch)/run-\(System.processID())"
        let build = DigestBuild(
            settings: try Workload.settings(sources: [ListingSource(path: listing)], cap: 5, templates: templates))
        let folder = DigestFolder(path: "\(run)/eml")
        try System.makeFolder(folder.path)

        var metrics: [String: Double] = [:]
        func digestPass() throws -> Double {
            var firstMessage: Double?
            let start = System.now()
            let outcome = try build.runPersonal(.init(subscribers: SubscriberList(path: subscribers))) {
                (personal) throws(DigestError) in
                if firstMessage == nil { firstMessage = System.now() - start }
                try folder.write(bytes: personal.bytes, named: DigestFolder.fileName(for: personal.subscriber))
            }
            let seconds = System.now() - start
            metrics["messages"] = Double(outcome.written)
            metrics["empty"] = Double(outcome.empty.count)
            metrics["rejected"] = Double(outcome.rejected.count)
            metrics["itemsRead"] = Double(outcome.itemsRead)
            metrics["setupSeconds"] = firstMessage ?? seconds
            return seconds
        }

        let seconds = try digestPass()
        System.syncDisks()
        let floor = try writeFloor(sizes: System.fileSizes(in: folder.path), into: "\(run)/floor")
        let sizes = System.fileSizes(in: folder.path)
        metrics["bytes"] = Double(sizes.reduce(0, +))
        metrics["floorSeconds"] = floor
        System.syncDisks()
        let sample = Array(sizes.prefix(500))
        let atomic = try writeFloor(sizes: sample, into: "\(run)/atomic", atomic: true)
        metrics["atomicFloorPerFile"] = sample.isEmpty ? 0 : atomic / Double(sample.count)
        return ChildResult(seconds: seconds, metrics: metrics)
    }

    /// Writes files of `sizes` bytes into a new `folder`; returns the seconds it took.
    static func writeFloor(sizes: [Int], into folder: String, atomic: Bool = false) throws -> Double {
        try System.makeFolder(folder)
        let buffer = [UInt8](repeating: UInt8(ascii: "x"), count: sizes.max() ?? 0)
        return try buffer.withUnsafeBytes { bytes in
            let start = System.now()
            for (index, size) in sizes.enumerated() {
                let path = "\(folder)/reader-\(index).eml"
                if atomic {
                    try System.writeAtomic(bytes, count: size, to: path)
                } else {
                    try System.writePlain(bytes, count: size, to: path)
                }
            }
            return System.now() - start
        }
    }

    /// 3. One big digest: every item of the window in one message, rendered and serialized;
    /// then the check of that message, on its bytes.
    static func render(listing: String, templates: String) throws -> ChildResult {
        let (items, _, _) = try Workload.windowItems(of: listing)
        var settings = try Workload.settings(sources: [PreparedItems(items: items)], cap: nil, templates: templates)
        // Every item in the message, as the end-to-end case's `html-budget: 10000` has it.
        settings.htmlBudget = 10_000 * 1024
        let build = DigestBuild(settings: settings)
        let start = System.now()
        let outcome = try build.run()
        let built = System.now()
        let bytes = outcome.message?.bytes(lineEnding: .crlf) ?? []
        let end = System.now()
        let findings = MessageCheck.findings(in: bytes)
        let checked = System.now()
        return ChildResult(
            seconds: end - start,
            metrics: [
                "items": Double(outcome.digest.items.count), "bytes": Double(bytes.count),
                "runSeconds": built - start, "bytesSeconds": end - built, "checkSeconds": checked - end,
                "findings": Double(findings.count),
            ])
    }
}
