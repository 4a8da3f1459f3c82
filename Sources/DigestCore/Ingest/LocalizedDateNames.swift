/// Day and month names in other languages, rewritten in English before a date is read.
///
/// The Greek, Hungarian and Korean forms are the ones feedparser reads; German, French, Spanish,
/// Italian and Dutch names are added because feeds in those languages write them in RFC 822
/// dates. Only whole words are replaced, and only words that are not English date words.
enum LocalizedDateNames {
    /// `text` with every known foreign day or month name in English, and the Korean forms
    /// (`2004년 05월 28일`, `오전`/`오후`) in ISO order.
    static func englished(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !$0.isASCII }) || text.contains(where: \.isLetter) else {
            return text
        }
        var result = text
        if result.contains("년") {
            // OnBlog: `2004년 05월 28일 01:31:15`.
            result = result.replacingEvery("년 ", with: "-").replacingEvery("년", with: "-")
                .replacingEvery("월 ", with: "-").replacingEvery("월", with: "-")
                .replacingEvery("일", with: "")
        }
        result = result.replacingEvery(" 오전 ", with: " ").replacingEvery(" 오후 ", with: " ")
        var output = ""
        var word = ""
        func flush() {
            if !word.isEmpty { output += names[word.lowercased()] ?? word }
            word = ""
        }
        for character in result {
            if character.isLetter {
                word.append(character)
            } else {
                flush()
                output.append(character)
            }
        }
        flush()
        return output
    }

    /// Foreign name (lower-cased) → English.
    private static let names: [String: String] = {
        var table: [String: String] = [:]
        let months: [[String]] = [
            // Greek (feedparser's table: three-letter forms, with and without accents).
            ["ιαν", "φεβ", "μάώ", "απρ", "μάι", "ιούν", "ιούλ", "αύγ", "σεπ", "οκτ", "νοέ", "δεκ"],
            ["", "", "μαώ", "", "μαϊ", "ιον", "ιολ", "αυγ", "", "", "νοε", ""],
            ["", "", "", "", "μαι", "", "", "", "", "", "", ""],
            // Hungarian (as in `2004-július-13T9:15-05:00`), as month numbers; `november` and
            // `december` are spelled as in English and stay names.
            [
                "január", "február", "március", "április", "május", "június", "július", "augusztus", "szeptember",
                "október", "", "",
            ],
            ["", "februári", "", "", "máujus", "", "", "", "", "", "", ""],
            // German.
            ["januar", "februar", "märz", "", "mai", "juni", "juli", "", "", "oktober", "", "dezember"],
            ["jän", "", "mär", "", "", "", "", "", "", "okt", "", "dez"],
            // French.
            [
                "janvier", "février", "mars", "avril", "", "juin", "juillet", "août", "septembre", "octobre",
                "novembre",
                "décembre",
            ],
            ["janv", "févr", "", "avr", "", "", "juil", "aoû", "sept", "", "", "déc"],
            // Spanish, Italian, Dutch.
            [
                "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
                "noviembre", "diciembre",
            ],
            ["ene", "", "", "abr", "", "", "", "ago", "", "", "", "dic"],
            ["gennaio", "febbraio", "", "aprile", "maggio", "giugno", "luglio", "", "settembre", "ottobre", "", ""],
            ["gen", "", "", "", "mag", "giu", "lug", "", "set", "ott", "", ""],
            ["", "", "maart", "", "mei", "", "", "augustus", "", "", "", ""],
        ]
        let english = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        for (row, names) in months.enumerated() {
            for (index, name) in names.enumerated() where !name.isEmpty {
                // Hungarian months appear inside ISO dates: as numbers there.
                table[name] = (3...4).contains(row) ? (index < 9 ? "0\(index + 1)" : "\(index + 1)") : english[index]
            }
        }
        let days: [[String]] = [
            ["δευ", "τρι", "τετ", "πεμ", "παρ", "σαβ", "κυρ"],
            ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"],
            ["", "di", "mi", "do", "", "", "so"],
            ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
            ["lun", "", "mer", "jeu", "ven", "sam", "dim"],
            ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
        ]
        let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        for names in days {
            for (index, name) in names.enumerated() where !name.isEmpty { table[name] = weekdays[index] }
        }
        return table
    }()
}

extension String {
    fileprivate func replacingEvery(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
