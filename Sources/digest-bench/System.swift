#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Every system call the benchmark makes: clocks, child processes, files.
enum System {
    /// Seconds on a monotonic clock.
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// What a finished child did.
    struct Exit {
        /// The exit status (or 128 + signal).
        var status: Int32
        /// Wall time from spawn to exit.
        var seconds: Double
        /// The child's peak resident memory, in kilobytes.
        var peakKB: Int
        /// The child's CPU time, user and system, in seconds.
        var cpuSeconds: Double
    }

    /// Runs `arguments` (the first an absolute path) to its end; `quiet` sends its output to
    /// /dev/null, `output` sends standard output to that file (created or truncated) and, with
    /// `quiet`, standard error to /dev/null.
    static func run(_ arguments: [String], quiet: Bool = false, output: String? = nil) throws(BenchError) -> Exit {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let output {
            posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        } else if quiet {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        if quiet {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let start = now()
        let code = posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ)
        guard code == 0 else { throw .failed("cannot start \(arguments[0]): \(String(cString: strerror(code)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else {
                throw .failed("waiting for \(arguments[0]): \(String(cString: strerror(errno)))")
            }
        }
        let seconds = now() - start
        let exited = (status & 0x7f) == 0
        return Exit(
            status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), seconds: seconds, peakKB: usage.ru_maxrss,
            cpuSeconds: Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
                + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6)
    }

    /// The running executable's absolute path.
    static func executablePath() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        return count > 0
            ? String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        return getcwd(&buffer, buffer.count).map { String(cString: $0) } ?? "."
    }

    static func changeDirectory(_ path: String) { _ = chdir(path) }

    /// The folder part of `path`.
    static func folder(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
    }

    /// Creates `folder` and its parents.
    static func makeFolder(_ folder: String) throws(BenchError) {
        var current = folder.hasPrefix("/") ? "" : "."
        for component in folder.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) != 0, errno != EEXIST {
                throw .failed("cannot create \(current): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Removes `path` and everything under it.
    static func remove(_ path: String) {
        guard let directory = opendir(path) else {
            unlink(path)
            return
        }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            let child = path + "/" + name
            if entry.pointee.d_type == UInt8(DT_DIR) { remove(child) } else { unlink(child) }
        }
        closedir(directory)
        rmdir(path)
    }

    /// The sizes of the regular files in `folder`, in bytes.
    static func fileSizes(in folder: String) -> [Int] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var sizes: [Int] = []
        while let entry = readdir(directory) {
            guard entry.pointee.d_type == UInt8(DT_REG) else { continue }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if let size = fileSize(folder + "/" + name) { sizes.append(size) }
        }
        return sizes
    }

    /// The sizes of the regular files in `folder` and its subfolders, or of `folder` itself
    /// when it is a file.
    static func fileSizesRecursively(in folder: String) -> [Int] {
        guard let directory = opendir(folder) else { return fileSize(folder).map { [$0] } ?? [] }
        defer { closedir(directory) }
        var sizes: [Int] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            if entry.pointee.d_type == UInt8(DT_DIR) {
                sizes += fileSizesRecursively(in: folder + "/" + name)
            } else if let size = fileSize(folder + "/" + name) {
                sizes.append(size)
            }
        }
        return sizes
    }

    /// The absolute path of `command` on `$PATH`, or nil.
    static func which(_ command: String) -> String? {
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") where access("\(folder)/\(command)", X_OK) == 0 {
            return "\(folder)/\(command)"
        }
        return nil
    }

    /// Writes `text` to a new file at `path`.
    static func writeText(_ text: String, to path: String) throws(BenchError) {
        let bytes = Array(text.utf8)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .failed("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let failure = bytes.withUnsafeBytes { raw in
            Result { () throws(BenchError) in try writeAll(fd, raw, count: raw.count, path: path) }
        }
        try failure.get()
    }

    /// Reads the whole file at `path`, or nil.
    static func readBytes(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes += chunk[..<count]
        }
        return bytes
    }

    /// Size of a file, or nil. The end offset of a read-only descriptor: `struct stat` is
    /// declared by CoreFoundation's module on Linux, which MemberImportVisibility hides here.
    static func fileSize(_ path: String) -> Int? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let end = lseek(fd, 0, SEEK_END)
        return end >= 0 ? Int(end) : nil
    }

    /// Writes `count` bytes of `buffer` to a new file: open, write, close (no fsync), as a plain program would.
    static func writePlain(_ buffer: UnsafeRawBufferPointer, count: Int, to path: String) throws(BenchError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .failed("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        try writeAll(fd, buffer, count: count, path: path)
    }

    /// Writes like `DigestFolder` does: a temporary file, fsync, rename.
    static func writeAtomic(_ buffer: UnsafeRawBufferPointer, count: Int, to path: String) throws(BenchError) {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .failed("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        try writeAll(fd, buffer, count: count, path: path)
        fsync(fd)
        close(fd)
        rename(temporary, path)
    }

    private static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, count: Int, path: String)
        throws(BenchError)
    {
        var written = 0
        while written < count {
            let result = write(fd, buffer.baseAddress! + written, count - written)
            if result < 0 {
                if errno == EINTR { continue }
                throw .failed("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            written += result
        }
    }

    /// Flushes the file system, so one scenario's writes do not land in the next one's time.
    static func syncDisks() { sync() }

    /// Drops the clean pages of the page cache (`/proc/sys/vm/drop_caches`, 1) when allowed
    /// (root); whether it did.
    static func dropPageCache() -> Bool {
        sync()
        let fd = open("/proc/sys/vm/drop_caches", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return write(fd, "1\n", 2) == 2
    }

    /// Reads `path` to its end and throws the bytes away: the file is then in the page cache.
    static func warm(_ path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while read(fd, &chunk, chunk.count) > 0 {}
    }

    /// The bytes free for an unprivileged writer on the file system that holds `path`, or nil.
    static func freeBytes(at path: String) -> Int? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        return Int(info.f_bavail) * Int(info.f_frsize)
    }

    /// `/proc` and `/sys` text, or "".
    static func readText(_ path: String) -> String {
        guard let file = fopen(path, "r") else { return "" }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Online processors.
    static func processorCount() -> Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}

/// Why the benchmark stopped: one sentence.
struct BenchError: Error, CustomStringConvertible {
    let description: String

    static func failed(_ sentence: String) -> BenchError { BenchError(description: sentence) }
}

extension System {
    static func processID() -> Int32 { getpid() }
}
