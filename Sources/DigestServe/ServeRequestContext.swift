import Hummingbird
import NIOCore

/// The context of one request: Hummingbird's core storage and the connection's peer address.
struct ServeRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The IP address of the connection's other end (the proxy, behind one).
    let peer: String?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress?.ipAddress
    }
}
