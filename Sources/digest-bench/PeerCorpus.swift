/// The Python peer (`reference_digest.py`) and the corpus both programs read, made by the
/// peer's own generator (`gen_corpus.py`) once and reused.
struct PeerCorpus {
    /// The Python modules the peer imports, as pip names them.
    static let modules = ["cmarkgfm", "html2text", "jinja2"]
    /// The half-year window every large case selects.
    static let since = "2024-01-01"
    static let until = "2024-06-30"
    /// The topics `gen_corpus.py` uses by default (`--topics 10`), in its order.
    static let topics = [
        "cooperation", "culture", "economy", "environment", "knowledge society", "mobility", "social affairs",
        "governance", "health", "housing",
    ]

    /// The folder with `reference_digest.py` and `gen_corpus.py`.
    let peer: String
    /// `python3`'s absolute path.
    let python: String
    /// Where the generated files go.
    let folder: String

    /// Finds the peer (`--peer`, else `shared/peer` beside the package or beside one of its
    /// parent folders, which covers a git worktree) and checks that Python can run it.
    init(peer given: String?, root: String, data: String) throws(BenchError) {
        var candidates: [String] = []
        if let given { candidates.append(given) }
        var folder = root
        while !folder.isEmpty, folder != "." {
            candidates.append(System.folder(of: folder) + "/shared/peer")
            folder = System.folder(of: folder)
        }
        guard let peer = candidates.first(where: { System.exists($0 + "/reference_digest.py") }) else {
            throw .failed(
                "cannot find the Python peer (reference_digest.py) in ../shared/peer beside the package; "
                    + "give its folder with --peer PATH")
        }
        guard let python = System.which("python3") else {
            throw .failed("the Python peer needs python3 (apt-get install python3)")
        }
        let check = try System.run(
            [python, "-c", "import " + Self.modules.joined(separator: ", ")], quiet: true)
        guard check.status == 0 else {
            throw .failed(
                "the Python peer needs the PyPI modules \(Self.modules.joined(separator: ", ")): "
                    + "pip install \(Self.modules.joined(separator: " ")) (add --break-system-packages on Debian's "
                    + "own Python, or use a virtualenv)")
        }
        self.peer = peer
        self.python = python
        self.folder = data + "/peer-corpus"
    }

    /// The listing of `items` items (the first of them also holds `subscribers.csv` with
    /// `readers` rows), generated unless there.
    func listing(items: Int, readers: Int = 1, progress: (String) -> Void) throws(BenchError) -> String {
        let out = "\(folder)/items-\(items)"
        if !System.exists(out + "/complete") {
            progress("generating the peer's corpus of \(items) items with gen_corpus.py (once)…")
            try System.makeFolder(out)
            let exit = try System.run([
                python, peer + "/gen_corpus.py", "--items", String(items), "--subscribers", String(max(readers, 1)),
                "--out", out, "--formats", readers > 1 ? "listing,csv" : "listing",
            ])
            guard exit.status == 0 else { throw .failed("gen_corpus.py failed (status \(exit.status))") }
            try System.writeText("", to: out + "/complete")
        }
        return out + "/listing.txt"
    }

    /// The first `count` readers of the 100,000-item corpus's subscriber list (which holds `total`).
    func subscribers(_ count: Int, of total: Int, progress: (String) -> Void) throws(BenchError) -> String {
        let path = "\(folder)/subscribers-\(count).csv"
        if System.exists(path) { return path }
        _ = try listing(items: 100_000, readers: total, progress: progress)
        guard let all = System.readBytes("\(folder)/items-100000/subscribers.csv") else {
            throw .failed("cannot read \(folder)/items-100000/subscribers.csv")
        }
        let lines = all.split(separator: 10, omittingEmptySubsequences: false)
        guard lines.count > count else { throw .failed("the corpus has fewer than \(count) readers") }
        let text = lines.prefix(count + 1).map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
        try System.writeText(text + "\n", to: path)
        return path
    }

    /// A `digest.yml` capping each topic at `cap` items, as the peer's `--max-per-topic`.
    func configuration(cap: Int) throws(BenchError) -> String {
        let path = "\(folder)/digest-cap\(cap).yml"
        let topics = Self.topics.map { "  - name: \($0)\n    cap: \(cap)\n" }.joined()
        try System.makeFolder(folder)
        try System.writeText("# digest-bench: every topic capped at \(cap) items\ntopics:\n" + topics, to: path)
        return path
    }

    /// A `digest.yml` whose HTML budget holds a whole half-year, so the big digest's message
    /// carries every item, as the peer's does (the default budget, 100 KB, would leave out all
    /// but a few and link to the web version).
    func wholeWindowConfiguration() throws(BenchError) -> String {
        let path = "\(folder)/digest-whole.yml"
        try System.makeFolder(folder)
        try System.writeText("# digest-bench: every item of the window in the message\nhtml-budget: 10000\n", to: path)
        return path
    }

    /// The peer's command line: `reference_digest.py --items … --since … --until …` and `extra`.
    func command(items: String, since: String = since, until: String = until, _ extra: [String]) -> [String] {
        [python, peer + "/reference_digest.py", "--items", items, "--since", since, "--until", until] + extra
    }
}
