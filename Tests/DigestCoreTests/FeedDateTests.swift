import Testing

@testable import DigestCore

/// Date forms found in real feeds (and in feedparser's date handler tests), each with the day
/// digest reads: the publisher's calendar day, the zone checked but not applied.
struct FeedDateTests {
    static let forms: [(String, String?)] = [
        // RFC 822 / 2822 / 5322 as written.
        ("Tue, 16 Apr 2019 09:30:00 +0200", "2019-04-16"),
        ("Tue, 16 Apr 2019 23:30:00 -0500", "2019-04-16"),
        ("16 Apr 2019 09:30 GMT", "2019-04-16"),
        ("Mon, 08 Apr 19 14:00 EST", "2019-04-08"),
        ("Wed, 1 May 2019 00:00:00 PDT", "2019-05-01"),
        ("Wed, 01 May 2019 00:00:00 Z", "2019-05-01"),
        ("Wed, 01 May 2019 00:00:00 UT", "2019-05-01"),
        ("Wed, 01 May 2019 00:00:00 A", "2019-05-01"),
        ("Wed, 01 May 2019 00:00:00 m", "2019-05-01"),
        ("Wed, 01 May 2019 00:00:00 -0000", "2019-05-01"),
        ("Thu, 01 Jan 1970 00:00:00 GMT", "1970-01-01"),
        ("Sat, 29 Feb 2020 10:00:00 GMT", "2020-02-29"),
        ("Sun, 31 Dec 2023 23:59:60 +0000", "2023-12-31"),
        // What feeds write beyond the RFC: named zones, colon offsets, comments, no time.
        ("Tue, 16 Apr 2019 09:30:00 CEST", "2019-04-16"),
        ("Tue, 16 Apr 2019 09:30:00 BST", "2019-04-16"),
        ("Tue, 16 Apr 2019 09:30:00 AEDT", "2019-04-16"),
        ("Tue, 16 Apr 2019 09:30:00 MET", "2019-04-16"),
        ("Tue, 16 Apr 2019 09:30:00 +02:00", "2019-04-16"),
        ("Tue, 16 Apr 2019 09:30:00 GMT+2", "2019-04-16"),
        ("Tue, 16 Apr 2019 09:30:00 GMT-05:00", "2019-04-16"),
        ("Tue, 16 Apr 2019 09:30:00 UTC+01:00", "2019-04-16"),
        ("Tue, 16 Apr 2019 09:30:00 Etc/GMT", "2019-04-16"),
        ("Tue, 16 Apr 2019 09:30:00 GMT (UTC)", "2019-04-16"),
        ("Tue, 16 Apr 2019 09:30:00 +0000 (Coordinated Universal Time)", "2019-04-16"),
        ("Tue, 16 Apr 2019 09:30:00 +0200 GMT", "2019-04-16"),
        ("Tue, 16 Apr 2019", "2019-04-16"),
        ("16 Apr 2019", "2019-04-16"),
        ("Tue, 16 Apr 2019 9:30:00 GMT", "2019-04-16"),
        ("Tue, 16 Apr 2019 09:30 GMT", "2019-04-16"),
        ("Tue,16 Apr 2019 09:30:00 GMT", "2019-04-16"),
        ("Tuesday, 16 April 2019 09:30:00 GMT", "2019-04-16"),
        ("Tue, 16 Sept 2019 09:30:00 GMT", "2019-09-16"),
        ("Tue., 16 Apr. 2019 09:30:00 GMT", "2019-04-16"),
        ("Tue, Apr 16 2019 09:30:00 GMT", "2019-04-16"),
        ("Tue, 16 Apr 2019 09:30:00", "2019-04-16"),
        ("Tue, 16 Apr 99 09:30:00 GMT", "1999-04-16"),
        ("Tue, 16 Apr 2019 09:30:00.25 GMT", "2019-04-16"),
        // asctime and Perforce.
        ("Tue Apr 16 09:30:00 2019", "2019-04-16"),
        ("Tue Apr  6 09:30:00 2019", "2019-04-06"),
        ("Tue Apr 16 09:30:00 +0000 2019", "2019-04-16"),
        ("Tue Apr 16 09:30:00 UTC 2019", "2019-04-16"),
        ("Tue, 2019/04/16 09:30:00 EDT", "2019-04-16"),
        // RFC 3339, W3C-DTF, ISO 8601.
        ("2019-04-16T09:30:00Z", "2019-04-16"),
        ("2019-04-16T09:30:00.123456+02:00", "2019-04-16"),
        ("2019-04-16t09:30:00,5z", "2019-04-16"),
        ("2019-04-16T23:59:60-08:00", "2019-04-16"),
        ("2019-04-16T09:30+02:00", "2019-04-16"),
        ("2019-04-16T09:30:00-0500", "2019-04-16"),
        ("2019-04-16T09:30:00+02", "2019-04-16"),
        ("2019-04-16 09:30:00", "2019-04-16"),
        ("2019-04-16 09:30:00.0", "2019-04-16"),
        ("2019-04-16 09:30:00 +0200", "2019-04-16"),
        ("2019-04-16 09:30", "2019-04-16"),
        ("2019-04-16", "2019-04-16"),
        ("2019-04", "2019-04-01"),
        ("2019", "2019-01-01"),
        ("20190416", "2019-04-16"),
        ("20190416T093000Z", "2019-04-16"),
        ("2019-106", "2019-04-16"),
        ("2019106", "2019-04-16"),
        ("19-04-16", "2019-04-16"),
        ("2004-7-8T9:15Z", "2004-07-08"),
        // feedparser's localised forms, and more languages.
        ("Κυρ, 11 Ιούλ 2004 12:00:00 EST", "2004-07-11"),
        ("Τρι, 16 Απρ 2019 09:30:00 +0300", "2019-04-16"),
        ("2004-július-13T9:15-05:00", "2004-07-13"),
        ("2019-április-16T09:30+02:00", "2019-04-16"),
        ("2004년 05월 28일 01:31:15", "2004-05-28"),
        ("2004-05-25 오후 11:23:17", "2004-05-25"),
        ("Di, 16 Apr 2019 09:30:00 +0200", "2019-04-16"),
        ("Mittwoch, 17 März 2021 10:00:00 +0100", "2021-03-17"),
        ("Do, 12 Dez 2019 08:00:00 +0100", "2019-12-12"),
        ("mar., 16 avr. 2019 09:30:00 +0200", nil),  // `mar` is March in English: not guessed
        ("mardi, 16 avril 2019 09:30:00 +0200", "2019-04-16"),
        ("16 juillet 2019", "2019-07-16"),
        ("martes, 16 abril 2019 09:30:00 +0200", "2019-04-16"),
        ("16 maggio 2019 09:30:00 +0200", "2019-05-16"),
        ("16 mei 2019 09:30:00 +0200", "2019-05-16"),
        // Not dates, or not real days.
        ("Fri, 29 Feb 2019 10:00:00 GMT", nil),
        ("Tue, 16 Foo 2019 09:30:00 GMT", nil),
        ("Tue, 16 Apr 2019 25:30:00 GMT", nil),
        ("Tue, 16 Apr 2019 09:30:00 XYZWVU", nil),
        ("Tue, 16 Apr 2019 09:30:00 +2500", nil),
        ("Tue, 16 Apr 2019 09:30:00 GMT (unclosed", nil),
        ("2019-04-16T09:30:00.Z", nil),
        ("2019-02-30T09:30:00Z", nil),
        ("2019-13", nil),
        ("2019-367", nil),
        ("16/04/2019", nil),
        ("", nil),
        ("yesterday", nil),
        ("Someday in April", nil),
    ]

    @Test func theTableHasAtLeastSixtyRealForms() {
        #expect(Self.forms.filter { $0.1 != nil }.count >= 60)
    }

    @Test(arguments: forms)
    func readsTheFormsFeedsUse(text: String, day: String?) {
        #expect(FeedDate.day(from: text) == day.flatMap { Day(iso: $0) })
    }

    /// The mail `Date` header is read by the same parser, strictly (RFC 5322 and its obsolete forms).
    @Test(
        arguments: [
            ("Tue, 16 Apr 2019 09:30:00 +0200", true),
            ("16 Apr 2019 09:30 GMT", true),
            ("Tue, 16 Apr 2019 09:30:00 +0200 (CEST)", true),
            ("Tue, 16 Apr 2019 09:30:00 EST", true),
            ("Tue, 16 Apr 2019 09:30:00 CEST", false),
            ("Tue, 16 Apr 2019 09:30:00 +02:00", false),
            ("Tue, 16 Apr 2019", false),
            ("2019-04-16T09:30:00Z", false),
            ("Tuesday, 16 April 2019 09:30:00 GMT", false),
        ] as [(String, Bool)])
    func mailDatesAreReadStrictly(text: String, valid: Bool) {
        #expect((FeedDate.rfc822(text) != nil) == valid)
    }
}
