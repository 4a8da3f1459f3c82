/// Which plural form a count takes in a language, after the Unicode CLDR plural rules for
/// whole numbers: English `1 item` / `2 items`; Polish `1 pozycja`, `2 pozycje`, `5 pozycji`.
enum PluralRule {
    /// A CLDR plural category.
    enum Form: String, CaseIterable, Sendable {
        case zero, one, two, few, many, other
    }

    /// The form `count` takes in the language `code` (`en`, `fr`, `pl`, …).
    static func form(_ count: Int, language code: String) -> Form {
        let n = abs(count)
        let lastDigit = n % 10
        let lastTwo = n % 100
        switch code {
        case "ja", "zh", "ko", "vi", "th", "id", "ms", "tr":
            return .other
        case "fr", "pt":
            return n <= 1 ? .one : .other
        case "pl":
            if n == 1 { return .one }
            return (2...4).contains(lastDigit) && !(12...14).contains(lastTwo) ? .few : .many
        case "ru", "uk", "be":
            if lastDigit == 1 && lastTwo != 11 { return .one }
            return (2...4).contains(lastDigit) && !(12...14).contains(lastTwo) ? .few : .many
        case "cs", "sk":
            return n == 1 ? .one : (2...4).contains(n) ? .few : .other
        case "ar":
            switch n {
            case 0: return .zero
            case 1: return .one
            case 2: return .two
            default: return (3...10).contains(lastTwo) ? .few : (11...99).contains(lastTwo) ? .many : .other
            }
        case "he":
            return n == 1 ? .one : n == 2 ? .two : .other
        default:
            return n == 1 ? .one : .other
        }
    }

    /// The forms a language distinguishes for whole numbers, `other` always among them.
    static func forms(language code: String) -> [Form] {
        let samples = [0, 1, 2, 3, 5, 11, 22, 100, 101, 102, 111, 1000]
        let used = Set(samples.map { form($0, language: code) })
        return Form.allCases.filter { used.contains($0) || $0 == .other }
    }
}
