//! One formatter per unit, for pages, downloads and the report alike: shares in percent with
//! one decimal, persons as whole numbers, ratios with two decimals, dates as the reader
//! writes them. A figure never reaches a reader as a raw float.

use crate::Lang;

/// Whole number with thousands separators: `12.345` (de), `12,345` (en).
pub fn int(v: u64, lang: Lang) -> String {
    let s = v.to_string();
    let sep = match lang {
        Lang::De => '.',
        Lang::En => ',',
    };
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// Signed whole number with a typographic minus: `−1.069`.
pub fn signed(v: i64, lang: Lang) -> String {
    let s = int(v.unsigned_abs(), lang);
    if v < 0 {
        format!("−{s}")
    } else {
        s
    }
}

/// Decimal number with the language's decimal mark.
pub fn dec(v: f64, digits: usize, lang: Lang) -> String {
    let s = format!("{v:.digits$}");
    let s = if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        // "-0,0" reads as a negative figure.
        s[1..].to_owned()
    } else {
        s
    };
    let s = s.replacen('-', "−", 1);
    match lang {
        Lang::De => s.replace('.', ","),
        Lang::En => s,
    }
}

/// A share (0–1) in percent with one decimal: `21,5 %`; `None` (withheld, not estimable): `–`.
pub fn pct(v: Option<f64>, lang: Lang) -> String {
    v.map_or_else(
        || "–".to_owned(),
        |v| format!("{} %", dec(v * 100.0, 1, lang)),
    )
}

/// An axis tick or chart label: a share in percent with at most one decimal, `25 %`,
/// `22,3 %` (ticks at round values read better without `,0`).
pub fn tick_pct(v: f64, lang: Lang) -> String {
    let s = dec(v * 100.0, 1, lang);
    let s = s
        .strip_suffix(",0")
        .or_else(|| s.strip_suffix(".0"))
        .unwrap_or(&s);
    format!("{s} %")
}

/// A ratio with two decimals: `0,74`.
pub fn ratio(v: Option<f64>, lang: Lang) -> String {
    v.map_or_else(|| "–".to_owned(), |v| dec(v, 2, lang))
}

/// An interval of shares: `19,3 – 23,7 %`.
pub fn interval(lo: Option<f64>, hi: Option<f64>, lang: Lang) -> String {
    match (lo, hi) {
        (Some(l), Some(h)) => format!(
            "{} – {} %",
            dec(l * 100.0, 1, lang),
            dec(h * 100.0, 1, lang)
        ),
        _ => "–".to_owned(),
    }
}

/// An expected number of persons (a model result), rounded to whole persons: `7`, `−2`.
pub fn persons(v: f64, lang: Lang) -> String {
    // Whole persons; the cast is exact for any realistic head count.
    #[allow(clippy::cast_possible_truncation)]
    let n = v.round() as i64;
    signed(n, lang)
}

/// An ISO date (`2026-12-04`, optionally followed by a time) as the reader writes it:
/// `04.12.2026` (de), `4 Dec 2026` (en). Anything else is shown as it is.
pub fn date(iso: &str, lang: Lang) -> String {
    let d = iso.get(..10).unwrap_or(iso);
    let parts: Vec<&str> = d.split('-').collect();
    let [y, m, day] = parts.as_slice() else {
        return iso.to_owned();
    };
    let (Ok(mi), Ok(di)) = (m.parse::<usize>(), day.parse::<u32>()) else {
        return iso.to_owned();
    };
    if y.len() != 4 || !(1..=12).contains(&mi) {
        return iso.to_owned();
    }
    match lang {
        Lang::De => format!("{day}.{m}.{y}"),
        Lang::En => {
            const MONTHS: [&str; 12] = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ];
            format!("{di} {} {y}", MONTHS[mi - 1])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_in_both_languages() {
        assert_eq!(int(1_234_567, Lang::De), "1.234.567");
        assert_eq!(int(1_234_567, Lang::En), "1,234,567");
        assert_eq!(int(12, Lang::De), "12");
        assert_eq!(pct(Some(0.2149), Lang::De), "21,5 %");
        assert_eq!(pct(Some(0.2149), Lang::En), "21.5 %");
        assert_eq!(pct(None, Lang::De), "–");
        assert_eq!(tick_pct(0.25, Lang::De), "25 %");
        assert_eq!(tick_pct(0.2234, Lang::De), "22,3 %");
        assert_eq!(tick_pct(0.2234, Lang::En), "22.3 %");
        assert_eq!(signed(-1069, Lang::De), "−1.069");
        assert_eq!(interval(Some(0.1), Some(0.125), Lang::De), "10,0 – 12,5 %");
        assert_eq!(ratio(Some(0.8), Lang::De), "0,80");
        assert_eq!(persons(6.95, Lang::De), "7");
        assert_eq!(persons(-1.58, Lang::De), "−2");
        assert_eq!(dec(-0.01, 1, Lang::De), "0,0");
        assert_eq!(dec(-1.25, 1, Lang::En), "−1.2");
    }

    #[test]
    fn dates_as_the_reader_writes_them() {
        assert_eq!(date("2026-12-04", Lang::De), "04.12.2026");
        assert_eq!(date("2026-12-04 10:15", Lang::En), "4 Dec 2026");
        assert_eq!(date("unbekannt", Lang::De), "unbekannt");
    }
}
