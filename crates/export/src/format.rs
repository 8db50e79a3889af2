//! German number formatting for people-facing tables.

/// `12345` → `12.345`.
pub fn de_int(v: i64) -> String {
    let digits = v.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if v < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

/// `0.2234` → `22,3 %`; `None` → `–`.
pub fn de_pct(v: Option<f64>) -> String {
    v.map_or_else(
        || "–".to_owned(),
        |x| format!("{:.1} %", x * 100.0).replace('.', ","),
    )
}

/// `0.8123` → `0,81`; `None` → `–`.
pub fn de_ratio(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_owned(), |x| format!("{x:.2}").replace('.', ","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_numbers() {
        assert_eq!(de_int(0), "0");
        assert_eq!(de_int(999), "999");
        assert_eq!(de_int(1000), "1.000");
        assert_eq!(de_int(-1234567), "-1.234.567");
        assert_eq!(de_pct(Some(0.22345)), "22,3 %");
        assert_eq!(de_pct(None), "–");
        assert_eq!(de_ratio(Some(0.8)), "0,80");
    }
}
