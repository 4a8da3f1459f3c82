import Foundation

/// A folder of messages that appears whole: written under a hidden name beside its final
/// one (`.NAME.building-PID`), then put in place in one step, exchanged with the folder of an
/// earlier build when there is one (`renameat2` with `RENAME_EXCHANGE`), which is then
/// deleted. A reader of the folder sees the earlier issue or the new one, never a mix; a
/// build that fails or is killed leaves the earlier folder as it was (and the next build
/// deletes what the killed one left).
///
/// Each file is written once, with a plain create: no temporary file and rename per
/// message, which was a tenth of a 10,000-reader build.
struct StagedFolder {
    /// The folder the messages end up in.
    let final: DigestFolder
    /// Where they are written meanwhile.
    let staging: DigestFolder

    /// Creates the staging folder for `final` (and `final`'s parent), after deleting the
    /// staging folders of builds of the same folder that are no longer running.
    init(final path: String) throws(DigestError) {
        final = DigestFolder(path: path)
        let written = (path as NSString).deletingLastPathComponent
        let parent = written.isEmpty ? "." : written
        let name = (path as NSString).lastPathComponent
        let prefix = ".\(name).building-"
        staging = DigestFolder(path: (parent as NSString).appendingPathComponent(prefix + "\(System.processID)"))
        try AtomicFile.makeFolder(parent)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        for entry in entries where entry.hasPrefix(prefix) {
            let pid = Int32(entry.dropFirst(prefix.count)) ?? 0
            if pid == System.processID || !System.isRunning(pid) {
                try? FileManager.default.removeItem(atPath: (parent as NSString).appendingPathComponent(entry))
            }
        }
        do {
            try System.makeFolder(staging.path)
        } catch {
            throw .unwritable(path: staging.path, reason: error.reason)
        }
    }

    /// Writes `bytes` as `name` into the staging folder; returns the path the file will have
    /// once the folder is published.
    func write(_ bytes: [UInt8], named name: String) throws(DigestError) -> String {
        let path = staging.path + "/" + name
        do {
            try System.writeFile(bytes, to: path)
        } catch {
            throw .unwritable(path: path, reason: error.reason)
        }
        return final.path + "/" + name
    }

    /// Puts the staging folder in place of the final one, and deletes the earlier build's.
    func publish() throws(DigestError) {
        do {
            try System.rename(staging.path, to: final.path)
            return
        } catch  where error.isOccupied {
            // An earlier build's folder is there: exchanged below.
        } catch {
            throw .unwritable(path: final.path, reason: error.reason)
        }
        do {
            try System.exchange(staging.path, final.path)
        } catch  where error.isUnsupported {
            // A file system that cannot exchange: the earlier folder is moved aside first, so
            // for a moment there is no folder of that name.
            let aside = staging.path + "-earlier"
            do {
                try System.rename(final.path, to: aside)
                try System.rename(staging.path, to: final.path)
            } catch {
                throw .unwritable(path: final.path, reason: error.reason)
            }
            try? FileManager.default.removeItem(atPath: aside)
            return
        } catch {
            throw .unwritable(path: final.path, reason: error.reason)
        }
        // The staging name now holds the earlier build's messages.
        try? FileManager.default.removeItem(atPath: staging.path)
    }

    /// Deletes the staging folder and what was written into it.
    func discard() {
        try? FileManager.default.removeItem(atPath: staging.path)
    }
}
