import DigestCore
import FlyingFox
import Foundation

/// Answers every request from the library's current snapshot. Nothing is read from disk, so
/// no path can reach a file: whatever is not one of the routes below is 404.
///
/// - `/`: the index; `/messages/N`: a message (`?width=phone`); `/messages/N/html`: its
///   HTML part (`?style=none`: without its `<style>` block); `/messages/N/source`: its source as text; `/messages/N.eml`: the file;
///   `/version`: the build number; `/preview.css`, `/preview.js`: the page's own assets.
struct PreviewRouter: HTTPHandler {
    let library: PreviewLibrary

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard request.method == .GET || request.method == .HEAD else {
            return Self.text("Only GET is served here.\n", status: .methodNotAllowed)
        }
        let snapshot = library.snapshot
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        switch parts {
        case [""]:
            return Self.page(IndexPage.render(snapshot))
        case ["version"]:
            return Self.text("\(snapshot.version)\n", status: .ok)
        case ["preview.css"]:
            return Self.asset(PreviewAssets.stylesheet, type: "text/css; charset=utf-8")
        case ["preview.js"]:
            return Self.asset(PreviewAssets.script, type: "text/javascript; charset=utf-8")
        case let path where path.count >= 2 && path[0] == "messages":
            return message(path: Array(path.dropFirst()), request: request, snapshot: snapshot)
        default:
            return Self.notFound
        }
    }

    private func message(path: [String], request: HTTPRequest, snapshot: PreviewLibrary.Snapshot) -> HTTPResponse {
        let messages = snapshot.content.messages
        var name = path[0]
        let isFile = name.hasSuffix(".eml") && path.count == 1
        if isFile { name.removeLast(4) }
        guard let number = Int(name), String(number) == name, (1...messages.count).contains(number) else {
            return Self.notFound
        }
        let message = messages[number - 1].message
        switch (isFile, path.dropFirst().first) {
        case (true, nil):
            return HTTPResponse(
                statusCode: .ok,
                headers: [
                    .contentType: "message/rfc822",
                    .contentDisposition: "attachment; filename=\"\(messages[number - 1].fileName)\"",
                ],
                body: Data(message.bytes(lineEnding: .crlf)))
        case (false, nil) where path.count == 1:
            let width = request.query["width"].flatMap(MessagePage.Width.init(rawValue:)) ?? .desktop
            return Self.page(MessagePage.render(snapshot, number: number, width: width))
        case (false, "html") where path.count == 2:
            return HTTPResponse(
                statusCode: .ok,
                headers: [
                    .contentType: "text/html; charset=utf-8",
                    HTTPHeader("Content-Security-Policy"): PreviewAssets.messagePolicy,
                    HTTPHeader("X-Content-Type-Options"): "nosniff",
                    HTTPHeader("Referrer-Policy"): "no-referrer",
                    .cacheControl: "no-store",
                ],
                body: Data(
                    (request.query["style"] == "none" ? PhoneFit.withoutStyleBlocks(message.html) : message.html).utf8))
        case (false, "source") where path.count == 2:
            return Self.text(String(decoding: message.bytes(lineEnding: .lf), as: UTF8.self), status: .ok)
        default:
            return Self.notFound
        }
    }

    private static let notFound = text("Not found.\n", status: .notFound)

    private static func page(_ html: String) -> HTTPResponse {
        HTTPResponse(
            statusCode: .ok,
            headers: [
                .contentType: "text/html; charset=utf-8",
                HTTPHeader("Content-Security-Policy"): PreviewAssets.pagePolicy,
                HTTPHeader("X-Content-Type-Options"): "nosniff",
                HTTPHeader("Referrer-Policy"): "no-referrer",
                .cacheControl: "no-store",
            ],
            body: Data(html.utf8))
    }

    private static func asset(_ text: String, type: String) -> HTTPResponse {
        HTTPResponse(
            statusCode: .ok,
            headers: [.contentType: type, HTTPHeader("X-Content-Type-Options"): "nosniff", .cacheControl: "no-store"],
            body: Data(text.utf8))
    }

    private static func text(_ text: String, status: HTTPStatusCode) -> HTTPResponse {
        HTTPResponse(
            statusCode: status,
            headers: [
                .contentType: "text/plain; charset=utf-8", HTTPHeader("X-Content-Type-Options"): "nosniff",
                .cacheControl: "no-store",
            ],
            body: Data(text.utf8))
    }
}
