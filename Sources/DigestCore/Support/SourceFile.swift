import Foundation

/// Reads source files whole, with a size limit, and peeks at their first bytes.
enum SourceFile {
    /// The most bytes read whole from one feed or Markdown file.
    static let feedLimit = 32 << 20
    /// The most bytes of one Markdown file.
    static let markdownLimit = 4 << 20

    /// The whole file.
    ///
    /// - Throws: ``DigestError/unreadable(path:reason:)``, ``DigestError/tooLarge(path:limit:)``.
    static func bytes(_ path: String, limit: Int) throws(DigestError) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadable(path: path, reason: "no such file, or it is not readable")
        }
        defer { try? handle.close() }
        do {
            guard let data = try handle.read(upToCount: limit + 1) else { return [] }
            guard data.count <= limit else { throw DigestError.tooLarge(path: path, limit: limit) }
            return [UInt8](data)
        } catch let error as DigestError {
            throw error
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    /// The first `count` bytes of the file.
    static func prefix(_ path: String, count: Int = 4096) throws(DigestError) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadable(path: path, reason: "no such file, or it is not readable")
        }
        defer { try? handle.close() }
        do {
            return [UInt8](try handle.read(upToCount: count) ?? Data())
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    /// The 1-based line of the first byte that is not UTF-8, or nil when all of it is.
    static func firstNonUTF8Line(_ bytes: [UInt8]) -> Int? {
        if String(validating: bytes, as: UTF8.self) != nil { return nil }
        var line = 1
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "\n") {
            if String(validating: bytes[start..<index], as: UTF8.self) == nil { return line }
            line += 1
            start = index + 1
        }
        return line
    }
}
