import Foundation

/// The pixel size of a local PNG, GIF or JPEG file, read from its header.
enum ImageSize {
    /// Width and height of the image at `path`, or nil when it is not a readable PNG, GIF or JPEG.
    static func of(file path: String) -> (width: Int, height: Int)? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        // Headers sit in the first kilobytes; a JPEG's frame header may follow a large Exif block.
        guard let data = try? handle.read(upToCount: 256 * 1024) else { return nil }
        return of(bytes: [UInt8](data))
    }

    /// Width and height from an image file's first bytes.
    static func of(bytes: [UInt8]) -> (width: Int, height: Int)? {
        func big(_ at: Int, _ count: Int) -> Int { bytes[at..<at + count].reduce(0) { $0 << 8 | Int($1) } }
        if bytes.count >= 24, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
            return positive(big(16, 4), big(20, 4))
        }
        if bytes.count >= 10, bytes.starts(with: Array("GIF8".utf8)) {
            return positive(Int(bytes[6]) | Int(bytes[7]) << 8, Int(bytes[8]) | Int(bytes[9]) << 8)
        }
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var index = 2
        while index + 9 < bytes.count {
            guard bytes[index] == 0xFF else { return nil }
            let marker = bytes[index + 1]
            if marker == 0xFF {
                index += 1
                continue
            }
            let length = big(index + 2, 2)
            // Start-of-frame markers (C0–CF, but not the DHT, JPG and DAC ones) hold the size.
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                return positive(big(index + 7, 2), big(index + 5, 2))
            }
            guard length >= 2 else { return nil }
            index += 2 + length
        }
        return nil
    }

    private static func positive(_ width: Int, _ height: Int) -> (width: Int, height: Int)? {
        width > 0 && height > 0 ? (width, height) : nil
    }
}
