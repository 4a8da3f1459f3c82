extension IssueNumber {
    /// `Vol. 2019, No. 3` or `No. 12`, in the reader's language.
    package func label(_ language: ReaderLanguage = .english) -> String {
        if let volume {
            return ReaderLanguage.fill(
                language["volumeIssue"], ["volume": String(volume), "number": String(number)])
        }
        return ReaderLanguage.fill(language["issue"], ["number": String(number)])
    }
}
