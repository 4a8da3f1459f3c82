import Crypto
import DigestCore
import Foundation

/// The pages a reader sees, in the list's language: plain HTML, one stylesheet whose hash the
/// Content-Security-Policy names, forms that post back to the same link, and no script.
struct UnsubscribePage: Sendable {
    /// Which page.
    enum Kind: Sendable {
        /// The question, with one button that unsubscribes (GET of the link).
        case confirm
        /// Done, with a button that subscribes again.
        case unsubscribed
        /// Subscribed again, with a button that unsubscribes.
        case resubscribed
        /// The address stays suppressed for a reason the reader cannot lift (409).
        case resubscribeRefused
        /// The link is incomplete or forged (403).
        case forbidden
        /// Anything else that cannot be served (400, 404, 405, 413, 414).
        case unusable
    }

    /// The newsletter's name, shown in titles.
    let newsletter: String
    /// The words of the pages.
    let language: ReaderLanguage

    /// The one stylesheet of every page.
    static let style = """
        body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2a33;background:#f4f6f8;\
        margin:0;padding:40px 16px}main{max-width:32em;margin:0 auto;background:#fff;border:1px solid #e3e7eb;\
        border-radius:6px;padding:24px 28px}h1{font-size:22px;line-height:1.3;margin:0 0 12px}\
        button{font:inherit;padding:8px 18px;border:0;border-radius:4px;background:#1d5c8f;color:#fff;cursor:pointer}\
        button:focus{outline:3px solid #f0b429}
        """

    /// The Content-Security-Policy of every page: nothing but that stylesheet and forms to this origin.
    static let contentSecurityPolicy: String = {
        let digest = SHA256.hash(data: Array(style.utf8))
        let hash = Data(digest).base64EncodedString()
        return "default-src 'none'; style-src 'sha256-\(hash)'; form-action 'self'; base-uri 'none'; "
            + "frame-ancestors 'none'"
    }()

    /// The page `kind` for `credential` (needed by the first three kinds), as HTML.
    func html(_ kind: Kind, credential: ReaderCredential? = nil) -> String {
        let masked = credential.map { MaskedAddress.of($0.address) } ?? ""
        func words(_ key: String) -> String {
            HTMLEscape.text(ReaderLanguage.fill(language[key], ["newsletter": newsletter, "address": masked]))
        }
        /// The one-click button (RFC 8058's body), on the question and after a resubscribe.
        func unsubscribeForm() -> String {
            form(
                action: "/unsubscribe", credential, field: "List-Unsubscribe=One-Click",
                button: words("pageUnsubscribeButton"))
        }
        let title: String
        var body: String
        switch kind {
        case .confirm:
            title = words("pageUnsubscribeTitle")
            body = "<p>\(words("pageUnsubscribeQuestion"))</p>\n" + unsubscribeForm()
        case .unsubscribed:
            title = words("pageUnsubscribedTitle")
            body =
                "<p>\(words("pageUnsubscribedText"))</p>\n"
                + form(
                    action: "/resubscribe", credential, field: "resubscribe=yes", button: words("pageResubscribeButton")
                )
        case .resubscribed:
            title = words("pageResubscribedTitle")
            body = "<p>\(words("pageResubscribedText"))</p>\n" + unsubscribeForm()
        case .resubscribeRefused:
            title = words("pageResubscribeRefusedTitle")
            body = "<p>\(words("pageResubscribeRefusedText"))</p>\n"
        case .forbidden:
            title = words("pageForbiddenTitle")
            body = "<p>\(words("pageForbiddenText"))</p>\n"
        case .unusable:
            title = words("pageUnusableTitle")
            body = "<p>\(words("pageUnusableText"))</p>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="\(HTMLEscape.text(language.code))">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex">
            <title>\(title) · \(HTMLEscape.text(newsletter))</title>
            <style>\(Self.style)</style>
            </head>
            <body>
            <main>
            <h1>\(title)</h1>
            \(body)</main>
            </body>
            </html>

            """
    }

    /// A form that posts `field` (`name=value`, sent as is) back to `action` for the reader.
    private func form(action: String, _ credential: ReaderCredential?, field: String, button: String) -> String {
        guard let credential else { return "" }
        let parts = field.split(separator: "=", maxSplits: 1).map(String.init)
        return """
            <form method="post" action="\(action)?\(HTMLEscape.text(credential.query))">
            <input type="hidden" name="\(parts[0])" value="\(parts[1])">
            <button type="submit">\(button)</button>
            </form>

            """
    }
}
