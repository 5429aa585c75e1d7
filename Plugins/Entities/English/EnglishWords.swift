import GleanText

/// The word lists the English recognizer decides by (lowercase).
enum EnglishWords {
    /// A capitalised sequence ending in one of these is an organisation.
    static let organisationHeads: WordSet = [
        "administration", "ministry", "bureau", "association", "commission", "committee", "council", "group", "co", "co.", "company", "companies",
        "corporation", "corp", "corp.", "inc", "inc.", "ltd", "ltd.", "plc", "llc", "ag", "gmbh", "sa", "nv", "university", "college", "institute", "academy",
        "authority", "bank", "board", "party", "federation", "union", "club", "department", "office", "organisation", "organization", "foundation",
        "fund", "society", "court", "parliament", "assembly", "senate", "army", "navy", "police", "service", "services", "systems", "technologies",
        "technology", "holdings", "industries", "airlines", "airways", "motors", "partners", "studios", "studio", "pictures", "films", "entertainment",
        "media", "network", "networks", "exchange", "school", "hospital", "church", "trust", "alliance", "coalition", "movement", "congress",
        "cabinet", "government", "fc", "bancorp", "securities", "capital", "investments", "energy", "petroleum", "pharmaceuticals", "telecom",
        "communications", "electronics", "laboratories", "labs", "agency", "center", "centre", "council", "league", "consortium", "institution",
    ]
    /// … one of these, a news outlet.
    static let outletHeads: WordSet = ["daily", "news", "times", "post", "herald", "journal", "gazette", "tribune", "telegraph", "chronicle", "observer", "mail", "weekly", "magazine", "press", "standard", "courier", "express"]
    /// … one of these, an event.
    static let eventHeads: WordSet = [
        "conference", "forum", "festival", "expo", "summit", "games", "olympics", "championship", "championships", "cup", "tournament", "exhibition",
        "fair", "week", "awards", "marathon", "ceremony", "gala", "competition", "contest", "war", "revolution", "election", "elections", "congress",
        "convention", "symposium", "show", "prix", "open", "derby", "series", "trophy", "rally",
    ]
    /// Words before a name that make it a person's ("President", "coach", "Mr.").
    static let personTitles: WordSet = [
        "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "prof", "prof.", "professor", "president", "premier", "chancellor", "minister",
        "senator", "sen.", "governor", "gov.", "mayor", "chairman", "chairwoman", "ceo", "director", "spokesman", "spokeswoman", "spokesperson",
        "coach", "manager", "captain", "striker", "midfielder", "defender", "goalkeeper", "king", "queen", "prince", "princess", "pope", "judge",
        "secretary", "ambassador", "founder", "actor", "actress", "writer", "author", "singer", "rep.", "representative", "lawyer", "analyst",
        "economist", "editor", "correspondent", "reporter", "envoy", "commissioner", "sheikh", "sir", "dame", "colonel", "lieutenant", "sergeant",
        "general", "gen.", "vice", "deputy", "producer", "screenwriter", "novelist", "chief", "presenter", "officer", "champion", "leader", "pitcher",
        "batsman", "bowler", "forward", "winger", "jockey", "trainer", "cardinal", "archbishop", "bishop", "rabbi", "imam", "ayatollah",
    ]
    /// Lowercase words that may join the words of one name ("Bank of England", "Procter & Gamble").
    static let connectors: WordSet = ["of", "and", "for", "the", "de", "du", "des", "la", "le", "van", "von", "der", "den", "di", "da", "del", "on", "&", "y", "al", "bin", "ibn"]
    /// Words that begin sentences with a capital without being names.
    static let sentenceStarters: WordSet = [
        "the", "a", "an", "in", "on", "at", "for", "but", "and", "or", "so", "if", "when", "while", "after", "before", "since", "as", "this", "that",
        "these", "those", "there", "here", "it", "its", "he", "she", "we", "they", "his", "her", "their", "our", "my", "i", "you", "what", "who",
        "which", "how", "why", "where", "all", "some", "many", "most", "no", "not", "one", "two", "three", "with", "from", "by", "to", "of", "during",
        "under", "over", "about", "also", "however", "meanwhile", "yet", "still", "now", "then", "last", "next", "first", "new", "other", "such",
        "both", "each", "every", "more", "than", "only", "even", "just", "despite", "although", "though", "because", "according", "among",
        "between", "against", "without", "within", "officials", "police", "shares", "analysts", "sources", "experts", "prices", "investors",
        "residents", "authorities", "witnesses", "traders", "dealers", "markets", "stocks", "earlier", "later", "further", "instead", "thus",
        "overall", "core", "key", "notable", "successful", "several", "few", "any", "nor", "do", "does", "did", "is", "are", "was", "were",
        "be", "has", "have", "had", "can", "could", "will", "would", "should", "may", "might", "must", "let", "please", "see", "read", "note",
        "total", "local", "national", "international", "global", "chinese", "english", "american", "british", "european", "asian", "western",
    ]
    /// Prepositions after which a lone unknown capitalised word is usually a place.
    static let placePrepositions: WordSet = ["in", "at", "near", "from", "outside", "across"]
    /// All-capital words that are not organisations.
    static let commonAcronyms: WordSet = [
        "gdp", "ceo", "cfo", "coo", "cto", "ai", "tv", "cpi", "ppi", "pmi", "ipo", "gmt", "est", "am", "pm", "ok", "vat", "usd", "rmb", "eur", "gbp",
        "jpy", "cny", "hkd", "pc", "it", "id", "faq", "pdf", "html", "url", "api", "diy", "vip", "ip", "ar", "vr", "ev", "evs", "suv", "dna", "rna",
        "hiv", "aids", "covid", "sars", "mp", "mps", "pr", "hr", "rd", "qa", "kpi", "roi", "b2b", "b2c", "esg", "ota", "app", "apps", "a", "i",
    ]
    /// Cues before a quoted title that make it a work ("examples include \"…\"").
    static let workCues: WordSet = [
        "include", "includes", "including", "included", "like", "titled", "entitled", "called", "named", "drama", "dramas", "film", "films", "movie",
        "movies", "series", "show", "shows", "book", "books", "novel", "novels", "song", "songs", "album", "albums", "work", "works", "production",
        "productions", "documentary", "game", "games", "play", "plays", "opera", "episode", "season", "title", "titles", "hit", "hits", "blockbuster",
        "programme", "program", "sitcom", "anime", "comic", "comics", "painting", "poem", "report", "such", "as", "and",
    ]
    /// Verbs after a quoted title that make it a work ("…" premiered, would stream).
    static let workVerbs: WordSet = ["stream", "streams", "streamed", "streaming", "air", "airs", "aired", "premiere", "premieres", "premiered", "screened", "screens", "opened", "debuted", "debuts", "topped", "tops", "grossed"]
    /// Words after a quoted name that make it an event (the "…" competition).
    static let eventCues: WordSet = ["competition", "contest", "festival", "campaign", "awards", "event", "conference", "forum", "summit", "expo", "exhibition", "ceremony", "gala", "fair", "tournament", "championship", "challenge", "program", "programme", "plan", "initiative"]
    /// Months and weekdays: capitalised, but dates, not names.
    static let calendarWords: WordSet = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
        "oct", "nov", "dec",
    ]
}
