import Foundation

/// Counts, per reader, the lines in which `digest send` said it sent their message again
/// after an interrupted send (`…/<reader>.eml: an earlier send was interrupted; …`).
public func countResends(in text: String, into counts: inout [String: Int]) {
    for line in text.split(separator: "\n") where line.contains("an earlier send was interrupted") {
        guard let end = line.range(of: ".eml:")?.lowerBound else { continue }
        let path = line[..<end]
        let name = path[(path.lastIndex(of: "/").map(path.index(after:)) ?? path.startIndex)...]
        counts[String(name), default: 0] += 1
    }
}
