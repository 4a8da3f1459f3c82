import DigestCore
import DigestTestSupport
import Foundation
import Testing

/// The state store on a real SQLite file: issues, deliveries, attempts, suppressions, feed
/// validators, the folder marker and damaged files.
@Suite struct StateStoreTests {
    private let folder: URL

    init() throws {
        folder = try TestFiles.scratchFolder()
    }

    private var statePath: String { folder.appendingPathComponent("digest.sqlite").path }

    private func open() throws -> StateStore {
        try StateStore.open(at: statePath, messages: folder.path)
    }

    private func window(_ since: String, _ until: String) -> DateWindow {
        DateWindow(since: Day(iso: since)!, until: Day(iso: until)!)
    }

    private func draft(
        _ since: String, _ until: String, readers: [String], items: [String] = ["a", "b"], revise: Bool = false
    )
        -> IssueDraft
    {
        IssueDraft(
            window: window(since, until), itemIDs: items,
            messages: readers.map {
                BuiltMessage(
                    recipient: $0, messageID: "<\(since)-\($0)-\(UUID().uuidString)@test>",
                    file: folder.appendingPathComponent("\($0).eml").path)
            }, revise: revise)
    }

    private func cleanUp() {
        try? FileManager.default.removeItem(at: folder)
    }

    /// GRDB's pool turns WAL on with `synchronous = NORMAL` after its set-up hook; the store
    /// sets FULL afterwards, so each recorded attempt and outcome is on disk when it returns.
    @Test func everyCommitIsSyncedToDisk() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try open().synchronousLevel == 2)
        #expect(try open().synchronousLevel == 2, "and again on a store that already exists")
    }

    @Test func anIssueIsRecordedWithItsDeliveriesInOrder() throws {
        defer { cleanUp() }
        let store = try open()
        let (recorded, issue) = try store.recordIssue(
            draft("2026-11-23", "2026-11-29", readers: ["b@x.org", "a@x.org"]))
        #expect(recorded == .new(1))
        #expect(issue.status == .built)
        #expect(issue.itemIDs == ["a", "b"])
        #expect(try store.deliveries(of: 1).map(\.recipient) == ["b@x.org", "a@x.org"])
        #expect(try store.deliveries(of: 1).allSatisfy { $0.state == .pending })
        #expect(try store.latestIssue()?.id == 1)
    }

    @Test func attemptsAndOutcomesMoveTheIssueToSent() throws {
        defer { cleanUp() }
        let store = try open()
        try store.recordIssue(draft("2026-11-23", "2026-11-29", readers: ["a@x.org", "b@x.org"]))
        let deliveries = try store.deliveriesToSend(of: 1)
        let first = try store.beginAttempt(deliveries[0].id, transport: "sendmail")
        #expect(try store.deliveries(of: 1)[0].state == .inFlight)
        #expect(try store.issue(1)?.status == .sending)
        try store.recordOutcome(first, .sent(answer: "250 ok"))
        let second = try store.beginAttempt(deliveries[1].id, transport: "sendmail")
        try store.recordOutcome(second, .failed(answer: "exited with status 75"))
        #expect(try store.issue(1)?.status == .sending)
        #expect(try store.deliveriesToSend(of: 1).map(\.recipient) == ["b@x.org"])
        let retry = try store.beginAttempt(deliveries[1].id, transport: "sendmail")
        try store.recordOutcome(retry, .sent(answer: "250 ok"))
        #expect(try store.issue(1)?.status == .sent)
        #expect(try store.attempts(of: deliveries[1].id).map(\.outcome) == [.failed, .sent])
        #expect(try store.counts(of: 1) == [.sent: 2])
        #expect(try store.deliveriesToSend(of: 1).isEmpty)
    }

    @Test func rebuildingAnUnsentIssueReplacesItsMessages() throws {
        defer { cleanUp() }
        let store = try open()
        try store.recordIssue(draft("2026-11-23", "2026-11-29", readers: ["a@x.org", "removed@x.org"]))
        let (recorded, issue) = try store.recordIssue(draft("2026-11-23", "2026-11-29", readers: ["a@x.org"]))
        #expect(recorded == .rebuilt(1))
        #expect(issue.revision == 1)
        #expect(try store.deliveries(of: 1).map(\.recipient) == ["a@x.org"])
    }

    @Test func rebuildingASentIssueNeedsRevise() throws {
        defer { cleanUp() }
        let store = try open()
        try store.recordIssue(draft("2026-11-23", "2026-11-29", readers: ["a@x.org", "b@x.org"]))
        let delivery = try store.deliveriesToSend(of: 1)[0]
        try store.recordOutcome(try store.beginAttempt(delivery.id, transport: "sendmail"), .sent(answer: "ok"))
        #expect(throws: DigestError.issueAlreadySent(issue: 1, sent: 1)) {
            try store.recordIssue(draft("2026-11-23", "2026-11-29", readers: ["a@x.org", "b@x.org"]))
        }
        let (recorded, issue) = try store.recordIssue(
            draft("2026-11-23", "2026-11-29", readers: ["a@x.org", "b@x.org"], revise: true))
        #expect(recorded == .revised(1, revision: 2))
        #expect(issue.revision == 2)
        #expect(try store.deliveriesToSend(of: 1).map(\.recipient) == ["a@x.org", "b@x.org"])
        #expect(try store.deliveries(of: 1, revision: 1).map(\.state) == [.sent, .pending])
        #expect(try store.attemptLog(of: 1).count == 1)
    }

    @Test func suppressedReadersAreLeftOutAndMarked() throws {
        defer { cleanUp() }
        let store = try open()
        try store.recordIssue(draft("2026-11-23", "2026-11-29", readers: ["a@x.org", "Gone@X.org"]))
        #expect(try store.suppress("gone@x.org", reason: .unsubscribe))
        #expect(try !store.suppress("GONE@x.org", reason: .manual))
        #expect(try store.suppression(of: "gone@X.ORG")?.reason == .unsubscribe)
        #expect(try store.deliveriesToSend(of: 1, recordSuppressed: false).map(\.recipient) == ["a@x.org"])
        #expect(try store.counts(of: 1) == [.pending: 2])
        #expect(try store.deliveriesToSend(of: 1).map(\.recipient) == ["a@x.org"])
        #expect(try store.counts(of: 1) == [.pending: 1, .suppressed: 1])
        #expect(try store.suppressed(among: ["a@x.org", "GONE@x.org"]) == ["gone@x.org"])
        #expect(try store.suppressions().map(\.address) == ["gone@x.org"])
        #expect(try store.unsuppress("gone@x.org"))
        #expect(try !store.isSuppressed("gone@x.org"))
    }

    @Test func carriedItemsAndLabels() throws {
        defer { cleanUp() }
        let store = try open()
        #expect(try store.label(for: window("2026-11-23", "2026-11-29"), numbering: .counter) == IssueNumber(number: 1))
        try store.recordIssue(
            IssueDraft(
                window: window("2026-11-23", "2026-11-29"), label: IssueNumber(number: 1, volume: 2026),
                itemIDs: ["a", "b"], messages: []))
        try store.recordIssue(draft("2026-11-29", "2026-12-06", readers: [], items: ["c"]))
        #expect(try store.carriedItemIDs() == ["a", "b", "c"])
        #expect(try store.carriedItemIDs(excluding: 2) == ["a", "b"])
        #expect(
            try store.label(for: window("2026-11-23", "2026-11-29"), numbering: .volume)
                == IssueNumber(number: 1, volume: 2026))
        #expect(
            try store.label(for: window("2026-12-06", "2026-12-13"), numbering: .volume)
                == IssueNumber(number: 2, volume: 2026))
        #expect(
            try store.label(for: window("2026-12-28", "2027-01-03"), numbering: .volume)
                == IssueNumber(number: 1, volume: 2027))
    }

    @Test func feedValidatorsAreKeptPerURL() throws {
        defer { cleanUp() }
        let store = try open()
        #expect(try store.feedValidators(for: "http://127.0.0.1/feed") == nil)
        try store.setFeedValidators(
            FeedValidators(etag: "W/\"1\"", lastModified: "Tue, 01 Dec 2026 10:00:00 GMT"), body: [1, 2],
            contentType: "text/xml; charset=ISO-8859-1", for: "http://127.0.0.1/feed",
            at: Date(timeIntervalSince1970: 1_764_583_200))
        #expect(
            try store.feedValidators(for: "http://127.0.0.1/feed")
                == KeptFeedAnswer(
                    validators: FeedValidators(etag: "W/\"1\"", lastModified: "Tue, 01 Dec 2026 10:00:00 GMT"),
                    body: [1, 2], contentType: "text/xml; charset=ISO-8859-1",
                    usedAt: Date(timeIntervalSince1970: 1_764_583_200)))
        try store.setFeedValidators(
            FeedValidators(etag: "\"2\""), body: nil, document: KeptDocument(format: "f", bytes: [3]),
            for: "http://127.0.0.1/feed")
        let kept = try #require(try store.feedValidators(for: "http://127.0.0.1/feed"))
        #expect(kept.validators == FeedValidators(etag: "\"2\""))
        #expect(kept.body == nil && kept.contentType == nil)
        #expect(kept.document == KeptDocument(format: "f", bytes: [3]))
    }

    @Test func aSecondSendOfTheSameIssueIsRefused() throws {
        defer { cleanUp() }
        let store = try open()
        do {
            let first = try SendLock(issue: 1, of: store)
            #expect(throws: DigestError.sendInProgress(path: first.path)) { try SendLock(issue: 1, of: store) }
            _ = try SendLock(issue: 2, of: store)
            withExtendedLifetime(first) {}
        }
        // Released with its holder (and by the system when a process dies, even by SIGKILL).
        _ = try SendLock(issue: 1, of: store)
    }

    @Test func aDeletedStateFileIsAnErrorNotAFreshStart() throws {
        defer { cleanUp() }
        _ = try open()
        try FileManager.default.removeItem(atPath: statePath)
        try? FileManager.default.removeItem(atPath: statePath + "-wal")
        try? FileManager.default.removeItem(atPath: statePath + "-shm")
        #expect(
            throws: DigestError.stateMissing(
                path: statePath, marker: folder.appendingPathComponent(".digest-state").path)
        ) {
            try open()
        }
        // Opened without a folder (a tool that only reads suppressions), a new store is fine.
        _ = try StateStore.open(at: folder.appendingPathComponent("other.sqlite").path, messages: nil)
    }

    @Test func aCorruptStateFileIsAClearError() throws {
        defer { cleanUp() }
        try Data("this is not a database, it is a note\n".utf8).write(to: URL(fileURLWithPath: statePath))
        let error = #expect(throws: DigestError.self) { try open() }
        guard let error, case .stateUnreadable(let path, let reason) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(path == statePath)
        #expect(reason.contains("not a database"), "\(reason)")
        #expect(error.description.contains("restore it from a backup"))
    }

    @Test func aDamagedStateFileIsAClearError() throws {
        defer { cleanUp() }
        do {
            let store = try open()
            for week in 0..<40 {
                let since = Day(iso: "2026-01-05")!.adding(days: 7 * week)
                try store.recordIssue(
                    IssueDraft(
                        window: DateWindow(since: since, until: since.adding(days: 6)), itemIDs: ["i\(week)"],
                        messages: (0..<30).map {
                            BuiltMessage(
                                recipient: "r\($0)@x.org", messageID: "<\(week).\($0)@t>", file: "/x/\($0).eml")
                        }))
            }
        }
        // Checkpointed into the main file (the store is closed); now overwrite a page in the middle.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: statePath))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 2)
        try handle.write(contentsOf: Data(repeating: 0x5A, count: 8192))
        try handle.close()
        let error = #expect(throws: DigestError.self) { try open() }
        guard case .stateUnreadable(_, let reason) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(reason.contains("damaged") || reason.contains("malformed"), "\(reason)")
    }

    @Test func theFileIsARealSQLiteDatabaseInWALMode() async throws {
        defer { cleanUp() }
        let store = try open()
        try store.recordIssue(draft("2026-11-23", "2026-11-29", readers: ["a@x.org"]))
        try store.suppress("b@x.org", reason: .bounce)
        let path = statePath
        let sqlite = try #require(
            ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"].first { FileManager.default.isExecutableFile(atPath: $0) },
            "sqlite3 is missing: run Scripts/setup --test")
        let result = try await runProcess(
            sqlite,
            [
                path,
                "PRAGMA journal_mode; SELECT count(*) FROM issue; SELECT recipient, state FROM delivery; "
                    + "SELECT address, reason FROM suppression;",
            ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.output == "wal\n1\na@x.org|pending\nb@x.org|bounce\n")
    }

    @Test func anOldFolderIsImportedSoNothingSentBeforeIsSentAgain() throws {
        defer { cleanUp() }
        let message = { (id: String, to: String) in
            Data("Message-ID: \(id)\r\nTo: Readers <\(to)>\r\nSubject: x\r\n\r\nbody\r\n".utf8)
        }
        try message("<one@t>", "list@x.org").write(
            to: folder.appendingPathComponent("digest-2026-11-01-to-2026-11-07.eml"))
        try message("<two@t>", "list@x.org").write(
            to: folder.appendingPathComponent("digest-2026-11-08-to-2026-11-14.eml"))
        try Data(#"{"issues": [{"since": "2026-11-01", "until": "2026-11-07", "number": 4, "volume": 2026}]}"#.utf8)
            .write(to: folder.appendingPathComponent("issues.json"))
        try Data(
            "2026-11-08T08:00:00Z\tattempt\t<one@t>\tdigest-2026-11-01-to-2026-11-07.eml\n2026-11-08T08:00:01Z\tsent\t<one@t>\tdigest-2026-11-01-to-2026-11-07.eml\n"
                .utf8
        )
        .write(to: folder.appendingPathComponent("sent.log"))
        let store = try open()
        let issues = try store.issues()
        #expect(issues.map(\.window.since.description) == ["2026-11-01", "2026-11-08"])
        #expect(issues.map(\.status) == [.sent, .built])
        #expect(issues[0].label == IssueNumber(number: 4, volume: 2026))
        #expect(try store.deliveries(of: 1).map(\.recipient) == ["list@x.org"])
        #expect(try store.deliveriesToSend(of: 1).isEmpty)
        #expect(try store.deliveriesToSend(of: 2).map(\.messageID) == ["<two@t>"])
    }
}
