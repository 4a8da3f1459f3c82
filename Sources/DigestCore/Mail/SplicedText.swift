/// A body shared by many messages but for a few values: fixed runs with numbered slots
/// between them, which each message fills with its own values.
///
/// Quoted-printable works line by line: the encoder's column starts again at every hard
/// line break, so a line's encoding depends on that line alone (the soft breaks at 76
/// octets, a `.` or `From ` at its start, white space at its end, format=flowed
/// space-stuffing), and so does whether it fits 7bit. The text is therefore cut into
/// segments at line breaks: runs of whole lines without a slot, checked and encoded once
/// for every message, and the lines that hold slots, encoded per message once filled.
/// Encoding the filled text whole gives the same bytes as joining the segments' encodings.
package final class SplicedText: Sendable {
    /// A fixed run of text, or a slot filled per message with `values[index]`.
    package enum Piece: Sendable {
        case literal(Substring)
        case slot(Int)
    }

    /// Whole lines without a slot, or the lines around one or more slots. Every segment but
    /// the last ends with a line break.
    private enum Segment {
        /// Fixed lines: their bytes, and their quoted-printable encoding for ``newline``.
        case fixed(raw: [UInt8], quoted: [UInt8])
        /// Lines with slots: runs of bytes (`slot` nil) and slots.
        case personal([(bytes: [UInt8], slot: Int?)])
    }

    private let segments: [Segment]
    /// Whether the text is format=flowed, whose lines starting with a space are stuffed.
    let flowed: Bool
    /// The line ending the fixed lines are encoded for.
    let newline: [UInt8]
    /// Whether every fixed line fits 7bit (see ``BodyPart``).
    let fixedFitsSevenBit: Bool
    /// The bytes of the fixed runs, without the values.
    let fixedByteCount: Int
    /// Room for the encoding, values aside: the fixed lines' encoding, and the worst case
    /// of the lines with slots.
    let encodedSizeHint: Int

    /// Cuts `pieces` into segments and encodes the fixed ones for `lineEnding`.
    ///
    /// - Parameter flowed: the text is format=flowed (see ``FlowedText``).
    package init(_ pieces: [Piece], flowed: Bool, lineEnding: LineEnding) {
        let newline = lineEnding.bytes
        var segments: [Segment] = []
        var fixed: [UInt8] = []
        var personal: [(bytes: [UInt8], slot: Int?)]?
        var fitsSevenBit = true
        var fixedBytes = 0
        var quotedBytes = 0
        var fixedRunBytes = 0
        func closeFixed(_ raw: [UInt8]) {
            guard !raw.isEmpty else { return }
            fixedBytes += raw.count
            fixedRunBytes += raw.count
            var quoted: [UInt8] = []
            raw.withUnsafeBufferPointer { bytes in
                if fitsSevenBit { fitsSevenBit = BodyPart.fitsSevenBit(bytes, flowed: flowed) }
                QuotedPrintable.encode(bytes, newline: newline, stuffLeadingSpace: flowed, into: &quoted)
            }
            quotedBytes += quoted.count
            segments.append(.fixed(raw: raw, quoted: quoted))
        }
        for piece in pieces {
            switch piece {
            case .slot(let index):
                if personal == nil {
                    // The slot's line so far leaves the fixed run and starts a personal segment.
                    let lineStart = fixed.lastIndex(of: 10).map { $0 + 1 } ?? 0
                    let head = Array(fixed[lineStart...])
                    closeFixed(Array(fixed[..<lineStart]))
                    fixed = []
                    personal = head.isEmpty ? [] : [(head, nil)]
                }
                personal!.append(([], index))
            case .literal(let text):
                let bytes = Array(text.utf8)
                guard personal != nil else {
                    fixed += bytes
                    continue
                }
                if let lineEnd = bytes.firstIndex(of: 10) {
                    personal!.append((Array(bytes[...lineEnd]), nil))
                    fixedBytes += lineEnd + 1
                    segments.append(.personal(personal!))
                    personal = nil
                    fixed = Array(bytes[(lineEnd + 1)...])
                } else {
                    personal!.append((bytes, nil))
                    fixedBytes += bytes.count
                }
            }
        }
        if let personal { segments.append(.personal(personal)) }
        closeFixed(fixed)
        self.segments = segments
        self.flowed = flowed
        self.newline = newline
        self.fixedFitsSevenBit = fitsSevenBit
        self.fixedByteCount = fixedBytes
        let personalLines = segments.count(where: { if case .personal = $0 { true } else { false } })
        self.encodedSizeHint = quotedBytes + 3 * (fixedBytes - fixedRunBytes) + 64 * personalLines
    }

    /// The text with `values` in its slots.
    func filled(_ values: [String]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fixedByteCount + 256)
        forEachRun(values) { bytes.append(contentsOf: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Calls `body` with each run of the filled text's bytes, in order, without joining them.
    func forEachRun(_ values: [String], _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        for segment in segments {
            switch segment {
            case .fixed(let raw, _): raw.withUnsafeBufferPointer(body)
            case .personal(let runs):
                for run in runs {
                    if let slot = run.slot {
                        var value = values[slot]
                        value.withUTF8(body)
                    } else {
                        run.bytes.withUnsafeBufferPointer(body)
                    }
                }
            }
        }
    }

    /// Whether the text filled with `values` fits 7bit: the fixed lines were checked once,
    /// the lines with slots are checked filled.
    func fitsSevenBit(_ values: [String]) -> Bool {
        guard fixedFitsSevenBit else { return false }
        var line: [UInt8] = []
        for case .personal(let runs) in segments {
            Self.fill(runs, values, into: &line)
            if !line.withUnsafeBufferPointer({ BodyPart.fitsSevenBit($0, flowed: flowed) }) { return false }
        }
        return true
    }

    /// Appends the quoted-printable encoding of the text filled with `values`, its lines
    /// ending in `newline`: the fixed lines as encoded once, the others encoded now.
    func encodeQuoted(_ values: [String], newline: [UInt8], into output: inout [UInt8]) {
        var line: [UInt8] = []
        for segment in segments {
            switch segment {
            case .fixed(let raw, let quoted):
                if newline == self.newline {
                    output.append(contentsOf: quoted)
                } else {
                    raw.withUnsafeBufferPointer {
                        QuotedPrintable.encode($0, newline: newline, stuffLeadingSpace: flowed, into: &output)
                    }
                }
            case .personal(let runs):
                Self.fill(runs, values, into: &line)
                line.withUnsafeBufferPointer {
                    QuotedPrintable.encode($0, newline: newline, stuffLeadingSpace: flowed, into: &output)
                }
            }
        }
    }

    private static func fill(_ runs: [(bytes: [UInt8], slot: Int?)], _ values: [String], into line: inout [UInt8]) {
        line.removeAll(keepingCapacity: true)
        for run in runs {
            if let slot = run.slot { line.append(contentsOf: values[slot].utf8) } else { line += run.bytes }
        }
    }
}
