//! A generated project of many varied municipalities: real names and their forms, kunta
//! and kaupunki, hyphenated names, Swedish-only and bilingual towns, long contact titles
//! (one that breaks after a hyphen), a phone but no e-mail, and both guides with their
//! parameters varied. The reference five are not among them.

use std::fmt::Write as _;
use std::path::Path;

/// Name, genitive, kind, Swedish name ("" for none) and languages: `f` Finnish, `b`
/// Finnish and Swedish, `t` with English too, `s` Swedish only.
const PLACES: &[(&str, &str, &str, &str, char)] = &[
    ("Helsinki", "Helsingin", "kaupunki", "Helsingfors", 't'),
    ("Tampere", "Tampereen", "kaupunki", "Tammerfors", 't'),
    ("Turku", "Turun", "kaupunki", "Åbo", 'b'),
    ("Oulu", "Oulun", "kaupunki", "", 'f'),
    ("Jyväskylä", "Jyväskylän", "kaupunki", "", 'f'),
    ("Lahti", "Lahden", "kaupunki", "", 'f'),
    ("Kuopio", "Kuopion", "kaupunki", "", 'f'),
    ("Lappeenranta", "Lappeenrannan", "kaupunki", "", 'f'),
    ("Hämeenlinna", "Hämeenlinnan", "kaupunki", "", 'f'),
    ("Vaasa", "Vaasan", "kaupunki", "Vasa", 'b'),
    ("Seinäjoki", "Seinäjoen", "kaupunki", "", 'f'),
    ("Rovaniemi", "Rovaniemen", "kaupunki", "", 't'),
    ("Mikkeli", "Mikkelin", "kaupunki", "", 'f'),
    ("Porvoo", "Porvoon", "kaupunki", "Borgå", 'b'),
    ("Mänttä-Vilppula", "Mänttä-Vilppulan", "kaupunki", "", 'f'),
    ("Koski Tl", "Kosken Tl", "kunta", "", 'f'),
    ("Nurmijärvi", "Nurmijärven", "kunta", "", 'f'),
    ("Korsnäs", "Korsnäsin", "kunta", "", 's'),
    ("Närpiö", "Närpiön", "kaupunki", "Närpes", 'b'),
    ("Luoto", "Luodon", "kunta", "Larsmo", 'b'),
    (
        "Maarianhamina",
        "Maarianhaminan",
        "kaupunki",
        "Mariehamn",
        's',
    ),
    ("Inari", "Inarin", "kunta", "", 'f'),
    ("Pedersöre", "Pedersören", "kunta", "", 'f'),
    ("Sastamala", "Sastamalan", "kaupunki", "", 'f'),
    ("Siilinjärvi", "Siilinjärven", "kunta", "", 'f'),
    ("Kemi", "Kemin", "kaupunki", "", 'f'),
    ("Raasepori", "Raaseporin", "kaupunki", "Raseborg", 'b'),
    (
        "Kristiinankaupunki",
        "Kristiinankaupungin",
        "kaupunki",
        "Kristinestad",
        'b',
    ),
    ("Hanko", "Hangon", "kaupunki", "Hangö", 't'),
    ("Ii", "Iin", "kunta", "", 'f'),
    ("Savonlinna", "Savonlinnan", "kaupunki", "", 'f'),
    ("Joensuu", "Joensuun", "kaupunki", "", 'f'),
    ("Kaskinen", "Kaskisten", "kaupunki", "Kaskö", 'b'),
    ("Parainen", "Paraisten", "kaupunki", "Pargas", 'b'),
    ("Pello", "Pellon", "kunta", "", 'f'),
    ("Utsjoki", "Utsjoen", "kunta", "", 'f'),
    ("Jomala", "Jomalan", "kunta", "", 's'),
];

/// Contact people: person, illative, title.
const PEOPLE: &[(&str, &str, &str)] = &[
    (
        "Anna-Liisa Virtanen",
        "Anna-Liisa Virtaseen",
        "asiakaspalvelusihteeri",
    ),
    (
        "Matti Korhonen",
        "Matti Korhoseen",
        "ympäristö- ja rakennusvalvontapalveluiden asiakaspalvelusihteeri",
    ),
    (
        "Johanna Nieminen",
        "Johanna Niemiseen",
        "tietohallintopäällikkö",
    ),
    ("Erik Sundström", "Erik Sundströmiin", "it-tukihenkilö"),
];

/// The project's municipality files: `n` municipalities under `root/municipalities/`.
pub fn write_municipalities(root: &Path, n: usize) {
    let dir = root.join("municipalities");
    std::fs::create_dir_all(&dir).expect("municipalities folder");
    for i in 0..n {
        let (slug, text) = municipality(i);
        std::fs::write(dir.join(format!("{slug}.toml")), text).expect("municipality written");
    }
}

/// The slug and file of the `i`-th municipality.
pub fn municipality(i: usize) -> (String, String) {
    let (name, genitive, kind, sv, langs) = PLACES[i % PLACES.len()];
    let slug = format!("{}-{i}", slug_of(name));
    let mut t = String::new();
    let (base_name, base_genitive) = if langs == 's' && !sv.is_empty() {
        (sv, genitive)
    } else {
        (name, genitive)
    };
    let _ = writeln!(t, "name = \"{base_name}\"\ngenitive = \"{base_genitive}\"");
    let _ = writeln!(t, "kind = \"{kind}\"");
    let languages = match langs {
        'b' => "[\"fi\", \"sv\"]",
        't' => "[\"fi\", \"sv\", \"en\"]",
        's' => "[\"sv\"]",
        _ => "[\"fi\"]",
    };
    let _ = writeln!(t, "languages = {languages}\n");
    match i % 4 {
        1 => t.push_str("[header]\nlabel = \"Tiedote\"\n\n"),
        2 => t.push_str("[header]\nservice = \"generic\"\n\n"),
        3 => t.push_str("[header]\nlabel = \"\"\nservice = \"none\"\n\n"),
        _ => {}
    }
    t.push_str("[contact]\n");
    let (person, illative, title) = PEOPLE[i % PEOPLE.len()];
    let domain = slug_of(name);
    match i % 5 {
        0 => {
            let _ = writeln!(t, "person = \"{person}\"\nillative = \"{illative}\"");
            let _ = writeln!(
                t,
                "title = \"{title}\"\nphone = \"040 {:03} {:04}\"",
                i % 1000,
                1000 + i
            );
            let _ = writeln!(t, "email = \"etunimi.sukunimi@{domain}.fi\"");
        }
        1 => {
            t.push_str("unit = \"asiakaspalvelu\"\nillative = \"asiakaspalveluun\"\n");
            let _ = writeln!(
                t,
                "phone = \"(0{}) {:03} {:04}\"",
                2 + i % 8,
                100 + i % 900,
                i
            );
        }
        2 => {
            let _ = writeln!(t, "phone = \"09 {:03} {:04}\"", i % 1000, 2000 + i);
        }
        3 => {
            let _ = writeln!(t, "person = \"{person}\"\nillative = \"{illative}\"");
            let _ = writeln!(t, "title = \"{title}\"");
            let _ = writeln!(t, "email_pattern = \"etunimi.sukunimi@{domain}.fi\"");
        }
        _ => {
            let _ = writeln!(t, "email = \"kirjaamo@{domain}.fi\"\nemail_guard = false");
        }
    }
    if !sv.is_empty() && langs != 's' {
        let _ = writeln!(t, "\n[lang.sv]\nname = \"{sv}\"");
    }
    if langs == 't' {
        let _ = writeln!(t, "\n[lang.en]\nname = \"{name}\"");
    }
    let year = 2018 + i % 8;
    let month = 1 + i % 12;
    let day = 1 + i % 28;
    let _ = writeln!(
        t,
        "\n[kayttajatunnusmuutos]\ndate = {year}-{month:02}-{day:02}\npasswords = \"{}\"",
        if i.is_multiple_of(2) {
            "reset"
        } else {
            "preserved"
        }
    );
    if !i.is_multiple_of(3) {
        let _ = writeln!(t, "changed = \"{year}-{month:02}\"");
    }
    if i % 3 != 2 {
        let _ = writeln!(t, "\n[kaksivaihe]\ndate = 2026-{month:02}-{day:02}");
        let _ = writeln!(t, "mandatory_from = 2027-{month:02}-{day:02}");
        if i.is_multiple_of(4) {
            t.push_str("app = \"Google Authenticator\"\n");
        }
        let _ = writeln!(t, "sms = {}\nbackup_codes = {}", i % 2 == 1, i % 5 != 3);
    }
    (slug, t)
}

/// The ASCII slug of a name: lower case, ä → a, ö → o, å → a, spaces and hyphens → `-`.
fn slug_of(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .map(|c| match c {
            'ä' | 'å' => 'a',
            'ö' => 'o',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        })
        .collect()
}
