import DigestTestSupport
import Foundation
import Testing

/// What a Swift user of the `DigestCore` library product can call, and nothing more: the other
/// targets of this package use `package` declarations. A new `public` declaration is a
/// decision: list it here and in ARCHITECTURE.md ("The library's public API").
struct PublicSurfaceTests {
    /// Every public declaration, by file under Sources/: its keyword and name.
    static let expected: [String: [String]] = [
        "DigestCore/Check/CheckFinding.swift": [
            "struct CheckFinding", "enum Severity", "let severity", "let rule", "let message", "var description",
        ],
        "DigestCore/Check/MessageCheck.swift": ["enum MessageCheck", "func findings"],
        "DigestCore/Config/DigestConfiguration.swift": ["struct DigestConfiguration", "func load", "init"],
        "DigestCore/DigestBuild.swift": [
            "struct DigestBuild", "struct Settings", "struct Outcome", "var diagnostics", "var itemsRead",
            "var message", "var warnings", "var unreadable", "init", "func run",
        ],
        "DigestCore/DigestConfiguration+Settings.swift": ["func settings"],
        "DigestCore/Ingest/SourceSpec.swift": ["struct SourceSpec", "init", "var description"],
        "DigestCore/Mail/LineEnding.swift": ["enum LineEnding"],
        "DigestCore/Mail/MailDate.swift": ["struct MailDate", "init", "var description"],
        "DigestCore/Mail/MailMessage.swift": ["struct MailMessage", "func bytes"],
        "DigestCore/Model/Day.swift": [
            "struct Day", "let year", "let month", "let day", "init?", "var description", "func <",
        ],
        "DigestCore/Support/Diagnostic.swift": [
            "struct Diagnostic", "let location", "let problem", "let skipped", "var description",
        ],
        "DigestCore/Support/DigestError.swift": ["enum DigestError", "var description"],
        "DigestCore/Support/SourceLocation.swift": [
            "struct SourceLocation", "let file", "let line", "var description",
        ],
    ]

    @Test func onlyTheDocumentedLibraryAPIIsPublic() throws {
        let found = try Self.publicDeclarations()
        for file in Set(found.keys).union(Self.expected.keys).sorted() {
            #expect(
                found[file] ?? [] == Self.expected[file] ?? [],
                "Sources/\(file) declares public \(found[file] ?? []); ARCHITECTURE.md lists \(Self.expected[file] ?? [])"
            )
        }
        #expect(found.values.joined().count < 100, "DigestCore's public surface stays small")
    }

    @Test func theOtherLibraryTargetsArePackageOnly() throws {
        let found = try Self.publicDeclarations()
        let outside = found.keys.filter { !$0.hasPrefix("DigestCore/") }
        #expect(outside.isEmpty, "only DigestCore is a library product: \(outside.sorted())")
        #expect(found.keys.contains("DigestCore/DigestBuild.swift"), "the scan reads the sources")
    }

    /// The public declarations of every library target's files (not the executables').
    static func publicDeclarations() throws -> [String: [String]] {
        let keywords: Set<Substring> = [
            "struct", "enum", "class", "protocol", "actor", "typealias", "func", "var", "let", "init", "init?", "case",
            "subscript",
        ]
        var result: [String: [String]] = [:]
        for target in ["DigestCore", "DigestSMTP", "DigestServe", "DigestPreview", "DigestBenchCorpus"] {
            let root = TestFiles.packageRoot.appendingPathComponent("Sources/\(target)")
            let paths = try #require(FileManager.default.subpaths(atPath: root.path)).filter { $0.hasSuffix(".swift") }
            for path in paths.sorted() {
                let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
                let code = FolderDependencyTests.strippingLiterals(text)
                for line in code.split(separator: "\n") {
                    let words = line.split(whereSeparator: { " (:{".contains($0) })
                    guard words.contains("public"), !words.contains("import") else { continue }
                    guard let index = words.firstIndex(where: keywords.contains) else { continue }
                    let keyword = words[index]
                    let name = keyword.hasPrefix("init") || index + 1 == words.count ? "" : " " + words[index + 1]
                    result["\(target)/\(path)", default: []].append(String(keyword) + name)
                }
            }
        }
        return result
    }
}
