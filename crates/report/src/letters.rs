//! Survey invitation letters: one A4 page per access code with the survey's address, the code
//! in large type and a QR code that opens the questionnaire with the code filled in. No names:
//! letters are handed out at random.
//!
//! Rendered by typst like the report ([`crate::pdf`]), so the letters are tagged PDF/UA-1 with
//! embedded fonts and print every script the bundled fonts cover (Arabic through DejaVu Sans
//! Mono). The text may be given in two languages side by side, each column tagged with its
//! language and set right to left where that language is written so.

use abbild_i18n::Described;
use std::fmt::Write as _;

use abbild_i18n::{I18n, Tr};

use crate::pdf::{compile, figure_path, lit};
use crate::ReportError;

/// The words on every letter in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterText {
    /// ISO 639 code of the words (`de`, `tr`, `ar`): tags the column and sets its direction.
    pub lang: String,
    pub title: String,
    pub body: String,
    pub url_label: String,
    pub code_label: String,
    /// Start of the QR code's alternative text; the link follows it.
    pub qr_label: String,
}

impl LetterText {
    /// The catalogue's words (`letters.ftl`) in `lang`: the CLI and the web app print the same
    /// letter.
    pub fn catalogue(lang: abbild_i18n::Lang) -> Self {
        let tr = Tr::new(I18n::global(), lang);
        LetterText {
            lang: lang.code().to_owned(),
            title: tr.get("letter-title"),
            body: tr.get("letter-body"),
            url_label: tr.get("letter-url"),
            code_label: tr.get("letter-code"),
            qr_label: tr.get("letter-qr"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LettersError {
    #[error("{}", self.message())]
    Languages(usize),
    #[error("{}", self.message())]
    Lang(String),
    #[error("{}", self.message())]
    Qr(String),
    #[error("{}", self.message())]
    TooLong { pages: usize, codes: usize },
    #[error("{}", self.message())]
    Pdf(#[from] ReportError),
}

impl abbild_i18n::Described for LettersError {
    fn message(&self) -> abbild_i18n::Message {
        use abbild_i18n::Message;
        match self {
            LettersError::Languages(n) => Message::new("err-letters-languages").with("n", n),
            LettersError::Lang(l) => Message::new("err-letters-lang").with("lang", l),
            LettersError::Qr(u) => Message::new("err-letters-qr").with("url", u),
            LettersError::TooLong { pages, codes } => Message::new("err-letters-too-long")
                .with("pages", pages)
                .with("codes", codes),
            LettersError::Pdf(e) => Message::new("err-letters-pdf").with("detail", e),
        }
    }
}

/// Languages written right to left (typst derives the direction from fewer of them, e.g.
/// not Sorani Kurdish).
const RIGHT_TO_LEFT: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "syr", "ug", "ur", "yi",
];

fn right_to_left(lang: &str) -> bool {
    RIGHT_TO_LEFT.contains(&lang)
}

/// The questionnaire's address with the code filled in (what the QR code holds).
pub fn prefill_link(url: &str, code: &str) -> String {
    format!("{url}?code={code}")
}

/// One page per code (`codes` grouped as printed, e.g. `K7QM4-XW9PA-3HTRC`); `texts` holds
/// one language or two, set side by side with the first on the left.
pub fn letters_pdf(
    url: &str,
    texts: &[LetterText],
    codes: &[String],
) -> Result<Vec<u8>, LettersError> {
    render(url, texts, codes).map(|(bytes, _warnings)| bytes)
}

/// The PDF and typst's warnings (tests insist there are none).
fn render(
    url: &str,
    texts: &[LetterText],
    codes: &[String],
) -> Result<(Vec<u8>, Vec<String>), LettersError> {
    let (source, svgs) = markup(url, texts, codes)?;
    // Hashed into the PDF's identifier, not written out.
    let ident = format!("abbild-letters/{url}/{}", codes.join(","));
    let compiled = compile(source, svgs, ident)?;
    if compiled.pages != codes.len().max(1) {
        return Err(LettersError::TooLong {
            pages: compiled.pages,
            codes: codes.len(),
        });
    }
    Ok((compiled.bytes, compiled.warnings))
}

/// Page layout, only constants: the letter text arrives as string literals in `texts`.
const LAYOUT: &str = r#"#set page(paper: "a4", margin: (x: 2.4cm, top: 2.6cm, bottom: 2cm))
#set text(font: ("Libertinus Serif", "DejaVu Sans Mono"), size: 11.5pt, hyphenate: false)
#set par(justify: false, leading: 0.7em, spacing: 1em)
#show heading: set text(size: 17pt)
#show heading: set block(below: 1em)
#let cols(f) = grid(columns: (1fr,) * texts.len(), column-gutter: 1.2cm,
  ..texts.map(t => text(lang: t.lang, dir: t.dir, f(t))))
#let letter(code, link-url, qr) = {
  cols(t => { heading(level: 1, t.title); par(t.body) })
  v(1.6em)
  cols(t => strong(t.url + ":"))
  v(0.2em)
  par(text(font: "DejaVu Sans Mono", size: 11pt, address))
  v(1.2em)
  cols(t => strong(t.code + ":"))
  v(0.2em)
  par(text(font: "DejaVu Sans Mono", weight: "bold", size: 24pt, code))
  v(1.2em)
  link(link-url, image(qr, width: 6.5cm, alt: texts.first().qr + ": " + link-url))
}
"#;

/// The typst source and the QR codes' SVGs (served as figures).
fn markup(
    url: &str,
    texts: &[LetterText],
    codes: &[String],
) -> Result<(String, Vec<String>), LettersError> {
    if !(1..=2).contains(&texts.len()) {
        return Err(LettersError::Languages(texts.len()));
    }
    let first = &texts[0];
    let mut m = String::new();
    let title: Vec<&str> = texts.iter().map(|t| t.title.as_str()).collect();
    let _ = writeln!(
        m,
        "#set document(title: {}, date: none)",
        lit(&title.join(" / "))
    );
    let _ = writeln!(m, "#set text(lang: {})", lit(&first.lang));
    m.push_str("#let texts = (\n");
    for t in texts {
        let valid =
            (2..=3).contains(&t.lang.len()) && t.lang.bytes().all(|b| b.is_ascii_lowercase());
        if !valid {
            return Err(LettersError::Lang(t.lang.clone()));
        }
        let _ = writeln!(
            m,
            "  (lang: {}, dir: {}, title: {}, body: {}, url: {}, code: {}, qr: {}),",
            lit(&t.lang),
            if right_to_left(&t.lang) { "rtl" } else { "ltr" },
            lit(&t.title),
            lit(&t.body),
            lit(&t.url_label),
            lit(&t.code_label),
            lit(&t.qr_label),
        );
    }
    m.push_str(")\n");
    let _ = writeln!(m, "#let address = {}", lit(url));
    m.push_str(LAYOUT);
    let mut svgs = Vec::with_capacity(codes.len());
    for (i, code) in codes.iter().enumerate() {
        if i > 0 {
            m.push_str("#pagebreak()\n");
        }
        let link = prefill_link(url, code);
        svgs.push(qr_svg(&link)?);
        let _ = writeln!(
            m,
            "#letter({}, {}, {})",
            lit(code),
            lit(&link),
            lit(&figure_path(i))
        );
    }
    Ok((m, svgs))
}

/// The QR code of `data` as an SVG: one square unit per module, a quiet zone of four, dark
/// modules as horizontal runs of one path.
fn qr_svg(data: &str) -> Result<String, LettersError> {
    let code =
        qrcode::QrCode::new(data.as_bytes()).map_err(|_| LettersError::Qr(data.to_owned()))?;
    let n = code.width();
    let colors = code.to_colors();
    let size = n + 8;
    let mut d = String::new();
    for (row, line) in colors.chunks(n).enumerate() {
        let mut col = 0;
        while col < n {
            if line[col] == qrcode::Color::Dark {
                let start = col;
                while col < n && line[col] == qrcode::Color::Dark {
                    col += 1;
                }
                let _ = write!(
                    d,
                    "M{} {}h{}v1h-{}z",
                    start + 4,
                    row + 4,
                    col - start,
                    col - start
                );
            } else {
                col += 1;
            }
        }
    }
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
         <path fill=\"#000\" d=\"{d}\"/></svg>"
    ))
}

#[cfg(test)]
mod tests;
