import DigestCore
import Testing

/// Addresses are checked by RFC 5322 addr-spec rules, and a refusal says why.
@Suite struct AddressSpecTests {
    @Test(arguments: [
        "editor@city.example", "news+weekly@lists.example.org", "o'brien@example.ie", "subscribers@localhost",
        "\"jane doe\"@example.org", "\"a@b\"@example.org", "x@[192.0.2.1]", "a.b.c@x-y.example",
    ])
    func acceptsAddrSpecs(address: String) throws {
        #expect(try Mailbox(address: address).address == address)
    }

    @Test(arguments: [
        ("a@b@c", "more than one “@”"),
        ("editor@@city", "more than one “@”"),
        ("editor@city_example", "its domain “city_example” has “_”"),
        ("editor.city.example", "name@domain"),
        ("@city.example", "nothing before the “@”"),
        ("editor@", "nothing after the “@”"),
        (".editor@city.example", "starts or ends with a dot"),
        ("ed..itor@city.example", "two dots in a row"),
        ("editor@city..example", "two dots in a row"),
        ("editor@-city.example", "starts or ends with a hyphen"),
        ("ed itor@city.example", "has a space"),
        ("ed(itor@city.example", "“(”, which is allowed only inside quotes"),
        ("\"editor@city.example", "not closed"),
        ("rédaction@city.example", "only ASCII"),
    ])
    func refusesOthersWithTheReason(address: String, reason: String) {
        let error = #expect(throws: DigestError.self) { try Mailbox(address: address) }
        guard case .invalidAddress(let text, let why) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(text == address)
        #expect(why.contains(reason), "\(why)")
    }

    @Test func aMailboxWithAnInvalidAddressIsRefused() {
        #expect(throws: DigestError.self) { try Mailbox(parsing: "Editor <a@b@c>") }
    }
}
