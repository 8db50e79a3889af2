//! The regional report (issue 7): gathers every city's protected results for a reporting
//! year, builds the one report model and renders the formats asked for. The CLI
//! (`abbild report`) and the web app (`/region/bericht`, `/stadt/{ags}/bericht`) both call
//! [`render`].

use crate::pipeline::{pipeline_from_records, retention_from_records, PipelineRequest};
use crate::projection::{default_scenario, initial_from_report, run};
use crate::releases::Channel;
use crate::scoped::{city_representation_in, K};
use crate::ServiceError;
use abbild_core::access::{CityRead, RegionRead};
use abbild_core::disclosure::Released;
use abbild_core::pipeline::Pool;
use abbild_core::projection::{MonteCarloOptions, Scenario};
use abbild_core::representation::RepresentationReport;
use abbild_core::stats::Confidence;
use abbild_core::{Ags, Dim, DimSet, FieldCatalog, Wave, Year};
pub use abbild_report::{Block, Lang, Report, Scope};
use abbild_report::{CityInputs, Inputs, ProjectionInput, Views};
use abbild_store::{Scenarios, Store};

/// Seed of the projection's Monte Carlo runs: the same report every time.
const SEED: u64 = 20240601;
const RUNS: u32 = 1000;

/// One output format of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ReportFormat {
    Html,
    Pdf,
    Xlsx,
}

impl ReportFormat {
    pub const ALL: [ReportFormat; 3] = [ReportFormat::Html, ReportFormat::Pdf, ReportFormat::Xlsx];

    pub fn parse(raw: &str) -> Result<Self, abbild_core::ParseError> {
        match abbild_core::fold(raw).as_str() {
            "html" => Ok(ReportFormat::Html),
            "pdf" => Ok(ReportFormat::Pdf),
            "xlsx" | "excel" => Ok(ReportFormat::Xlsx),
            _ => Err(abbild_core::ParseError::new(
                raw,
                abbild_core::one_of(&["html", "pdf", "xlsx"]),
            )),
        }
    }
    /// A comma-separated list (`html,pdf,xlsx`), without duplicates, in a fixed order.
    pub fn parse_list(raw: &str) -> Result<Vec<Self>, abbild_core::ParseError> {
        let mut v = raw
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(Self::parse)
            .collect::<Result<Vec<_>, _>>()?;
        v.sort();
        v.dedup();
        if v.is_empty() {
            return Err(abbild_core::ParseError::new(
                raw,
                abbild_core::one_of(&["html", "pdf", "xlsx"]),
            ));
        }
        Ok(v)
    }
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Html => "html",
            ReportFormat::Pdf => "pdf",
            ReportFormat::Xlsx => "xlsx",
        }
    }
    pub fn content_type(self) -> &'static str {
        match self {
            ReportFormat::Html => "text/html; charset=utf-8",
            ReportFormat::Pdf => "application/pdf",
            ReportFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }
}

/// One rendered file.
#[derive(Debug, Clone)]
pub struct ReportFile {
    pub name: String,
    pub format: ReportFormat,
    pub bytes: Vec<u8>,
}

/// Which cities and year.
#[derive(Debug, Clone)]
pub struct ReportRequest {
    pub year: Year,
    pub lang: Lang,
}

/// One city's view, protected as on the web pages. `Ok(None)`: nothing to analyse.
async fn view<S: Store + abbild_store::Releases>(
    store: &S,
    cap: &CityRead,
    by: DimSet,
    year: Year,
    wave: Wave,
    catalog: &FieldCatalog,
) -> Result<Option<Released<RepresentationReport>>, ServiceError> {
    match city_representation_in(
        store,
        cap,
        by,
        Some(year),
        Some(wave),
        catalog,
        Channel::Report,
    )
    .await
    {
        Ok(r) => Ok(Some(r)),
        Err(
            ServiceError::Analysis(_)
            | ServiceError::Benchmark(_)
            | ServiceError::Input(_)
            | ServiceError::Withheld(_),
        ) => Ok(None),
        Err(e) => Err(e),
    }
}

fn gap(lang: Lang, de: String, en: String) -> String {
    match lang {
        Lang::De => de,
        Lang::En => en,
    }
}

/// Everything about one city for the reporting year.
async fn gather_city<S: Store + Scenarios + abbild_store::Releases>(
    store: &S,
    cap: &CityRead,
    req: &ReportRequest,
    catalog: &FieldCatalog,
) -> Result<CityInputs, ServiceError> {
    let ags = cap.ags();
    let name = abbild_export::representation::city_name(&ags.to_string())
        .map_or_else(|| ags.to_string(), str::to_owned);
    let year = req.year;
    let lang = req.lang;
    let mut gaps = Vec::new();
    let staff_years = store.staff_years(ags).await?;
    // The staff year of the report, or the latest before it.
    let staff_year_for = |y: u16| staff_years.iter().copied().filter(|s| s.get() <= y).max();
    let waves: Vec<Wave> = store
        .waves(ags)
        .await?
        .into_iter()
        .filter(|w| w.get() <= year.get())
        .collect();
    let mut views = Views::default();
    let mut trend = Vec::new();
    let fields = DimSet::EMPTY.with(Dim::Field).with(Dim::Level);
    match (waves.last(), staff_year_for(year.get())) {
        (Some(&wave), Some(sy)) => {
            views.fields = view(store, cap, fields, sy, wave, catalog).await?;
            views.age = view(store, cap, DimSet::EMPTY.with(Dim::Age), sy, wave, catalog).await?;
            views.status = view(
                store,
                cap,
                DimSet::EMPTY.with(Dim::Status),
                sy,
                wave,
                catalog,
            )
            .await?;
            views.leadership = view(
                store,
                cap,
                DimSet::EMPTY.with(Dim::Leadership),
                sy,
                wave,
                catalog,
            )
            .await?;
            if wave.get() != year.get() {
                gaps.push(gap(
                    lang,
                    format!("{name}: keine Befragung {year}; gezeigt ist die Welle {wave}."),
                    format!("{name}: no survey in {year}; the {wave} wave is shown."),
                ));
            }
            for &w in &waves {
                if w == wave {
                    if let Some(r) = &views.fields {
                        trend.push(r.clone());
                    }
                    continue;
                }
                let sy = staff_year_for(w.get()).unwrap_or(sy);
                if let Some(r) = view(store, cap, fields, sy, w, catalog).await? {
                    trend.push(r);
                }
            }
        }
        (None, _) => gaps.push(gap(
            lang,
            format!("{name}: keine Befragung bis {year}."),
            format!("{name}: no survey up to {year}."),
        )),
        (_, None) => gaps.push(gap(
            lang,
            format!("{name}: keine Personaldaten bis {year}."),
            format!("{name}: no staff data up to {year}."),
        )),
    }
    // Apprentice pipeline of the reporting year, pooled over occupations.
    let records: Vec<_> = store
        .pipeline_records(ags)
        .await?
        .into_iter()
        .filter(|r| r.year == year)
        .collect();
    let pipeline = if records.is_empty() {
        gaps.push(gap(
            lang,
            format!("{name}: keine Ausbildungsdaten {year}."),
            format!("{name}: no apprenticeship data for {year}."),
        ));
        None
    } else {
        let population = store.population(ags, None).await?;
        let preq = PipelineRequest {
            pool: Pool::Occupations,
            ..PipelineRequest::default()
        };
        Some(pipeline_from_records(&records, &population, &preq)?)
    };
    let exits: Vec<_> = store
        .exit_records(ags)
        .await?
        .into_iter()
        .filter(|r| r.year == year)
        .collect();
    let retention = if exits.is_empty() {
        None
    } else {
        Some(retention_from_records(
            &exits,
            DimSet::EMPTY,
            Confidence::DEFAULT,
            K,
            catalog,
        )?)
    };
    let projection = projection(store, ags, &views, lang, &name, &mut gaps).await?;
    Ok(CityInputs {
        ags,
        name,
        views,
        trend,
        pipeline,
        retention,
        projection,
        gaps,
    })
}

/// The latest saved scenario of the city, else the default one on the published age view.
async fn projection<S: Scenarios>(
    store: &S,
    ags: Ags,
    views: &Views,
    lang: Lang,
    name: &str,
    gaps: &mut Vec<String>,
) -> Result<Option<ProjectionInput>, ServiceError> {
    let mut saved = store.scenarios(ags).await?;
    saved.sort_by(|a, b| a.saved_on.cmp(&b.saved_on).then(a.name.cmp(&b.name)));
    let chosen: Option<(String, Scenario)> = saved
        .iter()
        .rev()
        .find_map(|s| Some((s.name.clone(), serde_json::from_str(&s.body).ok()?)));
    let (saved_as, scenario) = match chosen {
        Some((n, sc)) => (Some(n), sc),
        None => {
            let Some(age) = &views.age else {
                gaps.push(gap(
                    lang,
                    format!("{name}: keine Projektion (kein veröffentlichter Altersaufbau)."),
                    format!("{name}: no projection (no published age structure)."),
                ));
                return Ok(None);
            };
            let initial = match initial_from_report(age, ags) {
                Ok(i) => i,
                Err(e) => {
                    gaps.push(format!("{name}: {e}"));
                    return Ok(None);
                }
            };
            let target = views
                .fields
                .as_ref()
                .and_then(|r| r.body().cities.first())
                .map_or(initial.share, |c| {
                    c.overall
                        .metrics
                        .benchmark_standardized
                        .unwrap_or(c.overall.metrics.benchmark_total)
                });
            (None, default_scenario(&initial, ags, target)?)
        }
    };
    let mc = MonteCarloOptions {
        runs: RUNS,
        seed: SEED,
        ..Default::default()
    };
    let result = run(&scenario, &mc)?;
    Ok(Some(ProjectionInput {
        saved_as,
        scenario,
        result,
    }))
}

/// The regional report over `cities` (empty: every city in the database).
pub async fn regional<S: Store + Scenarios + abbild_store::Releases>(
    store: &S,
    cap: &RegionRead,
    req: &ReportRequest,
    cities: &[Ags],
    catalog: &FieldCatalog,
) -> Result<Report, ServiceError> {
    let mut all = store.cities().await?;
    if !cities.is_empty() {
        if let Some(missing) = cities.iter().find(|a| !all.contains(a)) {
            return Err(ServiceError::Input(
                abbild_i18n::Message::new("err-city-not-in-db").with("ags", missing),
            ));
        }
        all.retain(|a| cities.contains(a));
    }
    all.sort();
    let mut inputs = Vec::with_capacity(all.len());
    for ags in all {
        inputs.push(gather_city(store, &cap.city(ags), req, catalog).await?);
    }
    Ok(abbild_report::build(
        &Inputs {
            year: req.year,
            scope: Scope::Region,
            cities: inputs,
        },
        req.lang,
        catalog,
    ))
}

/// One city's own report (its analyst).
pub async fn city<S: Store + Scenarios + abbild_store::Releases>(
    store: &S,
    cap: &CityRead,
    req: &ReportRequest,
    catalog: &FieldCatalog,
) -> Result<Report, ServiceError> {
    let c = gather_city(store, cap, req, catalog).await?;
    Ok(abbild_report::build(
        &Inputs {
            year: req.year,
            scope: Scope::City(cap.ags()),
            cities: vec![c],
        },
        req.lang,
        catalog,
    ))
}

/// Renders `report` in each format; file names `{stem}.{ext}`.
pub fn render(
    report: &Report,
    formats: &[ReportFormat],
    stem: &str,
) -> Result<Vec<ReportFile>, ServiceError> {
    let err = |e: abbild_report::ReportError| {
        ServiceError::Input(abbild_i18n::Message::new("err-report").with("detail", e))
    };
    formats
        .iter()
        .map(|&f| {
            let bytes = match f {
                ReportFormat::Html => abbild_report::html(report),
                ReportFormat::Pdf => abbild_report::pdf(report).map_err(err)?,
                ReportFormat::Xlsx => abbild_report::xlsx(report).map_err(err)?,
            };
            Ok(ReportFile {
                name: format!("{stem}.{}", f.extension()),
                format: f,
                bytes,
            })
        })
        .collect()
}

/// The file stem: `abbild_bericht_region_2024_de`, `abbild_bericht_05916000_2024_en`.
pub fn stem(scope: Scope, year: Year, lang: Lang) -> String {
    let who = match scope {
        Scope::Region => "region".to_owned(),
        Scope::City(a) => a.to_string(),
    };
    format!("abbild_bericht_{who}_{year}_{}", lang.code())
}
