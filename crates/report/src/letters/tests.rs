#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

use super::*;
use crate::pdf::tests::{page_count, page_text, poppler, words, TempPdf};
use abbild_i18n::Lang;

const URL: &str = "https://abbild.example/befragung";

fn codes(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("K7QM4-XW9PA-3HT{i:02}")).collect()
}

/// A text in `lang` whose every field carries `sample` (the characters under test).
fn text(lang: &str, sample: &str) -> LetterText {
    LetterText {
        lang: lang.into(),
        title: format!("{sample} 1"),
        body: format!("{sample} 2 (und \"Zeichen\" # * _ $ [x] @z)"),
        url_label: format!("{sample} 3"),
        code_label: format!("{sample} 4"),
        qr_label: format!("{sample} 5"),
    }
}

/// Compiles without warnings and checks what every letter PDF must be: tagged PDF/UA-1 on
/// A4, one page per code, each code with the address on its own page and nowhere else.
fn check(texts: &[LetterText], codes: &[String]) -> (Vec<u8>, TempPdf) {
    let (bytes, warnings) = render(URL, texts, codes).unwrap_or_else(|e| panic!("{e}"));
    assert!(warnings.is_empty(), "typst warnings: {warnings:#?}");
    let file = TempPdf::new(&bytes);
    let info = poppler("pdfinfo", &[], &file);
    for want in ["Tagged:          yes", "(A4)"] {
        assert!(info.contains(want), "{want} missing:\n{info}");
    }
    let title: Vec<&str> = texts.iter().map(|t| t.title.as_str()).collect();
    assert!(info.contains(&title.join(" / ")), "title:\n{info}");
    let raw = String::from_utf8_lossy(&bytes);
    for want in ["/StructTreeRoot", "pdfuaid:part>1<", "/MarkInfo"] {
        assert!(raw.contains(want), "{want} missing");
    }
    for t in texts {
        assert!(
            raw.contains(&format!("/Lang({})", t.lang)),
            "/Lang({})",
            t.lang
        );
    }
    assert_eq!(page_count(&file), codes.len());
    for (i, code) in codes.iter().enumerate() {
        let page = page_text(&file, i + 1);
        assert!(page.contains(URL), "address on page {}: {page}", i + 1);
        for (j, other) in codes.iter().enumerate() {
            assert_eq!(
                page.contains(other.as_str()),
                i == j,
                "{other} on page {}",
                i + 1
            );
        }
        // The QR code's link (also clickable) opens the questionnaire with this code.
        let link = format!("/URI({})", prefill_link(URL, code));
        assert_eq!(raw.matches(&link).count(), 1, "{link}");
    }
    (bytes, file)
}

#[test]
fn german_letters_are_tagged_pdf_ua_one_page_per_code() {
    let texts = [LetterText::catalogue(Lang::De)];
    let (_, file) = check(&texts, &codes(3));
    let page = page_text(&file, 2);
    for want in [
        "Einladung zur Befragung",
        "Ihre Stadtverwaltung möchte wissen",
        "Adresse der Befragung:",
        "Ihr persönlicher Zugangscode: K7QM4-XW9PA-3HT01",
    ] {
        assert!(page.contains(want), "{want:?} missing: {page}");
    }
}

#[test]
fn german_and_english_side_by_side() {
    let texts = [
        LetterText::catalogue(Lang::De),
        LetterText::catalogue(Lang::En),
    ];
    let (_, file) = check(&texts, &codes(2));
    let layout = poppler("pdftotext", &["-layout", "-f", "1", "-l", "1"], &file);
    // Both titles on one line: two columns, German on the left.
    let line = layout
        .lines()
        .find(|l| l.contains("Einladung zur Befragung"))
        .unwrap();
    let (de, en) = (
        line.find("Einladung").unwrap(),
        line.find("Invitation to the survey")
            .expect("English title beside"),
    );
    assert!(de < en, "{line}");
    let page = words(&layout);
    assert!(page.contains("Your personal access code"), "{page}");
}

/// Nothing becomes `?`: Turkish, Polish, Cyrillic and Arabic text comes out of the PDF as it
/// went in, the Arabic column right to left.
#[test]
fn every_script_survives() {
    let samples = [
        ("tr", "Ağrı’da ışık, İstanbul’da güneş"),
        ("pl", "Zażółć gęślą jaźń"),
        ("uk", "Запрошення до опитування"),
        // No lam-alef: poppler extracts that ligature's letters reversed.
        ("ar", "دعوة للمشاركة في استبيان الموظفين"),
    ];
    for (lang, sample) in samples {
        let texts = [LetterText::catalogue(Lang::De), text(lang, sample)];
        let (bytes, file) = check(&texts, &codes(1));
        keep(&bytes, &format!("letters-{lang}"));
        let page = page_text(&file, 1);
        assert!(!page.contains('?'), "{lang}: {page}");
        assert!(page.contains("Einladung zur Befragung"), "{page}");
        if lang != "ar" {
            for field in 1..=4 {
                let want = format!("{sample} {field}");
                assert!(page.contains(&want), "{lang}: {want:?} missing in {page}");
            }
            continue;
        }
        // pdftotext gives right-to-left words in visual order: look for each word.
        for w in sample.split(' ') {
            assert!(page.contains(w), "{w:?} missing in {page}");
        }
        // The Arabic title ends at the right margin, the German one starts at the left (in
        // `-bbox` output poppler spells right-to-left words in visual order).
        let bbox = poppler("pdftotext", &["-bbox"], &file);
        let x = |word: &str, attr: &str| -> f64 {
            let line = bbox
                .lines()
                .find(|l| l.ends_with(&format!(">{word}</word>")))
                .unwrap_or_else(|| panic!("{word} not in {bbox}"));
            let v = line.split(&format!("{attr}=\"")).nth(1).unwrap();
            v.split('"').next().unwrap().parse().unwrap()
        };
        let right_margin = 595.3 - 68.0;
        assert!(x("Einladung", "xMin") < 80.0);
        let first_word: String = "دعوة".chars().rev().collect();
        assert!(x(&first_word, "xMax") > right_margin - 2.0, "{bbox}");
    }
}

fn keep(bytes: &[u8], name: &str) {
    if let Some(dir) = std::env::var_os("ABBILD_PDF_OUT") {
        std::fs::write(
            std::path::PathBuf::from(dir).join(format!("{name}.pdf")),
            bytes,
        )
        .expect("keep PDF");
    }
}

#[test]
fn same_input_same_bytes() {
    let texts = [LetterText::catalogue(Lang::En)];
    let a = letters_pdf(URL, &texts, &codes(2)).unwrap();
    assert!(a == letters_pdf(URL, &texts, &codes(2)).unwrap());
    assert!(a != letters_pdf(URL, &texts, &codes(3)[1..]).unwrap());
}

/// The SVG's dark squares are exactly the modules of the prefill link's QR code.
#[test]
fn qr_svg_holds_the_prefill_link() {
    let link = prefill_link(URL, "K7QM4-XW9PA-3HTRC");
    let svg = qr_svg(&link).unwrap();
    let q = qrcode::QrCode::new(link.as_bytes()).unwrap();
    let n = q.width();
    let mut drawn = vec![qrcode::Color::Light; n * n];
    let d = svg
        .split(" d=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    for run in d.split('M').skip(1) {
        // M{x} {y}h{len}v1h-{len}z
        let (xy, rest) = run.split_once('h').unwrap();
        let (x, y) = xy.split_once(' ').unwrap();
        let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
        let len: usize = rest.split_once('v').unwrap().0.parse().unwrap();
        for col in x..x + len {
            drawn[(y - 4) * n + col - 4] = qrcode::Color::Dark;
        }
    }
    assert_eq!(drawn, q.to_colors());
    assert!(
        svg.contains(&format!("viewBox=\"0 0 {0} {0}\"", n + 8)),
        "quiet zone"
    );
}

#[test]
fn wrong_input_is_refused_with_a_reason() {
    let de = LetterText::catalogue(Lang::De);
    let three = [de.clone(), de.clone(), de.clone()];
    for (texts, want) in [
        (&[][..], "0 Sprachen"),
        (&three[..], "3 Sprachen"),
        (
            &[text("Deutsch", "x")][..],
            "„Deutsch“ ist keine Sprachkennung",
        ),
    ] {
        let e = letters_pdf(URL, texts, &codes(1)).unwrap_err().to_string();
        assert!(e.contains(want), "{e}");
    }
    // A text too long for one page would split letters: refused instead.
    let mut long = de;
    long.body = "Sehr viel Text. ".repeat(600);
    let e = letters_pdf(URL, &[long], &codes(2)).unwrap_err();
    assert!(matches!(e, LettersError::TooLong { codes: 2, .. }), "{e}");
}
