import Foundation

/// Counts, per reader, the lines in which `digest send` said it sent their message again
/// after interrupted sends (`…/<reader>.eml: an earlier send was interrupted; sent again …`,
/// or `2 earlier sends were interrupted; sent again`).
public func countResends(in text: String, into counts: inout [String: Int]) {
    for line in text.split(separator: "\n") where line.contains(resendReport) {
        guard let end = line.range(of: ".eml:")?.lowerBound else { continue }
        let path = line[..<end]
        let name = path[(path.lastIndex(of: "/").map(path.index(after:)) ?? path.startIndex)...]
        counts[String(name), default: 0] += 1
    }
}

/// What every report of a send made again says.
public let resendReport = "interrupted; sent again"

/// The most copies each reader may have by the record, as `digest status --issue N` lists the
/// readers an issue was sent to after interrupted sends
/// (`  reader@x.org<TAB>sent<TAB>2 earlier sends were interrupted: may have it up to 3 times`);
/// a reader it does not list has one.
public func possibleCopies(inStatus text: String) -> [String: Int] {
    var copies: [String: Int] = [:]
    for line in text.split(separator: "\n") {
        let fields = line.split(separator: "\t")
        guard fields.count == 3, fields[1] == "sent", let range = fields[2].range(of: "may have it up to ") else {
            continue
        }
        let count = fields[2][range.upperBound...].prefix { $0.isNumber }
        if let count = Int(count) { copies[fields[0].trimmingCharacters(in: .whitespaces)] = count }
    }
    return copies
}
