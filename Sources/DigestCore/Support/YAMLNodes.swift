internal import Yams

/// A problem found in a YAML text: the line (1-based, in that text) and what is wrong.
struct YAMLProblem: Error, Sendable {
    /// The line, when known.
    var line: Int?
    /// The key the problem concerns, if any.
    var key: String?
    /// What was expected or went wrong.
    var message: String
    /// For an unknown key (then `key` is it): the keys allowed in its place.
    var known: [String]? = nil
}

/// Typed access to a YAML tree through Yams' node API, so every problem can name its line.
enum YAMLNodes {
    /// Parses one YAML document; nil when it is empty.
    static func compose(_ text: String) throws(YAMLProblem) -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            switch error {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
                .composer(let context, let problem, let mark, _):
                let detail = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
                throw YAMLProblem(line: mark.line, message: detail)
            default:
                throw YAMLProblem(line: nil, message: "\(error)")
            }
        } catch {
            throw YAMLProblem(line: nil, message: "\(error)")
        }
    }

    /// The node's 1-based line.
    static func line(_ node: Node) -> Int? {
        node.mark?.line
    }

    /// Whether the node is a YAML null (`~`, `null`, or nothing).
    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// A mapping's entries in order, keys as strings; null values left out.
    ///
    /// - Throws: when the node is not a mapping, a key is not a plain string, or a key repeats.
    static func entries(_ node: Node, what: String) throws(YAMLProblem) -> [(key: String, line: Int?, value: Node)] {
        guard case .mapping(let mapping) = node else {
            throw YAMLProblem(line: line(node), key: nil, message: "\(what) should be a mapping of “key: value” lines")
        }
        var result: [(key: String, line: Int?, value: Node)] = []
        var seen: Set<String> = []
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode else {
                throw YAMLProblem(line: line(keyNode), key: nil, message: "a key in \(what) should be a plain word")
            }
            guard seen.insert(key.string).inserted else {
                throw YAMLProblem(line: line(keyNode), key: key.string, message: "a key that appears only once")
            }
            if isNull(value) { continue }
            result.append((key.string, line(keyNode), value))
        }
        return result
    }

    /// A scalar's text.
    static func string(_ node: Node, key: String) throws(YAMLProblem) -> String {
        guard case .scalar(let scalar) = node else {
            throw YAMLProblem(line: line(node), key: key, message: "a single text value, not a list or mapping")
        }
        return scalar.string
    }

    /// A whole number in `range`.
    static func int(_ node: Node, key: String, range: ClosedRange<Int>) throws(YAMLProblem) -> Int {
        let text = try string(node, key: key)
        guard let value = Int(text), range.contains(value) else {
            throw YAMLProblem(
                line: line(node), key: key,
                message: "a whole number from \(range.lowerBound) to \(range.upperBound), not “\(text)”")
        }
        return value
    }

    /// `true` or `false` (also `yes`/`no`).
    static func bool(_ node: Node, key: String) throws(YAMLProblem) -> Bool {
        let text = try string(node, key: key)
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw YAMLProblem(line: line(node), key: key, message: "true or false, not “\(text)”")
        }
    }

    /// One text or a list of texts.
    static func strings(_ node: Node, key: String) throws(YAMLProblem) -> [String] {
        switch node {
        case .scalar(let scalar):
            return [scalar.string]
        case .sequence(let sequence):
            var result: [String] = []
            for element in sequence {
                guard case .scalar(let scalar) = element else {
                    throw YAMLProblem(line: line(element), key: key, message: "a list of texts")
                }
                result.append(scalar.string)
            }
            return result
        default:
            throw YAMLProblem(line: line(node), key: key, message: "a text or a list of texts")
        }
    }

    /// A list's elements (a single value counts as a list of one).
    static func list(_ node: Node) -> [Node] {
        if case .sequence(let sequence) = node { return Array(sequence) }
        return [node]
    }
}
