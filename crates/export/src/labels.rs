//! Dimension values, assessments and reasons in the reader's words, from the catalogue: one
//! wording for the pages, the downloads and the report. Core keeps only codes (and the
//! German names it accepts on input).

use abbild_core::representation::{Assessment, SegmentLabel};
use abbild_core::retention::ReasonLine;
use abbild_core::{Dim, FieldCatalog};
use abbild_i18n::{Lang, Tr};

/// The assessment of a segment in words.
pub fn assessment(a: Assessment, tr: &Tr) -> String {
    tr.get(match a {
        Assessment::Under => "out-assessment-under",
        Assessment::Within => "out-assessment-within",
        Assessment::Over => "out-assessment-over",
        Assessment::NotEstimable => "out-assessment-not_estimable",
        Assessment::Suppressed => "out-assessment-suppressed",
    })
}

/// A dimension's name (`Tätigkeitsfeld`).
pub fn dim(d: Dim, tr: &Tr) -> String {
    tr.get(&format!("out-dim-{}", d.code()))
}

/// The catalogue prefix of a dimension's values, for those whose values the catalogue names.
fn value_prefix(d: Dim) -> Option<&'static str> {
    match d {
        Dim::Level => Some("out-level-"),
        Dim::Status => Some("out-employment-"),
        Dim::Leadership => Some("out-leadership-"),
        Dim::Sex => Some("out-sex-"),
        Dim::Field | Dim::Age => None,
    }
}

/// One dimension value (`kita`, `gehoben`, `25-34`) as people read it; a value the catalogue
/// does not know is shown as it came.
pub fn value_label(d: Dim, code: &str, catalog: &FieldCatalog, tr: &Tr) -> String {
    match d {
        Dim::Field => catalog
            .by_code(code)
            .map(|f| {
                let def = catalog.def(f);
                match tr.lang {
                    Lang::De => def.label_de.clone(),
                    Lang::En => def.label_en.clone(),
                }
            })
            .unwrap_or_else(|| code.to_owned()),
        Dim::Age => tr.arg("out-age", "band", &code.replace('-', "–")),
        _ => value_prefix(d)
            .and_then(|p| tr.try_get(&format!("{p}{code}")))
            .unwrap_or_else(|| code.to_owned()),
    }
}

/// A segment (`Kita · gehobener Dienst`); `-` (not stated) is `ohne Angabe`.
pub fn segment_label(key: &SegmentLabel, catalog: &FieldCatalog, tr: &Tr) -> String {
    key.0
        .iter()
        .map(|(d, v)| {
            if v == "-" {
                tr.get("out-not-stated")
            } else {
                value_label(*d, v, catalog, tr)
            }
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The definition of a migration history (`Einwanderungsgeschichte (Destatis)`).
pub fn definition(d: abbild_core::Definition, tr: &Tr) -> String {
    tr.get(&format!("out-definition-{}", d.code()))
}

/// The source of a population benchmark (`Zensus 2022`).
pub fn source(s: abbild_core::records::Source, tr: &Tr) -> String {
    tr.get(&format!("out-source-{}", s.code()))
}

/// The reason of a retention line.
pub fn reason(r: ReasonLine, tr: &Tr) -> String {
    match r {
        ReasonLine::All => tr.get("out-reason-all"),
        ReasonLine::One(x) => tr.get(&format!("out-reason-{}", x.code())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use abbild_i18n::I18n;

    /// Every code of core has its words in the catalogue (a missing key would show itself).
    #[test]
    fn every_code_has_words() {
        for lang in [Lang::De, Lang::En] {
            let tr = Tr::new(I18n::global(), lang);
            let cat = FieldCatalog::default();
            for d in Dim::ALL {
                assert!(!dim(d, &tr).starts_with("out-"), "{d:?}");
            }
            for l in abbild_core::Level::ALL {
                let s = value_label(Dim::Level, l.code(), &cat, &tr);
                assert!(!s.starts_with("out-") && s != l.code(), "{s}");
            }
            for s in abbild_core::Status::ALL {
                let w = value_label(Dim::Status, s.code(), &cat, &tr);
                assert!(w != s.code(), "{w}");
            }
            for s in abbild_core::Sex::ALL {
                assert!(value_label(Dim::Sex, s.code(), &cat, &tr) != s.code());
            }
            for r in abbild_core::records::ExitReason::ALL {
                assert!(!reason(ReasonLine::One(r), &tr).starts_with("out-"));
            }
        }
        let de = Tr::new(I18n::global(), Lang::De);
        assert_eq!(
            value_label(Dim::Leadership, "yes", &FieldCatalog::default(), &de),
            "mit Führungsaufgabe"
        );
        assert_eq!(
            value_label(Dim::Age, "25-34", &FieldCatalog::default(), &de),
            "25–34 Jahre"
        );
    }
}
