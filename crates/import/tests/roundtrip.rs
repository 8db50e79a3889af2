//! Property: valid records written as CSV (either delimiter, any supported encoding, codes or
//! German labels, `12` or `12,0`) read back identically.
#![allow(clippy::unwrap_used)]

mod common;

use abbild_core::dims::{Level, Sex, Status};
use abbild_core::records::{Lang, PopulationRecord, ResponseRecord, Source, StaffRecord};
use abbild_core::{
    AgeBand, Ags, Answer, Answers, Definition, Field, FieldCatalog, Item, SegmentKey, Wave, Year,
};
use common::*;
use proptest::prelude::*;
use std::collections::HashSet;

#[derive(Debug, Clone, Copy)]
enum Enc {
    Utf8,
    Utf8Bom,
    Cp1252,
}

fn encode(text: &str, enc: Enc) -> Vec<u8> {
    match enc {
        Enc::Utf8 => text.as_bytes().to_vec(),
        Enc::Utf8Bom => [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat(),
        Enc::Cp1252 => cp1252(text),
    }
}

fn enc() -> impl Strategy<Value = Enc> {
    prop_oneof![Just(Enc::Utf8), Just(Enc::Utf8Bom), Just(Enc::Cp1252)]
}

fn write_csv(delim: u8, rows: &[Vec<String>]) -> String {
    write_csv_with(delim, false, rows)
}

fn write_csv_with(delim: u8, crlf: bool, rows: &[Vec<String>]) -> String {
    let term = if crlf {
        csv::Terminator::CRLF
    } else {
        csv::Terminator::Any(b'\n')
    };
    let mut w = csv::WriterBuilder::new()
        .delimiter(delim)
        .terminator(term)
        .from_writer(Vec::new());
    for r in rows {
        w.write_record(r).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

/// Which spelling to use for a value: 0 = code, 1 = German label / variant.
type Style = bool;

fn field_text(cat: &FieldCatalog, f: Field, german: Style) -> String {
    let d = cat.def(f);
    if german {
        d.label_de.clone()
    } else {
        d.code.clone()
    }
}

fn count_text(n: u64, decimal: Style) -> String {
    if decimal {
        format!("{n},0")
    } else {
        n.to_string()
    }
}

const AGS: [u32; 3] = [5_916_000, 5_513_000, 5_113_000];

fn age_band() -> impl Strategy<Value = AgeBand> {
    (0u8..=120, 0u8..=20).prop_map(|(a, w)| AgeBand::new(a, a.saturating_add(w).min(120)).unwrap())
}

#[derive(Debug, Clone)]
struct SegGen {
    field: u8,
    level: usize,
    status: usize,
    lead: bool,
    age: AgeBand,
    sex: usize,
}

fn seg() -> impl Strategy<Value = SegGen> {
    (
        0u8..11,
        0usize..4,
        0usize..3,
        any::<bool>(),
        age_band(),
        0usize..4,
    )
        .prop_map(|(field, level, status, lead, age, sex)| SegGen {
            field,
            level,
            status,
            lead,
            age,
            sex,
        })
}

/// Dimensions present in a file: field, level, status, leadership, age, sex.
fn mask() -> impl Strategy<Value = [bool; 6]> {
    any::<[bool; 6]>()
}

fn key_of(cat: &FieldCatalog, g: &SegGen, m: [bool; 6], keep: [bool; 6]) -> SegmentKey {
    let on = |i: usize| m[i] && keep[i];
    SegmentKey {
        field: on(0).then(|| cat.by_code(cat.codes()[usize::from(g.field)]).unwrap()),
        level: on(1).then(|| Level::ALL[g.level]),
        status: on(2).then(|| Status::ALL[g.status]),
        leadership: on(3).then_some(g.lead),
        age: on(4).then_some(g.age),
        sex: on(5).then(|| Sex::ALL[g.sex]),
    }
}

/// Header and cells of the segment columns present in `m`.
fn seg_headers(m: [bool; 6], german: Style) -> Vec<String> {
    let names: [(&str, &str); 6] = [
        ("field", "Tätigkeitsfeld"),
        ("level", "Ebene"),
        ("status", "Status"),
        ("leadership", "Leitung"),
        ("age_from", "Alter von"),
        ("sex", "Geschlecht"),
    ];
    let mut out = Vec::new();
    for (i, (code, de)) in names.iter().enumerate() {
        if m[i] {
            out.push(if german { *de } else { *code }.to_owned());
            if i == 4 {
                out.push(if german { "Alter bis" } else { "age_to" }.to_owned());
            }
        }
    }
    out
}

fn seg_cells(cat: &FieldCatalog, k: &SegmentKey, m: [bool; 6], german: Style) -> Vec<String> {
    let mut out = Vec::new();
    if m[0] {
        out.push(
            k.field
                .map_or(String::new(), |f| field_text(cat, f, german)),
        );
    }
    if m[1] {
        out.push(k.level.map_or(String::new(), |l| {
            if german { l.label_de() } else { l.code() }.to_owned()
        }));
    }
    if m[2] {
        out.push(k.status.map_or(String::new(), |s| {
            if german { s.label_de() } else { s.code() }.to_owned()
        }));
    }
    if m[3] {
        out.push(k.leadership.map_or(String::new(), |b| {
            match (b, german) {
                (true, true) => "ja",
                (false, true) => "nein",
                (true, false) => "yes",
                (false, false) => "no",
            }
            .to_owned()
        }));
    }
    if m[4] {
        out.push(k.age.map_or(String::new(), |a| a.from.to_string()));
        out.push(k.age.map_or(String::new(), |a| a.to.to_string()));
    }
    if m[5] {
        out.push(k.sex.map_or(String::new(), |s| {
            if german { s.label_de() } else { s.code() }.to_owned()
        }));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn staff_round_trip(
        gens in proptest::collection::vec((0usize..3, 2020u16..2026, seg(), 0u32..100_000), 1..40),
        m in mask(),
        german in any::<Style>(),
        decimal in any::<Style>(),
        semicolon in any::<bool>(),
        crlf in any::<bool>(),
        bad in proptest::option::of(any::<proptest::sample::Index>()),
        e in enc(),
    ) {
        let cat = catalog();
        let mut seen = HashSet::new();
        let mut recs = Vec::new();
        for (a, y, g, n) in &gens {
            let r = StaffRecord {
                ags: Ags::from_u32(AGS[*a]).unwrap(),
                year: Year::new(*y).unwrap(),
                key: key_of(&cat, g, m, [true; 6]),
                headcount: *n,
            };
            if seen.insert((r.ags, r.year, r.key)) {
                recs.push(r);
            }
        }
        let mut header = vec![
            if german { "AGS" } else { "ags" }.to_owned(),
            if german { "Jahr" } else { "year" }.to_owned(),
        ];
        header.extend(seg_headers(m, german));
        header.push(if german { "Beschäftigte" } else { "headcount" }.to_owned());
        let mut rows = vec![header];
        for r in &recs {
            let mut row = vec![r.ags.to_string(), r.year.to_string()];
            row.extend(seg_cells(&cat, &r.key, m, german));
            row.push(count_text(u64::from(r.headcount), decimal));
            rows.push(row);
        }
        if let Some(bad) = bad {
            // Spoil one count: the error must name exactly that spreadsheet row.
            let i = bad.index(recs.len());
            *rows[i + 1].last_mut().unwrap() = "x".into();
            let text = write_csv_with(if semicolon { b';' } else { b',' }, crlf, &rows);
            let e = staff("s.csv", &encode(&text, e)).unwrap_err();
            prop_assert_eq!(e.row_errors.len(), 1);
            prop_assert_eq!(e.row_errors[0].row, i as u64 + 2);
        } else {
            let text = write_csv_with(if semicolon { b';' } else { b',' }, crlf, &rows);
            let (back, s) = staff("s.csv", &encode(&text, e)).unwrap();
            prop_assert_eq!(back, recs.clone());
            prop_assert_eq!(s.rows, recs.len() as u64);
        }
    }

    #[test]
    fn responses_round_trip(
        gens in proptest::collection::vec(
            (0usize..3, 2020u16..2026, seg(), any::<[bool; 6]>(), proptest::collection::vec(0usize..3, 7),
             proptest::collection::vec(0usize..6, 0..4)),
            1..40),
        m in mask(),
        german in any::<Style>(),
        semicolon in any::<bool>(),
        e in enc(),
    ) {
        let cat = catalog();
        let langs = ["tr", "ar", "pl", "ru", "uk", "en"];
        let recs: Vec<ResponseRecord> = gens
            .iter()
            .map(|(a, w, g, keep, ans, ls)| {
                let mut languages: Vec<Lang> = ls.iter().map(|i| Lang::parse(langs[*i]).unwrap()).collect();
                languages.sort();
                languages.dedup();
                ResponseRecord {
                    ags: Ags::from_u32(AGS[*a]).unwrap(),
                    wave: Wave::new(*w).unwrap(),
                    key: key_of(&cat, g, m, *keep),
                    answers: Answers::from_fn(|i| Answer::ALL[ans[i as usize]]),
                    languages,
                }
            })
            .collect();
        let mut header = vec![
            if german { "AGS" } else { "ags" }.to_owned(),
            if german { "Welle" } else { "wave" }.to_owned(),
        ];
        header.extend(seg_headers(m, german));
        header.extend(Item::ALL.iter().map(|i| if german { i.header_de() } else { i.code() }.to_owned()));
        header.push(if german { "Sprachen" } else { "languages" }.to_owned());
        let mut rows = vec![header];
        for r in &recs {
            let mut row = vec![r.ags.to_string(), r.wave.to_string()];
            row.extend(seg_cells(&cat, &r.key, m, german));
            for i in Item::ALL {
                row.push(match (r.answers.get(i), german) {
                    (Answer::Yes, true) => "ja",
                    (Answer::No, true) => "nein",
                    (Answer::Unknown, true) => "weiß nicht",
                    (Answer::Yes, false) => "yes",
                    (Answer::No, false) => "no",
                    (Answer::Unknown, false) => "",
                }.to_owned());
            }
            row.push(r.languages.iter().map(Lang::as_str).collect::<Vec<_>>().join(";"));
            rows.push(row);
        }
        let text = write_csv(if semicolon { b';' } else { b',' }, &rows);
        let (back, _) = responses("r.csv", &encode(&text, e)).unwrap();
        prop_assert_eq!(back, recs);
    }

    #[test]
    fn population_round_trip(
        gens in proptest::collection::vec(
            (0usize..3, 2020u16..2026, 0usize..3, 0usize..3, age_band(), 0usize..5, 0u64..10_000_000, 0u64..10_000_000),
            1..40),
        german in any::<Style>(),
        decimal in any::<Style>(),
        semicolon in any::<bool>(),
        with_sex in any::<bool>(),
        e in enc(),
    ) {
        let mut seen = HashSet::new();
        let mut recs = Vec::new();
        for (a, y, d, s, age, sex, p1, p2) in &gens {
            let sex = if with_sex { Some(Sex::ALL[*sex % 4]) } else { None };
            let r = PopulationRecord {
                ags: Ags::from_u32(AGS[*a]).unwrap(),
                year: Year::new(*y).unwrap(),
                definition: Definition::ALL[*d],
                source: Source::ALL[*s],
                age: *age,
                sex,
                persons: (*p1).max(*p2),
                with_migration: (*p1).min(*p2),
            };
            if seen.insert((r.ags, r.year, r.definition, r.source, r.age, r.sex)) {
                recs.push(r);
            }
        }
        let g = |c: &str, de: &str| if german { de } else { c }.to_owned();
        let mut header = vec![g("ags", "AGS"), g("year", "Jahr"), g("definition", "Definition"),
            g("source", "Quelle"), g("age_from", "Alter von"), g("age_to", "Alter bis")];
        if with_sex {
            header.push(g("sex", "Geschlecht"));
        }
        header.push(g("persons", "Einwohner"));
        header.push(g("with_migration", "mit Migrationsgeschichte"));
        let mut rows = vec![header];
        for r in &recs {
            let mut row = vec![
                r.ags.to_string(),
                r.year.to_string(),
                // Definition::parse does not accept its own label_de (core); use the plain names.
                match (r.definition, german) {
                    (d, false) => d.code(),
                    (Definition::Mh, true) => "Migrationshintergrund",
                    (Definition::Eg, true) => "Einwanderungsgeschichte",
                    (Definition::EgNrw, true) => "Einwanderungsgeschichte NRW",
                }.to_owned(),
                if german { r.source.label_de() } else { r.source.code() }.to_owned(),
                r.age.from.to_string(),
                r.age.to.to_string(),
            ];
            if let Some(s) = r.sex {
                row.push(if german { s.label_de() } else { s.code() }.to_owned());
            }
            row.push(count_text(r.persons, decimal));
            row.push(count_text(r.with_migration, decimal));
            rows.push(row);
        }
        let text = write_csv(if semicolon { b';' } else { b',' }, &rows);
        let (back, _) = population("p.csv", &encode(&text, e)).unwrap();
        prop_assert_eq!(back, recs);
    }
}

/// Occupation names with what German HR writes: umlauts, slashes, a comma, quotes.
const OCCUPATIONS: [&str; 4] = [
    "Verwaltungsfachangestellte/r",
    "Kaufmann/-frau für Büromanagement",
    "Straßenwärter/in, Fachrichtung \"Tief\"",
    "Fachinformatiker/in",
];
const STAGES_EN: [&str; 5] = ["applied", "test", "interview", "offer", "hired"];
const STAGES_DE: [&str; 5] = [
    "beworben",
    "Einstellungstest",
    "Gespräch",
    "Angebot",
    "eingestellt",
];
const GROUPS: [abbild_core::Class; 3] = [
    abbild_core::Class::With,
    abbild_core::Class::Without,
    abbild_core::Class::Unknown,
];

fn group_text(g: abbild_core::Class, german: Style) -> &'static str {
    match (g, german) {
        (g, false) => g.code(),
        (abbild_core::Class::With, true) => "mit",
        (abbild_core::Class::Without, true) => "ohne",
        (abbild_core::Class::Unknown, true) => "unbekannt",
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Funnels of any shape (stages skipped per group, counts shrinking or equal) in any row
    /// order read back as written.
    #[test]
    fn pipeline_round_trip(
        procs in proptest::collection::btree_set((0usize..3, 2022u16..2026, 0usize..4), 1..6),
        shape in proptest::collection::vec((1u32..500, proptest::collection::vec(0.0f64..=1.0, 5), 0u8..32), 18),
        german in any::<Style>(),
        decimal in any::<Style>(),
        semicolon in any::<bool>(),
        reversed in any::<bool>(),
        e in enc(),
    ) {
        use abbild_core::records::{Occupation, PipelineRecord, StageName};
        let mut recs = Vec::new();
        let mut shapes = shape.iter().cycle();
        for (a, y, o) in &procs {
            for group in GROUPS {
                let Some((start, fractions, skip)) = shapes.next() else { continue };
                let mut n = *start;
                for (k, f) in fractions.iter().enumerate() {
                    if k > 0 {
                        n = (f64::from(n) * f).floor() as u32;
                    }
                    if k > 0 && skip & (1 << k) != 0 {
                        continue;
                    }
                    let stages = if german { STAGES_DE } else { STAGES_EN };
                    recs.push(PipelineRecord {
                        ags: Ags::from_u32(AGS[*a]).unwrap(),
                        year: Year::new(*y).unwrap(),
                        occupation: Occupation::parse(OCCUPATIONS[*o]).unwrap(),
                        stage: StageName::parse(stages[k]).unwrap(),
                        stage_order: k as u16 + 1,
                        group,
                        count: n,
                    });
                }
            }
        }
        if reversed {
            recs.reverse();
        }
        let g = |c: &str, de: &str| if german { de } else { c }.to_owned();
        let mut rows = vec![vec![
            g("ags", "AGS"), g("year", "Jahr"), g("occupation", "Ausbildungsberuf"),
            g("stage", "Stufe"), g("stage_order", "Reihenfolge"), g("group", "Gruppe"),
            g("count", "Anzahl"),
        ]];
        for r in &recs {
            rows.push(vec![
                r.ags.to_string(),
                r.year.to_string(),
                r.occupation.to_string(),
                r.stage.to_string(),
                count_text(u64::from(r.stage_order), decimal),
                group_text(r.group, german).to_owned(),
                count_text(u64::from(r.count), decimal),
            ]);
        }
        let text = write_csv(if semicolon { b';' } else { b',' }, &rows);
        let (back, s) = pipeline("p.csv", &encode(&text, e)).unwrap();
        prop_assert_eq!(s.rows, recs.len() as u64);
        prop_assert_eq!(back, recs);
    }

    /// Exits split by reason (or not), with or without a segment column, read back as written.
    #[test]
    fn exits_round_trip(
        gens in proptest::collection::btree_set((0usize..3, 2022u16..2026, 0usize..11, 0usize..3), 1..20),
        splits in proptest::collection::vec((0u32..100_000, proptest::collection::vec(0.0f64..=0.2, 5), 1u8..32), 20),
        with_field in any::<bool>(),
        with_reason in any::<bool>(),
        german in any::<Style>(),
        decimal in any::<Style>(),
        semicolon in any::<bool>(),
        e in enc(),
    ) {
        use abbild_core::records::{ExitReason, ExitRecord};
        let cat = catalog();
        let fields: Vec<Field> = cat.iter().map(|(f, _)| f).collect();
        let mut seen = HashSet::new();
        let mut recs = Vec::new();
        for ((a, y, f, g), (headcount, shares, reasons)) in gens.iter().zip(splits.iter().cycle()) {
            let key = SegmentKey {
                field: with_field.then(|| fields[*f]),
                ..SegmentKey::default()
            };
            if !seen.insert((*a, *y, key, *g)) {
                continue;
            }
            let base = ExitRecord {
                ags: Ags::from_u32(AGS[*a]).unwrap(),
                year: Year::new(*y).unwrap(),
                key,
                group: GROUPS[*g],
                reason: None,
                headcount: *headcount,
                exits: 0,
            };
            if !with_reason {
                recs.push(ExitRecord { exits: (f64::from(*headcount) * shares[0]) as u32, ..base });
                continue;
            }
            // At most 5 × 0.2 of the headcount in all: the sum stays within it.
            for (i, reason) in ExitReason::ALL.into_iter().enumerate() {
                if reasons & (1 << i) != 0 {
                    let exits = (f64::from(*headcount) * shares[i]) as u32;
                    recs.push(ExitRecord { reason: Some(reason), exits, ..base });
                }
            }
        }
        let g = |c: &str, de: &str| if german { de } else { c }.to_owned();
        let mut header = vec![g("ags", "AGS"), g("year", "Jahr")];
        if with_field {
            header.push(g("field", "Tätigkeitsfeld"));
        }
        header.push(g("group", "Gruppe"));
        if with_reason {
            header.push(g("reason", "Grund"));
        }
        header.push(g("headcount", "Beschäftigte"));
        header.push(g("exits", "Abgänge"));
        let mut rows = vec![header];
        for r in &recs {
            let mut row = vec![r.ags.to_string(), r.year.to_string()];
            if let Some(f) = r.key.field {
                row.push(field_text(&cat, f, german));
            }
            row.push(group_text(r.group, german).to_owned());
            if let Some(reason) = r.reason {
                row.push(if german { reason.label_de() } else { reason.code() }.to_owned());
            }
            row.push(count_text(u64::from(r.headcount), decimal));
            row.push(count_text(u64::from(r.exits), decimal));
            rows.push(row);
        }
        let text = write_csv(if semicolon { b';' } else { b',' }, &rows);
        let (back, _) = exits("e.csv", &encode(&text, e)).unwrap();
        prop_assert_eq!(back, recs);
    }
}
