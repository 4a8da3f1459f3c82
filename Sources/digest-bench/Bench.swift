import DigestBenchCorpus
import Foundation

/// The parent side: corpus, child processes, rows.
struct Bench {
    let data: String
    let sizes: Sizes
    let runs: Int
    let scale: Bool
    let corpus: CorpusFiles
    let root: String
    let executable: String
    var digestPath: String?
    /// The Python peer's folder, when given with `--peer`.
    var peerPath: String?
    var rows: [Row] = []

    init(data: String, seed: UInt64, sizes: Sizes, runs: Int, scale: Bool, digest: String?, peer: String?) throws {
        Machine.startLoad = Machine.load()
        self.data = data
        self.sizes = sizes
        self.runs = runs
        self.scale = scale
        self.corpus = CorpusFiles(folder: data, seed: seed)
        self.executable = System.executablePath()
        self.root = try Bench.packageRoot(executable: executable)
        self.digestPath = digest
        self.peerPath = peer
    }

    /// The folder with `Templates/` and `Samples/`: up from here, else up from the executable.
    static func packageRoot(executable: String) throws -> String {
        for start in [System.currentDirectory(), System.folder(of: executable)] {
            var folder = start
            while !folder.isEmpty {
                if System.exists(folder + "/Package.swift"), System.exists(folder + "/Templates/digest.html.mustache") {
                    return folder
                }
                folder = System.folder(of: folder)
                if folder == "." { break }
            }
        }
        throw BenchError.failed("cannot find the digest package (Package.swift and Templates/): run from its folder")
    }

    mutating func run(_ scenarios: [Scenario]) throws -> Report {
        System.changeDirectory(root)
        let machine = Machine.current()
        progress(machine.summary)
        if !executable.contains("/release/") {
            progress("warning: this is not a release build; run `swift run -c release digest-bench` for real figures")
        }
        try System.makeFolder(data)
        let endToEnd = scenarios.contains { $0.isEndToEnd } ? try endToEndCases(scenarios) : []
        for scenario in scenarios {
            switch scenario {
            case .scan:
                try scan(items: sizes.smallScanItems, name: "scan-\(Row.short(sizes.smallScanItems))", judged: false)
                try scan(items: sizes.scanItems, name: "scan-\(Row.short(sizes.scanItems))", judged: sizes.judged)
            case .readers:
                if scale, let small = sizes.scaleReaders.first { try readers(small, judged: false, runs: runs) }
                try readers(sizes.readers, judged: sizes.judged, runs: runs)
                if scale, sizes.scaleReaders.count > 1, let large = sizes.scaleReaders.last {
                    try readers(large, judged: false, runs: 1)
                }
            case .render:
                try render()
            case .delivery:
                rows += try DeliveryBench(
                    data: data, digest: try digestExecutable(), corpus: corpus, messages: sizes.deliveryMessages,
                    archiveItems: sizes.archiveItems, sendmailMessages: sizes.sendmailMessages, judged: sizes.judged
                ).run()
            case .weekly, .big, .personal, .items, .check:
                continue
            }
        }
        return Report(machine: Machine.current(), runs: runs, quick: !sizes.judged, endToEnd: endToEnd, rows: rows)
    }

    // MARK: Scenarios

    private mutating func scan(items: Int, name: String, judged: Bool) throws {
        let listing = try file(corpus.listing(items: items), "listing of \(Row.count(items)) items")
        let results = try children("scan", name: name, ["--listing", listing])
        var row = Row(name: name, title: "archive scan, \(Row.count(items)) items, half-year window", results)
        let megabytes = (row.metrics["bytes"] ?? 0) / 1e6
        row.note =
            "\(Row.count(Int(row.metrics["items"] ?? 0))) items (\(Int(megabytes)) MB) read, \(Row.count(Int(row.metrics["inWindow"] ?? 0))) in the window, \(Int(megabytes / row.median)) MB/s, \(Int(row.metrics["diagnostics"] ?? 0)) diagnostics"
        row.target = "< 3 s, < 256 MB"
        row.judge(judged && items == 1_000_000, row.median < 3 && row.peakMB < 256)
        rows.append(row)
    }

    private mutating func readers(_ count: Int, judged: Bool, runs: Int) throws {
        let listing = try file(
            corpus.listing(items: sizes.archiveItems), "listing of \(Row.count(sizes.archiveItems)) items")
        let subscribers = try file(corpus.subscribers(count: count), "subscriber list of \(Row.count(count)) readers")
        let name = "readers-\(Row.short(count))"
        // Each run writes into a folder of its own, all deleted once every run is done: a
        // deletion between runs made the next run's file creation slow (ext4 tests each
        // recently freed inode; see BENCHMARKS.md, session 6), and the page cache is dropped
        // between runs, as in the end-to-end cases.
        let scratch = "\(data)/readers-runs-\(System.processID())"
        try System.makeFolder(scratch)
        defer { System.remove(scratch) }
        let results = try children(
            "readers", name: name,
            [
                "--listing", listing, "--subscribers", subscribers, "--templates", root + "/Templates", "--data",
                scratch,
            ],
            runs: runs, warming: [listing, subscribers])
        var row = Row(
            name: name,
            title: "per-reader run, \(Row.count(count)) readers, \(Row.count(sizes.archiveItems))-item archive",
            results)
        let messages = row.metrics["messages"] ?? 0
        let rate = messages / row.median
        row.metrics["messagesPerSecond"] = rate
        row.note =
            "\(Row.count(Int(messages))) messages, \(Row.count(Int(rate))) msg/s, \(Row.size(row.metrics["bytes"] ?? 0)) written; reading and selecting before the first message: \(Row.seconds(row.metrics["setupSeconds"] ?? 0))"
        row.target = "≥ 5,000 msg/s"
        row.judge(judged, rate >= 5000)
        rows.append(row)

        let floors = results.map { $0.result.metrics["floorSeconds"] ?? 0 }
        var floor = Row(
            name: "\(name)-floor", title: "  floor: the same bytes to \(Row.count(Int(messages))) fresh files",
            seconds: floors, peakKB: 0)
        let ratios = zip(results, floors).map { $0.result.seconds / max($1, 1e-9) }
        let ratio = Row.median(ratios)
        floor.metrics["ratio"] = ratio
        floor.metrics["ratioMin"] = ratios.min() ?? 0
        floor.metrics["ratioMax"] = ratios.max() ?? 0
        let atomic = Row.median(results.map { $0.result.metrics["atomicFloorPerFile"] ?? 0 })
        floor.metrics["atomicFloorPerFile"] = atomic
        floor.note =
            "ratio digest/floor \(String(format: "%.1f", ratio))× (\(String(format: "%.1f", ratios.min() ?? 0))–\(String(format: "%.1f", ratios.max() ?? 0))); a durable write (temp file + fsync + rename) would cost \(Row.seconds(atomic)) a file"
        floor.target = "ratio ≤ 2×"
        floor.judge(judged, ratio <= 2)
        rows.append(floor)
    }

    private mutating func render() throws {
        let listing = try file(
            corpus.listing(items: sizes.archiveItems), "listing of \(Row.count(sizes.archiveItems)) items")
        let results = try children(
            "render", name: "render", ["--listing", listing, "--templates", root + "/Templates"])
        var row = Row(name: "render", title: "one big digest in-process: render and MIME", results)
        row.note =
            "\(Row.count(Int(row.metrics["items"] ?? 0))) items, \(Row.size(row.metrics["bytes"] ?? 0)); run() \(Row.seconds(row.metrics["runSeconds"] ?? 0)), bytes() \(Row.seconds(row.metrics["bytesSeconds"] ?? 0)); peak includes reading the window from the archive"
        row.target = "< 0.5 s"
        row.judge(sizes.judged, row.median < 0.5)
        rows.append(row)
        var check = Row(
            name: "check-bytes", title: "  MessageCheck.findings of that message",
            seconds: results.map { $0.result.metrics["checkSeconds"] ?? 0 }, peakKB: 0)
        check.note = "\(Row.size(row.metrics["bytes"] ?? 0)) checked in-process"
        check.target = "< 100 ms"
        check.judge(sizes.judged, check.median < 0.1)
        rows.append(check)
    }

    // MARK: Plumbing

    /// The digest executable: given, or beside this one (built now when missing).
    mutating func digestExecutable() throws -> String {
        if let digestPath { return digestPath }
        let folder = System.folder(of: executable)
        let path = folder + "/digest"
        if !System.exists(path) {
            let configuration = folder.hasSuffix("/debug") ? "debug" : "release"
            let scratch = System.folder(of: System.folder(of: folder))
            progress("building the digest executable (\(configuration)) for the weekly job…")
            let exit = try System.run([
                "/usr/bin/env", "swift", "build", "-c", configuration, "--product", "digest", "--scratch-path", scratch,
            ])
            guard exit.status == 0, System.exists(path) else {
                throw BenchError.failed("cannot build digest; build it with `swift build -c release` or pass --digest")
            }
        }
        digestPath = path
        return path
    }

    private func file(_ made: (path: String, generated: Bool), _ what: String) -> String {
        if made.generated { progress("generated the \(what): \(made.path)") }
        return made.path
    }

    /// Runs `scenario` in `runs` fresh child processes; with `warming`, after each run the page
    /// cache is dropped (as root) and those inputs are read back into it.
    private func children(
        _ scenario: String, name: String, _ arguments: [String], runs: Int? = nil, warming: [String] = []
    ) throws -> [(result: ChildResult, peakKB: Int, cpu: Double)] {
        var results: [(result: ChildResult, peakKB: Int, cpu: Double)] = []
        for index in 0..<(runs ?? self.runs) {
            let resultPath = "\(data)/result-\(name)-\(index).json"
            let exit = try System.run(
                [executable, "--scenario", scenario, "--result", resultPath] + arguments)
            guard exit.status == 0 else { throw BenchError.failed("scenario \(name) failed (status \(exit.status))") }
            let result = try JSONDecoder().decode(
                ChildResult.self, from: Data(contentsOf: URL(fileURLWithPath: resultPath)))
            System.remove(resultPath)
            results.append((result, exit.peakKB, exit.cpuSeconds))
            progress(
                "\(name) run \(index + 1): \(Row.seconds(result.seconds)), process CPU \(Row.seconds(exit.cpuSeconds)), peak \(exit.peakKB / 1024) MB, load \(Machine.load())"
            )
            System.syncDisks()
            if !warming.isEmpty { startsClean(inputs: warming) }
        }
        return results
    }

    func progress(_ line: String) {
        Self.log(line)
    }

    /// Writes a progress line on standard error.
    static func log(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
