//! The one gate through which every table leaves abbild (SPEC §5).
//!
//! Renderers (tables, JSON, CSV, XLSX, pages, API, reports) accept only a [`Released`]
//! value, and only this module can construct one. So an output path that skips disclosure
//! control does not compile. Today the gate has one door: an explicitly acknowledged
//! unprotected release, for an analyst's own files; statistical disclosure control (primary
//! and secondary suppression with an LP audit) becomes the second door and the only one for
//! stored survey data.

mod linked;
mod pipeline;
mod retention;
mod units;

pub use linked::{
    protect_representation_linked, Finest, Linked, Recorded, ReleasedCell, CLASS_DIM,
};
pub use pipeline::{pipeline_units, protect_pipeline};
pub use retention::{protect_retention, retention_units};
pub use units::SdcUnit;

use crate::representation::{Assessment, CityRepresentation, Metrics, RepresentationReport};
use crate::sdc::{self, CellStatus, Microdata, Publish};
use crate::stats::Stratum;
use crate::Dim;
use serde::Serialize;
use std::collections::BTreeMap;

/// How a released table was protected. Renderers must show this to the reader.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Protection {
    /// No disclosure control. Small cells may identify persons: not for publication.
    Unprotected { warning: String },
    /// Primary and secondary cell suppression, audited by linear programming (SPEC §5).
    Protected {
        /// Threshold: counts 0 < c < k are sensitive.
        k: u64,
        /// Cells suppressed because they are sensitive.
        primary: usize,
        /// Cells suppressed so that sensitive cells cannot be recomputed.
        secondary: usize,
        /// Sensitive cells whose feasible interval was computed by LP.
        audit_cells: usize,
        /// The narrowest such interval (≥ k, or the run is refused). `None` if nothing was sensitive.
        audit_min_width: Option<f64>,
        /// `exact_lp`: the attacker's exact intervals; `proven`: proven inner intervals, so
        /// `audit_min_width` is a lower bound (large linked tables, see `sdc/README.md`).
        audit_method: AuditKind,
    },
}

impl Protection {
    pub fn is_protected(&self) -> bool {
        matches!(self, Protection::Protected { .. })
    }
    /// The warning a renderer must print next to the table, if any.
    pub fn warning(&self) -> Option<&str> {
        match self {
            Protection::Unprotected { warning } => Some(warning),
            Protection::Protected { .. } => None,
        }
    }
}

/// A result that has passed the gate. Fields are private: construct it only here.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Released<T> {
    protection: Protection,
    #[serde(flatten)]
    body: T,
}

impl<T> Released<T> {
    pub fn body(&self) -> &T {
        &self.body
    }
    pub fn protection(&self) -> &Protection {
        &self.protection
    }
}

/// Proof that a person asked for unprotected figures. Creating it is the explicit,
/// greppable act (`--unprotected` on the command line); nothing else yields one.
#[derive(Debug)]
pub struct UnprotectedAck(());

impl UnprotectedAck {
    /// The caller vouches that the figures are for internal checking, not publication.
    pub fn for_internal_use_only() -> Self {
        UnprotectedAck(())
    }
}

/// How the audit intervals were obtained (see [`sdc::AuditMethod`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    /// The attacker's exact LP interval of every sensitive cell.
    ExactLp,
    /// Proven inner intervals: the exact ones are at least as wide.
    Proven,
}

impl AuditKind {
    fn of(a: &sdc::Audit) -> Self {
        if a.exact {
            Self::ExactLp
        } else {
            Self::Proven
        }
    }
    /// Both parts exact, else proven.
    fn and(self, other: Self) -> Self {
        if self == Self::ExactLp && other == Self::ExactLp {
            Self::ExactLp
        } else {
            Self::Proven
        }
    }
}

/// The German/English warning printed with every unprotected release.
pub const UNPROTECTED_WARNING: &str =
    "UNGESCHÜTZTE ZAHLEN – nicht veröffentlichen: kleine Zellen können Personen \
     erkennbar machen. / UNPROTECTED FIGURES – do not publish: small cells may identify persons.";

fn protected(p: &sdc::Protection, k: u64) -> Protection {
    Protection::Protected {
        k,
        primary: p.primary,
        secondary: p.secondary,
        audit_cells: p.audit.cells,
        audit_min_width: (p.audit.cells > 0).then_some(p.audit.min_width),
        audit_method: AuditKind::of(&p.audit),
    }
}

/// Releases `body` without disclosure control, carrying the warning with it.
pub fn release_unprotected<T>(body: T, _ack: UnprotectedAck) -> Released<T> {
    Released {
        protection: Protection::Unprotected {
            warning: UNPROTECTED_WARNING.to_owned(),
        },
        body,
    }
}

/// A table of counts after protection: suppressed cells carry no value at all, so the truth
/// of a suppressed cell cannot leave through this type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProtectedTables {
    pub k: u64,
    pub tables: Vec<ProtectedTable>,
    pub primary: usize,
    pub secondary: usize,
    pub audit: AuditSummary,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProtectedTable {
    pub dims: Vec<String>,
    pub cells: Vec<ProtectedCell>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProtectedCell {
    #[serde(serialize_with = "ser_key")]
    pub key: Vec<(String, String)>,
    pub value: Option<u64>,
    pub status: CellStatus,
}

fn ser_key<S: serde::Serializer>(key: &[(String, String)], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(key.len()))?;
    for (k, v) in key {
        m.serialize_entry(k, v)?;
    }
    m.end()
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditSummary {
    pub cells: usize,
    pub min_width: Option<f64>,
    pub method: AuditKind,
}

/// Protects arbitrary tables of counts (`abbild protect`): every published table with all
/// its margins, linked through shared margins.
pub fn protect_tables(
    data: &Microdata,
    publish: &[Publish],
    cfg: &sdc::Config,
    prior: &sdc::Prior,
    progress: &mut dyn FnMut(sdc::SdcProgress),
) -> Result<Released<ProtectedTables>, sdc::SdcError> {
    let p = sdc::protect_with_progress(data, publish, cfg, prior, progress)?;
    let mut by_dims: BTreeMap<Vec<usize>, Vec<&sdc::Cell>> = BTreeMap::new();
    for c in &p.cells {
        by_dims.entry(c.dims.clone()).or_default().push(c);
    }
    let tables = by_dims
        .into_iter()
        .map(|(dims, cells)| ProtectedTable {
            dims: dims.iter().map(|d| data.dims()[*d].clone()).collect(),
            cells: cells
                .into_iter()
                .map(|c| ProtectedCell {
                    key: c
                        .dims
                        .iter()
                        .zip(&c.key)
                        .map(|(d, v)| {
                            (
                                data.dims()[*d].clone(),
                                data.labels(*d)[*v as usize].clone(),
                            )
                        })
                        .collect(),
                    value: (c.status == CellStatus::Published).then_some(c.value),
                    status: c.status,
                })
                .collect(),
        })
        .collect();
    let body = ProtectedTables {
        k: cfg.k,
        tables,
        primary: p.primary,
        secondary: p.secondary,
        audit: AuditSummary {
            cells: p.audit.cells,
            min_width: (p.audit.cells > 0).then_some(p.audit.min_width),
            method: AuditKind::of(&p.audit),
        },
    };
    Ok(Released {
        protection: protected(&p, cfg.k),
        body,
    })
}

/// The cells every view of one city and wave shares: the city's respondents and its two
/// class totals. Each view (field × level, age, status, …) is protected on its own, so these
/// are fixed as published in all of them whenever they are not sensitive themselves; a
/// sensitive one is primary, hence suppressed, in every view alike. Either way no view can
/// publish a shared cell that another view relied on being suppressed.
fn shared_margins(m: usize, n: u64, with: u64, cfg: &sdc::Config) -> sdc::Prior {
    let mut prior = sdc::Prior::none();
    let without = n.saturating_sub(with);
    let safe = |c: u64| c >= cfg.k;
    if safe(n) {
        prior.push(Vec::new(), Vec::new(), n);
    }
    // One-class rule: "everybody here has a migration history" is itself a disclosure.
    if safe(with) && safe(without) {
        prior.push(vec![m], vec![0], with);
        prior.push(vec![m], vec![1], without);
    }
    prior
}

/// Label of the pseudo segment that holds respondents who left a grouping question open:
/// in the city's margins, never shown as a segment.
const UNASSIGNED: &str = "-";

/// Protects a representation report (SPEC §5). Per city, the cells are grouping × class
/// (with/without) and the published table is grouping × class with all its margins (the
/// city's segments, totals per class and the city total): exactly what the report shows.
/// Regional margins are not part of this output; a release that shows them (the regional
/// report) must protect them together with the cities. Figures derived from a suppressed
/// cell (share, interval, ratio, gap, assessment, response rate) are suppressed too, and
/// each city's overall is recomputed from published values.
pub fn protect_representation(
    mut report: RepresentationReport,
    cfg: &sdc::Config,
) -> Result<Released<RepresentationReport>, sdc::SdcError> {
    let by: Vec<Dim> = report.by.iter().collect();
    let m = by.len();
    let confidence = report.confidence;
    let mut cfg = cfg.clone();
    cfg.class_dim = Some(m);
    let (mut primary, mut secondary, mut audit_cells, mut min_width) = (0, 0, 0, f64::INFINITY);
    let mut method = AuditKind::ExactLp;
    for city in &mut report.cities {
        let mut dims: Vec<String> = by.iter().map(|d| d.code().to_owned()).collect();
        dims.push("class".to_owned());
        let mut labels: Vec<Vec<String>> = vec![Vec::new(); m + 1];
        labels[m] = vec!["with".to_owned(), "without".to_owned()];
        let mut index: Vec<BTreeMap<String, u32>> = vec![BTreeMap::new(); m];
        let mut code = |d: usize, v: &str| -> u32 {
            let next = u32::try_from(labels[d].len()).unwrap_or(u32::MAX);
            *index[d].entry(v.to_owned()).or_insert_with(|| {
                labels[d].push(v.to_owned());
                next
            })
        };
        let mut cells: Vec<(Vec<u32>, u64)> = Vec::new();
        let mut keys = Vec::with_capacity(city.segments.len());
        let (mut seg_n, mut seg_x) = (0u64, 0u64);
        for s in &city.segments {
            let key: Vec<u32> = s
                .key
                .0
                .iter()
                .enumerate()
                .map(|(i, (_, v))| code(i, v))
                .collect();
            let n = s.metrics.respondents.unwrap_or(0);
            let x = s.metrics.with_migration.unwrap_or(0);
            seg_n += n;
            seg_x += x;
            push_classes(&mut cells, &key, x, n);
            keys.push(key);
        }
        let tot_n = city.overall.metrics.respondents.unwrap_or(0);
        let tot_x = city.overall.metrics.with_migration.unwrap_or(0);
        if tot_n > seg_n {
            let key: Vec<u32> = (0..m).map(|i| code(i, UNASSIGNED)).collect();
            push_classes(&mut cells, &key, tot_x.saturating_sub(seg_x), tot_n - seg_n);
        }
        let data = Microdata::from_coded(dims, labels, cells)?;
        let prior = shared_margins(m, tot_n, tot_x, &cfg);
        let p = sdc::protect(&data, &[Publish::new(0..=m)], &cfg, &prior)?;
        primary += p.primary;
        secondary += p.secondary;
        audit_cells += p.audit.cells;
        method = method.and(AuditKind::of(&p.audit));
        if p.audit.cells > 0 {
            min_width = min_width.min(p.audit.min_width);
        }
        let seg_dims: Vec<usize> = (0..m).collect();
        let cls_dims: Vec<usize> = (0..=m).collect();
        let published = |dims: &[usize], key: &[u32]| {
            p.find(dims, key)
                .is_some_and(|c| c.status == CellStatus::Published)
        };
        let mut strata = Vec::new();
        for (s, key) in city.segments.iter_mut().zip(&keys) {
            let mut with_key = key.clone();
            with_key.push(0);
            let n_ok = published(&seg_dims, key);
            let x_ok = n_ok && published(&cls_dims, &with_key);
            suppress_metrics(&mut s.metrics, n_ok, x_ok);
            if let (Some(n), Some(x)) = (s.metrics.respondents, s.metrics.with_migration) {
                strata.push(Stratum {
                    headcount: s.metrics.headcount,
                    respondents: n,
                    with_migration: x,
                });
            }
        }
        let n_ok = published(&[], &[]);
        let x_ok = n_ok && published(&[m], &[0]);
        recompute_overall(city, n_ok, x_ok, &strata, confidence);
    }
    let protection = Protection::Protected {
        k: cfg.k,
        primary,
        secondary,
        audit_cells,
        audit_min_width: (audit_cells > 0).then_some(min_width),
        audit_method: method,
    };
    Ok(Released {
        protection,
        body: report,
    })
}

fn push_classes(cells: &mut Vec<(Vec<u32>, u64)>, key: &[u32], with: u64, respondents: u64) {
    for (class, v) in [(0u32, with), (1u32, respondents.saturating_sub(with))] {
        let mut k = key.to_vec();
        k.push(class);
        cells.push((k, v));
    }
}

fn suppress_metrics(m: &mut Metrics, n_published: bool, x_published: bool) {
    if !n_published {
        m.respondents = None;
        m.response_rate = None;
    }
    if !x_published {
        m.with_migration = None;
        m.share = None;
        m.ci_low = None;
        m.ci_high = None;
        m.ratio = None;
        m.gap_heads = None;
        m.assessment = Assessment::Suppressed;
    }
}

/// The overall of a city after protection: counts only if the city margins are published,
/// the share stratified over the reported segments plus the pooled rest.
fn recompute_overall(
    city: &mut CityRepresentation,
    n_ok: bool,
    x_ok: bool,
    strata: &[Stratum],
    confidence: crate::stats::Confidence,
) {
    let o = &city.overall.metrics;
    // Segments not reported are pooled into one rest stratum. Dropping them would bias the
    // share (suppression hits segments with few "with" answers), and their pooled counts
    // are public anyway: city margin minus the reported segments.
    let mut strata = strata.to_vec();
    if let (true, Some(n_all), Some(x_all)) = (x_ok, o.respondents, o.with_migration) {
        let (n_pub, x_pub, h_pub) = strata.iter().fold((0, 0, 0), |(n, x, h), s| {
            (n + s.respondents, x + s.with_migration, h + s.headcount)
        });
        if o.headcount > h_pub {
            strata.push(Stratum {
                headcount: o.headcount - h_pub,
                respondents: n_all.saturating_sub(n_pub),
                with_migration: x_all.saturating_sub(x_pub),
            });
        }
    }
    city.overall = crate::representation::overall_from(
        o.headcount,
        o.respondents.filter(|_| n_ok),
        o.with_migration.filter(|_| x_ok),
        &strata,
        o.benchmark_total,
        o.benchmark_standardized,
        confidence,
    );
    if !x_ok {
        // Without the city's margins the rest cannot be pooled; a share over the reported
        // segments alone would be biased, so none is shown.
        suppress_metrics(&mut city.overall.metrics, n_ok, false);
    }
    // The respondents outside every segment are the city's count minus the segments': shown
    // only where all of those are shown, so it never discloses a withheld segment count.
    let derivable = city.overall.metrics.respondents.is_some()
        && city
            .segments
            .iter()
            .all(|s| s.metrics.respondents.is_some());
    if !derivable {
        city.unassigned_respondents = None;
    }
}
