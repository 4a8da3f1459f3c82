import DigestCore
import DigestTestSupport
import Foundation
import Testing

/// The footer tells the truth about the link: a page with one button for https, an email for
/// mailto, and never "one click" for a mailto.
struct FooterTests {
    static var context: [String: Any] {
        [
            "newsletter": "Digest", "subject": "Digest", "windowLabel": "1 April 2019", "itemCount": 1,
            "preheader": "First", "sections": [] as [[String: Any]],
        ]
    }

    @Test func theMastheadKnowsAMailtoLink() {
        #expect(
            DigestRenderer.Masthead(name: "D", subject: "S", unsubscribe: "mailto:d@example.org").unsubscribeByEmail)
        #expect(
            !DigestRenderer.Masthead(name: "D", subject: "S", unsubscribe: "https://x.example/u").unsubscribeByEmail)
    }

    @Test(arguments: ["en", "de", "fr", "pl"])
    func aMailtoLinkSaysByEmailAndAnHttpsLinkSaysUnsubscribe(_ locale: String) throws {
        let language = try ReaderLanguage.load(locale: locale, folder: TestFiles.strings)
        let templates = try TemplateSet(folder: TestFiles.templates, locale: locale)
        var context = Self.context
        context["unsubscribe"] = "mailto:digest@example.org?subject=unsubscribe"
        context["unsubscribeByEmail"] = true
        let mailHTML = templates.renderHTML(context)
        let mailText = templates.renderText(context)
        #expect(
            mailHTML.contains(
                ">\(language["unsubscribeByEmail"])</a> \(HTMLEscape.text(language["unsubscribeByEmailNote"]))"))
        #expect(mailText.contains("\(language["unsubscribeByEmailLabel"]) mailto:digest@example.org"))
        for oneClick in ["one click", "einem Klick", "en un clic", "jednym kliknięciem"] {
            #expect(!mailHTML.contains(oneClick) && !mailText.contains(oneClick))
        }
        context["unsubscribe"] = "https://x.example/unsubscribe?email=a%40b.org&token=t"
        context["unsubscribeByEmail"] = nil
        let pageHTML = templates.renderHTML(context)
        #expect(pageHTML.contains(">\(language["unsubscribe"])</a> \(HTMLEscape.text(language["unsubscribeNote"]))"))
        #expect(!pageHTML.contains(language["unsubscribeByEmail"]))
        #expect(templates.renderText(context).contains("\(language["unsubscribeLabel"]) https://x.example/unsubscribe"))
    }
}
