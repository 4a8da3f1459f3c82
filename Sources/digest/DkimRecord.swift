import ArgumentParser
import DigestCore
import DigestSMTP

extension DigestCommand {
    /// `digest dkim-record`: the DNS TXT record that publishes the DKIM key.
    struct DkimRecord: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dkim-record",
            abstract: "Print the DNS TXT record for the DKIM key that digest send signs with.",
            discussion: """
                The key, selector and domain come from dkim: in digest.yml, or from the options. \
                Publish the printed line in the domain's zone; digest send --smtp then signs \
                every message (rsa-sha256 for an RSA key of 2048 bits or more, ed25519-sha256 \
                for an Ed25519 key; make one with openssl genpkey).
                """)

        @Option(help: ArgumentHelp("The private key's PEM file.", valueName: "file"))
        var key: String?

        @Option(help: ArgumentHelp("The selector (s=).", valueName: "name"))
        var selector: String?

        @Option(help: ArgumentHelp("The signing domain (d=).", valueName: "domain"))
        var domain: String?

        @OptionGroup var file: ConfigOption

        func run() throws {
            let file = try file.load()
            guard let keyPath = key ?? file?.dkim?.key, let selector = selector ?? file?.dkim?.selector,
                let domain = domain ?? file?.dkim?.domain
            else {
                throw ValidationError("Give --key, --selector and --domain, or set dkim: in digest.yml.")
            }
            let signer = DKIMSigner(domain: domain, selector: selector, key: try DKIMKey(file: keyPath))
            Console.say(signer.zoneLine)
        }
    }
}
