import DigestTestSupport
import Foundation
import Testing

/// Runs the built `digest` executable as a user would.
struct DigestCLITests {
    static var executable: String {
        TestFiles.packageRoot.appendingPathComponent(".build/debug/digest").path
    }

    static var binaryPath: String {
        let binary = Bundle.main.bundleURL.appendingPathComponent("digest").path
        return FileManager.default.isExecutableFile(atPath: binary) ? binary : Self.executable
    }

    private func digest(_ arguments: [String], in folder: URL? = nil) async throws -> ProcessResult {
        try await runProcess(Self.binaryPath, arguments, directory: folder ?? TestFiles.packageRoot)
    }

    @Test func theWeeklyRunWritesOneMessageIntoTheOutputFolder() async throws {
        let out = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try await digest([
            "--since", "2019-03-20", "--until", "2019-04-20", "--date", "2019-04-20", "--out", out.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        // The message, beside it the record of its items that `digest archive` reads, and the
        // list's state (the issue and its delivery), with the marker that says the folder has one.
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(
            files == [
                ".digest-state", "digest-2019-03-20-to-2019-04-20.eml", "digest-2019-03-20-to-2019-04-20.json",
                "digest.sqlite",
            ])
        #expect(result.output.contains("10 items in 3 sections"))
        let parsed = try await MailInspection.of(file: out.appendingPathComponent(files[1]).path)
        #expect(parsed.defects.isEmpty)
        let raw = try Data(contentsOf: out.appendingPathComponent(files[1]))
        #expect(raw.range(of: Data("\r\n".utf8)) != nil)
    }

    @Test func stdoutPrintsTheSameMessageWithLFLineEndings() async throws {
        let out = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let common = ["--since", "2019-03-20", "--until", "2019-04-20", "--date", "2019-04-20"]
        _ = try await digest(common + ["--out", out.path])
        let printed = try await digest(common + ["--stdout"])
        #expect(printed.status == 0)
        let file = try Data(contentsOf: out.appendingPathComponent("digest-2019-03-20-to-2019-04-20.eml"))
        let lf = String(decoding: file, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        #expect(printed.output == lf)
        #expect(!printed.output.contains("\r"))
        #expect(printed.stderr.contains("Printed the digest"))
    }

    @Test func lineEndingsCanBeOverridden() async throws {
        let out = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let common = ["--since", "2019-03-20", "--until", "2019-04-20", "--date", "2019-04-20"]
        _ = try await digest(common + ["--out", out.path, "--lf"])
        let file = try Data(contentsOf: out.appendingPathComponent("digest-2019-03-20-to-2019-04-20.eml"))
        #expect(!file.contains(13))
        let printed = try await digest(common + ["--stdout", "--crlf"])
        #expect(String(decoding: printed.stdout, as: UTF8.self).contains("\r\n"))
        let both = try await digest(common + ["--stdout", "--mbox", out.appendingPathComponent("x.mbox").path])
        #expect(both.status == 64)
    }

    @Test func aSubscriberListWritesOneMessagePerReaderIntoTheWindowFolder() async throws {
        let out = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try await runProcess(
            Self.binaryPath,
            [
                "--since", "2019-04-01", "--until", "2019-04-30", "--out", out.path, "--subscribers",
                TestFiles.fixture("subscribers.csv"), "--unsubscribe-template",
                "https://city.example/u?e={email}&t={token}",
            ], directory: TestFiles.packageRoot,
            environment: ["DIGEST_UNSUBSCRIBE_SECRET": "a secret that is long enough"])
        #expect(result.status == 2, "a rejected row is skipped input: \(result.stderr)")
        #expect(result.output.contains("Check: 4 messages, no problems."))
        #expect(
            result.output.contains("Wrote 4 messages")
                && result.output.contains("1 reader skipped") && result.output.contains("1 row rejected"))
        #expect(result.stderr.contains("subscribers.csv:7:"))
        #expect(!result.stderr.contains("messages, "), "no progress line when stderr is not a terminal")
        let folder = out.appendingPathComponent("2019-04-01-to-2019-04-30")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(
            files == ["ana@example.org.eml", "bob@example.org.eml", "noname@example.org.eml", "zoe@example.org.eml"])
        for file in files {
            #expect(try await MailInspection.of(file: folder.appendingPathComponent(file).path).defects.isEmpty)
        }
        let missingSecret = try await runProcess(
            Self.binaryPath,
            [
                "--since", "2019-04-01", "--out", out.path, "--subscribers", TestFiles.fixture("subscribers.csv"),
                "--unsubscribe-template", "https://city.example/u?e={email}&t={token}",
            ], directory: TestFiles.packageRoot, environment: ["DIGEST_UNSUBSCRIBE_SECRET": ""])
        #expect(missingSecret.status == 1)
        #expect(missingSecret.stderr.contains("DIGEST_UNSUBSCRIBE_SECRET"))
    }

    @Test func aListingOnTheCommandLineReplacesTheSample() async throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let listing = folder.appendingPathComponent("mine.txt")
        try "transport\n\nTrams\n\nThey run.\n\nnews\n\npublication date: 02-04-2019\n".write(
            to: listing, atomically: true, encoding: .utf8)
        let result = try await digest(["--since", "2019-04-01", "--until", "2019-04-07", "--stdout", listing.path])
        #expect(result.status == 0)
        #expect(result.output.contains("Trams"))
        #expect(!result.output.contains("Bologna"))
    }

    @Test func aMalformedItemIsReportedWithFileAndLineAndTheRunGoesOn() async throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let seed = try String(contentsOfFile: TestFiles.sample, encoding: .utf8)
            .replacingOccurrences(of: "publication date: 16-04-2019", with: "publication date: 31-02-2019")
        let listing = folder.appendingPathComponent("broken.txt")
        try seed.write(to: listing, atomically: true, encoding: .utf8)
        let result = try await digest([
            "--since", "2019-03-20", "--until", "2019-04-20", "--out", folder.path, listing.path,
        ])
        #expect(result.status == 2, "done, but an item was skipped")
        #expect(result.stderr.contains("broken.txt:27:"))
        #expect(result.stderr.contains("31-02-2019"))
        #expect(result.output.contains("9 items"))
        let strict = try await digest(["--since", "2019-03-20", "--strict", "--out", folder.path, listing.path])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("--strict"))
    }

    @Test(arguments: ["20-03-2019", "2019-02-30", "yesterday"])
    func aWrongDateIsAUsageErrorThatShowsTheFormat(_ date: String) async throws {
        let result = try await digest(["--since", date, "--stdout"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("YYYY-MM-DD"))
        #expect(result.output.isEmpty)
    }

    @Test func anEmptySelectionWritesNothingAndSaysSo() async throws {
        let out = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try await digest(["--since", "2030-01-01", "--until", "2030-01-07", "--out", out.path])
        #expect(result.status == 0)
        #expect(result.output.contains("nothing written"))
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(!files.contains { $0.hasSuffix(".eml") || $0.hasSuffix(".json") }, "\(files)")
    }

    @Test func aMissingSourceIsAnErrorNamingIt() async throws {
        let result = try await digest(["--since", "2019-03-20", "--stdout", "/no/such/listing.txt"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/no/such/listing.txt"))
        #expect(result.output.isEmpty)
    }

    @Test func helpExplainsEveryOption() async throws {
        let result = try await digest(["--help"])
        #expect(result.status == 0)
        for option in [
            "--since", "--until", "--out", "--stdout", "--templates", "--from", "--to", "--subject", "--date",
            "--strict", "--name", "--upcoming-days",
        ] {
            #expect(result.output.contains(option), "help mentions \(option)")
        }
    }

    @Test func itRunsFromAnotherFolderWithTheShippedSampleAndTemplates() async throws {
        let elsewhere = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let result = try await digest(["--since", "2019-03-20", "--until", "2019-04-20", "--stdout"], in: elsewhere)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.output.contains("multipart/alternative"))
    }
}
