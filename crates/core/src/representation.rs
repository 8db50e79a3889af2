//! Representation of staff with migration history per segment against the population
//! (SPEC §4, representation part). Pure: takes aggregated counts, returns a report.

use crate::answers::Answers;
use crate::benchmark::{Benchmark, BenchmarkError, BenchmarkInfo};
use crate::definition::{Class, Definition};
use crate::dims::{AgeBand, Ags, Dim, DimSet, SegmentKey, Wave, Year};
use crate::field::FieldCatalog;
use crate::stats::{self, Confidence, IntervalMethod, Stratum};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;

/// How to analyse.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    pub by: DimSet,
    pub definition: Definition,
    pub interval: IntervalMethod,
    pub confidence: Confidence,
}

/// One city's aggregated inputs for one staff year and survey wave.
#[derive(Debug, Clone, Copy)]
pub struct CityInput<'a> {
    pub ags: Ags,
    pub year: Year,
    pub wave: Wave,
    /// Headcount per full segment key, as the staff file carries it.
    pub staff: &'a [(SegmentKey, u64)],
    pub staff_dims: DimSet,
    /// Responses per full key and answer pattern.
    pub responses: &'a [(SegmentKey, Answers, u64)],
    pub response_dims: DimSet,
    pub benchmark: &'a Benchmark,
    /// Why the benchmark's definition differs from the analysed one, if it does.
    pub benchmark_warning: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AnalysisError {
    DimNotCarried {
        dim: Dim,
        /// Catalogue key of the file's name.
        file: &'static str,
        present: String,
    },
    SegmentNotInStaff {
        ags: Ags,
        segment: String,
        respondents: u64,
    },
    RespondentsExceedHeadcount {
        ags: Ags,
        segment: String,
        respondents: u64,
        headcount: u64,
    },
    NoStaff {
        ags: Ags,
        year: Year,
    },
    Benchmark(BenchmarkError),
}

impl From<BenchmarkError> for AnalysisError {
    fn from(e: BenchmarkError) -> Self {
        AnalysisError::Benchmark(e)
    }
}

impl abbild_i18n::Described for AnalysisError {
    fn message(&self) -> abbild_i18n::Message {
        use abbild_i18n::Message;
        match self {
            AnalysisError::DimNotCarried { dim, file, present } => {
                Message::new("err-analysis-dim-not-carried")
                    .with("dim", dim)
                    .nested("file", Message::new(file))
                    .with("present", present)
            }
            AnalysisError::SegmentNotInStaff {
                ags,
                segment,
                respondents,
            } => Message::new("err-analysis-segment-not-in-staff")
                .with("ags", ags)
                .with("segment", segment)
                .with("respondents", respondents),
            AnalysisError::RespondentsExceedHeadcount {
                ags,
                segment,
                respondents,
                headcount,
            } => Message::new("err-analysis-respondents-exceed")
                .with("ags", ags)
                .with("segment", segment)
                .with("respondents", respondents)
                .with("headcount", headcount),
            AnalysisError::NoStaff { ags, year } => Message::new("err-analysis-no-staff")
                .with("ags", ags)
                .with("year", year),
            AnalysisError::Benchmark(e) => abbild_i18n::Described::message(e),
        }
    }
}
abbild_i18n::described_error!(AnalysisError);

/// Comparison of a share's interval with the benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Assessment {
    /// The interval lies entirely below the benchmark.
    Under,
    /// The benchmark lies within the interval.
    Within,
    /// The interval lies entirely above the benchmark.
    Over,
    /// Fewer than two respondents.
    NotEstimable,
    /// Withheld by disclosure control.
    Suppressed,
}

impl Assessment {
    pub fn label_de(self) -> &'static str {
        match self {
            Assessment::Under => "unterrepräsentiert",
            Assessment::Within => "im Rahmen",
            Assessment::Over => "überrepräsentiert",
            Assessment::NotEstimable => "nicht schätzbar",
            Assessment::Suppressed => "geheimgehalten",
        }
    }
}

/// The metric keys of SPEC §4, for one segment or a city overall.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    pub headcount: u64,
    /// `None` only when suppressed by disclosure control.
    pub respondents: Option<u64>,
    /// `None` only when suppressed by disclosure control.
    pub with_migration: Option<u64>,
    pub response_rate: Option<f64>,
    pub share: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub benchmark_total: f64,
    pub benchmark_standardized: Option<f64>,
    pub ratio: Option<f64>,
    pub gap_heads: Option<i64>,
    pub assessment: Assessment,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overall {
    #[serde(flatten)]
    pub metrics: Metrics,
    pub uncovered_headcount: u64,
}

/// A segment's key as codes, in dimension order (`{"field":"kita","level":"mittel"}`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SegmentLabel(pub Vec<(Dim, String)>);

impl SegmentLabel {
    pub fn of(key: &SegmentKey, dims: DimSet, catalog: &FieldCatalog) -> Self {
        SegmentLabel(
            dims.iter()
                .map(|d| (d, value_code(key, d, catalog)))
                .collect(),
        )
    }
    pub fn get(&self, d: Dim) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| *k == d)
            .map(|(_, v)| v.as_str())
    }
}

impl std::fmt::Display for SegmentLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<_> = self.0.iter().map(|(d, v)| format!("{d}={v}")).collect();
        if parts.is_empty() {
            f.write_str("(gesamt)")
        } else {
            f.write_str(&parts.join(", "))
        }
    }
}

impl Serialize for SegmentLabel {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (d, v) in &self.0 {
            m.serialize_entry(d.code(), v)?;
        }
        m.end()
    }
}

/// The code of one dimension value of a key (`kita`, `gehoben`, `25-34`, `yes`); `-` if absent.
pub fn value_code(key: &SegmentKey, d: Dim, catalog: &FieldCatalog) -> String {
    let s = match d {
        Dim::Field => key.field.map(|f| catalog.code(f).to_owned()),
        Dim::Level => key.level.map(|l| l.code().to_owned()),
        Dim::Status => key.status.map(|s| s.code().to_owned()),
        Dim::Leadership => key
            .leadership
            .map(|l| if l { "yes" } else { "no" }.to_owned()),
        Dim::Age => key.age.map(|a| a.to_string()),
        Dim::Sex => key.sex.map(|s| s.code().to_owned()),
    };
    s.unwrap_or_else(|| "-".to_owned())
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    pub key: SegmentLabel,
    #[serde(flatten)]
    pub metrics: Metrics,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CityRepresentation {
    pub ags: Ags,
    pub year: Year,
    pub wave: Wave,
    pub benchmark: BenchmarkInfo,
    pub overall: Overall,
    pub segments: Vec<Segment>,
    /// Classified respondents who left a grouping question unanswered: in the overall
    /// count, in no segment. After protection only where it follows from published counts
    /// (the city's respondents and every segment's): otherwise it would reopen a withheld cell.
    pub unassigned_respondents: Option<u64>,
    /// Responses not classifiable under the definition (item non-response).
    pub unclassified_responses: u64,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepresentationReport {
    pub definition: Definition,
    pub interval: IntervalMethod,
    pub confidence: Confidence,
    #[serde(serialize_with = "ser_dims")]
    pub by: DimSet,
    pub cities: Vec<CityRepresentation>,
}

fn ser_dims<S: Serializer>(d: &DimSet, s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(d.iter().map(Dim::code))
}

/// Checks that every `by` dimension is carried by both files.
pub fn check_dims(
    by: DimSet,
    staff_dims: DimSet,
    response_dims: DimSet,
) -> Result<(), AnalysisError> {
    for (file, present) in [
        ("err-analysis-file-staff", staff_dims),
        ("err-analysis-file-responses", response_dims),
    ] {
        if let Some(dim) = by.iter().find(|d| !present.contains(*d)) {
            return Err(AnalysisError::DimNotCarried {
                dim,
                file,
                present: present.to_string(),
            });
        }
    }
    Ok(())
}

#[derive(Default, Clone, Copy)]
struct Counts {
    with: u64,
    without: u64,
    unknown: u64,
}

impl Counts {
    fn add(&mut self, class: Class, n: u64) {
        match class {
            Class::With => self.with += n,
            Class::Without => self.without += n,
            Class::Unknown => self.unknown += n,
        }
    }
    fn respondents(&self) -> u64 {
        self.with + self.without
    }
    fn all(&self) -> u64 {
        self.with + self.without + self.unknown
    }
}

/// Analyses one city.
pub fn analyze_city(
    input: &CityInput<'_>,
    opts: &Options,
    catalog: &FieldCatalog,
) -> Result<CityRepresentation, AnalysisError> {
    check_dims(opts.by, input.staff_dims, input.response_dims)?;
    let by = opts.by;
    let has_age = input.staff_dims.contains(Dim::Age);

    // Staff per segment, and per segment × age band for the standardised benchmark.
    let mut staff: BTreeMap<SegmentKey, (u64, BTreeMap<AgeBand, u64>)> = BTreeMap::new();
    let mut city_ages: BTreeMap<AgeBand, u64> = BTreeMap::new();
    for (key, n) in input.staff {
        let e = staff.entry(key.project(by)).or_default();
        e.0 += n;
        if let Some(age) = key.age {
            *e.1.entry(age).or_default() += n;
            *city_ages.entry(age).or_default() += n;
        }
    }
    let total_headcount: u64 = staff.values().map(|v| v.0).sum();
    if total_headcount == 0 {
        return Err(AnalysisError::NoStaff {
            ags: input.ags,
            year: input.year,
        });
    }

    // Responses per segment, classified under the definition.
    let mut answers: BTreeMap<SegmentKey, Counts> = BTreeMap::new();
    let mut city = Counts::default();
    let mut unassigned = Counts::default();
    for (key, a, n) in input.responses {
        let class = opts.definition.classify(*a);
        city.add(class, *n);
        if key.is_complete(by) {
            answers.entry(key.project(by)).or_default().add(class, *n);
        } else {
            unassigned.add(class, *n);
        }
    }
    for (key, c) in &answers {
        let label = || SegmentLabel::of(key, by, catalog).to_string();
        match staff.get(key) {
            None => {
                return Err(AnalysisError::SegmentNotInStaff {
                    ags: input.ags,
                    segment: label(),
                    respondents: c.all(),
                })
            }
            Some((n, _)) if c.all() > *n => {
                return Err(AnalysisError::RespondentsExceedHeadcount {
                    ags: input.ags,
                    segment: label(),
                    respondents: c.all(),
                    headcount: *n,
                })
            }
            Some(_) => {}
        }
    }
    if city.all() > total_headcount {
        return Err(AnalysisError::RespondentsExceedHeadcount {
            ags: input.ags,
            segment: "(gesamt)".into(),
            respondents: city.all(),
            headcount: total_headcount,
        });
    }

    let bench = input.benchmark;
    let b_total = bench.total();
    let mut warnings: Vec<String> = input
        .benchmark_warning
        .map(str::to_owned)
        .into_iter()
        .collect();
    if !has_age {
        warnings.push(
            "Die Personaldatei enthält kein Alter: kein altersstandardisierter Benchmark, Vergleich mit dem \
             Gesamtanteil der Bevölkerung"
                .into(),
        );
    }

    let mut segments = Vec::with_capacity(staff.len());
    let mut strata = Vec::with_capacity(staff.len());
    for (key, (n_staff, ages)) in &staff {
        let c = answers.get(key).copied().unwrap_or_default();
        let b_std = if has_age {
            bench.standardized(&ages.iter().map(|(a, n)| (*a, *n)).collect::<Vec<_>>())?
        } else {
            None
        };
        let metrics = segment_metrics(*n_staff, c.respondents(), c.with, b_total, b_std, opts);
        strata.push(Stratum {
            headcount: *n_staff,
            respondents: c.respondents(),
            with_migration: c.with,
        });
        segments.push(Segment {
            key: SegmentLabel::of(key, by, catalog),
            metrics,
        });
    }

    let city_std = if has_age {
        bench.standardized(&city_ages.iter().map(|(a, n)| (*a, *n)).collect::<Vec<_>>())?
    } else {
        None
    };
    let overall = overall_metrics(total_headcount, &city, &strata, b_total, city_std, opts);
    Ok(CityRepresentation {
        ags: input.ags,
        year: input.year,
        wave: input.wave,
        benchmark: bench.info,
        overall,
        segments,
        unassigned_respondents: Some(unassigned.respondents()),
        unclassified_responses: city.unknown,
        warnings,
    })
}

fn compare(
    headcount: u64,
    share: Option<f64>,
    ci: Option<stats::Interval>,
    respondents: u64,
    b_total: f64,
    b_std: Option<f64>,
) -> (Option<f64>, Option<i64>, Assessment) {
    let b = b_std.unwrap_or(b_total);
    let ratio = share.filter(|_| b > 0.0).map(|p| p / b);
    // Headcounts are far below 2^52, so the float round trip is exact.
    let gap = share.map(|p| (headcount as f64 * (b - p)).round() as i64);
    let assessment = match ci {
        Some(iv) if respondents >= 2 => {
            if iv.high < b {
                Assessment::Under
            } else if iv.low > b {
                Assessment::Over
            } else {
                Assessment::Within
            }
        }
        _ => Assessment::NotEstimable,
    };
    (ratio, gap, assessment)
}

fn segment_metrics(
    headcount: u64,
    respondents: u64,
    with: u64,
    b_total: f64,
    b_std: Option<f64>,
    opts: &Options,
) -> Metrics {
    let share = (respondents > 0).then(|| with as f64 / respondents as f64);
    let ci =
        stats::interval::interval(opts.interval, with, respondents, headcount, opts.confidence);
    let (ratio, gap_heads, assessment) = compare(headcount, share, ci, respondents, b_total, b_std);
    Metrics {
        headcount,
        respondents: Some(respondents),
        with_migration: Some(with),
        response_rate: (headcount > 0).then(|| respondents as f64 / headcount as f64),
        share,
        ci_low: ci.map(|i| i.low),
        ci_high: ci.map(|i| i.high),
        benchmark_total: b_total,
        benchmark_standardized: b_std,
        ratio,
        gap_heads,
        assessment,
    }
}

fn overall_metrics(
    headcount: u64,
    city: &Counts,
    strata: &[Stratum],
    b_total: f64,
    b_std: Option<f64>,
    opts: &Options,
) -> Overall {
    overall_from(
        headcount,
        Some(city.respondents()),
        Some(city.with),
        strata,
        b_total,
        b_std,
        opts.confidence,
    )
}

/// The city overall from the given strata (SPEC §4: stratified over the reported segments
/// with n ≥ 2). The disclosure gate calls it with the published segments only, so the
/// overall is a function of published values.
pub(crate) fn overall_from(
    headcount: u64,
    respondents: Option<u64>,
    with_migration: Option<u64>,
    strata: &[Stratum],
    b_total: f64,
    b_std: Option<f64>,
    confidence: Confidence,
) -> Overall {
    let est = stats::stratified(strata, confidence);
    let share = est.map(|e| e.share);
    let ci = est.map(|e| stats::Interval {
        low: e.ci_low,
        high: e.ci_high,
    });
    // Respondents in strata that carry the estimate: the assessment needs two somewhere.
    let covered: u64 = strata
        .iter()
        .filter(|s| s.respondents >= 2)
        .map(|s| s.respondents)
        .sum();
    let (ratio, gap_heads, assessment) = compare(headcount, share, ci, covered, b_total, b_std);
    Overall {
        metrics: Metrics {
            headcount,
            respondents,
            with_migration,
            response_rate: respondents.map(|n| n as f64 / headcount as f64),
            share,
            ci_low: ci.map(|i| i.low),
            ci_high: ci.map(|i| i.high),
            benchmark_total: b_total,
            benchmark_standardized: b_std,
            ratio,
            gap_heads,
            assessment,
        },
        // Staff outside the strata (left out, or in segments not reported) is uncovered.
        uncovered_headcount: headcount
            - strata
                .iter()
                .filter(|s| s.respondents >= 2)
                .map(|s| s.headcount)
                .sum::<u64>(),
    }
}

/// Picks a city's benchmark for the analysed definition. If the population data has no
/// benchmark of that definition, another one is used with a visible warning (SPEC §1).
pub fn choose_benchmark(
    ags: Ags,
    records: &[crate::records::PopulationRecord],
    definition: Option<Definition>,
    year: Option<Year>,
) -> Result<(Benchmark, Option<String>), BenchmarkError> {
    match Benchmark::select(ags, records, definition, year) {
        Ok(b) => Ok((b, None)),
        Err(BenchmarkError::Empty { .. }) if definition.is_some() => {
            let b = Benchmark::select(ags, records, None, year)?;
            let d = definition.unwrap_or(b.info.definition);
            let w = format!(
                "Achtung: Die Beschäftigten werden nach „{}“ gezählt, der Bevölkerungsbenchmark ({} {}) nach „{}“. \
                 Die Anteile sind nicht direkt vergleichbar.",
                d.label_de(),
                b.info.source.label_de(),
                b.info.year,
                b.info.definition.label_de()
            );
            Ok((b, Some(w)))
        }
        Err(e) => Err(e),
    }
}
