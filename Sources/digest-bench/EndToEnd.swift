/// The runs of one program in one case: wall time, CPU time and peak memory of each whole process.
struct Measure: Codable {
    var wall: [Double] = []
    var cpu: [Double] = []
    var peakKB: [Int] = []

    mutating func add(_ exit: System.Exit) {
        wall.append(exit.seconds)
        cpu.append(exit.cpuSeconds)
        peakKB.append(exit.peakKB)
    }

    var median: Double { Row.median(wall) }
    var cpuMedian: Double { Row.median(cpu) }
    var peakMB: Double { Double(peakKB.max() ?? 0) / 1024 }
}

/// One case of the end-to-end table: `digest` as a user runs it, the peer and the floor.
struct EndToEndRow: Codable {
    var name: String
    var title: String
    var digest = Measure()
    var peer: Measure?
    var floor: Measure?
    /// The hello-world Swift binary (the weekly job only).
    var start: Measure?
    var target = ""
    var verdict = "—"
    var note = ""

    /// How many times longer the peer takes (wall, medians).
    var peerRatio: Double? { peer.map { $0.median / max(digest.median, 1e-9) } }
    /// How many times longer digest takes than writing its bytes (wall, medians).
    var floorRatio: Double? { floor.map { digest.median / max($0.median, 1e-9) } }
    /// How many times more CPU time the peer takes (medians).
    var peerCPURatio: Double? { peer.map { $0.cpuMedian / max(digest.cpuMedian, 1e-9) } }
    /// How many times more CPU time digest takes than writing its bytes (medians).
    var floorCPURatio: Double? { floor.map { digest.cpuMedian / max($0.cpuMedian, 1e-9) } }
}

/// What one case runs.
struct EndToEndCase {
    var name: String
    var title: String
    /// The digest command line (first an absolute path).
    var digest: [String]
    /// Where digest's standard output goes (nil: /dev/null), or its output folder.
    var digestOutput: String
    var digestStdout: Bool
    /// The peer's command line and output folder; nil when the case has no peer run.
    var peer: [String]?
    var peerOutput: String?
    var floor = true
    var runs: Int
}

extension Bench {
    /// Runs a case: `runs` rounds of digest, the peer and the floor, interleaved, so the
    /// machine's load falls on all three alike.
    ///
    /// A case that writes a folder of messages gives each program a new folder each round, side
    /// by side, and deletes none of them until the bench ends (they are in the scratch folder):
    /// ext4 skips inodes freed in the last minute or more when it creates a file, one by one, so
    /// a run that follows the deletion of thousands of files (an earlier round's) spends
    /// seconds in the kernel, 5.2 s instead of 1.8 s for 10,000 personal digests, seen here. A
    /// user's weekly run follows no such deletion. When the disk is short of room for that,
    /// each round's folders are deleted after it, as before, and the note says so.
    func endToEnd(_ spec: EndToEndCase, withStart start: [String]? = nil) throws -> EndToEndRow {
        var row = EndToEndRow(name: spec.name, title: spec.title)
        if spec.peer != nil { row.peer = Measure() }
        if spec.floor { row.floor = Measure() }
        if start != nil { row.start = Measure() }
        var keepsFolders = !spec.digestStdout
        for round in 0..<spec.runs {
            if let start { row.start!.add(try System.run(start, quiet: true)) }
            // The folders of this round: the digest's, the peer's and the floor's.
            let digestOutput = spec.digestStdout ? spec.digestOutput : "\(spec.digestOutput)-round-\(round + 1)"
            let peerOutput = spec.peerOutput.map { spec.digestStdout ? $0 : "\($0)-round-\(round + 1)" }
            let floorOutput = "\(spec.digestOutput)-floor-round-\(round + 1)"
            System.remove(digestOutput)
            if !spec.digestStdout { try System.makeFolder(digestOutput) }
            let command = spec.digest.map { $0 == spec.digestOutput ? digestOutput : $0 }
            let exit = try System.run(command, quiet: true, output: spec.digestStdout ? digestOutput : nil)
            guard exit.status == 0 || exit.status == 2 else {
                throw BenchError.failed("\(command.joined(separator: " ")) exited with status \(exit.status)")
            }
            row.digest.add(exit)
            if round == 0, keepsFolders {
                // Room for every round's three folders, and 2 GB to spare.
                let written = System.fileSizesRecursively(in: digestOutput).reduce(0, +)
                let room = System.freeBytes(at: digestOutput) ?? 0
                keepsFolders = room > 3 * spec.runs * written + 2_000_000_000
            }
            if let peer = spec.peer, let out = spec.peerOutput, let peerOutput {
                System.remove(peerOutput)
                let command = peer.map { $0 == out ? peerOutput : $0 }
                let exit = try System.run(command, quiet: true)
                guard exit.status == 0 else {
                    throw BenchError.failed(
                        "the peer, \(command.joined(separator: " ")), exited with status \(exit.status)")
                }
                row.peer!.add(exit)
                if !keepsFolders { System.remove(peerOutput) }
            }
            if spec.floor {
                System.remove(floorOutput)
                let exit = try System.run(
                    [executable, "--scenario", "floor", "--sizes-of", digestOutput, "--data", floorOutput], quiet: true)
                guard exit.status == 0 else { throw BenchError.failed("the floor run failed (status \(exit.status))") }
                row.floor!.add(exit)
                if !keepsFolders { System.remove(floorOutput) }
            }
            progress(
                "\(spec.name) round \(round + 1): digest \(Row.seconds(row.digest.wall.last!))"
                    + (row.peer.map { ", peer \(Row.seconds($0.wall.last!))" } ?? "")
                    + (row.floor.map { ", floor \(Row.seconds($0.wall.last!))" } ?? "") + ", load \(Machine.load())")
            if !spec.digestStdout, !keepsFolders { System.remove(digestOutput) }
            System.syncDisks()
            if !spec.digestStdout { startsClean(inputs: spec.digest + (spec.peer ?? [])) }
        }
        if !spec.digestStdout, !keepsFolders {
            row.note = "each round's folders deleted after it (short of disk room): ext4 may slow the next round"
        }
        return row
    }

    /// After a round that wrote a folder: the page cache dropped (as root) and the case's
    /// inputs (the absolute paths of files among `inputs`) read back into it, so every round of every program starts alike, its inputs
    /// cached and no earlier output in memory. On this virtual machine writes grow slow as
    /// the page cache grows into memory it has not used before (the kernel's copy into the
    /// cache went from 1.5 % to 28 % of a run's samples; the host backing each new page on
    /// first touch would explain it): with the earlier rounds' output still cached, 10,000
    /// personal digests took 2.4–2.6 s in rounds 2 and 3 against 1.5 s in round 1.
    func startsClean(inputs: [String]) {
        guard System.dropPageCache() else { return }
        for path in inputs where path.hasPrefix("/") && System.fileSize(path) != nil { System.warm(path) }
    }

    /// A hello-world Swift binary, compiled once with `swiftc -O`: the process start to compare
    /// the weekly job with. Falls back to `digest --version` when swiftc is missing.
    func helloWorld(digest: String) -> [String] {
        let folder = "\(data)/hello-world"
        let binary = folder + "/hello"
        if !System.exists(binary), let swiftc = System.which("swiftc") {
            progress("compiling a hello-world Swift binary (once)…")
            try? System.makeFolder(folder)
            try? System.writeText("print(\"Hello, world!\")\n", to: folder + "/hello.swift")
            _ = try? System.run([swiftc, "-O", folder + "/hello.swift", "-o", binary], quiet: true)
        }
        return System.exists(binary) ? [binary] : [digest, "--version"]
    }

    /// Every end-to-end case, in the issue's order.
    mutating func endToEndCases(_ selected: [Scenario]) throws -> [EndToEndRow] {
        let corpus = try PeerCorpus(peer: peerPath, root: root, data: data)
        let digest = try digestExecutable()
        let scratch = "\(data)/e2e-\(System.processID())"
        defer { System.remove(scratch) }
        try System.makeFolder(scratch)
        let say = Bench.log
        var rows: [EndToEndRow] = []
        let listing100k = try corpus.listing(items: 100_000, readers: 100_000, progress: say)
        let window = ["--since", PeerCorpus.since, "--until", PeerCorpus.until]

        if selected.contains(.weekly) {
            let sample = root + "/Samples/social-innovation-listing.txt"
            let spec = EndToEndCase(
                name: "weekly", title: "weekly job: the sample listing, --stdout",
                digest: [digest, "--since", "2019-03-20", "--until", "2019-04-20", "--stdout"],
                digestOutput: "\(scratch)/weekly.eml", digestStdout: true,
                peer: corpus.command(
                    items: sample, since: "2019-03-20", until: "2019-04-20", ["--single", "--out", "\(scratch)/peer"]),
                peerOutput: "\(scratch)/peer", runs: runs * 4)
            var row = try endToEnd(spec, withStart: helloWorld(digest: digest))
            let past = row.digest.median - row.start!.median
            row.target = "≤ 20 ms past a hello-world start"
            row.verdict = sizes.judged ? (past <= 0.020 ? "pass" : "FAIL") : "—"
            row.note =
                "\(Row.seconds(past)) past the start of a hello-world Swift binary (\(Row.seconds(row.start!.median)))"
            rows.append(row)
        }
        if selected.contains(.big) || selected.contains(.check) {
            let wholeWindow = try corpus.wholeWindowConfiguration()
            let spec = EndToEndCase(
                name: "big", title: "one big digest: 100k-item listing, half-year window, --stdout",
                digest: [digest, "--config", wholeWindow] + window
                    + ["--stdout", listing100k], digestOutput: "\(scratch)/big.eml",
                digestStdout: true, peer: corpus.command(items: listing100k, ["--single", "--out", "\(scratch)/peer"]),
                peerOutput: "\(scratch)/peer", runs: runs)
            if selected.contains(.big) {
                var row = try endToEnd(spec)
                row.target = "≥ 15× the peer"
                row.verdict = sizes.judged ? ((row.peerRatio ?? 0) >= 15 ? "pass" : "FAIL") : "—"
                row.note = "\(Row.size(Double(System.fileSize(spec.digestOutput) ?? 0))) message"
                rows.append(row)
            }
            if selected.contains(.check) {
                // The big digest's message, checked on its own, as `digest check FILE`.
                let message = "\(scratch)/check.eml"
                _ = try System.run(spec.digest, quiet: true, output: message)
                let check = EndToEndCase(
                    name: "check", title: "digest check of the big digest's message",
                    digest: [digest, "check", message], digestOutput: "\(scratch)/check-out.txt", digestStdout: true,
                    floor: false, runs: runs * 2)
                var row = try endToEnd(check, withStart: helloWorld(digest: digest))
                let past = row.digest.median - row.start!.median
                row.target = "< 100 ms past a hello-world start"
                row.verdict = sizes.judged ? (past < 0.1 ? "pass" : "FAIL") : "—"
                row.note =
                    "\(Row.size(Double(System.fileSize(message) ?? 0))) checked in \(Row.seconds(past)) past process start"
                rows.append(row)
            }
        }
        if selected.contains(.personal) {
            let configuration = try corpus.configuration(cap: 5)
            let counts = sizes.judged ? [1_000, 10_000] + (scale ? [100_000] : []) : [100, 1_000]
            for count in counts {
                let subscribers = try corpus.subscribers(count, of: 100_000, progress: say)
                let withPeer = count <= 10_000
                let spec = EndToEndCase(
                    name: "personal-\(Row.short(count))",
                    title: "\(Row.count(count)) personal digests, 5 per topic",
                    digest: [digest, "--config", configuration] + window
                        + ["--subscribers", subscribers, "--out", "\(scratch)/personal", listing100k],
                    digestOutput: "\(scratch)/personal", digestStdout: false,
                    peer: withPeer
                        ? corpus.command(
                            items: listing100k,
                            ["--subscribers", subscribers, "--max-per-topic", "5", "--out", "\(scratch)/peer"]) : nil,
                    peerOutput: withPeer ? "\(scratch)/peer" : nil, runs: count > 10_000 ? 1 : runs)
                var row = try endToEnd(spec)
                if count == 10_000 {
                    row.target = "≥ 30× the peer, ≤ 1.3× the floor"
                    let passed = (row.peerRatio ?? 0) >= 30 && (row.floorRatio ?? .infinity) <= 1.3
                    row.verdict = sizes.judged ? (passed ? "pass" : "FAIL") : "—"
                }
                if !withPeer { row.note = "the peer is left out at this size (it would take minutes)" }
                rows.append(row)
            }
        }
        if selected.contains(.items) {
            let counts = sizes.judged ? [100_000, 1_000_000] : [100_000]
            for count in counts {
                let listing = count == 100_000 ? listing100k : try corpus.listing(items: count, progress: say)
                let spec = EndToEndCase(
                    name: "items-\(Row.short(count))",
                    title: "digest items, \(Row.count(count))-item listing, half-year",
                    digest: [digest, "items"] + window + [listing], digestOutput: "\(scratch)/items.txt",
                    digestStdout: true, peer: corpus.command(items: listing, ["--select-only"]),
                    peerOutput: "\(scratch)/peer", runs: runs)
                var row = try endToEnd(spec)
                if count == 1_000_000 {
                    row.target = "≥ 14× the peer, < 256 MB"
                    let passed = (row.peerRatio ?? 0) >= 14 && row.digest.peakMB < 256
                    row.verdict = sizes.judged ? (passed ? "pass" : "FAIL") : "—"
                }
                row.note = "\(Row.size(Double(System.fileSize(listing) ?? 0))) listing"
                rows.append(row)
            }
        }
        return rows
    }
}

/// In the floor's child process: the same bytes as a digest run wrote, to as many fresh files.
enum FloorRun {
    /// Writes files of the sizes found under `source` into the new folder `folder`.
    static func run(sizesOf source: String, into folder: String) throws {
        let sizes = System.fileSizesRecursively(in: source)
        _ = try ChildScenario.writeFloor(sizes: sizes, into: folder)
    }
}
