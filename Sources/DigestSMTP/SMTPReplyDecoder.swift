import NIOCore

/// Splits the bytes from the server into lines and the lines into replies.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply

    /// The longest reply line accepted (RFC 5321 allows 512 octets; some servers say more).
    static let maximumLineLength = 8192

    private var parser = SMTPReplyParser()

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: 10) else {
            if buffer.readableBytes > SMTPReplyDecoder.maximumLineLength {
                throw SMTPReplyParser.Malformed(line: "a line longer than \(SMTPReplyDecoder.maximumLineLength) bytes")
            }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        let line = buffer.readBytes(length: length + 1)!.dropLast()
        let content = line.last == 13 ? line.dropLast() : line
        if let reply = try parser.take(line: content) {
            context.fireChannelRead(wrapInboundOut(reply))
        }
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
