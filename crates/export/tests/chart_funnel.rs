#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The recruitment funnel chart: snapshot plus structural checks on the parsed XML.

mod support;

use abbild_export::chart::{funnel, FunnelChart, FunnelLabels, FunnelStage};
use roxmltree::Document;
use support::*;

fn stage(label: &str, with: Option<u64>, without: Option<u64>, ratio: Option<f64>) -> FunnelStage {
    FunnelStage {
        label: label.to_owned(),
        with,
        without,
        ratio,
    }
}

fn chart(stages: Vec<FunnelStage>) -> FunnelChart {
    FunnelChart {
        id: "herne-azubi".to_owned(),
        title: "Auswahlverfahren Ausbildung 2024".to_owned(),
        desc: "Beim Übergang zum Vorstellungsgespräch liegt das Verhältnis unter vier Fünfteln."
            .to_owned(),
        stages,
        labels: FunnelLabels::german(),
    }
}

fn sample() -> FunnelChart {
    chart(vec![
        stage("Bewerbung", Some(200), Some(1400), None),
        stage("Vorstellungsgespräch", Some(60), Some(560), Some(0.75)),
        stage("Zusage", None, Some(120), None),
        stage("Einstellung", Some(8), Some(84), Some(0.83)),
    ])
}

fn stages<'a>(doc: &'a Document<'a>) -> Vec<roxmltree::Node<'a, 'a>> {
    with_class(doc, "stage")
}

#[test]
fn funnel_snapshot() {
    insta::assert_snapshot!("funnel", funnel(&sample()));
}

#[test]
fn funnel_is_well_formed_and_accessible() {
    let c = sample();
    let svg = funnel(&c);
    assert_accessible(&svg, &c.title, &c.desc);
    assert_contrast(&svg);
    let c = chart(vec![]);
    assert_accessible(&funnel(&c), &c.title, &c.desc);
    let c = chart(vec![stage("Bewerbung", None, None, Some(0.5))]);
    assert_accessible(&funnel(&c), &c.title, &c.desc);
}

#[test]
fn legend_names_both_groups_and_the_without_bar_is_hatched() {
    let svg = funnel(&sample());
    let doc = Document::parse(&svg).unwrap();
    let legend = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("legend"))
        .unwrap();
    let words: Vec<String> = legend
        .descendants()
        .filter(|n| n.tag_name().name() == "text")
        .map(all_text)
        .collect();
    assert_eq!(
        words,
        [
            "mit Einwanderungsgeschichte",
            "ohne Einwanderungsgeschichte"
        ]
    );
    // "without": outlined white rectangle plus hatch lines, not just another colour.
    let bar = with_class(&doc, "bar-without")[0];
    let rect = bar.children().find(|n| n.has_tag_name("rect")).unwrap();
    assert_eq!(rect.attribute("fill"), Some("#FFFFFF"));
    assert_eq!(rect.attribute("stroke"), Some("#D55E00"));
    let hatch = bar.children().find(|n| n.has_tag_name("path")).unwrap();
    assert!(hatch.attribute("d").unwrap().matches('M').count() > 10);
    // Hatch lines stay inside the bar.
    let (x0, y0) = (attr_f64(rect, "x"), attr_f64(rect, "y"));
    let (x1, y1) = (x0 + attr_f64(rect, "width"), y0 + attr_f64(rect, "height"));
    for pair in hatch.attribute("d").unwrap().split(['M', 'L']) {
        let pair = pair.trim();
        if pair.is_empty() {
            continue;
        }
        let (x, y) = pair.split_once(',').unwrap();
        let (x, y): (f64, f64) = (x.parse().unwrap(), y.parse().unwrap());
        assert!(x >= x0 - 0.01 && x <= x1 + 0.01 && y >= y0 - 0.01 && y <= y1 + 0.01);
    }
    // "with": solid blue.
    let with = with_class(&doc, "bar-with")[0];
    assert_eq!(with.attribute("fill"), Some("#0072B2"));
}

#[test]
fn bars_are_relative_to_each_groups_first_stage() {
    let svg = funnel(&sample());
    let doc = Document::parse(&svg).unwrap();
    let with = with_class(&doc, "bar-with");
    let without: Vec<_> = with_class(&doc, "bar-without")
        .into_iter()
        .map(|g| g.children().find(|n| n.has_tag_name("rect")).unwrap())
        .collect();
    // Stage 3 is suppressed for "with": 3 bars, 4 for "without".
    assert_eq!(with.len(), 3);
    assert_eq!(without.len(), 4);
    let full = attr_f64(with[0], "width");
    assert_eq!(
        attr_f64(without[0], "width"),
        full,
        "both groups start at 100 %"
    );
    let close = |a: f64, b: f64| (a - b).abs() < 0.01;
    assert!(close(attr_f64(with[1], "width"), full * 0.3));
    assert!(close(attr_f64(without[1], "width"), full * 0.4));
    assert!(close(attr_f64(with[2], "width"), full * 0.04));
    assert!(close(attr_f64(without[3], "width"), full * 0.06));
    let values: Vec<Option<&str>> = with_class(&doc, "value").iter().map(|n| n.text()).collect();
    assert_eq!(
        values,
        [
            Some("200 (100 %)"),
            Some("1.400 (100 %)"),
            Some("60 (30 %)"),
            Some("560 (40 %)"),
            Some("120 (8,6 %)"),
            Some("8 (4 %)"),
            Some("84 (6 %)"),
        ]
    );
}

#[test]
fn suppressed_stage_shows_text_and_no_bar() {
    let svg = funnel(&sample());
    let doc = Document::parse(&svg).unwrap();
    let st = stages(&doc);
    assert_eq!(st.len(), 4);
    let zusage = st[2];
    assert!(!has(zusage, "bar-with"));
    assert!(has(zusage, "bar-without"));
    let note = zusage
        .descendants()
        .find(|d| d.attribute("class") == Some("suppressed"))
        .unwrap();
    assert_eq!(note.text(), Some("mit Einwanderungsgeschichte: gesperrt"));
    assert_eq!(note.attribute("font-style"), Some("italic"));
    // Its ratio is withheld too, and says so.
    let ratio = zusage
        .descendants()
        .find(|d| d.attribute("class") == Some("ratio"))
        .unwrap();
    assert_eq!(all_text(ratio), "Verhältnis der Quoten: gesperrt");
    assert_eq!(with_class(&doc, "suppressed").len(), 1);

    // Both groups withheld: no bar at all, two notes, words from the caller.
    let mut c = chart(vec![
        stage("Bewerbung", Some(10), Some(20), None),
        stage("Zusage", None, None, None),
    ]);
    c.labels.suppressed = "withheld".to_owned();
    let svg = funnel(&c);
    assert!(!svg.contains("gesperrt"));
    let doc = Document::parse(&svg).unwrap();
    let last = stages(&doc)[1];
    assert!(!has(last, "bar-with") && !has(last, "bar-without") && !has(last, "value"));
    let notes: Vec<String> = last
        .descendants()
        .filter(|d| d.attribute("class") == Some("suppressed"))
        .map(all_text)
        .collect();
    assert_eq!(
        notes,
        [
            "mit Einwanderungsgeschichte: withheld",
            "ohne Einwanderungsgeschichte: withheld"
        ]
    );
}

#[test]
fn group_without_first_stage_shows_counts_only() {
    let c = chart(vec![
        stage("Bewerbung", None, Some(400), None),
        stage("Gespräch", Some(30), Some(100), None),
        stage("Zusage", None, Some(50), Some(0.9)),
    ]);
    let doc_s = funnel(&c);
    let doc = Document::parse(&doc_s).unwrap();
    assert!(with_class(&doc, "bar-with").is_empty());
    assert_eq!(with_class(&doc, "bar-without").len(), 3);
    let counts: Vec<Option<&str>> = with_class(&doc, "count").iter().map(|n| n.text()).collect();
    assert_eq!(counts, [Some("mit Einwanderungsgeschichte: 30")]);
    assert_eq!(with_class(&doc, "suppressed").len(), 2);
    // A first stage of 0 is no base either.
    let c = chart(vec![
        stage("Bewerbung", Some(0), Some(10), None),
        stage("Gespräch", Some(0), Some(5), Some(0.0)),
    ]);
    let svg = funnel(&c);
    let doc = Document::parse(&svg).unwrap();
    assert!(with_class(&doc, "bar-with").is_empty());
    assert_eq!(with_class(&doc, "count").len(), 2);
    assert!(!svg.contains("NaN") && !svg.contains("inf"));
}

#[test]
fn ratio_text_and_four_fifths_flag() {
    let c = chart(vec![
        stage("A", Some(100), Some(100), Some(0.1)),
        stage("B", Some(50), Some(60), Some(0.75)),
        stage("C", Some(40), Some(48), Some(0.8)),
        stage("D", Some(30), Some(30), Some(1.25)),
        stage("E", Some(20), Some(20), Some(f64::NAN)),
        stage("F", Some(10), Some(10), Some(f64::INFINITY)),
        stage("G", Some(5), Some(5), Some(-0.5)),
    ]);
    let svg = funnel(&c);
    assert!(!svg.contains("NaN") && !svg.contains("inf"));
    let doc = Document::parse(&svg).unwrap();
    let st = stages(&doc);
    // No transition into the first stage: its ratio is ignored.
    assert!(!has(st[0], "ratio"));
    let ratios: Vec<String> = with_class(&doc, "ratio")
        .into_iter()
        .map(all_text)
        .collect();
    assert_eq!(
        ratios,
        [
            "Verhältnis der Quoten: 0,75 – unter 4/5",
            "Verhältnis der Quoten: 0,80",
            "Verhältnis der Quoten: 1,25",
            "Verhältnis der Quoten: gesperrt",
            "Verhältnis der Quoten: gesperrt",
            "Verhältnis der Quoten: 0,00 – unter 4/5",
        ]
    );
    // The flag is words in bold, not a colour.
    let flags = with_class(&doc, "flag");
    assert_eq!(flags.len(), 2);
    assert_eq!(flags[0].attribute("font-weight"), Some("bold"));
    assert!(has(st[1], "flag") && !has(st[2], "flag"));

    // Every word and number format comes from the caller.
    let mut c = chart(vec![
        stage("A", Some(100), Some(100), None),
        stage("B", Some(50), Some(80), Some(0.625)),
    ]);
    c.labels = FunnelLabels {
        with: "with".to_owned(),
        without: "without".to_owned(),
        ratio: "Impact ratio".to_owned(),
        suppressed: "withheld".to_owned(),
        four_fifths_flag: "below 4/5".to_owned(),
        number: |v| format!("{v:.3}"),
        percent: |v| format!("{:.0} pct", v * 100.0),
        count: |n| format!("n={n}"),
    };
    let svg = funnel(&c);
    let doc = Document::parse(&svg).unwrap();
    assert_eq!(
        all_text(with_class(&doc, "ratio")[0]),
        "Impact ratio: 0.625 – below 4/5"
    );
    let ticks: Vec<&str> = grid_texts(&doc).iter().filter_map(|n| n.text()).collect();
    assert_eq!(ticks, ["0 pct", "25 pct", "50 pct", "75 pct", "100 pct"]);
    let values: Vec<&str> = with_class(&doc, "value")
        .iter()
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(
        values,
        [
            "n=100 (100 pct)",
            "n=100 (100 pct)",
            "n=50 (50 pct)",
            "n=80 (80 pct)"
        ]
    );
    assert!(!svg.contains("Quoten") && !svg.contains(" %"));
}

#[test]
fn counts_above_the_first_stage_are_clamped() {
    let c = chart(vec![
        stage("A", Some(10), Some(10), None),
        stage("B", Some(25), Some(5), Some(5.0)),
    ]);
    let svg = funnel(&c);
    let doc = Document::parse(&svg).unwrap();
    let with = with_class(&doc, "bar-with");
    assert_eq!(attr_f64(with[1], "width"), attr_f64(with[0], "width"));
    assert_eq!(with_class(&doc, "value")[2].text(), Some("25 (100 %)"));
}

#[test]
fn funnel_escapes_caller_text() {
    let mut c = chart(vec![stage(
        "<Bewerbung> & \"Test\"",
        Some(3),
        Some(4),
        None,
    )]);
    c.labels.with = "mit <b>".to_owned();
    c.id = "a b\"".to_owned();
    let svg = funnel(&c);
    assert!(!svg.contains("<b>") && !svg.contains("<Bewerbung>"));
    let doc = Document::parse(&svg).unwrap();
    assert_eq!(
        with_class(&doc, "label")[0].text(),
        Some("<Bewerbung> & \"Test\"")
    );
    assert!(svg.contains("aria-labelledby=\"a_b_-title a_b_-desc\""));
}
