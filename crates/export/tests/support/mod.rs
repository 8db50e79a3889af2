//! Shared checks of the SVG charts' structure (well-formed XML, accessible name, contrast).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use roxmltree::{Document, Node};

pub fn elements<'a>(doc: &'a Document<'a>, name: &str) -> Vec<Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == name)
        .collect()
}

/// Elements of a class, outside the legend (which repeats every mark as a sample).
pub fn with_class<'a>(doc: &'a Document<'a>, class: &str) -> Vec<Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.is_element() && n.attribute("class") == Some(class))
        .filter(|n| {
            !n.ancestors()
                .any(|a| a.attribute("class") == Some("legend"))
        })
        .collect()
}

/// Whether `n` has a descendant (or is itself an element) of this class.
pub fn has(n: Node, class: &str) -> bool {
    n.descendants()
        .any(|d| d.is_element() && d.attribute("class") == Some(class))
}

/// All text of an element, tspans included.
pub fn all_text(n: Node) -> String {
    n.descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect()
}

pub fn attr_f64(n: Node, name: &str) -> f64 {
    n.attribute(name).unwrap().parse().unwrap()
}

/// Texts in the `grid` group (axis labels).
pub fn grid_texts<'a>(doc: &'a Document<'a>) -> Vec<Node<'a, 'a>> {
    elements(doc, "text")
        .into_iter()
        .filter(|n| n.parent_element().unwrap().attribute("class") == Some("grid"))
        .collect()
}

/// Root is an accessible image whose name and description resolve to `<title>`/`<desc>`.
pub fn assert_accessible(svg: &str, title: &str, desc: &str) {
    assert!(
        !svg.starts_with("<?xml"),
        "inline SVG has no XML declaration"
    );
    let doc = Document::parse(svg).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("role"), Some("img"));
    assert!(root.attribute("viewBox").unwrap().starts_with("0 0 640 "));
    assert!(root
        .attribute("font-family")
        .unwrap()
        .contains("sans-serif"));
    let ids: Vec<&str> = root
        .attribute("aria-labelledby")
        .unwrap()
        .split(' ')
        .collect();
    assert_eq!(ids.len(), 2);
    let by_id = |id: &str| {
        doc.descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("no element with id {id}"))
    };
    let t = by_id(ids[0]);
    assert_eq!(t.tag_name().name(), "title");
    assert_eq!(t.text(), Some(title));
    let d = by_id(ids[1]);
    assert_eq!(d.tag_name().name(), "desc");
    assert_eq!(d.text(), Some(desc));
    let first: Vec<&str> = root
        .children()
        .filter(|n| n.is_element())
        .take(2)
        .map(|n| n.tag_name().name())
        .collect();
    assert_eq!(first, ["title", "desc"]);
    // Presentation attributes only: no CSS, no scripts, no external references.
    for n in doc.descendants().filter(|n| n.is_element()) {
        assert!(n.attribute("style").is_none());
        assert!(!["style", "script", "image", "use"].contains(&n.tag_name().name()));
        for a in n.attributes() {
            assert!(!a.value().contains("url("), "{}={}", a.name(), a.value());
        }
    }
}

/// WCAG relative luminance of `#RRGGBB`.
fn luminance(hex: &str) -> f64 {
    let hex = hex.trim_start_matches('#');
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

pub fn contrast_on_white(hex: &str) -> f64 {
    1.05 / (luminance(hex) + 0.05)
}

/// Every text ≥ 4.5:1 on white; every stroke/fill mark that is not white ≥ 3:1, except
/// gridlines (decorative: the tick labels carry the values) and translucent tints, which
/// must carry an outline of ≥ 3:1 instead.
pub fn assert_contrast(svg: &str) {
    let doc = Document::parse(svg).unwrap();
    for t in elements(&doc, "text") {
        let fill = t
            .attribute("fill")
            .expect("every text has an explicit fill");
        assert!(
            contrast_on_white(fill) >= 4.5,
            "text {:?} in {fill}: {:.2}:1",
            t.text(),
            contrast_on_white(fill)
        );
    }
    for n in doc.descendants().filter(|n| n.is_element()) {
        if n.parent_element().and_then(|p| p.attribute("class")) == Some("grid") {
            continue;
        }
        for a in ["fill", "stroke"] {
            if let Some(c) = n.attribute(a) {
                if c == "none" || c == "#FFFFFF" || n.tag_name().name() == "text" {
                    continue;
                }
                if a == "fill" && n.attribute("fill-opacity").is_some() {
                    let outline = n.attribute("stroke").expect("a tint has an outline");
                    assert!(contrast_on_white(outline) >= 3.0, "outline {outline}");
                    continue;
                }
                assert!(
                    contrast_on_white(c) >= 3.0,
                    "{} {a}={c}: {:.2}:1",
                    n.tag_name().name(),
                    contrast_on_white(c)
                );
            }
        }
    }
}
