//! The representation analysis over files (streaming) or over the database.

use crate::{Progress, ServiceError};
use abbild_core::answers::Answers;
use abbild_core::records::PopulationRecord;
use abbild_core::representation::{
    analyze_city, choose_benchmark, CityInput, Options, RepresentationReport,
};
use abbild_core::stats::{Confidence, IntervalMethod};
use abbild_core::{Ags, Definition, DimSet, FieldCatalog, SegmentKey, Wave, Year};
use abbild_store::Store;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What the analyst asked for (`abbild analyze representation …`).
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub by: DimSet,
    /// `None`: the benchmark's definition.
    pub definition: Option<Definition>,
    pub interval: IntervalMethod,
    pub confidence: Confidence,
    /// Staff year; `None`: the latest per city.
    pub year: Option<Year>,
    /// Survey wave; `None`: the latest per city.
    pub wave: Option<Wave>,
    /// A wave per city, before `wave`: the region page shows each city's latest wave with
    /// published results, which differ between cities.
    pub city_waves: BTreeMap<Ags, Wave>,
    /// Restrict to these cities; empty = all.
    pub cities: Vec<Ags>,
}

/// The three input files of a file-based analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Files {
    pub staff: PathBuf,
    pub responses: PathBuf,
    pub population: PathBuf,
}

/// One city's aggregated data, whatever it was read from.
#[derive(Debug, Default)]
struct CityData {
    staff: BTreeMap<Year, HashMap<SegmentKey, u64>>,
    responses: BTreeMap<Wave, HashMap<(SegmentKey, Answers), u64>>,
    population: Vec<PopulationRecord>,
}

/// All cities' aggregated data plus the columns the files carried.
#[derive(Debug, Default)]
struct Dataset {
    cities: BTreeMap<Ags, CityData>,
    staff_dims: DimSet,
    response_dims: DimSet,
}

const REPORT_EVERY: u64 = 250_000;

/// Reads the three files, streaming and aggregating, in parallel threads.
fn read_files(
    files: &Files,
    catalog: &FieldCatalog,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Dataset, ServiceError> {
    let opts = abbild_import::Options {
        catalog,
        sheet: None,
    };
    type Staff = HashMap<Ags, BTreeMap<Year, HashMap<SegmentKey, u64>>>;
    type Resp = HashMap<Ags, BTreeMap<Wave, HashMap<(SegmentKey, Answers), u64>>>;
    let (staff, responses, population) = std::thread::scope(|s| {
        let staff = s.spawn(|| {
            let mut acc: Staff = HashMap::default();
            let mut rows = 0u64;
            let summary = abbild_import::read_staff(&files.staff, &opts, |r| {
                *acc.entry(r.ags)
                    .or_default()
                    .entry(r.year)
                    .or_default()
                    .entry(r.key)
                    .or_default() += u64::from(r.headcount);
                rows += 1;
                if rows.is_multiple_of(REPORT_EVERY) {
                    progress(Progress::Rows {
                        file: "Personal",
                        rows,
                    });
                }
            })?;
            Ok::<_, ServiceError>((acc, summary.dims))
        });
        let responses = s.spawn(|| {
            let mut acc: Resp = HashMap::default();
            let mut rows = 0u64;
            let summary = abbild_import::read_responses(&files.responses, &opts, |r| {
                *acc.entry(r.ags)
                    .or_default()
                    .entry(r.wave)
                    .or_default()
                    .entry((r.key, r.answers))
                    .or_default() += 1;
                rows += 1;
                if rows.is_multiple_of(REPORT_EVERY) {
                    progress(Progress::Rows {
                        file: "Antworten",
                        rows,
                    });
                }
            })?;
            Ok::<_, ServiceError>((acc, summary.dims))
        });
        let mut population = Vec::new();
        let pop = abbild_import::read_population(&files.population, &opts, |r| population.push(r));
        (join(staff), join(responses), pop.map(|_| population))
    });
    let (staff, staff_dims) = staff?;
    let (responses, response_dims) = responses?;
    let population = population?;
    let mut ds = Dataset {
        staff_dims,
        response_dims,
        ..Dataset::default()
    };
    for (ags, years) in staff {
        ds.cities.entry(ags).or_default().staff = years;
    }
    for (ags, waves) in responses {
        ds.cities.entry(ags).or_default().responses = waves;
    }
    for r in population {
        ds.cities.entry(r.ags).or_default().population.push(r);
    }
    Ok(ds)
}

/// Representation from files. Cities are those in both the staff and the responses file.
pub fn representation_from_files(
    files: &Files,
    req: &Request,
    catalog: &FieldCatalog,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<RepresentationReport, ServiceError> {
    let ds = read_files(files, catalog, progress)?;
    analyze_dataset(&ds, req, catalog, progress)
}

/// Representation from files, protected exactly as from the database (the same finest cells,
/// the same door) but with no earlier release: an analyst's own files are not in the registry.
pub fn protected_representation_from_files(
    files: &Files,
    req: &Request,
    catalog: &FieldCatalog,
    cfg: &abbild_core::sdc::Config,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<abbild_core::disclosure::Released<RepresentationReport>, ServiceError> {
    use abbild_core::disclosure::{protect_representation_linked, Finest, Linked};
    let ds = read_files(files, catalog, progress)?;
    let report = analyze_dataset(&ds, req, catalog, progress)?;
    let mut linked = BTreeMap::new();
    for c in &report.cities {
        let data = ds.cities.get(&c.ags);
        let cells: Vec<(SegmentKey, Answers, u64)> = data
            .and_then(|d| d.responses.get(&c.wave))
            .map(|m| m.iter().map(|((k, a), n)| (*k, *a, *n)).collect())
            .unwrap_or_default();
        let staff: Vec<(SegmentKey, u64)> = data
            .and_then(|d| d.staff.get(&c.year))
            .map(|m| m.iter().map(|(k, n)| (*k, *n)).collect())
            .unwrap_or_default();
        let cells =
            abbild_core::plausibility::plausible_responses(&staff, &cells, catalog).responses;
        let finest = Finest::from_responses(&cells, report.definition, catalog);
        linked.insert(
            c.ags,
            Linked {
                finest,
                prior: Vec::new(),
                repeat: None,
            },
        );
    }
    Ok(protect_representation_linked(report, cfg, &linked)?.0)
}

fn analyze_dataset(
    ds: &Dataset,
    req: &Request,
    catalog: &FieldCatalog,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<RepresentationReport, ServiceError> {
    abbild_core::representation::check_dims(req.by, ds.staff_dims, ds.response_dims)?;
    for a in &req.cities {
        if ds.cities.get(a).is_none_or(|c| c.staff.is_empty()) {
            return Err(ServiceError::Input(
                abbild_i18n::Message::new("err-no-staff-data").with("ags", a),
            ));
        }
    }
    let selected: Vec<(&Ags, &CityData)> = ds
        .cities
        .iter()
        .filter(|(a, _)| req.cities.is_empty() || req.cities.contains(a))
        .filter(|(_, c)| !c.staff.is_empty() && !c.responses.is_empty())
        .collect();
    if selected.is_empty() {
        return Err(ServiceError::Input(abbild_i18n::Message::new(
            "err-nothing-to-analyse",
        )));
    }
    let mut definition = req.definition;
    let mut cities = Vec::with_capacity(selected.len());
    let total = selected.len() as u64;
    for (i, (ags, c)) in selected.into_iter().enumerate() {
        let year = pick(&c.staff, req.year, "err-what-staff-year", *ags)?;
        let wanted = req.city_waves.get(ags).copied().or(req.wave);
        let wave = pick(&c.responses, wanted, "err-what-wave", *ags)?;
        let (bench, warning) = match choose_benchmark(*ags, &c.population, definition, Some(year)) {
            Err(abbild_core::benchmark::BenchmarkError::Empty { .. }) => {
                choose_benchmark(*ags, &c.population, definition, None)?
            }
            other => other?,
        };
        // The first city's benchmark fixes the definition for the whole report.
        let def = *definition.get_or_insert(bench.info.definition);
        let staff: Vec<(SegmentKey, u64)> = c.staff[&year].iter().map(|(k, n)| (*k, *n)).collect();
        let given: Vec<(SegmentKey, Answers, u64)> = c.responses[&wave]
            .iter()
            .map(|((k, a), n)| (*k, *a, *n))
            .collect();
        // Answers that contradict the staff file are set aside with a warning, never a
        // failed page (the release registry sets aside the same ones).
        let plausible = abbild_core::plausibility::plausible_responses(&staff, &given, catalog);
        let responses = plausible.responses.clone();
        let input = CityInput {
            ags: *ags,
            year,
            wave,
            staff: &staff,
            staff_dims: ds.staff_dims,
            responses: &responses,
            response_dims: ds.response_dims,
            benchmark: &bench,
            benchmark_warning: warning.as_deref(),
        };
        let opts = Options {
            by: req.by,
            definition: def,
            interval: req.interval,
            confidence: req.confidence,
        };
        let mut city = analyze_city(&input, &opts, catalog)?;
        city.warnings.extend(plausible.warning());
        cities.push(city);
        let done = i as u64 + 1;
        if done.is_multiple_of(500) || done == total {
            progress(Progress::Cities { done, total });
        }
    }
    Ok(RepresentationReport {
        definition: definition.unwrap_or(Definition::Eg),
        interval: req.interval,
        confidence: req.confidence,
        by: req.by,
        cities,
    })
}

/// Joins a reader thread; a panic there becomes an error instead of aborting the run.
fn join<T>(
    h: std::thread::ScopedJoinHandle<'_, Result<T, ServiceError>>,
) -> Result<T, ServiceError> {
    h.join().unwrap_or_else(|_| {
        Err(ServiceError::Input(abbild_i18n::Message::new(
            "err-reader-aborted",
        )))
    })
}

fn pick<K: Ord + Copy + std::fmt::Display, V>(
    map: &BTreeMap<K, V>,
    wanted: Option<K>,
    what: &'static str,
    ags: Ags,
) -> Result<K, ServiceError> {
    match wanted {
        Some(k) if map.contains_key(&k) => Ok(k),
        Some(k) => Err(ServiceError::Input(
            abbild_i18n::Message::new("err-not-present")
                .with("ags", ags)
                .nested("what", abbild_i18n::Message::new(what))
                .with("value", k)
                .with(
                    "present",
                    map.keys()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
        )),
        None => map.keys().next_back().copied().ok_or_else(|| {
            ServiceError::Input(
                abbild_i18n::Message::new("err-none-present")
                    .with("ags", ags)
                    .nested("what", abbild_i18n::Message::new(what)),
            )
        }),
    }
}

/// Representation from the database for the requested cities (all if none given).
pub async fn representation_from_db<S: Store>(
    store: &S,
    req: &Request,
    catalog: &FieldCatalog,
) -> Result<RepresentationReport, ServiceError> {
    let cities = if req.cities.is_empty() {
        store.cities().await?
    } else {
        req.cities.clone()
    };
    let mut ds = Dataset::default();
    let mut staff_dims: Option<DimSet> = None;
    let mut response_dims: Option<DimSet> = None;
    for ags in cities {
        let mut c = CityData::default();
        for year in store.staff_years(ags).await? {
            if req.year.is_some_and(|y| y != year) {
                continue;
            }
            let d = store.staff_dims(ags, year).await?;
            staff_dims = Some(staff_dims.map_or(d, |s| s.intersect(d)));
            let map = c.staff.entry(year).or_default();
            for (k, n) in store.staff_cells(ags, year).await? {
                *map.entry(k).or_default() += n;
            }
        }
        for wave in store.waves(ags).await? {
            let wanted = req.city_waves.get(&ags).copied().or(req.wave);
            if wanted.is_some_and(|w| w != wave) {
                continue;
            }
            let d = store.response_dims(ags, wave).await?;
            response_dims = Some(response_dims.map_or(d, |s| s.intersect(d)));
            let map = c.responses.entry(wave).or_default();
            for (k, a, n) in store.response_cells(ags, wave).await? {
                *map.entry((k, a)).or_default() += n;
            }
        }
        c.population = store.population(ags, None).await?;
        ds.cities.insert(ags, c);
    }
    ds.staff_dims = staff_dims.unwrap_or_default();
    ds.response_dims = response_dims.unwrap_or_default();
    analyze_dataset(&ds, req, catalog, &|_| {})
}
