import Crypto
package import DigestCore
import Foundation
import _CryptoExtras

/// A DKIM private key read from a PEM file: RSA of 2048 bits or more (`rsa-sha256`), or
/// Ed25519 (`ed25519-sha256`, RFC 8463) in a PKCS #8 `PRIVATE KEY` block.
package struct DKIMKey: Sendable {
    enum Backing: Sendable {
        case rsa(_RSA.Signing.PrivateKey)
        /// The 32-byte seed (the key type itself is not Sendable).
        case ed25519([UInt8])
    }

    let backing: Backing

    /// The `a=` tag: `rsa-sha256` or `ed25519-sha256`.
    package var algorithm: String {
        switch backing {
        case .rsa: "rsa-sha256"
        case .ed25519: "ed25519-sha256"
        }
    }

    /// Reads the key in `pem`; `path` names the file in errors.
    ///
    /// - Throws: ``DigestError/unreadable(path:reason:)`` when it is neither, or an RSA key
    ///   shorter than 2048 bits.
    package init(pem: String, path: String) throws(DigestError) {
        if let seed = DKIMKey.ed25519Seed(pem) {
            guard (try? Curve25519.Signing.PrivateKey(rawRepresentation: seed)) != nil else {
                throw .unreadable(path: path, reason: "the Ed25519 key is not valid")
            }
            backing = .ed25519(seed)
            return
        }
        let key: _RSA.Signing.PrivateKey
        do {
            key = try _RSA.Signing.PrivateKey(unsafePEMRepresentation: pem)
        } catch {
            throw .unreadable(
                path: path, reason: "it is not a PEM RSA or Ed25519 private key (make one with `openssl genpkey`)")
        }
        guard key.keySizeInBits >= 2048 else {
            throw .unreadable(path: path, reason: "the RSA key has \(key.keySizeInBits) bits; DKIM needs 2048 or more")
        }
        backing = .rsa(key)
    }

    /// Reads the key file at `path`.
    package init(file path: String) throws(DigestError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "it cannot be read")
        }
        try self.init(pem: String(decoding: data, as: UTF8.self), path: path)
    }

    /// The `p=` value of the DNS record: the public key, Base64 (SubjectPublicKeyInfo for
    /// RSA, the raw 32 bytes for Ed25519, as RFC 8463 says).
    package var publicKeyText: String {
        switch backing {
        case .rsa(let key): Base64.encode(key.publicKey.derRepresentation)
        case .ed25519(let seed):
            Base64.encode(
                (try? Curve25519.Signing.PrivateKey(rawRepresentation: seed))?.publicKey.rawRepresentation ?? Data())
        }
    }

    /// The TXT record's text: `v=DKIM1; k=rsa; p=…`.
    package var recordText: String {
        switch backing {
        case .rsa: "v=DKIM1; k=rsa; p=\(publicKeyText)"
        case .ed25519: "v=DKIM1; k=ed25519; p=\(publicKeyText)"
        }
    }

    /// Signs the canonical header data.
    func sign(_ data: [UInt8]) throws -> [UInt8] {
        switch backing {
        case .rsa(let key):
            return Array(try key.signature(for: SHA256.hash(data: data), padding: .insecurePKCS1v1_5).rawRepresentation)
        case .ed25519(let seed):
            let key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
            return Array(try key.signature(for: Array(SHA256.hash(data: data))))
        }
    }

    /// The 32-byte seed of a PKCS #8 Ed25519 key (OID 1.3.101.112), or nil.
    private static func ed25519Seed(_ pem: String) -> [UInt8]? {
        guard let der = derBytes(pem, label: "PRIVATE KEY") else { return nil }
        let prefix: [UInt8] = [
            0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
        ]
        guard der.count == 48, Array(der.prefix(16)) == prefix else { return nil }
        return Array(der.suffix(32))
    }

    private static func derBytes(_ pem: String, label: String) -> [UInt8]? {
        let begin = "-----BEGIN \(label)-----"
        let end = "-----END \(label)-----"
        guard let start = pem.range(of: begin), let stop = pem.range(of: end, range: start.upperBound..<pem.endIndex)
        else { return nil }
        let body = pem[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }
        return Data(base64Encoded: String(body)).map(Array.init)
    }
}
