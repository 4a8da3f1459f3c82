import Foundation

/// The site a link leads to, as a "Read more → example.org" line names it.
enum WebLinkDomain {
    /// The host of an `http:` or `https:` link without a leading `www.`, or nil.
    static func of(_ link: String) -> String? {
        guard let url = URL(string: link), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            var host = url.host, !host.isEmpty
        else { return nil }
        if host.lowercased().hasPrefix("www.") { host = String(host.dropFirst(4)) }
        return host.lowercased()
    }
}
