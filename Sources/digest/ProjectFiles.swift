import Foundation

/// Finds the project's shipped files (the sample, the templates) from any working directory.
enum ProjectFiles {
    /// `relative` in the working directory when it is there, else beside the executable's
    /// package (the executable lives in `.build/<config>/`), else `relative` unchanged.
    static func locate(_ relative: String) -> String {
        let manager = FileManager.default
        if manager.fileExists(atPath: relative) { return relative }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<5 {
            let candidate = folder.appendingPathComponent(relative).path
            if manager.fileExists(atPath: candidate) { return candidate }
            folder.deleteLastPathComponent()
        }
        return relative
    }
}
