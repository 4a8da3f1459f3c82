#if canImport(Glibc)
    import Glibc
    import CLinux
#elseif canImport(Darwin)
    import Darwin
#endif

/// Every call DigestCore makes into the C library (Glibc on Linux, Darwin on macOS), behind
/// Swift types: files read and written by descriptor, folders, locks, pipes and child processes.
/// This is the only file in DigestCore that names libc; `EINTR` is retried here, once. Only
/// POSIX calls that Glibc and Darwin both declare alike are used (the `#if`s in `spawn`: the
/// spawn types, and how the child gets no descriptor but 0, 1 and 2); the Darwin branch is
/// not built on this Linux machine.
enum System {
    /// A failed call, with the `errno` it left.
    struct Failure: Error, Equatable, Sendable {
        /// The `errno` value.
        let code: Int32

        /// The failure of the call that just returned, from `errno`.
        static var last: Failure { Failure(code: errno) }

        /// `strerror`'s text, lowercased to follow a colon: "no such file or directory".
        var reason: String { System.describe(code) }

        /// Whether the file or a folder on its path does not exist (`ENOENT`).
        var isMissing: Bool { code == ENOENT }

        /// Whether a rename found a non-empty folder at its target (`ENOTEMPTY`, `EEXIST`).
        var isOccupied: Bool { code == ENOTEMPTY || code == EEXIST }

        /// Whether the file system (or the system) cannot do what was asked (`EINVAL`, `ENOSYS`).
        var isUnsupported: Bool { code == EINVAL || code == ENOSYS }
    }

    /// `strerror`'s text for an error number, lowercased.
    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }

    /// This process's id.
    static var processID: Int32 { getpid() }

    /// Renames `from` over `to` in one step (`rename`).
    static func rename(_ from: String, to: String) throws(Failure) {
        guard system_rename(from, to) == 0 else { throw .last }
    }

    /// Creates (or empties) `path` and writes `bytes` to it, flushed to disk first when
    /// `durable`; the descriptor is closed whatever fails.
    static func writeFile(_ bytes: [UInt8], to path: String, durable: Bool = false) throws(Failure) {
        let file = try File.open(path, .replace)
        var failure: Failure?
        do {
            try file.write(bytes)
            if durable { try file.sync() }
        } catch {
            failure = error
        }
        do { try file.close() } catch { failure = failure ?? error }
        if let failure { throw failure }
    }

    /// Swaps two existing paths, files or folders, in one step (Linux's `renameat2` with
    /// `RENAME_EXCHANGE`); `EINVAL` where the file system cannot (and on Darwin).
    static func exchange(_ first: String, _ second: String) throws(Failure) {
        #if canImport(Glibc)
            guard digest_exchange_paths(first, second) == 0 else { throw .last }
        #else
            throw Failure(code: EINVAL)
        #endif
    }

    /// Whether a process with id `pid` is running (or a zombie): `kill(pid, 0)` finds it.
    static func isRunning(_ pid: Int32) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
    }

    /// Removes a file, ignoring a failure (`unlink`).
    static func remove(_ path: String) {
        _ = unlink(path)
    }

    /// Creates one folder with mode 0755; one that already exists is not a failure.
    static func makeFolder(_ path: String) throws(Failure) {
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw .last }
    }

    /// The offset of the first `byte` in `buffer` (`memchr`), or nil.
    static func firstIndex(of byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = buffer.baseAddress, !buffer.isEmpty,
            let found = memchr(base, Int32(byte), buffer.count)
        else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// The index of the first `byte` in `buffer` at or after `start` (`memchr`), or nil.
    static func firstIndex(of byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < buffer.count else { return nil }
        return firstIndex(of: byte, in: UnsafeBufferPointer(rebasing: buffer[start...])).map { start + $0 }
    }

    /// Frees memory a C library allocated with `malloc` (cmark's rendered strings).
    static func freeMemory(_ pointer: UnsafeMutableRawPointer) {
        free(pointer)
    }

    /// Makes a write into a pipe whose reader is gone fail with `EPIPE` instead of killing the
    /// process with `SIGPIPE`.
    static func ignoreBrokenPipes() {
        _ = signal(SIGPIPE, SIG_IGN)
    }
}

// MARK: - Files

extension System {
    /// How a file is opened; every descriptor is closed on `exec`.
    enum Access {
        /// Read only.
        case read
        /// Write only, created (mode 0644) or emptied.
        case replace
        /// Read and append, created (mode 0644) when missing.
        case append
    }

    /// An open file descriptor; its owner closes it.
    struct File: Sendable {
        /// The descriptor number.
        let descriptor: Int32

        /// Opens `path`.
        static func open(_ path: String, _ access: Access) throws(Failure) -> File {
            let flags: Int32
            switch access {
            case .read: flags = O_RDONLY | O_CLOEXEC
            case .replace: flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC
            case .append: flags = O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC
            }
            while true {
                let descriptor = system_open(path, flags, 0o644)
                if descriptor >= 0 { return File(descriptor: descriptor) }
                if errno != EINTR { throw .last }
            }
        }

        /// Reads what is there, up to the buffer's size; 0 at the end of the file.
        func read(into buffer: UnsafeMutableRawBufferPointer) throws(Failure) -> Int {
            while true {
                let count = system_read(descriptor, buffer.baseAddress, buffer.count)
                if count >= 0 { return count }
                if errno != EINTR { throw .last }
            }
        }

        /// Reads to the end of the file, straight into the array it returns: sized by what is left
        /// (one byte more, so that the read that finds the end is the last), then grown only
        /// if the file grew meanwhile or is not a regular file.
        func readToEnd() throws(Failure) -> [UInt8] {
            var failure: Failure?
            var reachedEnd = false
            var bytes = [UInt8](unsafeUninitializedCapacity: (remainingBytes() ?? 0) + 1) { buffer, count in
                count = 0
                while count < buffer.count {
                    do throws(Failure) {
                        let rest = UnsafeMutableBufferPointer(rebasing: buffer[count...])
                        let read = try read(into: UnsafeMutableRawBufferPointer(rest))
                        if read == 0 {
                            reachedEnd = true
                            return
                        }
                        count += read
                    } catch {
                        failure = error
                        return
                    }
                }
            }
            if let failure { throw failure }
            var chunk = [UInt8](repeating: 0, count: reachedEnd ? 0 : 65536)
            while !reachedEnd {
                let count = try chunk.withUnsafeMutableBytes { raw in
                    Result { () throws(Failure) in try read(into: raw) }
                }.get()
                reachedEnd = count == 0
                bytes += chunk[0..<count]
            }
            return bytes
        }

        /// How many bytes are left from the offset to the end of the file (`lseek`, which
        /// leaves the offset where it was); nil for what has no end to seek (a pipe).
        func remainingBytes() -> Int? {
            let here = lseek(descriptor, 0, SEEK_CUR)
            guard here >= 0 else { return nil }
            let end = lseek(descriptor, 0, SEEK_END)
            guard lseek(descriptor, here, SEEK_SET) == here, end >= here else { return nil }
            return Int(end - here)
        }

        /// Writes all of `bytes`, however many calls that takes.
        func write(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
            var offset = 0
            while offset < bytes.count {
                let count = system_write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw .last
                }
                offset += count
            }
        }

        /// Writes all of `bytes`.
        func write(_ bytes: [UInt8]) throws(Failure) {
            try bytes.withUnsafeBytes { buffer in Result { () throws(Failure) in try write(buffer) } }.get()
        }

        /// Flushes the file to the disk (`fsync`).
        func sync() throws(Failure) {
            guard fsync(descriptor) == 0 else { throw .last }
        }

        /// Moves back to the start (`lseek`).
        func rewind() {
            _ = lseek(descriptor, 0, SEEK_SET)
        }

        /// Takes the exclusive lock (`flock`) without waiting; false when another holds it.
        func tryLock() -> Bool {
            while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
                if errno != EINTR { return false }
            }
            return true
        }

        /// Takes the exclusive lock (`flock`), waiting for whoever holds it.
        func lock() throws(Failure) {
            while flock(descriptor, LOCK_EX) != 0 {
                if errno != EINTR { throw .last }
            }
        }

        /// Gives the lock back.
        func unlock() {
            _ = flock(descriptor, LOCK_UN)
        }

        /// Closes the descriptor.
        func close() throws(Failure) {
            guard system_close(descriptor) == 0 else { throw .last }
        }
    }

    /// The whole file at `path`, read straight into the array (``File/readToEnd()``): no
    /// `Data` in between to copy out of.
    static func contents(of path: String) throws(Failure) -> [UInt8] {
        let file = try File.open(path, .read)
        defer { try? file.close() }
        return try file.readToEnd()
    }

    /// A pipe whose two ends are not inherited by programs started later.
    static func pipe() throws(Failure) -> (read: File, write: File) {
        var ends: [Int32] = [0, 0]
        guard system_pipe(&ends) == 0 else { throw .last }
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        return (File(descriptor: ends[0]), File(descriptor: ends[1]))
    }
}

// MARK: - Child processes

extension System {
    /// How a child process ended.
    enum Exit: Equatable, Sendable {
        /// It exited with this status.
        case exited(Int32)
        /// A signal killed it.
        case killed(signal: Int32)
    }

    /// Starts `command[0]` (a path) with the arguments that follow, in a process group of its
    /// own, with `input` as its standard input, `errors` as its standard error and
    /// `/dev/null` as its standard output, and no other descriptor: what this process inherited
    /// without close-on-exec (a parent's socket, a lock) is not handed on. Returns its process id.
    ///
    /// - Throws: the `posix_spawn` failure, e.g. `ENOENT` for a missing program.
    static func spawn(_ command: [String], input: File, errors: File, environment: [String: String])
        throws(Failure) -> Int32
    {
        // The one difference between the two C libraries here: glibc's spawn types are structs,
        // Darwin's are opaque pointers (`typedef void *`) that `init` allocates. Every call
        // below is the same POSIX call on both.
        #if canImport(Glibc)
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
        #else
            var actions: posix_spawn_file_actions_t?
            var attributes: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input.descriptor, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, errors.descriptor, 2)
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Nothing but 0, 1 and 2 reaches the child: glibc (2.34 on) closes the rest in the
        // child (an older glibc hands them on); Darwin's spawn closes every descriptor the file actions did not make.
        #if canImport(Glibc)
            _ = glibcAddCloseFrom?(&actions, 3)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        #else
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_CLOEXEC_DEFAULT))
        #endif
        posix_spawnattr_setpgroup(&attributes, 0)

        let arguments = command.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        let variables = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { variables.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, &attributes, arguments, variables)
        guard spawned == 0 else { throw Failure(code: spawned) }
        return pid
    }

    /// Waits, blocking the calling thread, until the child `pid` ends (`waitpid`).
    static func waitForExit(of pid: Int32) throws(Failure) -> Exit {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { throw .last }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as macros.
        return status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .killed(signal: status & 0x7f)
    }

    /// Kills the process group `pid` leads with `SIGKILL`.
    static func killGroup(_ pid: Int32) {
        _ = kill(-pid, SIGKILL)
    }
}

#if canImport(Glibc)
    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 on), looked up when first used:
    /// Swift's Glibc module leaves out what only `_GNU_SOURCE` declares. Nil on an older glibc.
    private let glibcAddCloseFrom:
        (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32)? =
            {
                guard let program = dlopen(nil, RTLD_NOW),
                    let symbol = dlsym(program, "posix_spawn_file_actions_addclosefrom_np")
                else { return nil }
                return unsafeBitCast(
                    symbol,
                    to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32).self)
            }()
#endif

// The libc functions whose names the Swift types above reuse.

private func system_open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { open(path, flags, mode) }
private func system_read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
private func system_write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { write(fd, buffer, count) }
private func system_close(_ fd: Int32) -> Int32 { close(fd) }
private func system_rename(_ from: String, _ to: String) -> Int32 { rename(from, to) }
private func system_pipe(_ ends: inout [Int32]) -> Int32 { pipe(&ends) }
