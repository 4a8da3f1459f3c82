import DigestCore
import DigestTestSupport
import Foundation

/// A state store in a scratch folder of its own: a real SQLite file, removed with the folder.
struct ScratchStore: Sendable {
    let folder: URL
    let store: StateStore

    init() throws {
        folder = try TestFiles.scratchFolder()
        store = try StateStore.open(at: folder.appendingPathComponent("digest.sqlite").path, messages: nil)
    }

    /// Whether `address` is suppressed (read on a thread of its own).
    func isSuppressed(_ address: String) async throws -> Bool { try await store.checkSuppressed(address) }

    /// Every suppressed address.
    func suppressed() async throws -> [String] {
        try await onThreadOfItsOwn { () throws(DigestError) in try store.suppressions().map(\.address) }
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}
