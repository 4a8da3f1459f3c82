/// Words the generator draws from: city names, people, themes. Non-ASCII on purpose.
enum Vocabulary {
    static let cities = [
        "Łódź", "Göteborg", "Zürich", "Málaga", "Kraków", "Győr", "Besançon", "Düsseldorf", "Poznań", "Timișoara",
        "Reykjavík", "Malmö", "Gdańsk", "Nürnberg", "Córdoba", "Brno", "České Budějovice", "Pécs", "Aarhus",
        "Tampere", "Lisboa", "Porto", "Bologna", "Toulouse", "Glasgow", "Ghent", "Utrecht", "Wrocław", "Vilnius",
        "Tallinn", "Ljubljana", "Zagreb", "Cluj-Napoca", "Thessaloníki", "Oulu", "Genève", "Liège", "Münster",
        "Bordeaux", "Nantes",
    ]
    static let farCities = ["横浜 (Yokohama)", "台北 (Taipei)", "서울 (Seoul)", "大阪 (Osaka)"]

    static let people = [
        "Zofia Kowalska", "Jürgen Müller", "Ödön Szabó", "François Dubois", "Søren Håkansson", "Ángela García",
        "Łukasz Nowak", "Zsófia Horváth", "Björn Lindqvist", "Małgorzata Wiśniewska", "Đorđe Petrović",
        "Chloé Lefèvre", "Eliška Dvořáková", "João Gonçalves", "Ayşe Yılmaz", "Anna Lisa Boni",
    ]

    static let themes = [
        "affordable housing", "citizen data", "gender equality", "urban commons", "digital inclusion",
        "energy poverty", "social economy", "active mobility", "youth employment", "public procurement",
        "participatory budgeting", "climate adaptation", "migrant integration", "homelessness",
        "cultural heritage", "open government", "circular economy", "healthy ageing",
    ]

    static let actions = [
        "pilots", "launches", "hosts", "joins", "opens", "rethinks", "maps", "scales up", "funds", "evaluates",
    ]
    static let objects = [
        "a citizen data lab", "the “Cities for All” pledge", "a housing-first programme",
        "its first participatory budget", "a one-stop shop for newcomers", "a night-time economy charter",
        "a network of repair cafés", "a low-emission zone", "the ‘15-minute city’ trial", "a social innovation fund",
        "a neighbourhood energy cooperative", "an open-data portal for culture",
    ]
    static let publicationKinds = ["Policy brief", "Report", "Toolkit", "Case study", "Open letter", "Position paper"]
    static let eventKinds = ["Webinar", "Study visit", "Working group", "Forum", "Masterclass", "Peer review"]

    static let listItems = [
        "a shared **data charter** for all departments", "*co-design* sessions in every district",
        "training for 40 front-line officers", "a budget line of €2.5 million", "monthly open hours at the town hall",
        "translations into Polish, Türkçe and Română", "a public dashboard, updated weekly",
        "small grants of up to €5 000 for residents’ groups", "a mentoring scheme with local social enterprises",
        "follow-up visits after six months",
    ]
    static let closings = [
        "Read more on the project’s page.", "Registration closes two weeks before the date.",
        "The results will be presented at the autumn forum…", "Members can request the full data set.",
        "Questions? Write to the secretariat — we answer within a week.",
        "The next meeting is planned for spring, “if all goes well”.",
    ]
    static let domains = ["example.org", "example.net", "example.com", "example.eu"]

    static let firstNames: [(display: String, ascii: String)] = [
        ("Zofia", "zofia"), ("Łukasz", "lukasz"), ("Małgorzata", "malgorzata"), ("Jürgen", "juergen"),
        ("Søren", "soeren"), ("Björn", "bjoern"), ("Ángel", "angel"), ("François", "francois"),
        ("Ödön", "odon"), ("Zsófia", "zsofia"), ("Chloé", "chloe"), ("Eliška", "eliska"), ("João", "joao"),
        ("Ayşe", "ayse"), ("Đorđe", "djordje"), ("Zoë", "zoe"), ("Anna", "anna"), ("Peter", "peter"),
        ("Maria", "maria"), ("Tomas", "tomas"), ("花子", "hanako"), ("太郎", "taro"),
    ]
    static let lastNames: [(display: String, ascii: String)] = [
        ("Kowalska", "kowalska"), ("Müller", "mueller"), ("Szabó", "szabo"), ("Nowak", "nowak"),
        ("García", "garcia"), ("Dubois", "dubois"), ("Øster", "oester"), ("Håkansson", "hakansson"),
        ("Horváth", "horvath"), ("Đorđević", "djordjevic"), ("Wiśniewska", "wisniewska"),
        ("Lefèvre", "lefevre"), ("Dvořák", "dvorak"), ("Gonçalves", "goncalves"), ("Yılmaz", "yilmaz"),
        ("Smith", "smith"), ("Jensen", "jensen"), ("山田", "yamada"),
    ]
}
