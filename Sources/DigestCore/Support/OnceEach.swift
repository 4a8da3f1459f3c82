import Foundation

/// A fixed number of values, each made once, by the first thread that asks for it; a thread
/// asking while it is being made waits for it.
///
/// A personal build makes the bodies of a group of readers when its first reader's message
/// is made, so that writing starts with the first group rather than after the last.
final class OnceEach<Value>: @unchecked Sendable {
    private let locks: [NSLock]
    private let values: UnsafeMutableBufferPointer<Value?>

    /// `count` values, none made yet.
    init(count: Int) {
        locks = (0..<count).map { _ in NSLock() }
        values = .allocate(capacity: count)
        values.initialize(repeating: nil)
    }

    deinit {
        values.deinitialize()
        values.deallocate()
    }

    /// Value `index`, made by `make` if no thread made it before.
    func value(_ index: Int, _ make: () -> Value) -> Value {
        locks[index].lock()
        defer { locks[index].unlock() }
        if let made = values[index] { return made }
        let made = make()
        values[index] = made
        return made
    }
}
