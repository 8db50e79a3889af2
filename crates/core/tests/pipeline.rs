//! Apprentice pipeline and exits: hand-checked figures, validation, pooling, JSON shape and
//! disclosure control (SPEC §3, §4 "Pipeline"/"Retention", §5).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic: a panic is a failed test

use abbild_core::disclosure::{
    pipeline_units, protect_pipeline, protect_retention, retention_units, Protection, SdcUnit,
};
use abbild_core::pipeline::{
    self, youth_benchmark, FigureStatus, OccupationPipeline, PipelineError, PipelineOptions,
    PipelineReport, Pool, YouthBenchmarkError,
};
use abbild_core::records::{
    ExitReason, ExitRecord, Occupation, PipelineRecord, PopulationRecord, Source, StageName,
};
use abbild_core::retention::{self, ReasonLine, RetentionError, RetentionOptions};
use abbild_core::sdc::{self, audit_pattern, CellStatus, LpModel, Prior};
use abbild_core::stats::{fisher_exact, Confidence};
use abbild_core::{AgeBand, Ags, Class, Definition, DimSet, FieldCatalog, SegmentKey, Year};
use proptest::prelude::*;

const HERNE: &str = "05916000";
const STAGES: [&str; 4] = ["beworben", "test", "gespräch", "eingestellt"];

fn ags(s: &str) -> Ags {
    Ags::parse(s).unwrap()
}

fn year(y: u16) -> Year {
    Year::new(y).unwrap()
}

fn close(a: Option<f64>, b: f64, what: &str) {
    let a = a.unwrap_or_else(|| panic!("{what}: None, expected {b}"));
    assert!((a - b).abs() < 1e-9, "{what}: got {a}, expected {b}");
}

/// Rows of one occupation: counts per stage (in `STAGES` order) for with/without/unknown.
fn funnel(
    city: &str,
    y: u16,
    occupation: &str,
    with: &[u32],
    without: &[u32],
    unknown: &[u32],
) -> Vec<PipelineRecord> {
    let mut out = Vec::new();
    for (group, counts) in [
        (Class::With, with),
        (Class::Without, without),
        (Class::Unknown, unknown),
    ] {
        for (i, c) in counts.iter().enumerate() {
            out.push(PipelineRecord {
                ags: ags(city),
                year: year(y),
                occupation: Occupation::parse(occupation).unwrap(),
                stage: StageName::parse(STAGES[i]).unwrap(),
                stage_order: u16::try_from(i + 1).unwrap(),
                group,
                count: *c,
            });
        }
    }
    out
}

fn options(pool: Pool) -> PipelineOptions {
    PipelineOptions {
        pool,
        ..PipelineOptions::default()
    }
}

/// The hand-checked example: 40/60/5 applicants.
fn verwaltung(y: u16) -> Vec<PipelineRecord> {
    funnel(
        HERNE,
        y,
        "Verwaltungsfachangestellte/r",
        &[40, 20, 10, 5],
        &[60, 40, 24, 12],
        &[5, 3, 2, 1],
    )
}

#[test]
fn figures_by_hand() {
    let mut opts = options(Pool::None);
    opts.outreach.insert((ags(HERNE), year(2023)), 0.45);
    let report = pipeline::build(&verwaltung(2023), &opts).unwrap();
    let city = &report.cities[0];
    assert_eq!(city.year.to_string(), "2023");
    let occ = &city.occupations[0];
    // Applicants 40 with, 60 without (5 unknown left out): 40 / 100.
    close(occ.applicant_share, 0.4, "applicant_share");
    close(occ.outreach_benchmark, 0.45, "outreach");
    assert_eq!(occ.stages[0].unknown, Some(5));
    assert_eq!(occ.transitions.len(), 3);

    // beworben → test: with 20/40 = 0.5, without 40/60 = 2/3, impact ratio 0.75.
    let t = &occ.transitions[0];
    assert_eq!((t.from.as_str(), t.to.as_str()), ("beworben", "test"));
    assert_eq!((t.with.entered, t.with.advanced), (Some(40), Some(20)));
    close(t.with.rate, 0.5, "rate with");
    close(t.without.rate, 2.0 / 3.0, "rate without");
    close(t.impact_ratio, 0.75, "impact ratio");
    close(t.relative_likelihood, 4.0 / 3.0, "relative likelihood");
    assert_eq!(t.four_fifths, Some(true));
    // Katz: se = √(1/20 − 1/40 + 1/40 − 1/60) = √(1/30); z = 1.959963984540054.
    let z = 1.959_963_984_540_054_f64;
    let se = (1.0f64 / 30.0).sqrt();
    close(t.ci_low, 0.75 * (-z * se).exp(), "ci low");
    close(t.ci_high, 0.75 * (z * se).exp(), "ci high");
    assert!(
        (t.ci_low.unwrap() - 0.524_389_3).abs() < 1e-7
            && (t.ci_high.unwrap() - 1.072_676_3).abs() < 1e-7
    );
    // Shortfall: 40 · (60 / 100) − 20 = 4 more with-applicants would have passed the test.
    close(t.shortfall, 4.0, "shortfall");
    close(t.cumulative_impact_ratio, 0.75, "cumulative");
    let f = fisher_exact([[20, 20], [40, 20]]);
    close(t.fisher_p_two_sided, f.two_sided, "fisher two-sided");
    close(t.fisher_p_less, f.less, "fisher less");
    assert_eq!(t.status, FigureStatus::Ok);
    assert!(t.withheld.is_empty());

    // test → gespräch: 10/20 = 0.5 vs 24/40 = 0.6: ratio 5/6, not below four fifths.
    let t = &occ.transitions[1];
    close(t.impact_ratio, 5.0 / 6.0, "impact ratio 2");
    assert_eq!(t.four_fifths, Some(false));
    // 20 · (34 / 60) − 10 = 4/3.
    close(t.shortfall, 4.0 / 3.0, "shortfall 2");
    // (10/40) / (24/60) = 0.25 / 0.4.
    close(t.cumulative_impact_ratio, 0.625, "cumulative 2");

    // gespräch → eingestellt: 5/10 = 12/24: parity, no shortfall.
    let t = &occ.transitions[2];
    close(t.impact_ratio, 1.0, "impact ratio 3");
    close(t.shortfall, 0.0, "shortfall 3");
    // (5/40) / (12/60) = 0.125 / 0.2.
    close(t.cumulative_impact_ratio, 0.625, "cumulative 3");
}

#[test]
fn undefined_figures_are_none() {
    // Nobody without migration history passed the test; nobody with it applied for B.
    let mut rows = funnel(HERNE, 2023, "A", &[10, 4, 2, 1], &[10, 0, 0, 0], &[0; 4]);
    rows.extend(funnel(HERNE, 2023, "B", &[0; 4], &[10, 8, 6, 5], &[0; 4]));
    let report = pipeline::build(&rows, &options(Pool::None)).unwrap();
    let a = &report.cities[0].occupations[0];
    let t = &a.transitions[0];
    // rate_without = 0: the ratio is infinite (scipy inf), shown as undefined.
    assert_eq!(t.impact_ratio, None);
    assert_eq!(t.four_fifths, None);
    assert_eq!(t.ci_low, None);
    assert_eq!(t.ci_high, None);
    assert!(t.fisher_p_two_sided.is_some());
    // test → gespräch: nobody without at the test: no rate, no comparison.
    let t = &a.transitions[1];
    assert_eq!(t.without.rate, None);
    assert_eq!(t.impact_ratio, None);
    assert_eq!(t.fisher_p_two_sided, None);
    let b = &report.cities[0].occupations[1];
    assert_eq!(b.applicant_share, Some(0.0));
    let t = &b.transitions[0];
    assert_eq!(t.with.rate, None);
    assert_eq!(t.impact_ratio, None);
    assert_eq!(t.cumulative_impact_ratio, None);
    // with 0 of 10 vs without 5 of 10: ratio 0, interval [0, undefined], likelihood undefined.
    let rows = funnel(HERNE, 2023, "C", &[10, 0, 0, 0], &[10, 5, 5, 5], &[0; 4]);
    let report = pipeline::build(&rows, &options(Pool::None)).unwrap();
    let t = &report.cities[0].occupations[0].transitions[0];
    assert_eq!(t.impact_ratio, Some(0.0));
    assert_eq!(t.ci_low, Some(0.0));
    assert_eq!(t.ci_high, None);
    assert_eq!(t.relative_likelihood, None);
    assert_eq!(t.four_fifths, Some(true));
    // Exactly four fifths is not below: (1/3) / (5/12) = 0.8 (0.7999999999999999 in f64).
    let rows = funnel(HERNE, 2023, "D", &[3, 1], &[12, 5], &[0; 2]);
    let report = pipeline::build(&rows, &options(Pool::None)).unwrap();
    let t = &report.cities[0].occupations[0].transitions[0];
    assert_eq!(t.four_fifths, Some(false));
}

/// The message as the English pages show it (`Display` is German).
fn english(e: &impl abbild_i18n::Described) -> String {
    let tr = abbild_i18n::Tr::new(abbild_i18n::I18n::global(), abbild_i18n::Lang::En);
    e.message().render(&tr)
}

#[test]
fn validation_errors_name_the_problem() {
    let msg = |rows: &[PipelineRecord], pool: Pool| {
        pipeline::build(rows, &options(pool))
            .unwrap_err()
            .to_string()
    };
    // Duplicate row.
    let mut rows = verwaltung(2023);
    rows.push(rows[0].clone());
    let e = pipeline::build(&rows, &options(Pool::None)).unwrap_err();
    assert!(matches!(e, PipelineError::Duplicate { .. }), "{e}");
    assert!(e.to_string().contains("Zeile doppelt") && english(&e).contains("duplicate row"));
    // Two names for one order.
    let mut rows = verwaltung(2023);
    rows[1].stage = StageName::parse("auswahltest").unwrap();
    let m = msg(&rows, Pool::None);
    assert!(
        m.contains("Stufenreihenfolge 2") && m.contains("\"auswahltest\""),
        "{m}"
    );
    let en = english(&pipeline::build(&rows, &options(Pool::None)).unwrap_err());
    assert!(en.contains("stage_order 2 is used by both"), "{en}");
    // One name with two orders.
    let mut rows = verwaltung(2023);
    let mut extra = rows[0].clone();
    extra.stage_order = 9;
    extra.group = Class::Unknown;
    rows.retain(|r| !(r.group == Class::Unknown && r.stage_order == 1));
    rows.push(extra);
    let m = msg(&rows, Pool::None);
    assert!(m.contains("zwei Reihenfolgen (1 und 9)"), "{m}");
    // A stage missing for one occupation.
    let mut rows = verwaltung(2023);
    let mut other = funnel(
        HERNE,
        2023,
        "Gärtner/in",
        &[5, 4, 3, 2],
        &[5, 4, 3, 2],
        &[0; 4],
    );
    other.retain(|r| r.stage.as_str() != "gespräch");
    rows.extend(other);
    let m = msg(&rows, Pool::None);
    assert!(
        m.contains("fehlt die Stufe \"gespräch\"") && m.contains("Gärtner/in"),
        "{m}"
    );
    // The funnel grows.
    let rows = funnel(HERNE, 2023, "A", &[10, 4, 5, 1], &[10, 9, 8, 7], &[0; 4]);
    let e = pipeline::build(&rows, &options(Pool::None)).unwrap_err();
    assert_eq!(
        e,
        PipelineError::FunnelGrows {
            ags: ags(HERNE),
            year: year(2023),
            occupation: Occupation::parse("A").unwrap(),
            group: Class::With,
            from: StageName::parse("test").unwrap(),
            from_count: 4,
            to: StageName::parse("gespräch").unwrap(),
            to_count: 5,
        }
    );
    assert!(e.to_string().contains("Gruppe with: Stufe \"gespräch\" hat 5 Personen, mehr als die vorige Stufe \"test\" (4)"), "{e}");
    assert!(english(&e).contains("the funnel must not grow"), "{e}");
    // Pooling years with different ladders.
    let mut rows = verwaltung(2022);
    rows.extend(
        funnel(HERNE, 2023, "A", &[3, 2, 1], &[3, 2, 1], &[0; 3])
            .into_iter()
            .map(|mut r| {
                if r.stage_order == 3 {
                    r.stage = StageName::parse("eingestellt").unwrap();
                }
                r
            }),
    );
    assert!(pipeline::build(&rows, &options(Pool::None)).is_ok());
    let m = msg(&rows, Pool::Years);
    assert!(m.contains("2022 und 2023 haben verschiedene Stufen"), "{m}");
}

fn two_years_two_occupations() -> Vec<PipelineRecord> {
    let mut rows = verwaltung(2022);
    rows.extend(verwaltung(2023));
    rows.extend(funnel(
        HERNE,
        2023,
        "Gärtner/in",
        &[6, 5, 4, 3],
        &[14, 10, 8, 6],
        &[0; 4],
    ));
    rows
}

#[test]
fn pooling_years_and_occupations() {
    let rows = two_years_two_occupations();
    let mut opts = options(Pool::None);
    opts.outreach.insert((ags(HERNE), year(2022)), 0.40);
    opts.outreach.insert((ags(HERNE), year(2023)), 0.50);

    let r = pipeline::build(&rows, &opts).unwrap();
    let lines: Vec<(String, usize)> = r
        .cities
        .iter()
        .map(|c| (c.year.to_string(), c.occupations.len()))
        .collect();
    assert_eq!(lines, [("2022".to_owned(), 1), ("2023".to_owned(), 2)]);

    opts.pool = Pool::Years;
    let r = pipeline::build(&rows, &opts).unwrap();
    assert_eq!(r.cities.len(), 1);
    assert_eq!(r.cities[0].year.to_string(), "2022–2023");
    let v = &r.cities[0].occupations[1];
    assert_eq!(v.occupation.to_string(), "Verwaltungsfachangestellte/r");
    assert_eq!(v.stages[0].with, Some(80));
    assert_eq!(v.stages[3].without, Some(24));
    // Mean of the two years' benchmarks.
    close(v.outreach_benchmark, 0.45, "pooled outreach");
    // Ratios are unchanged by doubling every count; the p-values are not.
    close(v.transitions[0].impact_ratio, 0.75, "pooled ratio");

    opts.pool = Pool::Occupations;
    let r = pipeline::build(&rows, &opts).unwrap();
    assert_eq!(r.cities.len(), 2);
    let all = &r.cities[1].occupations;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].occupation.to_string(), "alle Berufe");
    // 2023: 40 + 6 with, 60 + 14 without applicants.
    assert_eq!(all[0].stages[0].with, Some(46));
    assert_eq!(all[0].stages[0].without, Some(74));
    close(
        all[0].applicant_share,
        46.0 / 120.0,
        "pooled applicant share",
    );

    opts.pool = Pool::Both;
    let r = pipeline::build(&rows, &opts).unwrap();
    assert_eq!(r.cities.len(), 1);
    let all = &r.cities[0].occupations[0];
    assert_eq!(all.stages[0].with, Some(86));
    assert_eq!(all.stages[3].with, Some(13));
    assert_eq!(all.stages[3].unknown, Some(2));
}

#[test]
fn json_shape() {
    let mut opts = options(Pool::None);
    opts.outreach.insert((ags(HERNE), year(2023)), 0.45);
    let mut rows = verwaltung(2023);
    rows.extend(funnel(
        HERNE,
        2023,
        "Gärtner/in",
        &[6, 5, 4, 3],
        &[14, 10, 8, 6],
        &[0; 4],
    ));
    let report = pipeline::build(&rows, &opts).unwrap();
    let json = serde_json::to_value(&report).unwrap();
    // The keys of the issue, in order (plus `status` and `withheld`).
    let text = serde_json::to_string(&report).unwrap();
    assert!(
        text.starts_with(
            r#"{"confidence":0.95,"cities":[{"ags":"05916000","year":"2023","occupations":[{"occupation":"Gärtner/in","applicant_share":0.3,"outreach_benchmark":0.45,"stages":[{"stage":"beworben","order":1,"with":6,"without":14,"unknown":0},"#
        ),
        "{text}"
    );
    assert!(
        text.contains(
            r#""transitions":[{"from":"beworben","to":"test","with":{"in":6,"out":5,"rate":0.8333333333333334},"without":{"in":14,"out":10,"rate":0.7142857142857143},"impact_ratio":1.1666666666666667,"ci_low":"#
        ),
        "{text}"
    );
    let t = &json["cities"][0]["occupations"][0]["transitions"][0];
    let mut keys: Vec<&str> = t.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut expected = [
        "from",
        "to",
        "with",
        "without",
        "impact_ratio",
        "ci_low",
        "ci_high",
        "relative_likelihood",
        "fisher_p_two_sided",
        "fisher_p_less",
        "four_fifths",
        "shortfall",
        "cumulative_impact_ratio",
        "status",
        "withheld",
    ];
    expected.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(
        t["with"],
        serde_json::json!({"in": 6, "out": 5, "rate": 5.0 / 6.0})
    );
    assert_eq!(t["status"], "ok");
    insta::assert_json_snapshot!("pipeline_report", report);
}

// ---------------------------------------------------------------------------------------
// Outreach benchmark

fn pop(y: u16, source: Source, from: u8, to: u8, persons: u64, with: u64) -> PopulationRecord {
    PopulationRecord {
        ags: ags(HERNE),
        year: year(y),
        definition: Definition::Eg,
        source,
        age: AgeBand::new(from, to).unwrap(),
        sex: None,
        persons,
        with_migration: with,
    }
}

#[test]
fn youth_benchmark_uses_exact_bands_and_the_closest_year() {
    let rows = [
        // 2022: 15–17 and 18–24 make up 15–24 exactly: (300 + 700) / (1000 + 2000) = 1/3.
        pop(2022, Source::Zensus2022, 0, 14, 5000, 2500),
        pop(2022, Source::Zensus2022, 15, 17, 1000, 300),
        pop(2022, Source::Zensus2022, 18, 24, 2000, 700),
        pop(2022, Source::Zensus2022, 25, 120, 9000, 1000),
        // 2024: a band 10–19 reaches across 15: not usable.
        pop(2024, Source::Register, 10, 19, 1000, 500),
        pop(2024, Source::Register, 20, 24, 1000, 500),
    ];
    let b = youth_benchmark(&rows, ags(HERNE), year(2023), Definition::Eg).unwrap();
    assert!((b.share - 1.0 / 3.0).abs() < 1e-15);
    assert_eq!((b.persons, b.with_migration), (3000, 1000));
    assert_eq!(b.info.year, year(2022));
    // Closest is 2024 (hint 2024), which cannot be used: 2022 is taken.
    let b = youth_benchmark(&rows, ags(HERNE), year(2024), Definition::Eg).unwrap();
    assert_eq!(b.info.year, year(2022));
    // Only the uncoverable year: refused with its reason.
    let e = youth_benchmark(&rows[4..], ags(HERNE), year(2024), Definition::Eg).unwrap_err();
    assert!(matches!(e, YouthBenchmarkError::NotCoverable { .. }), "{e}");
    assert!(e.to_string().contains("10-19"), "{e}");
    assert!(e.to_string().contains("15–24"), "{e}");
    let e = youth_benchmark(&rows, ags(HERNE), year(2024), Definition::Mh).unwrap_err();
    assert!(matches!(e, YouthBenchmarkError::NoPopulation { .. }), "{e}");
}

// ---------------------------------------------------------------------------------------
// Disclosure control of the pipeline

fn all_counts(r: &PipelineReport) -> Vec<Option<u64>> {
    r.cities
        .iter()
        .flat_map(|c| &c.occupations)
        .flat_map(|o| &o.stages)
        .flat_map(|s| [s.with, s.without, s.unknown])
        .collect()
}

/// Re-runs the protection of every unit and audits its pattern exactly (LP on the finest
/// cells); checks that the release shows exactly the published stage cells and that every
/// sensitive cell keeps an interval at least `k` wide. Returns the narrowest width.
fn audit(report: &PipelineReport, released: &PipelineReport, cfg: &sdc::Config) -> f64 {
    let mut narrowest = f64::INFINITY;
    for (unit, (city, rel)) in pipeline_units(report)
        .unwrap()
        .iter()
        .zip(report.cities.iter().zip(&released.cities))
    {
        let p = sdc::protect(&unit.data, &unit.publish, &unit.config(cfg), &Prior::none()).unwrap();
        for (o, (occ, rel_occ)) in city.occupations.iter().zip(&rel.occupations).enumerate() {
            for (s, (st, rel_st)) in occ.stages.iter().zip(&rel_occ.stages).enumerate() {
                // Persons of unknown group are never published.
                assert_eq!(rel_st.unknown, None);
                for g in [Class::With, Class::Without] {
                    let (dims, key) = SdcUnit::pipeline_stage_cell(o as u32, s, g);
                    let cell = p.find(&dims, &key).unwrap();
                    assert_eq!(cell.value, st.get(g).unwrap(), "cell value = stage count");
                    let shown = cell.status == CellStatus::Published;
                    assert_eq!(
                        rel_st.get(g).is_some(),
                        shown,
                        "{} {} {g:?}",
                        occ.occupation,
                        st.stage
                    );
                }
            }
        }
        let suppressed: Vec<(Vec<usize>, Vec<u32>)> = p
            .cells
            .iter()
            .filter(|c| c.is_suppressed())
            .map(|c| (c.dims.clone(), c.key.clone()))
            .collect();
        let iv = audit_pattern(
            &unit.data,
            &unit.publish,
            &Prior::none(),
            &suppressed,
            LpModel::Atoms,
        )
        .unwrap();
        for (i, c) in p.cells.iter().filter(|c| c.is_suppressed()).enumerate() {
            if c.value > 0 && c.value < cfg.k {
                assert!(
                    iv[i].width() >= cfg.k as f64 - 1e-6,
                    "sensitive cell {:?} {:?} = {} narrowed to [{}, {}]",
                    c.dims,
                    c.key,
                    c.value,
                    iv[i].min,
                    iv[i].max
                );
                narrowest = narrowest.min(iv[i].width());
            }
        }
    }
    narrowest
}

/// Every figure of the release rests on shown counts only and equals the unprotected one.
fn check_figures(plain: &OccupationPipeline, rel: &OccupationPipeline) {
    let first = &rel.stages[0];
    if first.with.is_none() || first.without.is_none() {
        assert_eq!(rel.applicant_share, None);
    } else {
        assert_eq!(rel.applicant_share, plain.applicant_share);
    }
    for (i, (t, p)) in rel.transitions.iter().zip(&plain.transitions).enumerate() {
        let (a, b) = (&rel.stages[i], &rel.stages[i + 1]);
        let four = [a.with, a.without, b.with, b.without];
        let firsts = [first.with, first.without];
        let complete = four.iter().all(Option::is_some);
        if complete {
            assert_eq!(t.impact_ratio, p.impact_ratio);
            assert_eq!(t.ci_low, p.ci_low);
            assert_eq!(t.fisher_p_two_sided, p.fisher_p_two_sided);
            assert_eq!(t.shortfall, p.shortfall);
        } else {
            for v in [
                t.impact_ratio,
                t.ci_low,
                t.ci_high,
                t.relative_likelihood,
                t.fisher_p_two_sided,
                t.fisher_p_less,
                t.shortfall,
                t.cumulative_impact_ratio,
            ] {
                assert_eq!(v, None, "figure from a withheld count in {t:?}");
            }
            assert_eq!(t.four_fifths, None);
        }
        if !firsts.iter().all(Option::is_some) {
            assert_eq!(t.cumulative_impact_ratio, None);
        } else if complete {
            assert_eq!(t.cumulative_impact_ratio, p.cumulative_impact_ratio);
        }
        if a.with.is_none() || b.with.is_none() {
            assert_eq!(t.with.rate, None);
        }
        if a.without.is_none() || b.without.is_none() {
            assert_eq!(t.without.rate, None);
        }
        let all_shown = complete && firsts.iter().all(Option::is_some);
        assert_eq!(t.status == FigureStatus::Ok, all_shown, "{t:?}");
        assert_eq!(t.withheld.is_empty(), all_shown);
    }
}

fn check_release(plain: &PipelineReport, rel: &PipelineReport, k: u64) {
    for (p, r) in all_counts(plain).into_iter().zip(all_counts(rel)) {
        if let Some(r) = r {
            assert_eq!(Some(r), p, "a shown count is the true count");
            assert!(r == 0 || r >= k, "count {r} below k = {k} released");
        }
    }
    for (pc, rc) in plain.cities.iter().zip(&rel.cities) {
        for (po, ro) in pc.occupations.iter().zip(&rc.occupations) {
            check_figures(po, ro);
        }
    }
}

#[test]
fn small_group_is_suppressed_with_everything_derived_from_it() {
    // Only 3 persons with migration history reached the last stage: sensitive at k = 5.
    let rows = funnel(
        HERNE,
        2023,
        "Verwaltungsfachangestellte/r",
        &[30, 12, 3],
        &[80, 40, 15],
        &[0; 3],
    );
    let plain = pipeline::build(&rows, &options(Pool::None)).unwrap();
    let cfg = sdc::Config::with_k(5);
    let rel = protect_pipeline(plain.clone(), &cfg).unwrap();
    let occ = &rel.body().cities[0].occupations[0];
    assert_eq!(
        occ.stages[2].with, None,
        "3 with migration history at the last stage"
    );
    let t = &occ.transitions[1];
    assert_eq!(t.status, FigureStatus::Suppressed);
    assert!(t
        .withheld
        .iter()
        .any(|w| w.stage.as_str() == "gespräch" && w.group == Class::With));
    assert_eq!(t.with.advanced, None);
    assert_eq!(t.with.rate, None);
    assert_eq!(t.impact_ratio, None);
    assert_eq!(t.ci_low, None);
    assert_eq!(t.ci_high, None);
    assert_eq!(t.relative_likelihood, None);
    assert_eq!(t.fisher_p_two_sided, None);
    assert_eq!(t.fisher_p_less, None);
    assert_eq!(t.four_fifths, None);
    assert_eq!(t.shortfall, None);
    assert_eq!(t.cumulative_impact_ratio, None);
    check_release(&plain, rel.body(), 5);
    // The audit: exact LP, every sensitive cell at least k wide.
    match rel.protection() {
        Protection::Protected {
            k,
            primary,
            audit_cells,
            audit_min_width,
            audit_method,
            ..
        } => {
            assert_eq!(*k, 5);
            assert!(*primary >= 1 && *audit_cells >= 1);
            assert!(audit_min_width.unwrap() >= 5.0 - 1e-6);
            assert_eq!(*audit_method, abbild_core::disclosure::AuditKind::ExactLp);
        }
        other => panic!("{other:?}"),
    }
    let narrowest = audit(&plain, rel.body(), &cfg);
    assert!(narrowest >= 5.0 - 1e-6);
    insta::assert_json_snapshot!("pipeline_protected", rel);
}

#[test]
fn large_counts_pass_unchanged() {
    let rows = verwaltung(2023)
        .into_iter()
        .filter(|r| r.group != Class::Unknown)
        .chain(funnel(
            HERNE,
            2023,
            "Verwaltungsfachangestellte/r",
            &[],
            &[],
            &[0; 4],
        ))
        .collect::<Vec<_>>();
    let plain = pipeline::build(&rows, &options(Pool::None)).unwrap();
    let rel = protect_pipeline(plain.clone(), &sdc::Config::with_k(5)).unwrap();
    // Everything passes unchanged but the unknown-group counts, which are never published.
    let mut expected = plain.clone();
    for st in expected
        .cities
        .iter_mut()
        .flat_map(|c| c.occupations.iter_mut())
        .flat_map(|o| o.stages.iter_mut())
    {
        st.unknown = None;
    }
    assert_eq!(rel.body(), &expected);
    match rel.protection() {
        Protection::Protected {
            primary, secondary, ..
        } => assert_eq!((*primary, *secondary), (0, 0)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn nested_stages_are_known_to_the_audit() {
    // with: 9 → 8 → 6. The 1 who failed the test and the 2 who failed the interview are
    // not shown as cells, but the drop-outs before each stage (1 and 3) are: both sensitive.
    let rows = funnel(HERNE, 2023, "A", &[9, 8, 6], &[40, 30, 20], &[0; 3]);
    let plain = pipeline::build(&rows, &options(Pool::None)).unwrap();
    let cfg = sdc::Config::with_k(5);
    let rel = protect_pipeline(plain.clone(), &cfg).unwrap();
    check_release(&plain, rel.body(), 5);
    let narrowest = audit(&plain, rel.body(), &cfg);
    assert!(narrowest >= 5.0 - 1e-6, "{narrowest}");
    // 9 and 8 differ by the sensitive 1: both cannot be shown.
    let st = &rel.body().cities[0].occupations[0].stages;
    assert!(st[0].with.is_none() || st[1].with.is_none(), "{st:?}");
}

#[test]
fn protection_of_pooled_and_multi_city_reports() {
    let mut rows = two_years_two_occupations();
    rows.extend(funnel(
        "05513000",
        2023,
        "Gärtner/in",
        &[4, 2, 1, 1],
        &[20, 10, 6, 4],
        &[2, 1, 0, 0],
    ));
    let cfg = sdc::Config::with_k(5);
    for pool in [Pool::None, Pool::Years, Pool::Occupations, Pool::Both] {
        let plain = pipeline::build(&rows, &options(pool)).unwrap();
        let rel = protect_pipeline(plain.clone(), &cfg).unwrap();
        check_release(&plain, rel.body(), 5);
        audit(&plain, rel.body(), &cfg);
    }
    // A protected report cannot be protected again as if it were the truth.
    let plain = pipeline::build(&rows, &options(Pool::None)).unwrap();
    let rel = protect_pipeline(plain, &cfg).unwrap();
    let again = protect_pipeline(rel.body().clone(), &cfg).unwrap_err();
    assert!(again.to_string().contains("already protected"), "{again}");
}

// ---------------------------------------------------------------------------------------
// Retention

fn exit_row(group: Class, reason: Option<ExitReason>, headcount: u32, exits: u32) -> ExitRecord {
    ExitRecord {
        ags: ags(HERNE),
        year: year(2023),
        key: SegmentKey::default(),
        group,
        reason,
        headcount,
        exits,
    }
}

fn exits_example() -> Vec<ExitRecord> {
    use ExitReason::{Resignation, Retirement};
    vec![
        exit_row(Class::With, Some(Retirement), 200, 8),
        exit_row(Class::With, Some(Resignation), 200, 12),
        exit_row(Class::Without, Some(Retirement), 800, 25),
        exit_row(Class::Without, Some(Resignation), 800, 15),
        exit_row(Class::Unknown, Some(Retirement), 30, 5),
        exit_row(Class::Unknown, Some(Resignation), 30, 0),
    ]
}

fn retention_opts() -> RetentionOptions {
    RetentionOptions {
        by: DimSet::EMPTY,
        confidence: Confidence::DEFAULT,
    }
}

#[test]
fn retention_by_hand() {
    let r = retention::build(
        &exits_example(),
        &retention_opts(),
        &FieldCatalog::default(),
    )
    .unwrap();
    let lines = &r.cities[0].segments[0].lines;
    assert_eq!(
        lines.iter().map(|l| l.reason).collect::<Vec<_>>(),
        [
            ReasonLine::All,
            ReasonLine::One(ExitReason::Retirement),
            ReasonLine::One(ExitReason::Resignation)
        ]
    );
    // All reasons: 20 of 200 (0.1) vs 40 of 800 (0.05): exit ratio 2, adverse.
    let all = &lines[0];
    assert_eq!((all.with.headcount, all.with.exits), (Some(200), Some(20)));
    assert_eq!(
        (all.unknown.headcount, all.unknown.exits),
        (Some(30), Some(5))
    );
    close(all.with.rate, 0.1, "rate with");
    close(all.without.rate, 0.05, "rate without");
    close(all.exit_ratio, 2.0, "exit ratio");
    // Katz: se = √(1/20 − 1/200 + 1/40 − 1/800) = √0.06875.
    let z = Confidence::DEFAULT.z();
    let se = 0.06875f64.sqrt();
    close(all.ci_low, 2.0 * (-z * se).exp(), "ci low");
    close(all.ci_high, 2.0 * (z * se).exp(), "ci high");
    let f = fisher_exact([[20, 180], [40, 760]]);
    close(all.fisher_p_two_sided, f.two_sided, "p two-sided");
    close(all.fisher_p_greater, f.greater, "p greater");
    assert!(all.fisher_p_greater.unwrap() < 0.05);
    // Resignation: 12/200 = 0.06 vs 15/800 = 0.01875: ratio 3.2; the headcount repeats.
    let res = &lines[2];
    assert_eq!(res.with.headcount, Some(200));
    close(res.exit_ratio, 3.2, "resignation ratio");
    let f = fisher_exact([[12, 188], [15, 785]]);
    close(res.fisher_p_greater, f.greater, "resignation p");
    insta::assert_json_snapshot!("retention_report", r);
}

#[test]
fn retention_segments_sum_full_keys() {
    use abbild_core::Level;
    let mk = |level, group, headcount, exits| ExitRecord {
        key: SegmentKey {
            level: Some(level),
            ..SegmentKey::default()
        },
        ..exit_row(group, None, headcount, exits)
    };
    let rows = [
        mk(Level::Mittel, Class::With, 50, 5),
        mk(Level::Mittel, Class::Without, 150, 6),
        mk(Level::Gehoben, Class::With, 30, 3),
        mk(Level::Gehoben, Class::Without, 170, 17),
    ];
    let by_level = RetentionOptions {
        by: DimSet::EMPTY.with(abbild_core::Dim::Level),
        ..retention_opts()
    };
    let r = retention::build(&rows, &by_level, &FieldCatalog::default()).unwrap();
    assert_eq!(r.cities[0].segments.len(), 2);
    assert_eq!(
        r.cities[0].segments[0].segment.get(abbild_core::Dim::Level),
        Some("mittel")
    );
    let r = retention::build(&rows, &retention_opts(), &FieldCatalog::default()).unwrap();
    let all = &r.cities[0].segments[0].lines[0];
    assert_eq!((all.with.headcount, all.with.exits), (Some(80), Some(8)));
    assert_eq!(
        (all.without.headcount, all.without.exits),
        (Some(320), Some(23))
    );
    assert_eq!(
        r.cities[0].segments[0].lines.len(),
        1,
        "no reasons: only the all line"
    );
}

#[test]
fn retention_validation() {
    let cat = FieldCatalog::default();
    let mut rows = exits_example();
    rows[1].headcount = 201;
    let e = retention::build(&rows, &retention_opts(), &cat).unwrap_err();
    assert!(
        matches!(
            e,
            RetentionError::HeadcountDiffers {
                first: 200,
                second: 201,
                ..
            }
        ),
        "{e}"
    );
    assert!(english(&e).contains("200 vs 201"), "{e}");
    let mut rows = exits_example();
    rows.push(rows[0].clone());
    let e = retention::build(&rows, &retention_opts(), &cat).unwrap_err();
    assert!(
        e.to_string().contains("Zeile doppelt (Grund retirement)"),
        "{e}"
    );
    let mut rows = exits_example();
    rows[0].exits = 195;
    let e = retention::build(&rows, &retention_opts(), &cat).unwrap_err();
    assert!(
        e.to_string()
            .contains("207 Abgänge bei nur 200 Beschäftigten"),
        "{e}"
    );
    let mut rows = exits_example();
    rows[5].reason = None;
    let e = retention::build(&rows, &retention_opts(), &cat).unwrap_err();
    assert!(matches!(e, RetentionError::MixedReasons { .. }), "{e}");
}

#[test]
fn retention_protection_withholds_small_reasons() {
    use ExitReason::{Resignation, Retirement};
    let rows = vec![
        exit_row(Class::With, Some(Retirement), 200, 2),
        exit_row(Class::With, Some(Resignation), 200, 18),
        exit_row(Class::Without, Some(Retirement), 800, 25),
        exit_row(Class::Without, Some(Resignation), 800, 15),
    ];
    let plain = retention::build(&rows, &retention_opts(), &FieldCatalog::default()).unwrap();
    let cfg = sdc::Config::with_k(5);
    let rel = protect_retention(plain.clone(), &cfg).unwrap();
    let lines = &rel.body().cities[0].segments[0].lines;
    let ret = &lines[1];
    assert_eq!(ret.reason, ReasonLine::One(Retirement));
    assert_eq!(ret.with.exits, None, "2 retirements with migration history");
    assert_eq!(ret.status, FigureStatus::Suppressed);
    assert_eq!(
        (ret.exit_ratio, ret.ci_low, ret.fisher_p_greater),
        (None, None, None)
    );
    assert_eq!(ret.with.rate, None);
    // 18 = 20 − 2: the resignations of the same group cannot stay next to the total.
    assert!(lines[0].with.exits.is_none() || lines[2].with.exits.is_none());
    // Nothing below k leaves; shown counts are the truth; the audit holds.
    for (p, r) in plain.cities[0].segments[0].lines.iter().zip(lines) {
        for (pg, rg) in [
            (&p.with, &r.with),
            (&p.without, &r.without),
            (&p.unknown, &r.unknown),
        ] {
            for (pv, rv) in [(pg.headcount, rg.headcount), (pg.exits, rg.exits)] {
                if let Some(v) = rv {
                    assert_eq!(Some(v), pv);
                    assert!(v == 0 || v >= 5, "{v}");
                }
            }
        }
        if r.status == FigureStatus::Ok {
            assert_eq!(r.exit_ratio, p.exit_ratio);
        }
    }
    let unit = &retention_units(&plain).unwrap()[0];
    let p = sdc::protect(
        &unit.data,
        &unit.publish,
        &unit.config(&cfg),
        &Prior::none(),
    )
    .unwrap();
    let suppressed: Vec<_> = p
        .cells
        .iter()
        .filter(|c| c.is_suppressed())
        .map(|c| (c.dims.clone(), c.key.clone()))
        .collect();
    let iv = audit_pattern(
        &unit.data,
        &unit.publish,
        &Prior::none(),
        &suppressed,
        LpModel::Atoms,
    )
    .unwrap();
    for (i, c) in p.cells.iter().filter(|c| c.is_suppressed()).enumerate() {
        if c.value > 0 && c.value < 5 {
            assert!(iv[i].width() >= 5.0 - 1e-6, "{c:?}: {:?}", iv[i]);
        }
    }
    match rel.protection() {
        Protection::Protected {
            audit_min_width, ..
        } => {
            assert!(audit_min_width.unwrap() >= 5.0 - 1e-6);
        }
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// Property: random small pipelines

/// A funnel: applicants, then each stage keeps a fraction of the previous one.
fn arb_funnel(stages: usize) -> impl Strategy<Value = Vec<u32>> {
    (0u32..40, prop::collection::vec(0.0f64..=1.0, stages - 1)).prop_map(|(first, keep)| {
        let mut v = vec![first];
        for k in keep {
            let last = *v.last().unwrap();
            v.push((f64::from(last) * k).round() as u32);
        }
        v
    })
}

fn arb_rows() -> impl Strategy<Value = Vec<PipelineRecord>> {
    (2usize..=4, 1usize..=2).prop_flat_map(|(stages, occs)| {
        prop::collection::vec(
            (arb_funnel(stages), arb_funnel(stages), arb_funnel(stages)),
            occs,
        )
        .prop_map(|funnels| {
            funnels
                .iter()
                .enumerate()
                .flat_map(|(i, (w, wo, u))| funnel(HERNE, 2023, &format!("Beruf {i}"), w, wo, u))
                .collect::<Vec<_>>()
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// No released figure rests on a withheld count, no count 0 < c < k is released, shown
    /// counts are the truth, and the exact audit of the pattern holds.
    #[test]
    fn released_pipelines_are_safe(rows in arb_rows(), k in 3u64..=5, pool in 0usize..4) {
        let pool = [Pool::None, Pool::Years, Pool::Occupations, Pool::Both][pool];
        let plain = pipeline::build(&rows, &options(pool)).unwrap();
        let cfg = sdc::Config::with_k(k);
        let rel = protect_pipeline(plain.clone(), &cfg).unwrap();
        check_release(&plain, rel.body(), k);
        audit(&plain, rel.body(), &cfg);
    }
}
