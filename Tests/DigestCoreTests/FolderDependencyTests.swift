import DigestTestSupport
import Foundation
import Testing

/// The folders of DigestCore depend one way (ARCHITECTURE.md): each uses only the folders
/// it builds on, so a change to a stage never reaches up into what is built on it.
struct FolderDependencyTests {
    /// The folders each folder may use besides itself, in ARCHITECTURE.md's order; the
    /// top-level run may use them all.
    static let allowed: [String: Set<String>] = {
        let stages: Set<String> = ["Support", "Model", "Mail", "Ingest", "Select", "Render"]
        return [
            "Support": [],
            "Model": ["Support"],
            "Mail": ["Support", "Model"],
            "Ingest": ["Support", "Model", "Mail"],
            "Select": ["Support", "Model", "Mail"],
            "Render": ["Support", "Model", "Mail"],
            "Config": stages,
            "Check": stages.union(["Config"]),
            "Deliver": stages.union(["Config", "Check"]),
            "Archive": stages.union(["Config", "Check", "Deliver"]),
            "State": stages.union(["Config", "Check", "Deliver", "Archive"]),
            "Unsubscribe": stages.union(["Config", "Check", "Deliver", "Archive", "State"]),
        ]
    }()

    @Test func eachLowerFolderUsesOnlyTheFoldersBelowIt() throws {
        let files = try Self.sources()
        var owner: [String: String] = [:]
        for file in files {
            for name in Self.declarations(in: file.code) { owner[name] = owner[name] ?? file.folder }
        }
        #expect(owner["DigestError"] == "Support" && owner["Item"] == "Model", "the declarations are found")
        var checked = 0
        for file in files {
            guard file.folder != "(top)" else { continue }
            let allowed = try #require(
                Self.allowed[file.folder],
                "\(file.folder)/ is a new folder: give it its place in ARCHITECTURE.md and here")
            checked += 1
            let used = Set(Self.identifiers(in: file.code))
            for name in used.sorted() {
                guard let folder = owner[name], folder != file.folder else { continue }
                #expect(
                    allowed.contains(folder),
                    "\(file.path) uses \(name) of \(folder)/; \(file.folder)/ may use only \(allowed.sorted()) (see ARCHITECTURE.md)"
                )
            }
        }
        #expect(checked > 150, "every file below the top level is checked")
    }

    struct SourceFile {
        var path: String
        var folder: String
        var code: String
    }

    /// Every Swift file of Sources/DigestCore, with comments and string literals taken out.
    static func sources() throws -> [SourceFile] {
        let root = TestFiles.packageRoot.appendingPathComponent("Sources/DigestCore")
        let paths = try #require(FileManager.default.subpaths(atPath: root.path)).filter { $0.hasSuffix(".swift") }
        return try paths.sorted().map { path in
            let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            let parts = path.split(separator: "/")
            return SourceFile(
                path: path, folder: parts.count > 1 ? String(parts[0]) : "(top)", code: strippingLiterals(text))
        }
    }

    /// The types and functions a file declares at its top level (not nested ones).
    static func declarations(in code: String) -> [String] {
        let keywords: Set<Substring> = ["struct", "enum", "class", "protocol", "actor", "typealias", "func"]
        return code.split(separator: "\n").compactMap { line -> String? in
            guard let first = line.first, first.isLetter || first == "@" else { return nil }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "<" || $0 == "(" || $0 == ":" })
            guard let index = words.firstIndex(where: keywords.contains), index + 1 < words.count else { return nil }
            return String(words[index + 1])
        }
    }

    /// The words of the code that could name a declaration.
    static func identifiers(in code: String) -> [String] {
        code.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).map(String.init)
    }

    /// The code without comments and string literals (a type named in a message is no dependency).
    static func strippingLiterals(_ text: String) -> String {
        var result = ""
        var index = text.startIndex
        func rest(hasPrefix prefix: String) -> Bool { text[index...].hasPrefix(prefix) }
        func skip(past end: String) {
            if let found = text.range(of: end, range: index..<text.endIndex) {
                index = found.upperBound
            } else {
                index = text.endIndex
            }
        }
        while index < text.endIndex {
            if rest(hasPrefix: "//") {
                skip(past: "\n")
                result.append("\n")
            } else if rest(hasPrefix: "/*") {
                skip(past: "*/")
            } else if rest(hasPrefix: "\"\"\"") {
                index = text.index(index, offsetBy: 3)
                skip(past: "\"\"\"")
                result.append("\"\"")
            } else if text[index] == "\"" {
                index = text.index(after: index)
                while index < text.endIndex, text[index] != "\"", text[index] != "\n" {
                    if text[index] == "\\" { index = text.index(after: index) }
                    if index < text.endIndex { index = text.index(after: index) }
                }
                if index < text.endIndex { index = text.index(after: index) }
                result.append("\"\"")
            } else {
                result.append(text[index])
                index = text.index(after: index)
            }
        }
        return result
    }
}
