#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The projection chart: snapshot plus structural checks on the parsed XML.

mod support;

use abbild_export::chart::{projection, ProjectionChart, ProjectionLabels, ProjectionPoint};
use roxmltree::Document;
use support::*;

fn point(
    label: &str,
    share: Option<f64>,
    p05: Option<f64>,
    p95: Option<f64>,
    target: Option<f64>,
) -> ProjectionPoint {
    ProjectionPoint {
        label: label.to_owned(),
        share,
        p05,
        p95,
        target,
    }
}

fn sample() -> ProjectionChart {
    ProjectionChart {
        id: "herne-projektion".to_owned(),
        title: "Projektion des Anteils bis 2030".to_owned(),
        desc: "Der Anteil erreicht den Zielanteil von 30 % im Jahr 2029.".to_owned(),
        points: vec![
            point("2026", Some(0.2), Some(0.2), Some(0.2), Some(0.3)),
            point("2027", Some(0.23), Some(0.21), Some(0.25), Some(0.3)),
            point("2028", Some(0.26), None, Some(0.3), Some(0.3)),
            point("2029", Some(0.3), Some(0.26), Some(0.34), Some(0.3)),
            point("2030", Some(0.32), None, None, None),
        ],
        parity_year: Some("2029".to_owned()),
        compare: Some((
            "Szenario „Status quo“".to_owned(),
            vec![Some(0.2), Some(0.21), None, Some(0.23)],
        )),
        labels: ProjectionLabels::german(),
    }
}

/// `count` consecutive years from 2025 with a rising share and a band.
fn year_points(count: usize) -> Vec<ProjectionPoint> {
    (0..count)
        .map(|i| {
            let s = 0.1 + 0.005 * i as f64;
            point(
                &(2025 + i).to_string(),
                Some(s),
                Some(s - 0.02),
                Some(s + 0.03),
                Some(0.31),
            )
        })
        .collect()
}

#[test]
fn projection_snapshot() {
    insta::assert_snapshot!("projection", projection(&sample()));
}

#[test]
fn projection_is_well_formed_and_accessible() {
    let c = sample();
    let svg = projection(&c);
    assert_accessible(&svg, &c.title, &c.desc);
    assert_contrast(&svg);
    let empty = ProjectionChart {
        points: vec![],
        compare: None,
        ..sample()
    };
    let svg = projection(&empty);
    assert_accessible(&svg, &empty.title, &empty.desc);
    let doc = Document::parse(&svg).unwrap();
    assert!(with_class(&doc, "parity").is_empty());
    let long = ProjectionChart {
        points: year_points(36),
        ..sample()
    };
    let svg = projection(&long);
    assert_accessible(&svg, &long.title, &long.desc);
    assert_contrast(&svg);
}

#[test]
fn band_only_where_both_percentiles_exist() {
    let svg = projection(&sample());
    let doc = Document::parse(&svg).unwrap();
    let shares: Vec<f64> = with_class(&doc, "share-markers")[0]
        .children()
        .filter(|n| n.has_tag_name("circle"))
        .map(|n| attr_f64(n, "cx"))
        .collect();
    assert_eq!(shares.len(), 5);
    let areas = with_class(&doc, "band-area");
    // 2026–2027 one area; 2028 lacks p05; 2029 alone (a narrow rectangle); 2030 lacks both.
    assert_eq!(areas.len(), 2);
    let area = areas[0];
    assert_eq!(area.tag_name().name(), "path");
    let xs: Vec<f64> = area
        .attribute("d")
        .unwrap()
        .trim_end_matches(" Z")
        .split(['M', 'L'])
        .filter(|s| !s.trim().is_empty())
        .map(|p| p.trim().split_once(',').unwrap().0.parse().unwrap())
        .collect();
    assert_eq!(xs, [shares[0], shares[1], shares[1], shares[0]]);
    let single = areas[1];
    assert_eq!(single.tag_name().name(), "rect");
    let mid = attr_f64(single, "x") + attr_f64(single, "width") / 2.0;
    assert!((mid - shares[3]).abs() < 0.01);
    assert!(attr_f64(single, "height") > 0.0);
    // The band is an outlined area (the tint alone is too light) and the legend names it.
    assert_eq!(single.attribute("stroke"), Some("#0072B2"));
    assert!(svg.contains(">5.–95. Perzentil (Monte-Carlo)</text>"));

    // No percentiles at all: no band.
    let mut c = sample();
    for p in &mut c.points {
        p.p95 = None;
    }
    let svg = projection(&c);
    let doc = Document::parse(&svg).unwrap();
    assert!(with_class(&doc, "band-area").is_empty());
}

#[test]
fn non_finite_inputs_never_reach_the_output() {
    let bad = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY];
    let mut points = Vec::new();
    for (i, v) in bad.iter().enumerate() {
        points.push(point(
            &format!("20{i}0"),
            Some(*v),
            Some(*v),
            Some(0.2),
            Some(*v),
        ));
        points.push(point(
            &format!("20{i}5"),
            Some(0.1),
            Some(0.05),
            Some(*v),
            Some(0.3),
        ));
    }
    let c = ProjectionChart {
        points,
        parity_year: Some("2005".to_owned()),
        compare: Some(("alt".to_owned(), vec![Some(f64::NAN), Some(f64::INFINITY)])),
        ..sample()
    };
    let svg = projection(&c);
    assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
    let doc = Document::parse(&svg).unwrap();
    assert!(with_class(&doc, "band-area").is_empty());
    assert_eq!(
        with_class(&doc, "share-markers")[0]
            .children()
            .filter(|n| n.is_element())
            .count(),
        3
    );
    assert_eq!(
        with_class(&doc, "compare-markers")[0]
            .children()
            .filter(|n| n.is_element())
            .count(),
        0
    );
    // Everything non-finite: still a valid chart on the default axis.
    let c = ProjectionChart {
        points: vec![point(
            "2030",
            Some(f64::NAN),
            Some(f64::NAN),
            Some(f64::INFINITY),
            Some(f64::NAN),
        )],
        ..sample()
    };
    let svg = projection(&c);
    assert!(!svg.contains("NaN") && !svg.contains("inf"));
    assert_accessible(&svg, &c.title, &c.desc);
}

#[test]
fn axis_is_nice_and_labels_are_thinned() {
    let svg = projection(&sample());
    let doc = Document::parse(&svg).unwrap();
    let texts = grid_texts(&doc);
    let ticks: Vec<&str> = texts
        .iter()
        .filter(|n| n.attribute("text-anchor") == Some("end"))
        .filter_map(|n| n.text())
        .collect();
    // Largest value 0.34 (a p95) → 0–40 % in steps of 10 %.
    assert_eq!(ticks, ["0 %", "10 %", "20 %", "30 %", "40 %"]);
    let years: Vec<&str> = texts
        .iter()
        .filter(|n| n.attribute("text-anchor") == Some("middle"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(years, ["2026", "2027", "2028", "2029", "2030"]);

    for count in [30, 36, 40] {
        let c = ProjectionChart {
            points: year_points(count),
            ..sample()
        };
        let svg = projection(&c);
        let doc = Document::parse(&svg).unwrap();
        let years: Vec<String> = grid_texts(&doc)
            .iter()
            .filter(|n| n.attribute("text-anchor") == Some("middle"))
            .filter_map(|n| n.text().map(str::to_owned))
            .collect();
        assert!(years.len() <= 10 && years.len() >= 6, "{count}: {years:?}");
        assert_eq!(years[0], "2025");
        assert_eq!(years[1], "2030");
        // Every point is still drawn.
        assert_eq!(
            with_class(&doc, "share-markers")[0]
                .children()
                .filter(|n| n.is_element())
                .count(),
            count
        );
    }
}

#[test]
fn percent_labels_come_from_the_caller() {
    let mut c = sample();
    c.labels = ProjectionLabels {
        share: "Share".to_owned(),
        band: "90 % band".to_owned(),
        target: "Target".to_owned(),
        parity: "Parity in".to_owned(),
        percent: |v| format!("{:.0} pct", v * 100.0),
    };
    let svg = projection(&c);
    let doc = Document::parse(&svg).unwrap();
    let ticks: Vec<&str> = grid_texts(&doc)
        .iter()
        .filter(|n| n.attribute("text-anchor") == Some("end"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(ticks, ["0 pct", "10 pct", "20 pct", "30 pct", "40 pct"]);
    assert!(!svg.contains(" %<") && !svg.contains("Parität"));
    assert_eq!(
        with_class(&doc, "parity-label")[0].text(),
        Some("Parity in 2029")
    );
}

#[test]
fn parity_marker_and_distinct_line_styles() {
    let svg = projection(&sample());
    let doc = Document::parse(&svg).unwrap();
    let parity = with_class(&doc, "parity");
    assert_eq!(parity.len(), 1);
    let rule = parity[0]
        .children()
        .find(|n| n.has_tag_name("line"))
        .unwrap();
    let circles: Vec<f64> = with_class(&doc, "share-markers")[0]
        .children()
        .filter(|n| n.is_element())
        .map(|n| attr_f64(n, "cx"))
        .collect();
    assert_eq!(attr_f64(rule, "x1"), circles[3]);
    assert_eq!(attr_f64(rule, "x2"), circles[3]);
    assert_eq!(
        with_class(&doc, "parity-label")[0].text(),
        Some("Parität 2029")
    );

    let path_in = |class: &str| {
        with_class(&doc, class)[0]
            .children()
            .find(|n| n.has_tag_name("path"))
            .unwrap()
    };
    let share = path_in("share-line");
    assert!(share.attribute("stroke-dasharray").is_none());
    assert_eq!(share.attribute("d").unwrap().matches('M').count(), 1);
    let target = path_in("target-line");
    assert_eq!(target.attribute("stroke-dasharray"), Some("7 4"));
    let compare = path_in("compare-line");
    assert_eq!(compare.attribute("stroke-dasharray"), Some("1 5"));
    assert_eq!(compare.attribute("stroke-linecap"), Some("round"));
    // 2026–2027, gap at 2028, 2029 alone; the fifth point has no entry.
    assert_eq!(compare.attribute("d").unwrap().matches('M').count(), 2);
    let triangles = with_class(&doc, "compare-markers")[0]
        .children()
        .filter(|n| n.is_element())
        .count();
    assert_eq!(triangles, 3);
    let squares = with_class(&doc, "target-markers")[0]
        .children()
        .filter(|n| n.is_element())
        .count();
    assert_eq!(squares, 4);
    assert!(svg.contains(">Szenario „Status quo“</text>"));

    // Without a comparison: no dotted line, no legend entry; unknown parity year: no rule.
    let c = ProjectionChart {
        compare: None,
        parity_year: Some("2099".to_owned()),
        ..sample()
    };
    let svg = projection(&c);
    let doc = Document::parse(&svg).unwrap();
    assert!(with_class(&doc, "compare-line").is_empty());
    assert!(with_class(&doc, "parity").is_empty());
    assert!(!svg.contains("Status quo") && !svg.contains("2099"));
    let c = ProjectionChart {
        parity_year: None,
        ..sample()
    };
    let doc_s = projection(&c);
    let doc = Document::parse(&doc_s).unwrap();
    assert!(with_class(&doc, "parity").is_empty());
}

#[test]
fn projection_escapes_caller_text() {
    let mut c = sample();
    c.points[3].label = "<2029> & \"x\"".to_owned();
    c.parity_year = Some("<2029> & \"x\"".to_owned());
    c.compare = Some(("<script>".to_owned(), vec![]));
    let svg = projection(&c);
    assert!(!svg.contains("<script>") && !svg.contains("<2029>"));
    let doc = Document::parse(&svg).unwrap();
    assert!(elements(&doc, "script").is_empty());
    assert_eq!(
        with_class(&doc, "parity-label")[0].text(),
        Some("Parität <2029> & \"x\"")
    );
}
