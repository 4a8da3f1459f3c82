/// The iCalendar file (RFC 5545, `METHOD:PUBLISH`) of every event the issues announced: one
/// all-day `VEVENT` per item id, its `UID` the item's id at the list's domain, so a calendar that
/// subscribes to the file updates events instead of duplicating them.
struct EventCalendar {
    /// One event, as the latest issue that announced it described it.
    struct Event {
        var id: String
        var title: String
        var start: Day
        var end: Day
        var link: String?
        var topics: [String]
        /// When the issue that last announced it was sent: the event's `DTSTAMP`.
        var stamp: MailDate
    }

    /// The calendar's name.
    var name: String
    /// The domain in every UID.
    var domain: String
    /// The events, in the order they are written.
    var events: [Event]

    /// The events of `issues` (oldest first), later issues overriding earlier ones, sorted by start.
    init(name: String, domain: String, issues: [ArchivedIssue]) {
        self.name = name
        self.domain = domain
        var byID: [String: Event] = [:]
        for issue in issues {
            guard let record = issue.record else { continue }
            let stamp =
                issue.date
                ?? MailDate(secondsSinceEpoch: (Day(iso: record.until)?.daysSinceEpoch ?? 0) * 86_400)
            for item in record.items where item.kind == ItemKind.event.rawValue {
                guard let start = Day(iso: item.date) else { continue }
                let end = item.end.flatMap { Day(iso: $0) } ?? start
                byID[item.id] = Event(
                    id: item.id, title: item.title, start: start, end: max(start, end),
                    link: item.link.flatMap { LinkPolicy.isSafe($0) ? $0 : nil }, topics: item.topics, stamp: stamp)
            }
        }
        events = byID.values.sorted { ($0.start, $0.id) < ($1.start, $1.id) }
    }

    /// The file's text, CRLF line endings, lines folded at 75 octets.
    var text: String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//digest//Newsletter archive//EN", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "X-WR-CALNAME:" + EventCalendar.escape(name),
        ]
        for event in events {
            lines += [
                "BEGIN:VEVENT",
                "UID:" + EventCalendar.escape("\(event.id)@\(domain)"),
                "DTSTAMP:" + EventCalendar.stamp(event.stamp),
                "DTSTART;VALUE=DATE:" + EventCalendar.compact(event.start),
                "DTEND;VALUE=DATE:" + EventCalendar.compact(event.end.adding(days: 1)),
                "SUMMARY:" + EventCalendar.escape(event.title),
            ]
            if let link = event.link, !link.contains(where: { $0.isNewline || $0 == "\"" }) {
                lines.append("URL:" + link)
            }
            if !event.topics.isEmpty {
                lines.append("CATEGORIES:" + event.topics.map(EventCalendar.escape).joined(separator: ","))
            }
            lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
        }
        lines.append("END:VCALENDAR")
        return lines.map(EventCalendar.fold).joined(separator: "\r\n") + "\r\n"
    }

    /// TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline; other controls dropped.
    static func escape(_ text: String) -> String {
        var result = ""
        var previousCR = false
        for scalar in text.unicodeScalars {
            defer { previousCR = scalar == "\r" }
            switch scalar {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\r": result += "\\n"
            case "\n": if !previousCR { result += "\\n" }
            case "\t": result += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A content line folded (RFC 5545 §3.1): no line longer than 75 octets, continuation
    /// lines starting with one space, never splitting a UTF-8 sequence.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var result = ""
        var count = 0
        var limit = 75
        for character in line.unicodeScalars {
            let width = String(character).utf8.count
            if count + width > limit {
                result += "\r\n "
                count = 1
                limit = 75
            }
            result.unicodeScalars.append(character)
            count += width
        }
        return result
    }

    /// `20190404`.
    static func compact(_ day: Day) -> String {
        Day.pad(day.year, 4) + Day.pad(day.month, 2) + Day.pad(day.day, 2)
    }

    /// `20190420T073000Z`.
    static func stamp(_ date: MailDate) -> String {
        let seconds = date.secondsSinceEpoch - date.day.daysSinceEpoch * 86_400
        return compact(date.day) + "T" + Day.pad(seconds / 3600, 2) + Day.pad(seconds / 60 % 60, 2)
            + Day.pad(seconds % 60, 2) + "Z"
    }
}
