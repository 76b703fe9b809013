//! The edit pages' words in Finnish, Swedish and English.

/// The languages the edit pages are written in, each with its own name.
pub const LANGUAGES: [(&str, &str); 3] = [
    ("fi", "Suomeksi"),
    ("sv", "På svenska"),
    ("en", "In English"),
];

/// (key, Finnish, Swedish, English).
const WORDS: &[(&str, &str, &str, &str)] = &[
    (
        "title.list",
        "Kuntien tiedot",
        "Kommunernas uppgifter",
        "Municipalities",
    ),
    (
        "title.form",
        "Muokkaa kunnan tietoja",
        "Redigera kommunens uppgifter",
        "Edit the municipality",
    ),
    (
        "intro.list",
        "Valitse kunta, jonka tietoja muokkaat.",
        "Välj kommunen vars uppgifter du redigerar.",
        "Choose the municipality whose details you edit.",
    ),
    ("section.municipality", "Kunta", "Kommunen", "Municipality"),
    (
        "section.header",
        "Sivun yläreuna",
        "Sidhuvudet",
        "Page header",
    ),
    (
        "section.wording",
        "Miten teksti nimeää kunnan",
        "Hur texten benämner kommunen",
        "How the text names the municipality",
    ),
    (
        "section.contact",
        "Yhteystiedot",
        "Kontaktuppgifter",
        "Contact",
    ),
    ("section.lang", "Kieli", "Språk", "Language"),
    ("section.guide", "Ohje", "Anvisning", "Guide"),
    ("name", "Nimi", "Namn", "Name"),
    (
        "genitive",
        "Nimi genetiivissä (esim. Porin)",
        "Namnet i genitiv (finska: Porin)",
        "The name in the genitive (Finnish: Porin)",
    ),
    (
        "kind",
        "Kaupunki vai kunta",
        "Stad eller kommun",
        "City or municipality",
    ),
    ("kind.kaupunki", "kaupunki", "stad", "city"),
    ("kind.kunta", "kunta", "kommun", "municipality"),
    (
        "languages",
        "Kielet, pilkuin erotettuina (ensimmäinen on yllä olevien kenttien kieli)",
        "Språk, åtskilda med kommatecken (det första är fältens språk ovan)",
        "Languages, separated by commas (the first is that of the fields above)",
    ),
    (
        "header.label",
        "Asiakirjan nimike (tyhjä: oletus)",
        "Dokumentets rubrik (tom: standard)",
        "Document label (empty: the default)",
    ),
    (
        "header.service",
        "Palvelun nimi",
        "Tjänstens namn",
        "Service name",
    ),
    (
        "header.service.named",
        "kunnan nimellä",
        "med kommunens namn",
        "with the municipality's name",
    ),
    (
        "header.service.generic",
        "yleinen nimi",
        "allmänt namn",
        "a generic name",
    ),
    ("header.service.none", "ei nimeä", "inget namn", "no name"),
    (
        "wording.first",
        "Ensimmäisessä lauseessa",
        "I första meningen",
        "In the first sentence",
    ),
    (
        "wording.later",
        "Myöhemmissä lauseissa",
        "I senare meningar",
        "In later sentences",
    ),
    (
        "wording.contact",
        "Yhteyshenkilön tittelin edessä",
        "Före kontaktpersonens titel",
        "Before the contact's title",
    ),
    (
        "contact.person",
        "Yhteyshenkilö",
        "Kontaktperson",
        "Contact person",
    ),
    ("contact.unit", "Yksikkö", "Enhet", "Unit"),
    (
        "contact.illative",
        "Henkilö tai yksikkö illatiivissa (esim. asiakaspalveluun)",
        "Person eller enhet i illativ (finska: asiakaspalveluun)",
        "Person or unit in the illative (Finnish: asiakaspalveluun)",
    ),
    ("contact.title", "Tehtävänimike", "Titel", "Job title"),
    (
        "contact.phone",
        "Puhelinnumero",
        "Telefonnummer",
        "Phone number",
    ),
    (
        "contact.email",
        "Sähköpostiosoite",
        "E-postadress",
        "E-mail address",
    ),
    (
        "contact.email_pattern",
        "Sähköpostiosoitteen muoto (esim. etunimi.sukunimi@kunta.fi)",
        "E-postadressens form (t.ex. fornamn.efternamn@kommun.fi)",
        "Form of the addresses (e.g. firstname.lastname@town.fi)",
    ),
    (
        "contact.email_guard",
        "Näytä @ muodossa (@)",
        "Visa @ som (@)",
        "Show @ as (@)",
    ),
    (
        "date",
        "Ohjeen päiväys",
        "Anvisningens datum",
        "The guide's date",
    ),
    (
        "format.date",
        "Muodossa vvvv-kk-pp, esim. 2026-03-02",
        "I formen åååå-mm-dd, t.ex. 2026-03-02",
        "As yyyy-mm-dd, e.g. 2026-03-02",
    ),
    (
        "format.month",
        "Muodossa vvvv-kk, esim. 2018-03",
        "I formen åååå-mm, t.ex. 2018-03",
        "As yyyy-mm, e.g. 2018-03",
    ),
    ("default", "Oletus", "Standard", "Default"),
    ("required", "pakollinen", "obligatorisk", "required"),
    ("yes", "kyllä", "ja", "yes"),
    (
        "check",
        "Tarkista muutokset",
        "Granska ändringarna",
        "Check the changes",
    ),
    ("confirm", "Tallenna", "Spara", "Save"),
    (
        "back",
        "Takaisin lomakkeelle",
        "Tillbaka till formuläret",
        "Back to the form",
    ),
    (
        "errors",
        "Korjaa nämä ensin",
        "Rätta först dessa",
        "Fix these first",
    ),
    ("line", "rivi", "rad", "line"),
    (
        "review",
        "Nämä rivit muuttuvat tiedostossa",
        "Dessa rader ändras i filen",
        "These lines of the file change",
    ),
    (
        "saved",
        "Tallennettu. Kunnan ohjeet on rakennettu uudelleen, ja esikatselu näyttää ne sellaisina kuin ne julkaistaan.",
        "Sparat. Kommunens anvisningar har byggts om, och förhandsvisningen visar dem som de publiceras.",
        "Saved. The municipality's guides are rebuilt, and the preview shows them as they will be published.",
    ),
    ("preview", "Esikatselu", "Förhandsvisning", "Preview"),
    (
        "live.none",
        "Tarkistettu kirjoittaessa: ei virheitä.",
        "Kontrollerat medan du skriver: inga fel.",
        "Checked as you type: no errors.",
    ),
    (
        "live.errors",
        "Tarkistettu kirjoittaessa, virheitä",
        "Kontrollerat medan du skriver, fel",
        "Checked as you type, errors",
    ),
    (
        "preview.none",
        "Kunnalla ei ole vielä rakennettuja ohjeita: `opas check` kertoo miksi.",
        "Kommunen har inga byggda anvisningar ännu: `opas check` visar varför.",
        "The municipality has no built guides yet: `opas check` tells why.",
    ),
    (
        "preview.pick",
        "Valitse esikatseltava ohje tai avaa PDF:",
        "Välj anvisningen att förhandsvisa, eller öppna PDF-filen:",
        "Choose the guide to preview, or open its PDF:",
    ),
    (
        "unchanged",
        "Et muuttanut mitään; tiedosto on ennallaan.",
        "Du ändrade ingenting; filen är oförändrad.",
        "You changed nothing; the file is as it was.",
    ),
    (
        "stale",
        "Tiedostoa on muutettu lomakkeen avaamisen jälkeen, eikä muutoksiasi tallennettu. Näin tiedosto muuttui:",
        "Filen har ändrats sedan formuläret öppnades, och dina ändringar sparades inte. Så här ändrades filen:",
        "The file changed since the form was opened, and your changes were not saved. This is how the file changed:",
    ),
    (
        "reopen",
        "Avaa lomake uudelleen",
        "Öppna formuläret på nytt",
        "Open the form again",
    ),
    (
        "all",
        "Kaikki kunnat",
        "Alla kommuner",
        "All municipalities",
    ),
];

/// The word for `key` in `lang` (English for a language without its own); the key itself
/// when there is no such word.
pub fn word<'a>(lang: &str, key: &'a str) -> &'a str {
    let mut all = WORDS.iter().chain(super::screen_words::WORDS);
    match all.find(|w| w.0 == key) {
        Some((_, fi, sv, en)) => match lang {
            "fi" => fi,
            "sv" => sv,
            _ => en,
        },
        None => key,
    }
}

/// The edit pages' language for an `Accept-Language` header: the first of theirs, by
/// weight, that the pages are written in; Finnish when none is.
pub fn from_accept_language(header: &str) -> &'static str {
    let mut best: Option<(f32, &'static str)> = None;
    for part in header.split(',').take(32) {
        let mut bits = part.split(';');
        let tag = bits.next().unwrap_or("").trim().to_ascii_lowercase();
        let weight = bits
            .find_map(|b| b.trim().strip_prefix("q="))
            .and_then(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or("");
        if let Some((code, _)) = LANGUAGES.iter().find(|(c, _)| *c == primary)
            && best.is_none_or(|(w, _)| weight > w)
            && weight > 0.0
        {
            best = Some((weight, code));
        }
    }
    best.map_or("fi", |(_, code)| code)
}

/// `lang` if the pages are written in it.
pub fn known(lang: &str) -> Option<&'static str> {
    LANGUAGES.iter().map(|(c, _)| *c).find(|c| *c == lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_s_language_by_weight() {
        assert_eq!(from_accept_language("sv-FI,sv;q=0.9,en;q=0.8"), "sv");
        assert_eq!(from_accept_language("de, en;q=0.5, fi;q=0.7"), "fi");
        assert_eq!(from_accept_language("en-GB"), "en");
        assert_eq!(from_accept_language("de"), "fi");
        assert_eq!(word("sv", "confirm"), "Spara");
    }
}
