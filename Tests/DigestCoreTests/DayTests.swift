import DigestCore
import Testing

struct DayTests {
    @Test(arguments: ["2019-02-29", "2019-13-01", "2019-00-10", "19-03-20", "2019-3-20", "tomorrow", ""])
    func impossibleOrMalformedISODatesAreRejected(_ text: String) {
        #expect(Day(iso: text) == nil)
    }

    @Test func leapDaysExist() {
        #expect(Day(iso: "2020-02-29") != nil)
        #expect(Day(dayMonthYear: "29-02-2000") != nil)
        #expect(Day(dayMonthYear: "29-02-1900") == nil)
    }

    @Test func arithmeticRoundTrips() {
        let day = Day(iso: "2019-03-20")!
        #expect(day.adding(days: 30) == Day(iso: "2019-04-19"))
        #expect(day.adding(days: -20) == Day(iso: "2019-02-28"))
        #expect(Day(daysSinceEpoch: day.daysSinceEpoch) == day)
        #expect(day.weekday == 3)  // a Wednesday
    }

    @Test func mailDatesAreRFC5322() {
        #expect(MailDate(iso: "2019-04-20")?.description == "Sat, 20 Apr 2019 08:00:00 +0000")
        #expect(MailDate(iso: "2019-04-20T23:59:07Z")?.description == "Sat, 20 Apr 2019 23:59:07 +0000")
        #expect(MailDate(iso: "2019-04-20T25:00:00Z") == nil)
    }
}
