#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The CPU seconds the calling thread has used (`CLOCK_THREAD_CPUTIME_ID`): what a wait costs
/// when it runs on this thread. Here, not beside Foundation, whose CoreFoundation module would
/// own `timespec` under MemberImportVisibility.
public func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1_000_000_000
}
