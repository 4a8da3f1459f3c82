import DigestCore
import DigestTestSupport
import Foundation
import Testing

@testable import DigestSMTP

/// DKIM signatures made here verify with dkimpy (the reference implementation the test
/// trusts), for RSA and Ed25519 keys; one changed byte breaks them.
struct DKIMTests {
    enum Algorithm { case rsa, ed25519 }

    /// A new key made by openssl, read back from its PEM file.
    static func makeKey(_ algorithm: Algorithm, in folder: TemporaryFolder, bits: Int = 2048) async throws -> DKIMKey {
        let path = folder.file("\(algorithm)-\(bits).pem")
        switch algorithm {
        case .rsa:
            try await openssl(["genpkey", "-algorithm", "rsa", "-pkeyopt", "rsa_keygen_bits:\(bits)", "-out", path])
        case .ed25519: try await openssl(["genpkey", "-algorithm", "ed25519", "-out", path])
        }
        return try DKIMKey(file: path)
    }

    /// dkimpy's verdict on each file, DNS answered with `signer`'s record.
    static func verify(_ paths: [String], signer: DKIMSigner) async throws -> [Bool] {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Servers/dkim_verify.py").path
        let result = try await runProcess(
            "/usr/bin/env", ["python3", script, signer.recordName, signer.key.recordText] + paths)
        let lines = result.output.split(separator: "\n")
        guard result.status == 0, lines.count == paths.count else {
            throw SMTPTestFailure("dkim_verify.py failed: \(result.stderr)")
        }
        return lines.map { $0.hasPrefix("pass ") }
    }

    @Test(arguments: [Algorithm.rsa, .ed25519])
    func signaturesVerifyAndOneChangedByteFails(algorithm: Algorithm) async throws {
        try #require(
            await pythonHas("dkim, nacl"), "python3 with dkimpy and pynacl is needed: run Scripts/setup --test")
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let signer = DKIMSigner(
            domain: "digest.test", selector: "sel", key: try await DKIMTests.makeKey(algorithm, in: folder))
        let message = TestMessage.make(run: "dkim", number: 1, to: "reader@example.com")
        let signed = try signer.sign(message.data, time: 1_764_600_000)
        #expect(Array(signed.suffix(message.data.count)) == message.data, "signing only adds a field on top")
        let head = String(decoding: signed.prefix(signed.count - message.data.count), as: UTF8.self)
        #expect(
            head.hasPrefix(
                "DKIM-Signature: v=1; a=\(signer.key.algorithm); c=relaxed/relaxed;\r\n\td=digest.test; s=sel;"))
        let names = head.replacingOccurrences(of: "\r\n\t ", with: "")
        #expect(names.contains("h=From:To:Subject:Date:Message-ID:List-Id:List-Unsubscribe:List-Unsubscribe-Post;"))
        #expect(head.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 78 })
        try signed.write(to: folder.file("good.eml"))
        var changedBody = signed
        changedBody[changedBody.count - 20] ^= 0x01
        try changedBody.write(to: folder.file("body.eml"))
        var changedSubject = signed
        let subject = try #require(signed.firstRange(of: Array("SMTP test".utf8)))
        changedSubject[subject.lowerBound] = UInt8(ascii: "X")
        try changedSubject.write(to: folder.file("subject.eml"))
        let verdicts = try await DKIMTests.verify(
            [folder.file("good.eml"), folder.file("body.eml"), folder.file("subject.eml")], signer: signer)
        #expect(verdicts == [true, false, false])
    }

    @Test func shortRSAKeysAreRefused() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        await #expect(throws: DigestError.self) { try await DKIMTests.makeKey(.rsa, in: folder, bits: 1024) }
    }

    @Test func recordNamesTheKey() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let signer = DKIMSigner(
            domain: "example.com", selector: "news", key: try await DKIMTests.makeKey(.ed25519, in: folder))
        #expect(signer.zoneLine.hasPrefix("news._domainkey.example.com. IN TXT ( \"v=DKIM1; k=ed25519; p="))
        #expect(Data(base64Encoded: signer.key.publicKeyText)?.count == 32)
    }
}

extension Array where Element == UInt8 {
    fileprivate func write(to path: String) throws {
        try Data(self).write(to: URL(fileURLWithPath: path))
    }
}
