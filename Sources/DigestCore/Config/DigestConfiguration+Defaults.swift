extension DigestConfiguration {
    /// The built-in defaults, used for whatever neither the file nor the command line sets.
    package enum Defaults {
        /// The newsletter's name.
        package static let name = "Weekly digest"
        /// The sender: a local address, so a forgotten setting cannot mail the world.
        package static let from = "Weekly digest <digest@localhost>"
        /// The recipient.
        package static let to = "subscribers@localhost"
        /// Days after the window in which starting events are announced.
        package static let upcomingDays = 30
        /// The output folder.
        package static let out = "digests"
        /// Seconds to wait for a feed's host.
        package static let timeout = 15.0
    }

    /// This configuration with every value `other` sets put in its place (the command line over
    /// the file). Topics are replaced only when `other` has some; list settings field by field.
    package func overridden(by other: DigestConfiguration) -> DigestConfiguration {
        var result = self
        result.name = other.name ?? name
        result.subject = other.subject ?? subject
        result.from = other.from ?? from
        result.to = other.to ?? to
        result.list.id = other.list.id ?? list.id
        result.list.unsubscribe = other.list.unsubscribe.isEmpty ? list.unsubscribe : other.list.unsubscribe
        result.list.unsubscribeTemplate = other.list.unsubscribeTemplate ?? list.unsubscribeTemplate
        result.subscribers = other.subscribers ?? subscribers
        result.sources = other.sources ?? sources
        result.topics = other.topics.isEmpty ? topics : other.topics
        result.upcomingDays = other.upcomingDays ?? upcomingDays
        result.templates = other.templates ?? templates
        result.out = other.out ?? out
        result.state = other.state ?? state
        result.strict = other.strict ?? strict
        result.timeout = other.timeout ?? timeout
        result.locale = other.locale ?? locale
        result.numbering = other.numbering ?? numbering
        result.baseURL = other.baseURL ?? baseURL
        result.htmlBudget = other.htmlBudget ?? htmlBudget
        result.smtp = other.smtp ?? smtp
        result.dkim = other.dkim ?? dkim
        result.bounce = other.bounce ?? bounce
        return result
    }
}
