/// A value of a template's context, told apart by casts to concrete types only (no protocol
/// casts, no `Mirror`): the types `DigestRenderer` and `ReaderLanguage` put in the context.
/// A value of any other type has no case: the render then leaves the template to swift-mustache.
enum TemplateValue {
    case string(String)
    case int(Int)
    case bool(Bool)
    /// A dictionary: its keys are names a tag can look up.
    case object([String: Any])
    /// The words of a language (`t`) or the inline styles (`s`).
    case words([String: String])
    case objects([[String: Any]])
    case strings([String])
    case list([Any])

    /// Classifies `value` by its dynamic type; nil for a type digest's renderer does not know.
    init?(_ value: Any) {
        // Exact type checks first: `as?` from Any to a collection type would convert
        // element by element when the types differ.
        let type = ObjectIdentifier(Swift.type(of: value))
        switch type {
        case ObjectIdentifier(String.self): self = .string(value as! String)
        case ObjectIdentifier([String: Any].self): self = .object(value as! [String: Any])
        case ObjectIdentifier(Int.self): self = .int(value as! Int)
        case ObjectIdentifier(Bool.self): self = .bool(value as! Bool)
        case ObjectIdentifier([String: String].self): self = .words(value as! [String: String])
        case ObjectIdentifier([[String: Any]].self): self = .objects(value as! [[String: Any]])
        case ObjectIdentifier([String].self): self = .strings(value as! [String])
        case ObjectIdentifier([Any].self): self = .list(value as! [Any])
        default: return nil
        }
    }

    /// What the name `name` gives inside this value: a dictionary's entry; nil for a string,
    /// number, Boolean or list (swift-mustache's `Mirror` finds no labelled child in those).
    func child(_ name: String) -> Any? {
        switch self {
        case .object(let values): values[name]
        case .words(let words): words[name]
        default: nil
        }
    }

    /// Whether this is a list with no element.
    var isEmptyList: Bool {
        switch self {
        case .objects(let elements): elements.isEmpty
        case .strings(let elements): elements.isEmpty
        case .list(let elements): elements.isEmpty
        default: false
        }
    }
}
