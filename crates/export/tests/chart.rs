#![allow(clippy::unwrap_used, clippy::expect_used)]
//! SVG charts: snapshots, plus structural checks on the parsed XML (well-formed, accessible
//! name, suppression, clamping, escaping, text contrast).

use abbild_export::chart::{
    share_bars, trend_lines, ChartLabels, ShareChart, ShareRow, TrendChart, TrendPoint,
};
use roxmltree::{Document, Node};

fn row(label: &str, share: Option<f64>, lo: f64, hi: f64, benchmark: Option<f64>) -> ShareRow {
    ShareRow {
        label: label.to_owned(),
        share,
        lo: Some(lo),
        hi: Some(hi),
        benchmark,
    }
}

fn share_chart(rows: Vec<ShareRow>) -> ShareChart {
    ShareChart {
        axis_max: None,
        id: "herne-felder".to_owned(),
        title: "Anteil mit Einwanderungsgeschichte je Tätigkeitsfeld".to_owned(),
        desc: "Kita / Erziehung liegt unter dem Bevölkerungsanteil.".to_owned(),
        rows,
        labels: ChartLabels::german(),
    }
}

fn sample_share_chart() -> ShareChart {
    share_chart(vec![
        row(
            "Kita / Erziehung · gehoben",
            Some(0.182),
            0.151,
            0.214,
            Some(0.297),
        ),
        row("Feuerwehr · mittel", None, 0.02, 0.09, Some(0.241)),
        row("Bürgerdienste · einfach", Some(0.35), 0.29, 0.41, None),
        ShareRow {
            label: "Verwaltung · höher".to_owned(),
            share: Some(0.12),
            lo: None,
            hi: None,
            benchmark: Some(0.18),
        },
    ])
}

fn sample_trend_chart() -> TrendChart {
    let p = |label: &str, share: Option<f64>, lo, hi, benchmark| TrendPoint {
        label: label.to_owned(),
        share,
        lo,
        hi,
        benchmark,
    };
    TrendChart {
        id: "herne-trend".to_owned(),
        title: "Entwicklung des Anteils".to_owned(),
        desc: "Der Anteil stieg von 14 % auf 19 %, der Bevölkerungsanteil liegt bei 31 %."
            .to_owned(),
        points: vec![
            p("2020", Some(0.14), Some(0.12), Some(0.16), Some(0.29)),
            p("2022", Some(0.16), Some(0.14), Some(0.18), Some(0.30)),
            p("2024", None, None, None, Some(0.305)),
            p("2026", Some(0.19), Some(0.165), Some(0.215), Some(0.31)),
        ],
        labels: ChartLabels::german(),
    }
}

fn elements<'a>(doc: &'a Document<'a>, name: &str) -> Vec<Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == name)
        .collect()
}

/// Elements of a class, outside the legend (which repeats every mark as a sample).
fn with_class<'a>(doc: &'a Document<'a>, class: &str) -> Vec<Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.is_element() && n.attribute("class") == Some(class))
        .filter(|n| {
            !n.ancestors()
                .any(|a| a.attribute("class") == Some("legend"))
        })
        .collect()
}

fn attr_f64(n: Node, name: &str) -> f64 {
    n.attribute(name).unwrap().parse().unwrap()
}

/// Root is an accessible image whose name and description resolve to `<title>`/`<desc>`.
fn assert_accessible(svg: &str, title: &str, desc: &str) {
    assert!(
        !svg.starts_with("<?xml"),
        "inline SVG has no XML declaration"
    );
    let doc = Document::parse(svg).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("role"), Some("img"));
    assert!(root.attribute("viewBox").is_some());
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
    // title and desc are the first children, where assistive technology looks for them.
    let first: Vec<&str> = root
        .children()
        .filter(|n| n.is_element())
        .take(2)
        .map(|n| n.tag_name().name())
        .collect();
    assert_eq!(first, ["title", "desc"]);
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

fn contrast_on_white(hex: &str) -> f64 {
    1.05 / (luminance(hex) + 0.05)
}

/// Every text ≥ 4.5:1 on white; every stroke/fill mark that is not white ≥ 3:1, except
/// gridlines (decorative: the tick labels carry the values).
fn assert_contrast(svg: &str) {
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

#[test]
fn share_bars_snapshot() {
    insta::assert_snapshot!("share_bars", share_bars(&sample_share_chart()));
}

#[test]
fn trend_lines_snapshot() {
    insta::assert_snapshot!("trend_lines", trend_lines(&sample_trend_chart()));
}

#[test]
fn charts_are_well_formed_and_accessible() {
    let c = sample_share_chart();
    assert_accessible(&share_bars(&c), &c.title, &c.desc);
    assert_contrast(&share_bars(&c));
    let t = sample_trend_chart();
    assert_accessible(&trend_lines(&t), &t.title, &t.desc);
    assert_contrast(&trend_lines(&t));
}

#[test]
fn empty_charts_are_still_valid() {
    let c = share_chart(vec![]);
    assert_accessible(&share_bars(&c), &c.title, &c.desc);
    let t = TrendChart {
        points: vec![],
        ..sample_trend_chart()
    };
    assert_accessible(&trend_lines(&t), &t.title, &t.desc);
    let t = TrendChart {
        points: vec![TrendPoint {
            label: "2024".to_owned(),
            ..TrendPoint::default()
        }],
        ..sample_trend_chart()
    };
    assert_accessible(&trend_lines(&t), &t.title, &t.desc);
}

#[test]
fn suppressed_row_has_no_bar_and_no_interval() {
    let svg = share_bars(&sample_share_chart());
    let doc = Document::parse(&svg).unwrap();
    let rows = with_class(&doc, "row");
    assert_eq!(rows.len(), 4);
    let suppressed = rows[1];
    let has = |n: Node, class: &str| {
        n.descendants()
            .any(|d| d.is_element() && d.attribute("class") == Some(class))
    };
    assert!(!has(suppressed, "bar"));
    assert!(!has(suppressed, "interval"));
    assert!(!has(suppressed, "value"));
    let note = suppressed
        .descendants()
        .find(|d| d.attribute("class") == Some("suppressed"))
        .unwrap();
    assert_eq!(note.text(), Some("gesperrt"));
    // The benchmark is public population data: still drawn.
    assert!(has(suppressed, "benchmark"));
    // The other rows have bars; the one without interval ends has no whisker.
    assert!(has(rows[0], "bar") && has(rows[0], "interval"));
    assert!(has(rows[2], "bar") && !has(rows[2], "benchmark"));
    assert!(has(rows[3], "bar") && !has(rows[3], "interval"));
    assert_eq!(with_class(&doc, "suppressed").len(), 1);
}

#[test]
fn suppressed_word_comes_from_the_caller() {
    let mut c = sample_share_chart();
    c.labels.suppressed = "suppressed".to_owned();
    let svg = share_bars(&c);
    assert!(svg.contains(">suppressed</text>"));
    assert!(!svg.contains("gesperrt"));
}

fn bar_width(share: f64) -> f64 {
    let svg = share_bars(&share_chart(vec![row("x", Some(share), 0.0, 1.0, None)]));
    let doc = Document::parse(&svg).unwrap();
    attr_f64(with_class(&doc, "bar")[0], "width")
}

#[test]
fn values_outside_the_unit_interval_are_clamped() {
    assert_eq!(bar_width(1.7), bar_width(1.0));
    assert_eq!(bar_width(-0.3), 0.0);
    assert!(bar_width(0.5) > 0.0 && bar_width(0.5) < bar_width(1.0));

    // Whiskers and benchmark stay within the 0–100 % gridlines.
    let svg = share_bars(&share_chart(vec![row(
        "x",
        Some(1.2),
        -0.5,
        3.0,
        Some(9.0),
    )]));
    let doc = Document::parse(&svg).unwrap();
    let grid_x: Vec<f64> = elements(&doc, "line")
        .into_iter()
        .filter(|n| n.parent_element().unwrap().attribute("class") == Some("grid"))
        .map(|n| attr_f64(n, "x1"))
        .collect();
    let (min_x, max_x) = (grid_x[0], grid_x[grid_x.len() - 1]);
    let bar = with_class(&doc, "bar")[0];
    assert_eq!(attr_f64(bar, "x") + attr_f64(bar, "width"), max_x);
    let whisker = with_class(&doc, "interval")[0].attribute("d").unwrap();
    assert!(whisker.starts_with(&format!("M{min_x},")), "{whisker}");
    assert!(whisker.contains(&format!("H{max_x} ")), "{whisker}");
    let bench = with_class(&doc, "benchmark")[0];
    for l in bench.children().filter(|n| n.is_element()) {
        assert_eq!(attr_f64(l, "x1"), max_x);
    }
    // The value label shows the clamped value, as drawn.
    assert_eq!(with_class(&doc, "value")[0].text(), Some("100,0 %"));

    // NaN counts as missing, not as a bar.
    let svg = share_bars(&share_chart(vec![row("x", Some(f64::NAN), 0.1, 0.2, None)]));
    assert!(!svg.contains("class=\"bar\""));
    Document::parse(&svg).unwrap();

    // Trend: an out-of-range value puts the axis at 100 % and the point on the top line.
    let t = TrendChart {
        points: vec![TrendPoint {
            label: "2024".to_owned(),
            share: Some(4.0),
            benchmark: Some(-1.0),
            ..TrendPoint::default()
        }],
        ..sample_trend_chart()
    };
    let svg = trend_lines(&t);
    let doc = Document::parse(&svg).unwrap();
    let labels: Vec<&str> = elements(&doc, "text")
        .into_iter()
        .filter(|n| n.parent_element().unwrap().attribute("class") == Some("grid"))
        .filter_map(|n| n.text())
        .collect();
    assert!(labels.contains(&"100 %"), "{labels:?}");
    let ys: Vec<f64> = elements(&doc, "line")
        .into_iter()
        .filter(|n| n.parent_element().unwrap().attribute("class") == Some("grid"))
        .map(|n| attr_f64(n, "y1"))
        .collect();
    let (top, bottom) = (ys[ys.len() - 1], ys[0]);
    let dot = elements(&doc, "circle")
        .into_iter()
        .find(|n| n.parent_element().unwrap().attribute("class") == Some("staff-markers"))
        .unwrap();
    assert_eq!(attr_f64(dot, "cy"), top);
    let sq = elements(&doc, "rect")
        .into_iter()
        .find(|n| n.parent_element().unwrap().attribute("class") == Some("benchmark-markers"))
        .unwrap();
    assert_eq!(attr_f64(sq, "y") + attr_f64(sq, "height") / 2.0, bottom);
}

#[test]
fn xml_special_characters_are_escaped() {
    let nasty = "Tiefbau & <Straßen> \"Süd\" 'Ost'";
    let mut c = share_chart(vec![row(nasty, Some(0.2), 0.1, 0.3, Some(0.25))]);
    c.title = "Titel <b>&amp;</b>".to_owned();
    c.desc = "A & B < C\u{1}".to_owned();
    c.id = "x\" onload=\"alert(1)".to_owned();
    c.labels.staff = "Staff <&>".to_owned();
    c.labels.suppressed = "</text><script>".to_owned();
    let svg = share_bars(&c);
    assert!(!svg.contains("<b>") && !svg.contains("<Straßen>") && !svg.contains("<&>"));
    assert!(!svg.contains("onload=\""));
    assert!(svg.contains("Tiefbau &amp; &lt;Straßen&gt; &quot;Süd&quot; &apos;Ost&apos;"));
    let doc = Document::parse(&svg).unwrap();
    // Parsed back, the text is exactly what the caller passed (minus the control character).
    let label = with_class(&doc, "label")[0];
    assert_eq!(label.text(), Some(nasty));
    assert_accessible(&svg, "Titel <b>&amp;</b>", "A & B < C");
    assert!(elements(&doc, "script").is_empty());
    assert!(elements(&doc, "text")
        .iter()
        .any(|t| t.text() == Some("Staff <&>")));

    let mut t = sample_trend_chart();
    t.points[0].label = "W1 <&> \"2020\"".to_owned();
    let svg = trend_lines(&t);
    let doc = Document::parse(&svg).unwrap();
    assert!(elements(&doc, "text")
        .iter()
        .any(|n| n.text() == Some("W1 <&> \"2020\"")));
}

#[test]
fn ids_are_unique_per_prefix() {
    let a = share_bars(&share_chart(vec![]));
    let mut c = share_chart(vec![]);
    c.id = "other".to_owned();
    let b = share_bars(&c);
    assert!(a.contains("id=\"herne-felder-title\"") && a.contains("id=\"herne-felder-desc\""));
    assert!(b.contains("aria-labelledby=\"other-title other-desc\""));
}

#[test]
fn trend_has_gap_for_missing_point_and_distinct_line_styles() {
    let svg = trend_lines(&sample_trend_chart());
    let doc = Document::parse(&svg).unwrap();
    let path_in = |class: &str| {
        doc.descendants()
            .find(|n| n.attribute("class") == Some(class))
            .unwrap()
            .children()
            .find(|n| n.tag_name().name() == "path")
            .unwrap()
    };
    let staff = path_in("staff-line");
    let d = staff.attribute("d").unwrap();
    // 2020–2022 connected, 2024 missing, 2026 starts a new sub-path.
    assert_eq!(d.matches('M').count(), 2, "{d}");
    assert_eq!(d.matches('L').count(), 1, "{d}");
    assert!(staff.attribute("stroke-dasharray").is_none());
    let bench = path_in("benchmark-line");
    assert_eq!(bench.attribute("d").unwrap().matches('M').count(), 1);
    assert!(bench.attribute("stroke-dasharray").is_some());
    assert_eq!(elements(&doc, "circle").len(), 3 + 1); // three points + the legend
    assert_eq!(with_class(&doc, "interval").len(), 3);
    let squares = with_class(&doc, "benchmark-markers")[0]
        .children()
        .filter(|n| n.is_element())
        .count();
    assert_eq!(squares, 4);
}
