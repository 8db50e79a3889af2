//! SVG plumbing: numbers, escaping, ids, text elements, path data and input cleaning.

use super::style::TEXT;

/// A `<text>` element; `extra` is literal attribute markup (never user data).
pub(super) fn text(
    x: f64,
    y: f64,
    size: f64,
    fill: &str,
    anchor: &str,
    extra: &str,
    content: &str,
) -> String {
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!(" {extra}")
    };
    format!(
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{fill}\" text-anchor=\"{anchor}\"{extra}>{}</text>\n",
        num(x),
        num(y),
        num(size),
        esc(content)
    )
}

/// A left-aligned [`TEXT`]-coloured `<text>`: the most common label.
pub(super) fn label(x: f64, y: f64, size: f64, extra: &str, content: &str) -> String {
    text(x, y, size, TEXT, "start", extra, content)
}

/// A share for drawing: finite values clamped to `0..=1`, everything else missing.
pub(super) fn clean(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite()).map(|x| x.clamp(0.0, 1.0))
}

/// Both interval ends, cleaned and in order.
pub(super) fn interval(lo: Option<f64>, hi: Option<f64>) -> Option<(f64, f64)> {
    let (lo, hi) = (clean(lo)?, clean(hi)?);
    Some((lo.min(hi), lo.max(hi)))
}

/// The largest cleaned value, 0 when there is none: what a value axis must cover.
pub(super) fn max_share(values: impl IntoIterator<Item = Option<f64>>) -> f64 {
    values.into_iter().filter_map(clean).fold(0.0_f64, f64::max)
}

/// SVG path data through the present points; a missing point starts a new sub-path.
pub(super) fn path_data(points: &[Option<(f64, f64)>]) -> Option<String> {
    let mut d = String::new();
    let mut pen_down = false;
    for p in points {
        match p {
            Some((x, y)) => {
                if !d.is_empty() {
                    d.push(' ');
                }
                d.push(if pen_down { 'L' } else { 'M' });
                d.push_str(&format!("{},{}", num(*x), num(*y)));
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    (!d.is_empty()).then_some(d)
}

/// Coordinates with at most two decimals and no trailing zeros: compact, deterministic.
pub(super) fn num(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// Escapes text and attribute content; drops control characters that XML 1.0 forbids.
pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// An id usable in `aria-labelledby` (a space-separated list): ASCII letters, digits, `-`,
/// `_`; anything else becomes `_`.
pub(super) fn clean_id(id: &str) -> String {
    let id: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if id.is_empty() {
        "chart".to_owned()
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_ids() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.35");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(clean_id("a b\"c"), "a_b_c");
        assert_eq!(clean_id(""), "chart");
        assert_eq!(esc("a<b&\"c'\u{1}"), "a&lt;b&amp;&quot;c&apos;");
    }

    #[test]
    fn path_breaks_at_gaps() {
        let d = path_data(&[Some((1.0, 2.0)), Some((3.0, 4.0)), None, Some((5.0, 6.0))]);
        assert_eq!(d.as_deref(), Some("M1,2 L3,4 M5,6"));
        assert_eq!(path_data(&[None, None]), None);
    }

    #[test]
    fn shares_are_cleaned() {
        assert_eq!(max_share([Some(0.2), None, Some(f64::NAN), Some(2.0)]), 1.0);
        assert_eq!(max_share([None]), 0.0);
        assert_eq!(interval(Some(0.3), Some(0.1)), Some((0.1, 0.3)));
        assert_eq!(interval(Some(0.3), None), None);
    }
}
