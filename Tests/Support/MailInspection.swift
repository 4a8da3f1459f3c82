import Foundation

/// A message as Python's `email` package (strict policy) sees it: a parser nobody here wrote.
public struct MailInspection: Decodable, Sendable {
    /// One leaf part.
    public struct Part: Decodable, Sendable {
        /// e.g. `text/plain`.
        public let type: String
        /// The declared charset.
        public let charset: String?
        /// The Content-Transfer-Encoding.
        public let cte: String
        /// Content-Type parameters.
        public let params: [String: String]
        /// The decoded content.
        public let text: String
        /// For HTML, the content with entities unescaped.
        public let unescaped: String
        /// For `format=flowed` text, the content with soft line breaks joined (RFC 3676).
        public let unflowed: String
    }

    /// Every defect Python found; a good message has none.
    public let defects: [String]
    /// Headers as (name, decoded value), in order.
    public let headers: [[String]]?
    /// Headers as (name, raw value), in order.
    public let raw_headers: [[String]]?
    /// Leaf parts in order.
    public let parts: [Part]?
    /// The longest physical line, in octets.
    public let longest_line: Int?
    /// The top-level content type.
    public let top_type: String?

    /// The decoded values of every header called `name` (case-insensitive).
    public func values(_ name: String) -> [String] {
        (headers ?? []).filter { $0[0].lowercased() == name.lowercased() }.map { $0[1] }
    }

    /// Parses the message file at `path` with `python3`, on a thread of its own.
    public static func of(file path: String) async throws -> MailInspection {
        let script = TestFiles.packageRoot.appendingPathComponent("Tests/Support/inspect_mail.py").path
        let result = try await runProcess("/usr/bin/env", ["python3", script, path])
        guard result.status != 127 else {
            throw InspectionError(message: "python3 is missing: run Scripts/setup --test")
        }
        guard result.status == 0 else {
            throw InspectionError(message: "python3 failed (\(result.status)): \(result.stderr)")
        }
        return try JSONDecoder().decode(MailInspection.self, from: result.stdout)
    }

    /// Parses message bytes with `python3`, on a thread of its own.
    public static func of(bytes: [UInt8]) async throws -> MailInspection {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("message.eml")
        try Data(bytes).write(to: file)
        return try await of(file: file.path)
    }
}

/// A failure of the inspection tooling itself.
public struct InspectionError: Error, CustomStringConvertible {
    /// What went wrong.
    public let message: String
    public var description: String { message }
}
