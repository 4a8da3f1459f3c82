import Foundation

extension DigestFolder {
    /// The message files in the folder and in its window subfolders (the personal digests),
    /// sorted by path.
    package func messageFilesWithSubfolders() -> [String] {
        var files = messageFiles()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for name in names.sorted() where !name.hasPrefix(".") {
            var isFolder: ObjCBool = false
            let sub = subfolder(name)
            if FileManager.default.fileExists(atPath: sub.path, isDirectory: &isFolder), isFolder.boolValue {
                files += sub.messageFiles()
            }
        }
        return files.sorted()
    }
}
