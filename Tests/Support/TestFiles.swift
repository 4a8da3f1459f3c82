import Foundation

/// Paths into the package, found from this file's own location.
public enum TestFiles {
    /// The package's root folder.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A file in `Tests/DigestCoreTests/Fixtures`.
    public static func fixture(_ name: String) -> String {
        packageRoot.appendingPathComponent("Tests/DigestCoreTests/Fixtures/\(name)").path
    }

    /// A file in `Tests/DigestCoreTests/Golden`.
    public static func golden(_ name: String) -> String {
        packageRoot.appendingPathComponent("Tests/DigestCoreTests/Golden/\(name)").path
    }

    /// The shipped templates.
    public static var templates: String { packageRoot.appendingPathComponent("Templates").path }

    /// The shipped sample listing.
    public static var sample: String {
        packageRoot.appendingPathComponent("Samples/social-innovation-listing.txt").path
    }

    /// A new empty folder under the system's temporary folder. The caller removes it, with
    /// `defer { try? FileManager.default.removeItem(at: folder) }` on the next line, so that a
    /// test run leaves nothing behind.
    public static func scratchFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("digest-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
