/// Draws ``TemplateToken``s against a context with swift-mustache's semantics: names are
/// looked up the context stack from its top; a list section repeats for each element, a
/// Boolean one shows or not, any other value found (even an empty string or 0) is pushed and
/// shown once, a missing one is not; an inverted section shows for false, an empty list or a
/// missing name; a variable prints a string as it is, a number in decimal, a Boolean as
/// `true`/`false`, and nothing when missing.
struct TemplateRendering {
    /// A value whose type digest's renderer does not know was met; swift-mustache renders instead.
    struct UnknownValue: Error {}

    private(set) var output = ""
    private var stack: [TemplateValue]

    init(context: [String: Any], capacity: Int) {
        stack = [.object(context)]
        output.reserveCapacity(capacity)
    }

    mutating func render(_ tokens: [TemplateToken], escapes startsEscaping: Bool) throws(UnknownValue) {
        var escapes = startsEscaping
        for token in tokens {
            switch token {
            case .text(let text):
                output.append(text)
            case .variable(let name, let escaped):
                guard let found = try resolve(name) else { continue }
                switch found {
                case .string(let string):
                    if escaped && escapes {
                        HTMLEscape.append(string, to: &output)
                    } else {
                        output.append(string)
                    }
                case .int(let number): output.append(String(number))
                case .bool(let flag): output.append(flag ? "true" : "false")
                default: throw UnknownValue()  // swift-mustache prints a collection's description
                }
            case .section(let name, let inner):
                guard let found = try resolve(name) else { continue }
                switch found {
                case .bool(let flag):
                    if flag { try render(inner, escapes: escapes) }
                case .objects(let elements):
                    for element in elements { try renderPushed(.object(element), inner, escapes: escapes) }
                case .strings(let elements):
                    for element in elements { try renderPushed(.string(element), inner, escapes: escapes) }
                case .list(let elements):
                    for element in elements {
                        guard let value = TemplateValue(element) else { throw UnknownValue() }
                        try renderPushed(value, inner, escapes: escapes)
                    }
                default:
                    try renderPushed(found, inner, escapes: escapes)
                }
            case .invertedSection(let name, let inner):
                guard let found = try resolve(name) else {
                    try render(inner, escapes: escapes)
                    continue
                }
                switch found {
                case .bool(let flag):
                    if !flag { try render(inner, escapes: escapes) }
                case _ where found.isEmptyList:
                    try renderPushed(found, inner, escapes: escapes)  // swift-mustache pushes the empty list
                default: break
                }
            case .contentType(let escaping):
                escapes = escaping
            }
        }
    }

    private mutating func renderPushed(_ value: TemplateValue, _ tokens: [TemplateToken], escapes: Bool)
        throws(UnknownValue)
    {
        stack.append(value)
        defer { stack.removeLast() }
        try render(tokens, escapes: escapes)
    }

    /// The value `name` gives; nil when missing. The first part of a dotted name is looked up
    /// the stack, the others only in what the previous part gave.
    private func resolve(_ name: TemplateName) throws(UnknownValue) -> TemplateValue? {
        switch name {
        case .current:
            return stack[stack.count - 1]
        case .path(let first, let rest):
            for frame in stack.reversed() {
                guard var found = frame.child(first) else { continue }
                for part in rest {
                    guard let value = TemplateValue(found) else { throw UnknownValue() }
                    guard let child = value.child(part) else { return nil }
                    found = child
                }
                guard let value = TemplateValue(found) else { throw UnknownValue() }
                return value
            }
            return nil
        }
    }
}
