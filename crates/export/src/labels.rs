//! Dimension values and assessments in words, German or English: one wording for the web
//! pages and the regional report.

use abbild_core::representation::{Assessment, SegmentLabel};
use abbild_core::{Dim, FieldCatalog};

/// The assessment of a segment in words.
pub fn assessment(a: Assessment, en: bool) -> String {
    match en {
        false => a.label_de().to_owned(),
        true => match a {
            Assessment::Under => "under-represented",
            Assessment::Within => "within range",
            Assessment::Over => "over-represented",
            Assessment::NotEstimable => "not estimable",
            Assessment::Suppressed => "suppressed",
        }
        .to_owned(),
    }
}

/// One dimension value (`kita`, `gehoben`, `25-34`) as people read it.
pub fn value_label(d: Dim, code: &str, catalog: &FieldCatalog, en: bool) -> String {
    match d {
        Dim::Field => catalog
            .by_code(code)
            .map(|f| {
                let def = catalog.def(f);
                if en { &def.label_en } else { &def.label_de }.clone()
            })
            .unwrap_or_else(|| code.to_owned()),
        Dim::Level => abbild_core::Level::parse(code)
            .map(|l| {
                if en {
                    match code {
                        "einfach" => "basic service",
                        "mittel" => "intermediate service",
                        "gehoben" => "higher intermediate service",
                        "hoeher" => "senior service",
                        _ => code,
                    }
                    .to_owned()
                } else {
                    l.label_de().to_owned()
                }
            })
            .unwrap_or_else(|_| code.to_owned()),
        Dim::Status => abbild_core::Status::parse(code)
            .map(|s| {
                if en {
                    match code {
                        "beamte" => "civil servants",
                        "tarif" => "employees",
                        "azubi" => "apprentices and trainees",
                        _ => code,
                    }
                    .to_owned()
                } else {
                    s.label_de().to_owned()
                }
            })
            .unwrap_or_else(|_| code.to_owned()),
        Dim::Leadership => match (code, en) {
            ("yes", false) => "mit Führungsaufgabe".to_owned(),
            ("no", false) => "ohne Führungsaufgabe".to_owned(),
            ("yes", true) => "leadership role".to_owned(),
            ("no", true) => "no leadership role".to_owned(),
            _ => code.to_owned(),
        },
        Dim::Age => match en {
            false => format!("{} Jahre", code.replace('-', "–")),
            true => format!("{} years", code.replace('-', "–")),
        },
        Dim::Sex => abbild_core::Sex::parse(code)
            .map(|s| s.label_de().to_owned())
            .unwrap_or_else(|_| code.to_owned()),
    }
}

/// A segment (`Kita · gehobener Dienst`); `-` (not stated) is `ohne Angabe`.
pub fn segment_label(key: &SegmentLabel, catalog: &FieldCatalog, en: bool) -> String {
    key.0
        .iter()
        .map(|(d, v)| {
            if v == "-" {
                if en { "not stated" } else { "ohne Angabe" }.to_owned()
            } else {
                value_label(*d, v, catalog, en)
            }
        })
        .collect::<Vec<_>>()
        .join(" · ")
}
