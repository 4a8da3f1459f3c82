import DigestTestSupport
import Foundation
import Testing

@testable import DigestCore

/// A folder of personal messages appears whole: an earlier build's stays until the new one
/// is complete, then the two are exchanged in one step; what a killed build left is deleted.
struct StagedFolderTests {
    private static func names(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    private static func text(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    /// An earlier build's folder at `final`: each file named, holding "old".
    private static func publishEarlier(_ names: [String], at final: String) throws {
        let earlier = try StagedFolder(final: final)
        for name in names { _ = try earlier.write(Array("old".utf8), named: name) }
        try earlier.publish()
    }

    @Test func aFirstBuildAppearsOnlyWhenPublished() throws {
        let root = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let final = root.appendingPathComponent("out/2026-11-01-to-2026-11-25").path
        let staged = try StagedFolder(final: final)
        let path = try staged.write(Array("one".utf8), named: "ana@example.org.eml")
        #expect(path == final + "/ana@example.org.eml")
        #expect(!FileManager.default.fileExists(atPath: final), "nothing is in place before it is published")
        try staged.publish()
        #expect(try Self.text(path) == "one")
        #expect(Self.names(root.appendingPathComponent("out").path) == ["2026-11-01-to-2026-11-25"])
    }

    @Test func aRebuildTakesTheEarlierFoldersPlaceWhole() throws {
        let root = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let final = root.appendingPathComponent("2026-11-01-to-2026-11-25").path
        try Self.publishEarlier(["ana@example.org.eml", "gone@example.com.eml"], at: final)

        let second = try StagedFolder(final: final)
        _ = try second.write(Array("new".utf8), named: "ana@example.org.eml")
        // Until it is published, the earlier build's folder is there as it was.
        #expect(Self.names(final) == ["ana@example.org.eml", "gone@example.com.eml"])
        #expect(try Self.text(final + "/ana@example.org.eml") == "old")
        try second.publish()
        #expect(Self.names(final) == ["ana@example.org.eml"])
        #expect(try Self.text(final + "/ana@example.org.eml") == "new")
        #expect(Self.names(root.path) == ["2026-11-01-to-2026-11-25"], "the earlier folder is deleted")
    }

    @Test func aDiscardedBuildLeavesTheEarlierFolderAsItWas() throws {
        let root = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let final = root.appendingPathComponent("w").path
        try Self.publishEarlier(["a.eml"], at: final)
        let failed = try StagedFolder(final: final)
        _ = try failed.write(Array("half".utf8), named: "a.eml")
        failed.discard()
        #expect(try Self.text(final + "/a.eml") == "old")
        #expect(Self.names(root.path) == ["w"])
    }

    /// What a killed build left (its process is gone) is deleted by the next build; the
    /// staging folder of a build still running is left alone.
    @Test func aKilledBuildsLeftoversAreDeletedByTheNext() throws {
        let root = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let gone = root.appendingPathComponent(".w.building-\(finished.processIdentifier)")
        let running = root.appendingPathComponent(".w.building-\(getppid())")
        for folder in [gone, running] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("half".utf8).write(to: folder.appendingPathComponent("a.eml"))
        }
        let staged = try StagedFolder(final: root.appendingPathComponent("w").path)
        #expect(!FileManager.default.fileExists(atPath: gone.path))
        #expect(FileManager.default.fileExists(atPath: running.path))
        try staged.publish()
        #expect(Self.names(root.path) == [".w.building-\(getppid())", "w"])
    }
}
