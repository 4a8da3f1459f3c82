/// Who sent a request, for the log: the peer of the connection, or, when that peer is one of
/// the trusted reverse proxies, the client the proxy names in `Forwarded` (RFC 7239) or
/// `X-Forwarded-For`. Anyone else's forwarding headers are ignored, so a client cannot make
/// itself look like someone else.
struct ClientAddress: Sendable {
    /// The proxies whose forwarding headers are believed (IP addresses, as written).
    let trustedProxies: Set<String>

    /// The client of a request from `peer` carrying `forwarded` and `forwardedFor` header values.
    ///
    /// The list is read right to left, skipping trusted proxies, and the first other address is
    /// the client: entries further left were written by whoever sent the request to the first
    /// proxy, and could be anything.
    func resolve(peer: String?, forwarded: [String], forwardedFor: [String]) -> String {
        guard let peer else { return "-" }
        guard trustedProxies.contains(peer) else { return peer }
        var hops: [String] = []
        if !forwarded.isEmpty {
            for element in forwarded.joined(separator: ",").split(separator: ",") {
                for pair in element.split(separator: ";") {
                    let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces }
                    if parts.count == 2, parts[0].lowercased() == "for" { hops.append(Self.bareAddress(parts[1])) }
                }
            }
        } else {
            hops = forwardedFor.joined(separator: ",").split(separator: ",").map { Self.bareAddress($0.trimmingSpaces) }
        }
        for hop in hops.reversed() where !trustedProxies.contains(hop) {
            return Self.isPlausible(hop) ? hop : "-"
        }
        return peer
    }

    /// `"[2001:db8::1]:4711"` → `2001:db8::1`, `192.0.2.1:80` → `192.0.2.1`, quotes removed.
    static func bareAddress(_ text: some StringProtocol) -> String {
        var value = String(text)
        if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
            value = String(value.dropFirst().dropLast())
        }
        if value.hasPrefix("["), let end = value.firstIndex(of: "]") {
            return String(value[value.index(after: value.startIndex)..<end])
        }
        if value.filter({ $0 == ":" }).count == 1, let colon = value.firstIndex(of: ":") {
            return String(value[..<colon])
        }
        return value
    }

    /// Whether `hop` looks like an IP address (or `unknown`/an obfuscated name), safe to log.
    private static func isPlausible(_ hop: String) -> Bool {
        hop.count <= 64
            && hop.allSatisfy { $0.isASCII && ($0.isHexDigit || $0 == "." || $0 == ":" || $0 == "_" || $0.isLetter) }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
