import DigestCore
import Foundation
import Hummingbird
import Logging
import NIOCore

/// Answers every request of `digest serve`: the one-click unsubscribe (RFC 8058), the pages
/// around it, and `/healthz`; one log line each, without the token or the whole address.
struct UnsubscribeResponder: HTTPResponder {
    typealias Context = ServeRequestContext

    /// The largest request body read (RFC 8058's body is 26 bytes).
    static let maximumBodySize = 4096
    /// The longest request target accepted.
    static let maximumTargetLength = 8192

    let pages: UnsubscribePage
    let tokens: UnsubscribeToken
    let store: StateStore
    let clients: ClientAddress
    let logger: Logger

    /// What a request came to, for its response and its log line.
    private struct Outcome {
        var status: HTTPResponse.Status
        var page: UnsubscribePage.Kind?
        var credential: ReaderCredential?
        var text: String?
        var allow: String?
        var note: String
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        let outcome = await answer(request)
        var headers = HTTPFields()
        let body: String
        if let page = outcome.page {
            body = pages.html(page, credential: outcome.credential)
            headers[.contentType] = "text/html; charset=utf-8"
            headers[.contentSecurityPolicy] = UnsubscribePage.contentSecurityPolicy
            headers[FieldName.xFrameOptions] = "DENY"
        } else {
            body = outcome.text ?? ""
            headers[.contentType] = "text/plain; charset=utf-8"
        }
        headers[FieldName.xContentTypeOptions] = "nosniff"
        headers[FieldName.referrerPolicy] = "no-referrer"
        headers[.cacheControl] = "no-store"
        if let allow = outcome.allow { headers[.allow] = allow }
        if outcome.status.code >= 400 { headers[.connection] = "close" }
        let bytes = ByteBuffer(string: request.method == .head ? "" : body)
        headers[.contentLength] = String(request.method == .head ? body.utf8.count : bytes.readableBytes)
        log(request, context: context, outcome: outcome, elapsed: ContinuousClock.now - started)
        return Response(status: outcome.status, headers: headers, body: .init(byteBuffer: bytes))
    }

    private func answer(_ request: Request) async -> Outcome {
        let target = request.uri.string
        guard target.utf8.count <= Self.maximumTargetLength else {
            return Outcome(status: .uriTooLong, page: .unusable, note: "target too long")
        }
        let query = QueryParameters(request.uri.query.map { Substring($0) } ?? "")
        switch request.uri.path {
        case "/healthz":
            guard request.method == .get || request.method == .head else {
                return Outcome(status: .methodNotAllowed, text: "method not allowed\n", allow: "GET, HEAD", note: "")
            }
            return Outcome(status: .ok, text: "ok\n", note: "")
        case "/unsubscribe":
            switch request.method {
            case .get, .head:
                guard let credential = ReaderCredential(query: query, tokens: tokens) else {
                    return Outcome(status: .forbidden, page: .forbidden, note: "bad token")
                }
                return Outcome(status: .ok, page: .confirm, credential: credential, note: "asked")
            case .post:
                return await change(request, query: query, suppress: true)
            default:
                return Outcome(status: .methodNotAllowed, page: .unusable, allow: "GET, HEAD, POST", note: "")
            }
        case "/resubscribe":
            guard request.method == .post else {
                return Outcome(status: .methodNotAllowed, page: .unusable, allow: "POST", note: "")
            }
            return await change(request, query: query, suppress: false)
        default:
            return Outcome(status: .notFound, page: .unusable, note: "")
        }
    }

    /// A POST that suppresses (or lifts the suppression of) the reader the link names, recorded
    /// before the answer: whoever got a 200 is in the store, whatever happens next.
    private func change(_ request: Request, query: QueryParameters?, suppress: Bool) async -> Outcome {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > Self.maximumBodySize {
            return Outcome(status: .contentTooLarge, page: .unusable, note: "body too large")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maximumBodySize)
        } catch is NIOTooManyBytesError {
            return Outcome(status: .contentTooLarge, page: .unusable, note: "body too large")
        } catch {
            return Outcome(status: .badRequest, page: .unusable, note: "body unreadable")
        }
        guard let credential = ReaderCredential(query: query, tokens: tokens) else {
            return Outcome(status: .forbidden, page: .forbidden, note: "bad token")
        }
        // RFC 8058: the body says List-Unsubscribe=One-Click; the page's form sends the same.
        if suppress,
            !OneClickBody.isOneClick(Array(body.readableBytesView), contentType: request.headers[.contentType])
        {
            return Outcome(status: .badRequest, page: .unusable, note: "no List-Unsubscribe=One-Click")
        }
        do {
            if suppress {
                try await store.recordUnsubscribe(credential.address)
                return Outcome(status: .ok, page: .unsubscribed, credential: credential, note: "suppressed")
            }
            switch try await store.recordResubscribe(credential.address) {
            case .subscribed:
                return Outcome(status: .ok, page: .resubscribed, credential: credential, note: "resubscribed")
            case .keptSuppressed(let reason):
                return Outcome(
                    status: .conflict, page: .resubscribeRefused, credential: credential,
                    note: "kept suppressed (\(reason.rawValue))")
            }
        } catch {
            logger.error("the suppression could not be recorded: \(String(describing: error).prefix(200))")
            return Outcome(status: .serviceUnavailable, page: .unusable, note: "store failed")
        }
    }

    private func log(_ request: Request, context: Context, outcome: Outcome, elapsed: Duration) {
        let client = clients.resolve(
            peer: context.peer, forwarded: request.headers[values: FieldName.forwarded],
            forwardedFor: request.headers[values: FieldName.xForwardedFor])
        let path = String(
            request.uri.path.unicodeScalars.prefix(80).map {
                $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?"
            })
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        var line =
            "\(request.method.rawValue.prefix(16)) \(path) \(outcome.status.code) "
            + String(format: "%.1fms", milliseconds) + " client=\(client)"
        if let credential = outcome.credential { line += " reader=\(MaskedAddress.of(credential.address))" }
        if !outcome.note.isEmpty { line += " \(outcome.note)" }
        logger.info("\(line)")
    }
}

/// The header fields the server sets or reads beyond Hummingbird's named ones.
private enum FieldName {
    typealias Name = HTTPFields.Element.Name
    static let forwarded = Name("Forwarded")!
    static let xForwardedFor = Name("X-Forwarded-For")!
    static let xFrameOptions = Name("X-Frame-Options")!
    static let xContentTypeOptions = Name("X-Content-Type-Options")!
    static let referrerPolicy = Name("Referrer-Policy")!
}
