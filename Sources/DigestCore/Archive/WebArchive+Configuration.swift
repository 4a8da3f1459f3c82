import Foundation

extension WebArchive {
    /// The archive of a configured list: the messages of `messages`, else the configuration's
    /// output folder, else `digests`; the list's name from the configuration; the words and
    /// dates of `locale`, else the configuration's, else English, read from the `strings`
    /// folder of the configured templates, or of `shippedTemplates` when they have none.
    ///
    /// - Throws: ``DigestError/unknownLocale(_:folder:known:)`` when no strings file matches
    ///   the locale, or an error naming the file and line of a malformed one.
    package init(
        configuration: DigestConfiguration?, messages: String?, out: String, locale: String?,
        shippedTemplates: String
    ) throws(DigestError) {
        var language = ReaderLanguage.english
        if let locale = locale ?? configuration?.locale {
            let templates = configuration?.templates ?? shippedTemplates
            var strings = (templates as NSString).appendingPathComponent(TemplateSet.stringsFolderName)
            if !FileManager.default.fileExists(atPath: strings) {
                strings = (shippedTemplates as NSString).appendingPathComponent(TemplateSet.stringsFolderName)
            }
            language = try ReaderLanguage.load(locale: locale, folder: strings)
        }
        self.init(
            messages: messages ?? configuration?.out ?? DigestConfiguration.Defaults.out, out: out,
            name: configuration?.name ?? DigestConfiguration.Defaults.name, language: language)
    }
}
