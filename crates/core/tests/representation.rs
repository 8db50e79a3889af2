//! Edge cases of the representation analysis named in the foundation issue.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers may panic: a panic is a failed test

use abbild_core::answers::{Answer, Answers, Item};
use abbild_core::benchmark::Benchmark;
use abbild_core::records::{PopulationRecord, Source};
use abbild_core::representation::{analyze_city, AnalysisError, Assessment, CityInput, Options};
use abbild_core::stats::{Confidence, IntervalMethod};
use abbild_core::{
    AgeBand, Ags, Definition, Dim, DimSet, FieldCatalog, Level, SegmentKey, Wave, Year,
};

fn ags() -> Ags {
    Ags::parse("05916000").unwrap()
}

/// A respondent who is clearly with (born abroad, foreign) or without history under every definition.
fn person(with: bool) -> Answers {
    let (abroad, german) = if with {
        (Answer::Yes, Answer::No)
    } else {
        (Answer::No, Answer::Yes)
    };
    Answers::from_fn(|i| match i {
        Item::SelfBornAbroad | Item::MotherBornAbroad | Item::FatherBornAbroad => abroad,
        _ => german,
    })
}

fn pop(from: u8, to: u8, persons: u64, with: u64) -> PopulationRecord {
    PopulationRecord {
        ags: ags(),
        year: Year::new(2022).unwrap(),
        definition: Definition::Eg,
        source: Source::Zensus2022,
        age: AgeBand::new(from, to).unwrap(),
        sex: None,
        persons,
        with_migration: with,
    }
}

fn benchmark() -> Benchmark {
    // 20–39: 30 %, 40–67: 10 % → a young staff has a higher fair benchmark.
    let recs = [
        pop(0, 19, 1000, 400),
        pop(20, 29, 500, 150),
        pop(30, 39, 500, 150),
        pop(40, 67, 1000, 100),
        pop(68, 120, 500, 25),
    ];
    Benchmark::select(ags(), &recs, None, None).unwrap()
}

fn key(level: Level, from: u8, to: u8) -> SegmentKey {
    SegmentKey {
        level: Some(level),
        age: Some(AgeBand::new(from, to).unwrap()),
        ..SegmentKey::default()
    }
}

fn opts() -> Options {
    Options {
        by: DimSet::EMPTY.with(Dim::Level),
        definition: Definition::Eg,
        interval: IntervalMethod::WilsonFpc,
        confidence: Confidence::DEFAULT,
    }
}

fn run(
    staff: &[(SegmentKey, u64)],
    responses: &[(SegmentKey, Answers, u64)],
) -> Result<abbild_core::representation::CityRepresentation, AnalysisError> {
    let dims = DimSet::EMPTY.with(Dim::Level).with(Dim::Age);
    let b = benchmark();
    let input = CityInput {
        ags: ags(),
        year: Year::new(2024).unwrap(),
        wave: Wave::new(2024).unwrap(),
        staff,
        staff_dims: dims,
        responses,
        response_dims: dims,
        benchmark: &b,
        benchmark_warning: None,
    };
    analyze_city(&input, &opts(), &FieldCatalog::default())
}

#[test]
fn n_zero_n_equal_x_zero_x_n() {
    let staff = [
        (key(Level::Einfach, 20, 29), 10), // n = 0
        (key(Level::Mittel, 20, 29), 4),   // n = N, x = 0
        (key(Level::Gehoben, 40, 67), 6),  // x = n
        (key(Level::Hoeher, 40, 67), 9),   // n = 1
    ];
    let responses = [
        (key(Level::Mittel, 20, 29), person(false), 4),
        (key(Level::Gehoben, 40, 67), person(true), 3),
        (key(Level::Hoeher, 40, 67), person(true), 1),
    ];
    let r = run(&staff, &responses).unwrap();
    let seg = |l: &str| {
        r.segments
            .iter()
            .find(|s| s.key.get(Dim::Level) == Some(l))
            .unwrap()
            .metrics
            .clone()
    };

    let none = seg("einfach");
    assert_eq!(
        (none.respondents, none.share, none.ci_low, none.gap_heads),
        (Some(0), None, None, None)
    );
    assert_eq!(none.assessment, Assessment::NotEstimable);
    assert!((none.benchmark_standardized.unwrap() - 0.3).abs() < 1e-12);

    let full = seg("mittel");
    assert_eq!(
        (full.share, full.ci_low, full.ci_high),
        (Some(0.0), Some(0.0), Some(0.0))
    );
    assert_eq!(full.response_rate, Some(1.0));
    // N = 4, b* = 0.3: 1.2 persons missing → 1.
    assert_eq!(full.gap_heads, Some(1));
    assert_eq!(full.assessment, Assessment::Under);

    let all = seg("gehoben");
    assert_eq!(all.share, Some(1.0));
    assert_eq!(all.ci_high, Some(1.0));
    assert!(all.ci_low.unwrap() > 0.1 && all.ci_low.unwrap() < 1.0);
    assert_eq!(all.assessment, Assessment::Over);
    assert_eq!(all.ratio, Some(10.0));

    let one = seg("hoeher");
    assert_eq!(one.respondents, Some(1));
    assert_eq!(one.assessment, Assessment::NotEstimable);

    // Overall: strata with n ≥ 2 are mittel (4 of 4) and gehoben (3 of 6); the others are uncovered.
    assert_eq!(r.overall.uncovered_headcount, 19);
    assert_eq!(r.overall.metrics.headcount, 29);
    assert_eq!(r.overall.metrics.respondents, Some(8));
    let share = r.overall.metrics.share.unwrap();
    assert!((share - (4.0 / 10.0 * 0.0 + 6.0 / 10.0 * 1.0)).abs() < 1e-12);
    // Age-standardised city benchmark: 14 of 29 aged 20–29 at 30 %, 15 aged 40–67 at 10 %.
    let b_std = r.overall.metrics.benchmark_standardized.unwrap();
    assert!((b_std - (14.0 / 29.0 * 0.3 + 15.0 / 29.0 * 0.1)).abs() < 1e-12);
    assert!((r.overall.metrics.benchmark_total - 825.0 / 3500.0).abs() < 1e-12);
}

#[test]
fn segment_in_responses_but_not_in_staff_is_named() {
    let staff = [(key(Level::Mittel, 20, 29), 4)];
    let responses = [(key(Level::Hoeher, 20, 29), person(true), 2)];
    let err = run(&staff, &responses).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Stadt 05916000: Segment level=hoeher kommt in den Antworten vor (2 Antworten), aber nicht in der Personaldatei"
    );
}

#[test]
fn respondents_exceeding_headcount_is_an_error() {
    let staff = [(key(Level::Mittel, 20, 29), 4)];
    let responses = [(key(Level::Mittel, 20, 29), person(true), 5)];
    let err = run(&staff, &responses).unwrap_err();
    assert!(
        matches!(
            err,
            AnalysisError::RespondentsExceedHeadcount {
                respondents: 5,
                headcount: 4,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn age_bands_that_do_not_nest_are_named() {
    let staff = [(key(Level::Mittel, 25, 34), 4)];
    let err = run(&staff, &[]).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("Altersband 25-34 des Personals ist keine Vereinigung"),
        "{msg}"
    );
    assert!(msg.contains("20-29, 30-39"), "{msg}");
}

#[test]
fn grouping_by_a_dimension_the_staff_file_lacks_is_refused() {
    let b = benchmark();
    let input = CityInput {
        ags: ags(),
        year: Year::new(2024).unwrap(),
        wave: Wave::new(2024).unwrap(),
        staff: &[(SegmentKey::default(), 3)],
        staff_dims: DimSet::EMPTY,
        responses: &[],
        response_dims: DimSet::EMPTY.with(Dim::Level),
        benchmark: &b,
        benchmark_warning: None,
    };
    let err = analyze_city(&input, &opts(), &FieldCatalog::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Gruppierung nach level nicht möglich: die Personaldatei enthält keine Spalte level (vorhanden: )"
    );
}

#[test]
fn unanswered_grouping_question_counts_overall_not_in_a_segment() {
    let staff = [(key(Level::Mittel, 20, 29), 10)];
    let no_level = SegmentKey {
        age: Some(AgeBand::new(20, 29).unwrap()),
        ..SegmentKey::default()
    };
    let responses = [
        (key(Level::Mittel, 20, 29), person(true), 2),
        (no_level, person(false), 1),
    ];
    let r = run(&staff, &responses).unwrap();
    assert_eq!(r.unassigned_respondents, Some(1));
    assert_eq!(r.overall.metrics.respondents, Some(3));
    assert_eq!(r.segments[0].metrics.respondents, Some(2));
}
