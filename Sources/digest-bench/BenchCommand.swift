import ArgumentParser
import DigestBenchCorpus
import Foundation

/// `digest-bench`: generates a corpus once, runs each scenario in its own child process
/// several times, and prints the medians, the spread and the peak memory against the targets.
@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest-bench",
        abstract: "Measures digest as users run it, beside the Python peer and the file-writing floor (issue 17).",
        discussion: """
            End to end (each run a child process, interleaved with the peer and the floor): \
            weekly (the sample, --stdout, against a hello-world Swift binary's start), big (one \
            digest of a half-year of a 100k-item listing), personal (1,000 and 10,000 personal \
            digests, 5 items per topic; --scale adds 100,000), items (digest items on 100k and 1M \
            items), check (digest check of the big digest's message). In-process breakdown: scan, \
            readers, render. Delivery, only with --only delivery (10,000 personal digests over \
            SMTP into Postfix's smtp-sink with 1, 4 and 8 connections, beside Python's smtplib and \
            the sendmail path).

            The peer is ../shared/peer/reference_digest.py beside the package (or --peer PATH); it \
            needs Python 3 and pip install cmarkgfm html2text jinja2. Its corpus is generated once \
            with its gen_corpus.py into --data. Build in release mode: \
            swift run -c release digest-bench
            """)

    @Option(help: ArgumentHelp("Scratch folder for the generated corpus and output.", valueName: "dir"))
    var data = "/tmp/digest-bench"

    @Option(
        help: ArgumentHelp("Runs per scenario (default 3; 1 with --quick; the weekly job 4× as many).", valueName: "n"))
    var runs: Int?

    @Option(
        help: ArgumentHelp(
            "Scenarios to run, comma-separated: \(Scenario.allCases.map(\.rawValue).joined(separator: ",")).",
            valueName: "list"))
    var only: String?

    @Flag(help: "Small sizes for a smoke run (targets are not judged).")
    var quick = false

    @Flag(
        help:
            "Add the scaling rows: per-reader runs at 1k and 100k readers (100k writes ~3.9 GB, once, then deletes it)."
    )
    var scale = false

    @Option(
        help: ArgumentHelp(
            "With --scale, the reader counts beside the main one (default 1000,100000; 100,2000 with --quick).",
            valueName: "list"))
    var scaleReaders: String?

    @Option(help: ArgumentHelp("Also write the results as JSON to this file.", valueName: "file"))
    var json: String?

    @Option(
        help: ArgumentHelp(
            "The digest executable the end-to-end cases run (default: beside this one). The README's install "
                + "builds it with --static-swift-stdlib; give that one to time what users install.",
            valueName: "path"))
    var digest: String?

    @Option(
        help: ArgumentHelp(
            "The folder of the Python peer (reference_digest.py, gen_corpus.py). Default: ../shared/peer.",
            valueName: "path"))
    var peer: String?

    @Option(help: ArgumentHelp("The corpus seed.", valueName: "n"))
    var seed: UInt64 = 20_190_320

    // The child side: one scenario, one run, its result written as JSON.
    @Option(help: .hidden) var scenario: String?
    @Option(help: .hidden) var listing: String?
    @Option(help: .hidden) var subscribers: String?
    @Option(help: .hidden) var templates: String?
    @Option(help: .hidden) var result: String?
    @Option(help: .hidden) var sizesOf: String?

    func validate() throws {
        if let runs, runs < 1 { throw ValidationError("--runs wants a whole number of 1 or more.") }
        if let only {
            for name in only.split(separator: ",") where Scenario(rawValue: String(name)) == nil {
                throw ValidationError(
                    "--only knows \(Scenario.allCases.map(\.rawValue).joined(separator: ", ")), not “\(name)”.")
            }
        }
        if let scaleReaders, scaleReaders.split(separator: ",").contains(where: { (Int($0) ?? 0) < 1 }) {
            throw ValidationError("--scale-readers wants reader counts separated by commas, such as 1000,100000.")
        }
        if let scenario, scenario == "floor" {
            guard sizesOf != nil else { throw ValidationError("--scenario floor needs --sizes-of and --data.") }
        } else if let scenario {
            guard result != nil, listing != nil else {
                throw ValidationError("--scenario needs --result and --listing.")
            }
            if scenario != "scan", templates == nil {
                throw ValidationError("--scenario \(scenario) needs --templates.")
            }
            if scenario == "readers", subscribers == nil {
                throw ValidationError("--scenario readers needs --subscribers.")
            }
        }
    }

    func run() throws {
        if let scenario {
            try runChild(scenario)
            return
        }
        let selected = only.map { $0.split(separator: ",").compactMap { Scenario(rawValue: String($0)) } }
        var sizes = quick ? Sizes.quick : Sizes.full
        if let scaleReaders { sizes.scaleReaders = scaleReaders.split(separator: ",").compactMap { Int($0) } }
        var bench = try Bench(
            data: data.hasPrefix("/") ? data : System.currentDirectory() + "/" + data, seed: seed,
            sizes: sizes, runs: runs ?? (quick ? 1 : 3), scale: scale, digest: digest, peer: peer)
        let report = try bench.run(selected ?? Scenario.defaults)
        print(report.text())
        if let json {
            try report.json().write(to: URL(fileURLWithPath: json))
            print("Wrote \(json).")
        }
        if report.rows.contains(where: { $0.verdict == "FAIL" })
            || report.endToEnd.contains(where: { $0.verdict == "FAIL" })
        {
            throw ExitCode(2)
        }
    }

    /// In the child: run one scenario once and write what it measured.
    private func runChild(_ name: String) throws {
        if name == "floor" {
            try FloorRun.run(sizesOf: sizesOf!, into: data)
            return
        }
        let outcome: ChildResult
        switch name {
        case "scan":
            outcome = try ChildScenario.scan(listing: listing!)
        case "readers":
            outcome = try ChildScenario.readers(
                listing: listing!, subscribers: subscribers!, templates: templates!, scratch: data)
        case "render":
            outcome = try ChildScenario.render(listing: listing!, templates: templates!)
        default:
            throw ValidationError("no scenario “\(name)”.")
        }
        try JSONEncoder().encode(outcome).write(to: URL(fileURLWithPath: result!))
    }
}

/// The scenarios `--only` can name: the end-to-end cases, then the in-process breakdown.
enum Scenario: String, CaseIterable {
    case weekly, big, check, personal, items
    case scan, readers, render
    /// Needs Postfix (smtp-sink, sendmail) and python3: only when named with --only.
    case delivery

    /// What runs when --only names nothing.
    static let defaults: [Scenario] = allCases.filter { $0 != .delivery }

    /// Whether it runs the `digest` command beside the peer.
    var isEndToEnd: Bool {
        switch self {
        case .weekly, .big, .check, .personal, .items: true
        case .scan, .readers, .render, .delivery: false
        }
    }
}

/// How big each input is.
struct Sizes {
    var scanItems: Int
    var smallScanItems: Int
    var archiveItems: Int
    var readers: Int
    var scaleReaders: [Int]
    var deliveryMessages = 10_000
    var sendmailMessages = 1_000
    var judged: Bool

    static let full = Sizes(
        scanItems: 1_000_000, smallScanItems: 100_000, archiveItems: 100_000, readers: 10_000,
        scaleReaders: [1_000, 100_000], judged: true)
    static let quick = Sizes(
        scanItems: 50_000, smallScanItems: 5_000, archiveItems: 20_000, readers: 500, scaleReaders: [100, 2_000],
        deliveryMessages: 500, sendmailMessages: 100, judged: false)
}
