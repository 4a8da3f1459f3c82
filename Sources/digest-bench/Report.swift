import Foundation

/// One line of the table: a scenario's samples and what they mean.
struct Row: Codable {
    var name: String
    var title: String
    var samples: [Double]
    var median: Double
    var min: Double
    var max: Double
    var peakMB: Double
    /// Median CPU time (user + system) of the whole child process, setup included.
    var cpu: Double = 0
    var target = ""
    /// `pass`, `FAIL`, or `—` when not judged (scaling rows, quick runs).
    var verdict = "—"
    var note = ""
    /// Medians of what the child reported.
    var metrics: [String: Double] = [:]

    init(name: String, title: String, seconds: [Double], peakKB: Int) {
        self.name = name
        self.title = title
        self.samples = seconds
        self.median = Row.median(seconds)
        self.min = seconds.min() ?? 0
        self.max = seconds.max() ?? 0
        self.peakMB = Double(peakKB) / 1024
    }

    init(name: String, title: String, _ results: [(result: ChildResult, peakKB: Int, cpu: Double)]) {
        self.init(
            name: name, title: title, seconds: results.map(\.result.seconds),
            peakKB: results.map(\.peakKB).max() ?? 0)
        cpu = Row.median(results.map(\.cpu))
        let keys = Set(results.flatMap(\.result.metrics.keys))
        for key in keys { metrics[key] = Row.median(results.compactMap { $0.result.metrics[key] }) }
    }

    mutating func judge(_ judged: Bool, _ passed: Bool) {
        verdict = judged ? (passed ? "pass" : "FAIL") : "—"
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// `1.23 s`, `45.6 ms`, `789 µs`.
    static func seconds(_ value: Double) -> String {
        if value >= 1 { return String(format: "%.2f s", value) }
        if value >= 0.001 { return String(format: "%.1f ms", value * 1000) }
        return String(format: "%.0f µs", value * 1e6)
    }

    /// `1,000,000`; whole thousands as `100k`, millions as `1M` in names.
    static func count(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return out
    }

    /// `100k`, `1M`, `2500`: a count as a short name.
    static func short(_ value: Int) -> String {
        if value >= 1_000_000, value % 1_000_000 == 0 { return "\(value / 1_000_000)M" }
        if value >= 1_000, value % 1_000 == 0 { return "\(value / 1_000)k" }
        return "\(value)"
    }

    /// `12.3 MB`, `2.61 GB`.
    static func size(_ bytes: Double) -> String {
        bytes >= 1e9 ? String(format: "%.2f GB", bytes / 1e9) : String(format: "%.1f MB", bytes / 1e6)
    }
}

/// The machine the figures come from.
struct Machine: Codable {
    var processors: Int
    var cpu: String
    var memoryGB: Double
    var kernel: String
    var loadAtStart: String
    var loadAtEnd: String

    nonisolated(unsafe) static var startLoad = ""

    /// The 1-, 5- and 15-minute load averages: other work on the machine shows here.
    static func load() -> String {
        System.readText("/proc/loadavg").split(separator: " ").prefix(3).joined(separator: " ")
    }

    static func current() -> Machine {
        let cpu =
            System.readText("/proc/cpuinfo").split(separator: "\n")
            .first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
            ?? "unknown"
        let memory =
            System.readText("/proc/meminfo").split(separator: "\n")
            .first { $0.hasPrefix("MemTotal:") }
            .flatMap { $0.split(separator: " ").dropFirst().first.flatMap { Double($0) } } ?? 0
        let kernel = System.readText("/proc/sys/kernel/osrelease").trimmingCharacters(in: .whitespacesAndNewlines)
        return Machine(
            processors: System.processorCount(), cpu: cpu, memoryGB: memory / 1024 / 1024, kernel: kernel,
            loadAtStart: startLoad.isEmpty ? load() : startLoad, loadAtEnd: load())
    }

    var summary: String {
        "\(processors) cores, \(cpu), \(String(format: "%.0f", memoryGB)) GB, Linux \(kernel)"
    }
}

/// The table and the JSON.
struct Report: Codable {
    var machine: Machine
    var runs: Int
    var quick: Bool
    var endToEnd: [EndToEndRow]
    var rows: [Row]

    func text() -> String {
        var lines = [
            "",
            "digest-bench: \(machine.summary); \(runs) runs each\(quick ? "; quick sizes, targets not judged" : "")",
            "load average at start \(machine.loadAtStart), at end \(machine.loadAtEnd)",
        ]
        if !endToEnd.isEmpty { lines += endToEndTable() }
        if !rows.isEmpty { lines += breakdownTable() }
        return lines.joined(separator: "\n")
    }

    /// One table, three lines a case: digest, the peer, the floor (whole processes).
    private func endToEndTable() -> [String] {
        let header = [
            "case", "program", "wall median", "min–max", "CPU", "peak", "peer ÷ digest", "digest ÷ floor",
            "target", "result",
        ]
        var cells: [[String]] = []
        func measure(_ title: String, _ program: String, _ measure: Measure) -> [String] {
            [
                title, program, Row.seconds(measure.median),
                "\(Row.seconds(measure.wall.min() ?? 0)) – \(Row.seconds(measure.wall.max() ?? 0))",
                Row.seconds(measure.cpuMedian), String(format: "%.0f MB", measure.peakMB),
            ]
        }
        for row in endToEnd {
            cells.append(
                measure(row.title, "digest", row.digest) + [
                    row.peerRatio.map { String(format: "%.1f× (CPU %.1f×)", $0, row.peerCPURatio ?? 0) } ?? "",
                    row.floorRatio.map { String(format: "%.2f× (CPU %.2f×)", $0, row.floorCPURatio ?? 0) } ?? "",
                    row.target, row.verdict,
                ])
            if let peer = row.peer { cells.append(measure("", "Python peer", peer) + ["", "", "", ""]) }
            if let floor = row.floor { cells.append(measure("", "floor", floor) + ["", "", "", ""]) }
            if let start = row.start { cells.append(measure("", "hello world", start) + ["", "", "", ""]) }
        }
        var lines = [
            "",
            "End to end: each run a whole process, the programs interleaved round by round "
                + "(wall median, min–max, CPU = user + system, peak = max RSS)", "",
        ]
        lines += Self.table(header, cells)
        lines.append("")
        for row in endToEnd where !row.note.isEmpty { lines.append("\(row.name): \(row.note)") }
        let personal = endToEnd.filter { $0.name.hasPrefix("personal-") }
        let items = endToEnd.filter { $0.name.hasPrefix("items-") }
        if personal.count > 1 || items.count > 1 {
            lines += ["", "scaling, end to end (the cost per unit should stay flat):"]
            for row in personal {
                let count = Double(
                    Int(row.name.dropFirst("personal-".count).replacingOccurrences(of: "k", with: "000")) ?? 1)
                lines.append(
                    "  \(row.name): \(Row.seconds(row.digest.median)) = \(Row.seconds(row.digest.median / count)) a reader"
                )
            }
            for row in items {
                let short = row.name.dropFirst("items-".count)
                let count = short.hasSuffix("M") ? Double(short.dropLast())! * 1e6 : Double(short.dropLast())! * 1e3
                lines.append(
                    "  \(row.name): \(Row.seconds(row.digest.median)) = \(Row.seconds(row.digest.median / count * 1000)) per 1,000 items"
                )
            }
        }
        return lines
    }

    /// Fixed-width columns with a rule under the header.
    private static func table(_ header: [String], _ cells: [[String]]) -> [String] {
        let widths = header.indices.map { column in
            ([header] + cells).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: " | ")
        }
        return [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "-|-")]
            + cells.map(line)
    }

    /// The in-process breakdown, for profiling.
    private func breakdownTable() -> [String] {
        let header = ["scenario", "median", "min–max", "process CPU", "peak memory", "target", "result"]
        let cells = rows.map { row in
            [
                row.title, Row.seconds(row.median), "\(Row.seconds(row.min)) – \(Row.seconds(row.max))",
                row.cpu > 0 ? Row.seconds(row.cpu) : "",
                row.peakMB > 0 ? String(format: "%.0f MB", row.peakMB) : "", row.target, row.verdict,
            ]
        }
        var lines = ["", "In-process breakdown (library calls timed inside one child process each run)", ""]
        lines += Self.table(header, cells)
        lines.append("")
        for row in rows where !row.note.isEmpty { lines.append("\(row.name): \(row.note)") }
        lines += scaling()
        return lines
    }

    /// How cost grows: per item for the scans, per message for the reader runs.
    private func scaling() -> [String] {
        var lines: [String] = []
        let scans = rows.filter { $0.name.hasPrefix("scan-") && ($0.metrics["items"] ?? 0) > 0 }
        let readers = rows.filter {
            $0.name.hasPrefix("readers-") && !$0.name.hasSuffix("-floor") && ($0.metrics["messages"] ?? 0) > 0
        }
        guard scans.count > 1 || readers.count > 1 else { return [] }
        lines += ["", "scaling (cost per unit should stay flat):"]
        for row in scans {
            let items = row.metrics["items"]!
            lines.append(
                "  \(row.name): \(Row.seconds(row.median)) for \(Row.count(Int(items))) items = \(Row.seconds(row.median / items)) an item"
            )
        }
        for row in readers {
            let messages = row.metrics["messages"]!
            let setup = row.metrics["setupSeconds"] ?? 0
            lines.append(
                "  \(row.name): \(Row.seconds(row.median)) for \(Row.count(Int(messages))) messages = \(Row.seconds(row.median / messages)) a message (\(Row.seconds((row.median - setup) / messages)) after the first)"
            )
        }
        return lines
    }

    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
