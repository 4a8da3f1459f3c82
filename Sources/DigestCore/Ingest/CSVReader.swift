/// RFC 4180 CSV: fields separated by commas, optionally quoted with `"` (a doubled `""`
/// inside quotes is one quote), records separated by LF or CRLF; quoted fields may span lines.
struct CSVReader {
    /// One record and the line it starts on.
    struct Record: Sendable {
        var fields: [String]
        var line: Int
    }

    /// A record whose quote is never closed.
    struct UnclosedQuote: Error {
        var line: Int
    }

    /// Splits `text` into records; blank lines are skipped.
    static func records(_ text: String) -> Result<[Record], UnclosedQuote> {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var atFieldStart = true
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil

        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(fields: fields, line: recordLine)) }
            fields = []
            field = ""
            atFieldStart = true
        }

        while let scalar = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if scalar == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        field.unicodeScalars.append("\"")
                    } else {
                        inQuotes = false
                        pending = next
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where atFieldStart:
                inQuotes = true
                atFieldStart = false
            case ",":
                fields.append(field)
                field = ""
                atFieldStart = true
            case "\r":
                continue
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(scalar)
                atFieldStart = false
            }
        }
        if inQuotes { return .failure(UnclosedQuote(line: recordLine)) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return .success(records)
    }
}
