import Foundation

/// Markdown files with YAML front matter: one file, or a folder read recursively.
///
/// In a folder, every `.md` and `.markdown` file is read, in path order; hidden files and
/// folders are left out. Each file is one item (see ``FrontMatter``); a file that is not
/// one is reported and skipped.
package struct MarkdownSource: ItemSource {
    /// The file or folder as the user gave it.
    package let path: String
    /// The topic of items whose front matter names none; nil uses the folder's name.
    package let topic: String?

    /// Creates a source for the Markdown file or folder at `path`.
    package init(path: String, topic: String? = nil) {
        self.path = path
        self.topic = topic
    }

    package var name: String { path }

    package func read() throws(DigestError) -> SourceReading {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw .unreadable(path: path, reason: "no such file or folder")
        }
        let files = isFolder.boolValue ? try markdownFiles() : [path]
        let folderTopic =
            topic
            ?? URL(fileURLWithPath: isFolder.boolValue ? path : (path as NSString).deletingLastPathComponent)
            .standardizedFileURL.lastPathComponent
        var reading = SourceReading()
        for file in files {
            switch Self.item(file: file, topic: folderTopic) {
            case .success(let item): reading.items.append(item)
            case .failure(let diagnostic): reading.diagnostics.append(diagnostic)
            }
        }
        if isFolder.boolValue && files.isEmpty {
            reading.diagnostics.append(
                Diagnostic(
                    location: SourceLocation(file: path), problem: "the folder holds no .md or .markdown file",
                    skipped: "the source"))
        }
        return reading
    }

    /// One file's item, or why it is skipped; never throws, so one bad file spares the rest.
    static func item(file: String, topic: String) -> Result<Item, Diagnostic> {
        func failure(_ problem: String, line: Int? = nil) -> Result<Item, Diagnostic> {
            .failure(
                Diagnostic(location: SourceLocation(file: file, line: line), problem: problem, skipped: "the file"))
        }
        let bytes: [UInt8]
        do throws(DigestError) {
            bytes = try SourceFile.bytes(file, limit: SourceFile.markdownLimit)
        } catch {
            switch error {
            case .tooLarge(_, let limit): return failure("the file is larger than \(limit / (1 << 20)) MB")
            case .unreadable(_, let reason): return failure("cannot read the file: \(reason)")
            default: return failure("\(error)")
            }
        }
        if let line = SourceFile.firstNonUTF8Line(bytes) {
            return failure("the text is not valid UTF-8; save the file as UTF-8", line: line)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard !text.trimmingWhitespace.isEmpty else { return failure("the file is empty") }
        return FrontMatter.item(text, file: file, topic: topic)
    }

    private func markdownFiles() throws(DigestError) -> [String] {
        let root = URL(fileURLWithPath: path)
        guard
            let enumerator = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { throw .unreadable(path: path, reason: "the folder cannot be listed") }
        var files: [String] = []
        let prefix = root.standardizedFileURL.path
        for case let url as URL in enumerator {
            let ext = url.pathExtension.lowercased()
            guard ext == "md" || ext == "markdown",
                (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
            else { continue }
            // Report paths as the user would write them: the folder as given, then the relative part.
            let full = url.standardizedFileURL.path
            let relative = full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : "/" + url.lastPathComponent
            files.append((path.hasSuffix("/") ? String(path.dropLast()) : path) + relative)
        }
        return files.sorted()
    }
}
