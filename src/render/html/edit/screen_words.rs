//! The edit pages' words about screenshots, in Finnish, Swedish and English:
//! (key, Finnish, Swedish, English), looked up with the others by [`super::words::word`].

pub const WORDS: &[(&str, &str, &str, &str)] = &[
    ("screens", "Kuvakaappaukset", "Skärmbilder", "Screenshots"),
    (
        "screens.intro",
        "Kunkin näkymän kuvana ohjeessa on kunnan kuvakaappaus, jos sellainen on, muuten piirretty malli. Lataa kuvakaappaus PNG- tai JPEG-tiedostona (enintään 10 Mt). Kuvasta poistetaan metatiedot, kuten sijainti.",
        "Varje vy visas i anvisningen med kommunens skärmbild om det finns en, annars med en ritad modell. Ladda upp skärmbilden som PNG- eller JPEG-fil (högst 10 MB). Metadata, som position, tas bort ur bilden.",
        "Each screen is shown in the guide by the municipality's screenshot when there is one, otherwise by a drawn mock-up. Upload a screenshot as a PNG or JPEG file (at most 10 MB). Metadata such as the location is removed from the picture.",
    ),
    ("screens.screen", "Näkymä", "Vy", "Screen"),
    (
        "screens.now",
        "Ohjeessa nyt",
        "I anvisningen nu",
        "Shown now",
    ),
    (
        "screens.change",
        "Vaihda kuva",
        "Byt bild",
        "Change the picture",
    ),
    (
        "shown.screenshot",
        "kuvakaappaus",
        "skärmbild",
        "screenshot",
    ),
    (
        "shown.mockup",
        "piirretty malli",
        "ritad modell",
        "drawn mock-up",
    ),
    (
        "shown.unused",
        "ei näy tämän kunnan ohjeessa: sen valinnat jättävät näkymän pois",
        "syns inte i kommunens anvisning: dess val utelämnar vyn",
        "not in this municipality's guide: its choices leave the screen out",
    ),
    (
        "shown.nothing",
        "ei kuvaa (paikkamerkki)",
        "ingen bild (platshållare)",
        "nothing (a placeholder)",
    ),
    ("upload.label", "Kuvakaappaus", "Skärmbild", "Screenshot"),
    ("upload.send", "Lataa", "Ladda upp", "Upload"),
    (
        "upload.remove",
        "Poista kuvakaappaus (näytä malli)",
        "Ta bort skärmbilden (visa modellen)",
        "Remove the screenshot (show the mock-up)",
    ),
    (
        "title.uploaded",
        "Kuvakaappaus tallennettu",
        "Skärmbilden sparad",
        "Screenshot saved",
    ),
    (
        "title.refused",
        "Kuvakaappausta ei tallennettu",
        "Skärmbilden sparades inte",
        "Screenshot not saved",
    ),
    (
        "title.removed",
        "Kuvakaappaus poistettu",
        "Skärmbilden borttagen",
        "Screenshot removed",
    ),
    (
        "uploaded",
        "Kuvakaappaus tallennettiin. Metatiedot (kuten EXIF ja sijainti) poistettiin, ja ohje on rakennettu uudelleen.",
        "Skärmbilden sparades. Metadata (som EXIF och position) togs bort, och anvisningen har byggts om.",
        "The screenshot was saved. Its metadata (such as EXIF and the location) was removed, and the guide has been rebuilt.",
    ),
    ("uploaded.file", "Tiedosto", "Fil", "File"),
    (
        "uploaded.size",
        "Koko (pikseleinä)",
        "Storlek (pixlar)",
        "Size (pixels)",
    ),
    ("uploaded.format", "Muoto", "Format", "Format"),
    ("uploaded.removed", "Poistettiin", "Togs bort", "Removed"),
    (
        "refused",
        "Tiedostoa ei tallennettu:",
        "Filen sparades inte:",
        "The file was not saved:",
    ),
    (
        "removed",
        "Näytön kuvakaappaus poistettiin; ohjeessa näkyy taas malli.",
        "Vyns skärmbild togs bort; anvisningen visar modellen igen.",
        "The screen's screenshot was removed; the guide shows the mock-up again.",
    ),
    (
        "removed.none",
        "Näytöllä ei ollut kuvakaappausta.",
        "Vyn hade ingen skärmbild.",
        "The screen had no screenshot.",
    ),
];
