import Testing

@testable import DigestCore

/// The one RFC 5322 date parser: strict for a mail `Date:` header (`digest check`, the
/// archive), lenient for feeds (FeedDateTests has the feed forms).
struct RFC5322DateTests {
    @Test(
        arguments: [
            ("Tue, 16 Apr 2019 09:30:00 +0200", true),
            ("16 Apr 2019 09:30 GMT", true),
            ("Tue, 16 Apr 2019 09:30:00 +0200 (CEST)", true),
            ("Tue, 16 Apr 2019 09:30:00 EST", true),
            ("Tue, 16 Apr 19 09:30:00 Z", true),
            ("Tue, 16 Apr 119 09:30:00 A", true),
            ("Sat, 31 Dec 2016 23:59:60 +0000", true),
            ("Tue, 16 Apr 2019 09:30:00 CEST", false),
            ("Tue, 16 Apr 2019 09:30:00 +02:00", false),
            ("Tue, 16 Apr 2019 09:30:00 J", false),
            ("Tue, 16 Apr 2019", false),
            ("Tue, 16 Apr 2019 9:30:00 +0000", false),
            ("Tue, 16, Apr 2019 09:30:00 +0000", false),
            ("Tue, 30 Feb 2019 09:30:00 +0000", false),
            ("Tue, 16 Apr 2019 24:00:00 +0000", false),
            ("Tue, 16 Apr 2019 09:30:00 +0200 (CEST", false),
            ("2019-04-16T09:30:00Z", false),
            ("Tuesday, 16 April 2019 09:30:00 GMT", false),
        ] as [(String, Bool)])
    func mailDatesAreReadStrictly(text: String, valid: Bool) {
        #expect((RFC5322Date(text) != nil) == valid, "\(text)")
    }

    @Test func theDayIsAsWrittenAndTheMomentHasTheZoneApplied() throws {
        let date = try #require(RFC5322Date("Tue, 16 Apr 2019 23:30:15 -0500"))
        #expect(date.day == Day(iso: "2019-04-16"))
        #expect(date.secondsOfDay == 23 * 3600 + 30 * 60 + 15)
        #expect(date.zoneOffset == -5 * 3600)
        #expect(date.moment.description == "Wed, 17 Apr 2019 04:30:15 +0000")
        #expect(RFC5322Date("16 Apr 2019 09:30 PDT")?.moment.description == "Tue, 16 Apr 2019 16:30:00 +0000")
        #expect(RFC5322Date("Tue, 16 Apr 2019 01:00:00 +0130")?.moment.description == "Mon, 15 Apr 2019 23:30:00 +0000")
    }

    @Test func obsoleteYearsAndUncertainZones() throws {
        #expect(RFC5322Date("16 Apr 49 09:30 GMT")?.day == Day(iso: "2049-04-16"))
        #expect(RFC5322Date("16 Apr 50 09:30 GMT")?.day == Day(iso: "1950-04-16"))
        #expect(RFC5322Date("16 Apr 119 09:30 GMT")?.day == Day(iso: "2019-04-16"))
        // A military letter says nothing certain (RFC 5322 §4.3): read as UTC.
        let military = try #require(RFC5322Date("Tue, 16 Apr 2019 09:30:00 Q"))
        #expect(military.zoneOffset == nil && military.moment.description == "Tue, 16 Apr 2019 09:30:00 +0000")
    }

    @Test func lenientlyWhatFeedsWrite() throws {
        let named = try #require(RFC5322Date("Tuesday, 16 April 2019 09:30 CEST", lenient: true))
        #expect(named.day == Day(iso: "2019-04-16") && named.zoneOffset == nil)
        #expect(RFC5322Date("Tue, 16 Apr 2019 09:30:00 +02:00", lenient: true)?.zoneOffset == 2 * 3600)
        #expect(RFC5322Date("Tue, 16 Apr 2019 09:30:00 GMT-3", lenient: true)?.zoneOffset == -3 * 3600)
        let undated = try #require(RFC5322Date("16 Apr 2019", lenient: true))
        #expect(undated.secondsOfDay == nil && undated.moment.description == "Tue, 16 Apr 2019 00:00:00 +0000")
        #expect(RFC5322Date("Tue, 2019/04/16 09:30:00 EDT", lenient: true)?.day == Day(iso: "2019-04-16"))
        #expect(RFC5322Date("yesterday", lenient: true) == nil)
    }

    @Test func theArchiveReadsTheDateHeaderThroughIt() throws {
        let message = "Date: Tue, 16 Apr 2019 23:30:00 -0500 (EST)\r\nSubject: x\r\n\r\nbody\r\n"
        let reader = try MessageReader(Array(message.utf8), path: "m.eml")
        #expect(reader.date?.description == "Wed, 17 Apr 2019 04:30:00 +0000")
        let feedLike = "Date: Tuesday, 16 April 2019 09:30 CEST\r\n\r\nbody\r\n"
        #expect(try MessageReader(Array(feedLike.utf8), path: "m.eml").date?.day == Day(iso: "2019-04-16"))
    }
}
