//! Finds the CSRF token in the login page.
//!
//! The contract with the web server: `GET /anmelden` contains
//! `<input type="hidden" name="csrf" value="TOKEN">`. A string search over the `<input …>`
//! tags is enough for that and needs no HTML parser; attribute order, quote style and the
//! case of the tag do not matter.

/// The `value` of the first `<input>` whose `name` is `csrf`, HTML entities in it decoded.
pub fn extract_csrf(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(start) = lower[from..].find("<input").map(|i| i + from) {
        let end = lower[start..].find('>').map_or(html.len(), |i| i + start);
        let tag = &html[start..end];
        if attribute(tag, "name").as_deref() == Some("csrf") {
            return attribute(tag, "value").filter(|v| !v.is_empty());
        }
        from = end;
    }
    None
}

/// The value of attribute `name` in one tag (`name="…"` or `name='…'`), entity-decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(name).map(|i| i + from) {
        from = pos + name.len();
        // Must be a whole attribute name: preceded by whitespace, followed by `=`.
        let before_ok = lower[..pos].ends_with(|c: char| c.is_ascii_whitespace());
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_start = tag.len() - rest.len() + 1;
        let raw = tag[value_start..].trim_start();
        let quote = raw.chars().next()?;
        let value = if quote == '"' || quote == '\'' {
            let inner = &raw[1..];
            &inner[..inner.find(quote)?]
        } else {
            let stop = raw
                .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
                .unwrap_or(raw.len());
            &raw[..stop]
        };
        return Some(decode_entities(value));
    }
    None
}

/// The few entities a token or name can contain after HTML escaping.
fn decode_entities(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#43;", "+")
        .replace("&#x2B;", "+")
        .replace("&#x2b;", "+")
        .replace("&#x2F;", "/")
        .replace("&#x2f;", "/")
        .replace("&#x3D;", "=")
        .replace("&#x3d;", "=")
        .replace("&#61;", "=")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_form() {
        let html = r#"<!doctype html><html><body><form method="post" action="/anmelden">
<input type="hidden" name="csrf" value="abc123-XYZ_">
<label>Name <input name="name" autocomplete="username"></label>
</form></body></html>"#;
        assert_eq!(extract_csrf(html).as_deref(), Some("abc123-XYZ_"));
    }

    #[test]
    fn attribute_order_quotes_case_and_self_closing() {
        assert_eq!(
            extract_csrf(r#"<INPUT value='t0k3n' NAME='csrf' type=hidden />"#).as_deref(),
            Some("t0k3n")
        );
        assert_eq!(
            extract_csrf("<input type=hidden name=csrf value=plain>").as_deref(),
            Some("plain")
        );
        assert_eq!(
            extract_csrf("<input\n  type=\"hidden\"\n  name = \"csrf\"\n  value = \"a b\"\n/>")
                .as_deref(),
            Some("a b")
        );
    }

    #[test]
    fn skips_other_inputs_and_lookalike_attributes() {
        let html = r#"<input type="hidden" name="next" value="/stadt">
<input data-name="csrf" value="wrong">
<input type="hidden" data-value="nope" name="csrf" value="right">"#;
        assert_eq!(extract_csrf(html).as_deref(), Some("right"));
    }

    #[test]
    fn decodes_entities() {
        assert_eq!(
            extract_csrf(r#"<input name="csrf" value="a&#x2B;b&#x2F;c&#x3D;&amp;&quot;">"#)
                .as_deref(),
            Some("a+b/c=&\"")
        );
    }

    #[test]
    fn missing_or_empty_token() {
        assert_eq!(
            extract_csrf("<html><body>Bitte anmelden</body></html>"),
            None
        );
        assert_eq!(extract_csrf(r#"<input name="csrf" value="">"#), None);
        assert_eq!(extract_csrf(r#"<input name="csrf">"#), None);
        assert_eq!(
            extract_csrf(r#"<input name="csrf" value="unterminated"#),
            None
        );
        assert_eq!(
            extract_csrf("<input name=\"csrf\" value=\"ä€\">").as_deref(),
            Some("ä€")
        );
    }
}
