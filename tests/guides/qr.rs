//! The QR code of the two-step verification guide scans: zbarimg decodes it from a
//! rendered PDF page and from a browser's screenshot of the HTML page.

use std::path::Path;
use std::process::Command;

use crate::common::{have, opas, project_with_references, stderr};

/// What the Finnish screens.toml encodes: a made-up address, never a real key.
const FINNISH: &str = "otpauth://totp/Asiointipalvelu:esimerkki.erkki@example.com?secret=ESIMERKKIAVAIN00&issuer=Asiointipalvelu";

/// Tools a check needs: skipped with a message on a developer's machine, required on CI.
fn tools(names: &[&str]) -> bool {
    let missing: Vec<&&str> = names.iter().filter(|t| !have(t)).collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{missing:?} are required on CI"
    );
    eprintln!("skipping: {missing:?} not installed");
    false
}

/// Every QR code zbarimg finds in the image.
fn decode(image: &Path) -> Vec<String> {
    let out = Command::new("zbarimg")
        .args(["-q", "--raw"])
        .arg(image)
        .output()
        .expect("zbarimg runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

fn build() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = project_with_references();
    let out = dir.path().join("output");
    let run = opas(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    (dir, out)
}

#[test]
fn the_qr_code_in_the_pdf_scans() {
    if !tools(&["pdftoppm", "zbarimg"]) {
        return;
    }
    let (dir, out) = build();
    let pdf = out.join("pori/kaksivaihe/pori-kaksivaiheinen-tunnistautuminen.pdf");
    let pages = dir.path().join("pages");
    std::fs::create_dir_all(&pages).unwrap();
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "100"])
        .arg(&pdf)
        .arg(pages.join("p"))
        .status()
        .unwrap();
    assert!(status.success());
    let mut found = Vec::new();
    for page in std::fs::read_dir(&pages).unwrap() {
        found.extend(decode(&page.unwrap().path()));
    }
    assert_eq!(found, [FINNISH], "exactly one code, and it reads back");
}

#[test]
fn the_qr_code_in_the_page_scans() {
    let browser = ["chromium", "chromium-browser"]
        .into_iter()
        .find(|b| have(b));
    let Some(browser) = browser else {
        tools(&["chromium"]);
        return;
    };
    if !tools(&["zbarimg"]) {
        return;
    }
    let (dir, out) = build();
    let page = out.join("pori/kaksivaihe/index.html");
    let shot = dir.path().join("page.png");
    let status = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--hide-scrollbars",
            "--window-size=900,3200",
        ])
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap()
        .status;
    assert!(
        status.success() && shot.is_file(),
        "the browser took a screenshot"
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains("<svg class=\"screen-qr\" role=\"img\" aria-label=\""),
        "an inline SVG with alternative text"
    );
    assert_eq!(decode(&shot), [FINNISH]);
}

/// The `/FontName` of every fixed-pitch font (descriptor flag 1) in the PDF at `path`.
fn fixed_pitch_fonts(path: &Path) -> Vec<String> {
    let doc = lopdf::Document::load(path).expect("the PDF parses");
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"FontDescriptor"))
        .filter(|d| {
            d.get(b"Flags")
                .and_then(|f| f.as_i64())
                .is_ok_and(|f| f & 1 == 1)
        })
        .filter_map(|d| d.get(b"FontName").and_then(|n| n.as_name()).ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect()
}

#[test]
fn backup_codes_are_set_in_a_monospace_face() {
    let (_dir, out) = build();
    let two_step =
        fixed_pitch_fonts(&out.join("pori/kaksivaihe/pori-kaksivaiheinen-tunnistautuminen.pdf"));
    assert_eq!(two_step.len(), 1, "{two_step:?}");
    assert!(two_step[0].ends_with("+DejaVuSansMono"), "{two_step:?}");
    let username =
        fixed_pitch_fonts(&out.join("pori/kayttajatunnusmuutos/pori-kayttajatunnusmuutos.pdf"));
    assert!(
        username.is_empty(),
        "a guide without codes embeds no monospace face: {username:?}"
    );
}
