import DigestTestSupport
import Foundation
import Testing

/// The command tree: `build` as the default, `digest help <command>`, the completion scripts.
struct CommandTreeTests {
    private func digest(_ arguments: [String], in folder: URL? = nil) async throws -> ProcessResult {
        try await runProcess(DigestCLITests.binaryPath, arguments, directory: folder ?? TestFiles.packageRoot)
    }

    @Test func helpSendShowsTheSendHelpAsSendHelpDoes() async throws {
        let help = try await digest(["help", "send"])
        #expect(help.status == 0, "\(help.stderr)")
        #expect(help.output.contains("USAGE: digest send"))
        for words in ["sendmail", "--timeout", "sent.log"] { #expect(help.output.contains(words)) }
        let flag = try await digest(["send", "--help"])
        #expect(flag.status == 0)
        #expect(flag.output == help.output)
    }

    @Test func theRootHelpListsEveryCommandAndBuildIsTheDefault() async throws {
        let help = try await digest(["--help"])
        #expect(help.status == 0)
        let lines = help.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        for command in ["send", "preview", "items", "check", "archive"] {
            #expect(lines.contains { $0.hasPrefix(command + " ") }, "the SUBCOMMANDS list names \(command)")
        }
        #expect(lines.contains { $0.hasPrefix("build (default)") })
        let build = try await digest(["help", "build"])
        #expect(build.status == 0)
        for option in ["--since", "--stdout", "--subscribers", "--explain", "<source>"] {
            #expect(build.output.contains(option), "digest help build explains \(option)")
        }
    }

    @Test func aSourceNamedLikeACommandIsBuiltWithBuild() async throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "transport\n\nTrams\n\nThey run.\n\nnews\n\npublication date: 02-04-2019\n".write(
            to: folder.appendingPathComponent("send"), atomically: true, encoding: .utf8)
        let built = try await digest(
            ["build", "--since", "2019-04-01", "--until", "2019-04-07", "--stdout", "send"], in: folder)
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.output.contains("Trams"))
        let named = try await digest(
            ["build", "send", "--since", "2019-04-01", "--until", "2019-04-07", "--stdout"], in: folder)
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.output.contains("Trams"))
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func theCompletionScriptOffersEveryCommand(_ shell: String) async throws {
        let script = try await digest(["--generate-completion-script", shell])
        #expect(script.status == 0, "\(script.stderr)")
        for command in ["build", "send", "preview", "items", "check", "archive", "help"] {
            #expect(script.output.contains(command), "the \(shell) script offers \(command)")
        }
        // Each command's own options, too (fish spells them `-l since`).
        #expect(script.output.contains("upcoming-days") && script.output.contains("timeout"))
    }

    @Test func anErrorIsOneLineOnStandardErrorWithStatusOne() async throws {
        let result = try await digest(["check", "/no/such/message.eml"])
        #expect(result.status == 1)
        let missing = try await digest(["archive", "--config", "/no/such/digest.yml"])
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("error: ") && missing.stderr.contains("/no/such/digest.yml"))
        #expect(missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
    }
}
