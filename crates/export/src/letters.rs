//! Survey invitation letters as PDF: one A4 page per access code, German (or English) text,
//! the survey address, the code in large type and a QR code that opens the questionnaire with
//! the code filled in. No names: letters are handed out at random.
//!
//! The PDF is written directly (PDF 1.4, the standard 14 fonts in WinAnsiEncoding, the QR
//! code as filled rectangles), so no font files or PDF library are needed and the output is
//! byte-for-byte deterministic for the same input.

use crate::ExportError;
use std::fmt::Write as _;

/// The words on every letter, already in the reader's language.
#[derive(Debug, Clone)]
pub struct LetterText {
    pub title: String,
    pub body: String,
    pub url_label: String,
    pub code_label: String,
    /// The questionnaire's address, e.g. `https://abbild.example/befragung`.
    pub url: String,
}

/// PDF string literal in WinAnsiEncoding; characters outside it become `?`.
fn pdf_text(s: &str) -> String {
    let mut out = String::from("(");
    for ch in s.chars() {
        let b: Option<u8> = match ch {
            '(' | ')' | '\\' => {
                out.push('\\');
                Some(ch as u8)
            }
            ' '..='~' => Some(ch as u8),
            '\u{a0}'..='\u{ff}' => Some(ch as u32 as u8),
            '€' => Some(0x80),
            '„' => Some(0x84),
            '…' => Some(0x85),
            '‘' => Some(0x91),
            '’' => Some(0x92),
            '“' => Some(0x93),
            '”' => Some(0x94),
            '–' => Some(0x96),
            '—' => Some(0x97),
            _ => Some(b'?'),
        };
        if let Some(b) = b {
            if b < 0x80 {
                out.push(b as char);
            } else {
                let _ = write!(out, "\\{b:03o}");
            }
        }
    }
    out.push(')');
    out
}

/// Greedy word wrap at `max` characters (Helvetica 11 pt averages about 0.5 em per glyph).
fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The QR code's dark modules as rectangles, lower-left at (x, y), `size` points wide.
fn qr_ops(data: &str, x: f64, y: f64, size: f64) -> Result<(String, usize), ExportError> {
    let code = qrcode::QrCode::new(data.as_bytes())
        .map_err(|e| ExportError::Letters(format!("QR-Code: {e:?}")))?;
    let n = code.width();
    let colors = code.to_colors();
    let m = size / (n + 8) as f64; // 4 modules quiet zone each side
    let mut ops = String::from("0 g\n");
    let mut dark = 0;
    for (i, c) in colors.iter().enumerate() {
        if *c == qrcode::Color::Dark {
            let (col, row) = (i % n, i / n);
            let px = x + (col + 4) as f64 * m;
            let py = y + size - (row + 5) as f64 * m;
            let _ = writeln!(ops, "{px:.3} {py:.3} {m:.3} {m:.3} re");
            dark += 1;
        }
    }
    ops.push_str("f\n");
    Ok((ops, dark))
}

fn page_content(text: &LetterText, code: &str) -> Result<String, ExportError> {
    let mut c = String::new();
    let mut y = 770.0;
    let _ = writeln!(c, "BT /F2 18 Tf 70 {y} Td {} Tj ET", pdf_text(&text.title));
    y -= 40.0;
    for line in wrap(&text.body, 88) {
        let _ = writeln!(c, "BT /F1 11 Tf 70 {y} Td {} Tj ET", pdf_text(&line));
        y -= 15.0;
    }
    y -= 20.0;
    let _ = writeln!(
        c,
        "BT /F2 11 Tf 70 {y} Td {} Tj ET",
        pdf_text(&format!("{}:", text.url_label))
    );
    y -= 16.0;
    let _ = writeln!(c, "BT /F1 12 Tf 70 {y} Td {} Tj ET", pdf_text(&text.url));
    y -= 30.0;
    let _ = writeln!(
        c,
        "BT /F2 11 Tf 70 {y} Td {} Tj ET",
        pdf_text(&format!("{}:", text.code_label))
    );
    y -= 30.0;
    let _ = writeln!(c, "BT /F3 24 Tf 70 {y} Td {} Tj ET", pdf_text(code));
    let link = format!("{}?code={code}", text.url);
    let (qr, _) = qr_ops(&link, 70.0, y - 230.0, 200.0)?;
    c.push_str(&qr);
    Ok(c)
}

/// One page per code (`codes` grouped as printed, e.g. `K7QM4-XW9PA-3HTRC`).
pub fn letters_pdf(text: &LetterText, codes: &[String]) -> Result<Vec<u8>, ExportError> {
    let mut objects: Vec<String> = Vec::new();
    // 1 catalog, 2 pages, 3–5 fonts, then per page: page, content.
    let n = codes.len();
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 6 + 2 * i)).collect();
    objects.push("<< /Type /Catalog /Pages 2 0 R >>".to_owned());
    objects.push(format!(
        "<< /Type /Pages /Kids [{}] /Count {n} >>",
        kids.join(" ")
    ));
    for font in ["Helvetica", "Helvetica-Bold", "Courier-Bold"] {
        objects.push(format!(
            "<< /Type /Font /Subtype /Type1 /BaseFont /{font} /Encoding /WinAnsiEncoding >>"
        ));
    }
    for (i, code) in codes.iter().enumerate() {
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
             /Resources << /Font << /F1 3 0 R /F2 4 0 R /F3 5 0 R >> >> /Contents {} 0 R >>",
            7 + 2 * i
        ));
        let content = page_content(text, code)?;
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ));
    }
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        let _ = write!(out, "{} 0 obj\n{o}\nendobj\n", i + 1);
    }
    let xref = out.len();
    let _ = write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for off in offsets {
        let _ = writeln!(out, "{off:010} 00000 n ");
    }
    let _ = write!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    Ok(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text() -> LetterText {
        LetterText {
            title: "Einladung zur Befragung".into(),
            body: "Ihre Stadtverwaltung möchte wissen, wie vielfältig ihre Beschäftigten sind. \
                   Die Befragung ist freiwillig (und anonym)."
                .into(),
            url_label: "Adresse der Befragung".into(),
            code_label: "Ihr persönlicher Zugangscode".into(),
            url: "https://abbild.example/befragung".into(),
        }
    }

    #[test]
    fn one_page_per_code_with_a_valid_xref() {
        let codes = vec![
            "K7QM4-XW9PA-3HTRC".to_owned(),
            "22222-33333-44444".to_owned(),
        ];
        let pdf = letters_pdf(&text(), &codes).unwrap();
        let s = String::from_utf8(pdf.clone()).unwrap();
        assert!(s.starts_with("%PDF-1.4\n") && s.ends_with("%%EOF\n"));
        assert_eq!(s.matches("/Type /Page ").count(), 2);
        assert!(s.contains("(K7QM4-XW9PA-3HTRC) Tj"));
        // Umlauts in WinAnsi octal, parentheses escaped.
        assert!(s.contains("m\\366chte"), "ö as \\366");
        assert!(s.contains("\\(und anonym\\)"));
        // Every xref offset points at its object.
        let x = s.rfind("startxref\n").unwrap();
        let xref_at: usize = s[x + 10..].lines().next().unwrap().parse().unwrap();
        let table: Vec<&str> = s[xref_at..].lines().skip(3).take(5 + 2 * 2).collect();
        for (i, line) in table.iter().enumerate() {
            let off: usize = line[..10].parse().unwrap();
            assert!(
                s[off..].starts_with(&format!("{} 0 obj", i + 1)),
                "object {}",
                i + 1
            );
        }
        // Deterministic.
        assert_eq!(pdf, letters_pdf(&text(), &codes).unwrap());
    }

    #[test]
    fn qr_code_has_the_symbol_size_of_its_content() {
        let (ops, dark) = qr_ops(
            "https://abbild.example/befragung?code=K7QM4-XW9PA-3HTRC",
            0.0,
            0.0,
            200.0,
        )
        .unwrap();
        let q = qrcode::QrCode::new(b"https://abbild.example/befragung?code=K7QM4-XW9PA-3HTRC")
            .unwrap();
        let expected = q
            .to_colors()
            .iter()
            .filter(|c| **c == qrcode::Color::Dark)
            .count();
        assert_eq!(dark, expected);
        assert_eq!(ops.matches(" re").count(), expected);
        // Finder patterns make a QR code at least a quarter dark.
        assert!(dark * 4 > q.width() * q.width() / 2);
    }
}
