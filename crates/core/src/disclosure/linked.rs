//! Representation tables protected given every earlier release of the same data (SPEC §5:
//! "releases build on each other").
//!
//! A viewer who asks for field × level, then field, then level gets three tables. Each one,
//! protected alone, may be safe, but together their margins narrow small cells (issue 13).
//! Here a new table is protected over the *finest* counts that every release so far and the
//! new one are sums of (the union of their groupings, each respondent's "no answer" kept as a
//! value `-`), with every cell published before fixed as a prior. So the audit's attacker
//! knows all earlier releases, whatever their grouping; what it cannot prove safe is withheld,
//! and if the earlier releases alone already narrow a sensitive cell the table is refused
//! (`SdcError::PriorDiscloses`).

use super::{recompute_overall, shared_margins, suppress_metrics, AuditKind, Protection, Released};
use crate::representation::{value_code, CityRepresentation, RepresentationReport};
use crate::sdc::{self, CellStatus, Microdata, Publish};
use crate::stats::Stratum;
use crate::{Answers, Class, Definition, Dim, DimSet, FieldCatalog, SegmentKey};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Name of the class dimension in released cells.
pub const CLASS_DIM: &str = "class";
const CLASSES: [&str; 2] = ["with", "without"];

/// One cell of a release, in labels, so that it means the same in every later run.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ReleasedCell {
    /// Dimension codes (`field`, `level`, …, `class`); empty for the grand total.
    pub dims: Vec<String>,
    /// One value label per dimension.
    pub key: Vec<String>,
    pub value: u64,
}

/// One city's respondents by every dimension of the survey, per class: the data every release
/// of this city, wave and definition is a sum of.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Finest {
    /// Per combination of value codes (one per [`Dim::ALL`], `-` = no answer): with, without.
    atoms: BTreeMap<[String; 6], [u64; 2]>,
}

impl Finest {
    /// Classifies the answers under `definition`; unclassifiable answers are in no table.
    pub fn from_responses(
        responses: &[(SegmentKey, Answers, u64)],
        definition: Definition,
        catalog: &FieldCatalog,
    ) -> Self {
        let mut atoms: BTreeMap<[String; 6], [u64; 2]> = BTreeMap::new();
        for (key, a, n) in responses {
            let i = match definition.classify(*a) {
                Class::With => 0,
                Class::Without => 1,
                Class::Unknown => continue,
            };
            let k = Dim::ALL.map(|d| value_code(key, d, catalog));
            atoms.entry(k).or_default()[i] += n;
        }
        Finest { atoms }
    }

    /// A fingerprint of the counts: a release of other data is another scope.
    pub fn canonical(&self) -> String {
        let mut s = String::new();
        for (k, [w, o]) in &self.atoms {
            s.push_str(&k.join("\u{1f}"));
            s.push_str(&format!("\u{1e}{w}\u{1e}{o}\n"));
        }
        s
    }

    /// The finest cells over `dims` (plus class), as the protection step's microdata.
    fn microdata(&self, dims: &[Dim]) -> Result<Microdata, sdc::SdcError> {
        let idx: Vec<usize> = dims.iter().map(|d| dim_pos(*d)).collect();
        let mut agg: BTreeMap<Vec<String>, [u64; 2]> = BTreeMap::new();
        for (k, c) in &self.atoms {
            let e = agg
                .entry(idx.iter().map(|&i| k[i].clone()).collect())
                .or_default();
            e[0] += c[0];
            e[1] += c[1];
        }
        let mut names: Vec<String> = dims.iter().map(|d| d.code().to_owned()).collect();
        names.push(CLASS_DIM.to_owned());
        // Both classes of every combination are possible cells (a zero marks one), so
        // "nobody here is in class with" is never assumed known. Labels are numbered in
        // order of appearance: `with` is 0, `without` 1.
        let rows = agg.into_iter().flat_map(|(k, c)| {
            CLASSES.iter().zip(c).map(move |(cls, v)| {
                let mut key = k.clone();
                key.push((*cls).to_owned());
                (key, v)
            })
        });
        Microdata::from_rows(names, rows)
    }
}

fn dim_pos(d: Dim) -> usize {
    Dim::ALL.iter().position(|x| *x == d).unwrap_or(0)
}

/// One city's release as the registry keeps it: the cells it published and how it was
/// protected (for the protection line when the same table is shown again).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recorded {
    pub cells: Vec<ReleasedCell>,
    pub primary: usize,
    pub secondary: usize,
    pub audit_cells: usize,
    pub audit_min_width: Option<f64>,
    pub exact: bool,
}

/// What one city's new table is protected against.
#[derive(Debug, Clone, Default)]
pub struct Linked {
    pub finest: Finest,
    /// Every cell published before from the same data (any grouping).
    pub prior: Vec<ReleasedCell>,
    /// An earlier release of the same grouping of the same data. Showing exactly its cells
    /// again reveals nothing new, so it is shown as it was, without a new protection run
    /// (cheap, and the same table never shows two different faces).
    pub repeat: Option<Recorded>,
}

/// The dimensions of a release's cells (without `class`).
fn dims_of(cells: &[ReleasedCell]) -> DimSet {
    cells
        .iter()
        .flat_map(|c| c.dims.iter())
        .filter_map(|d| Dim::ALL.into_iter().find(|x| x.code() == d))
        .fold(DimSet::EMPTY, |s, d| s.with(d))
}

/// [`super::protect_representation`] given earlier releases: per city in `linked`, the new
/// table (grouping `report.by`) is protected over the finest counts of its grouping and every
/// earlier one's, with every earlier published cell fixed. Returns the release and, per city,
/// the cells it publishes (for the registry). Cities missing from `linked` are refused
/// (`InvalidInput`): from stored data every table takes this door.
pub fn protect_representation_linked(
    mut report: RepresentationReport,
    cfg: &sdc::Config,
    linked: &BTreeMap<crate::Ags, Linked>,
) -> Result<
    (
        Released<RepresentationReport>,
        BTreeMap<crate::Ags, Recorded>,
    ),
    sdc::SdcError,
> {
    let by = report.by;
    let confidence = report.confidence;
    let mut tally = Tally::default();
    let mut out = BTreeMap::new();
    for city in &mut report.cities {
        let l = linked.get(&city.ags).ok_or_else(|| {
            sdc::SdcError::InvalidInput(format!("Stadt {}: keine feinsten Zellen", city.ags))
        })?;
        let rec = match &l.repeat {
            Some(rep) => {
                show_recorded(city, rep, confidence);
                rep.clone()
            }
            None => protect_city(city, by, cfg, l, confidence)?,
        };
        tally.add_recorded(&rec);
        out.insert(city.ags, rec);
    }
    Ok((
        Released {
            protection: tally.protection(cfg.k),
            body: report,
        },
        out,
    ))
}

/// Sums of the per-city protection runs, for the one protection line.
#[derive(Debug)]
struct Tally {
    primary: usize,
    secondary: usize,
    audit_cells: usize,
    min_width: f64,
    method: AuditKind,
}

impl Default for Tally {
    fn default() -> Self {
        Self {
            primary: 0,
            secondary: 0,
            audit_cells: 0,
            min_width: f64::INFINITY,
            method: AuditKind::ExactLp,
        }
    }
}

impl Tally {
    fn add_recorded(&mut self, r: &Recorded) {
        self.primary += r.primary;
        self.secondary += r.secondary;
        self.audit_cells += r.audit_cells;
        if let Some(w) = r.audit_min_width {
            self.min_width = self.min_width.min(w);
        }
        if !r.exact {
            self.method = AuditKind::Proven;
        }
    }
    /// Counts the cells of the tables that are shown (`shown` by their dimensions).
    fn add(&mut self, p: &sdc::Protection, shown: &dyn Fn(&[usize]) -> bool) {
        for c in p.cells.iter().filter(|c| shown(&c.dims)) {
            match c.status {
                CellStatus::Primary => self.primary += 1,
                CellStatus::Secondary => self.secondary += 1,
                CellStatus::Published => {}
            }
        }
        for iv in &p.audit.intervals {
            if p.cells.get(iv.cell).is_some_and(|c| shown(&c.dims)) {
                self.audit_cells += 1;
                self.min_width = self.min_width.min(iv.width());
            }
        }
        self.method = self.method.and(AuditKind::of(&p.audit));
    }
    fn protection(&self, k: u64) -> Protection {
        Protection::Protected {
            k,
            primary: self.primary,
            secondary: self.secondary,
            audit_cells: self.audit_cells,
            audit_min_width: (self.audit_cells > 0).then_some(self.min_width),
            audit_method: self.method,
        }
    }
}

fn protect_city(
    city: &mut CityRepresentation,
    by: DimSet,
    cfg: &sdc::Config,
    l: &Linked,
    confidence: crate::stats::Confidence,
) -> Result<Recorded, sdc::SdcError> {
    let mut tally = Tally::default();
    let union = by.union(dims_of(&l.prior));
    let dims: Vec<Dim> = union.iter().collect();
    let m = dims.len();
    let data = l.finest.microdata(&dims)?;
    let mut cfg = cfg.clone();
    cfg.class_dim = Some(m);
    let code_of = |d: usize, label: &str| -> Option<u32> {
        data.labels(d)
            .iter()
            .position(|x| x == label)
            .and_then(|i| u32::try_from(i).ok())
    };
    let tot_n = city.overall.metrics.respondents.unwrap_or(0);
    let tot_x = city.overall.metrics.with_migration.unwrap_or(0);
    let mut prior = shared_margins(m, tot_n, tot_x, &cfg);
    // The city's total and class totals are in `prior` already (same values).
    for c in l
        .prior
        .iter()
        .filter(|c| !c.dims.is_empty() && c.dims != [CLASS_DIM])
    {
        let mut ds = Vec::with_capacity(c.dims.len());
        let mut key = Vec::with_capacity(c.dims.len());
        for (name, label) in c.dims.iter().zip(&c.key) {
            let d = data
                .dim(name)
                .ok_or_else(|| sdc::SdcError::UnknownDim(name.clone()))?;
            // A label the data does not have: that cell's value is 0 in these data.
            let Some(v) = code_of(d, label) else {
                if c.value == 0 {
                    ds.clear();
                    break;
                }
                return Err(sdc::SdcError::PriorMismatch {
                    dims: c.dims.clone(),
                    key: c.key.clone(),
                    prior: c.value,
                    actual: 0,
                });
            };
            ds.push(d);
            key.push(v);
        }
        if ds.len() == c.dims.len() {
            prior.push(ds, key, c.value);
        }
    }
    let pos: Vec<usize> = by
        .iter()
        .map(|d| dims.iter().position(|x| *x == d).unwrap_or(0))
        .collect();
    let mut new_table: Vec<usize> = pos.clone();
    new_table.push(m);
    let new_table = Publish::new(new_table);
    // The earlier tables are published again with the new one: their sensitive cells must
    // stay protected whatever the new table shows (their published cells are fixed by the
    // prior, their withheld ones may stay withheld). Only the new table is shown.
    let mut tables: std::collections::BTreeSet<Vec<usize>> = std::collections::BTreeSet::new();
    tables.insert(new_table.dims().to_vec());
    for c in prior.cells() {
        tables.insert(Publish::new(c.dims.iter().copied()).dims().to_vec());
    }
    // Margins of another table are in it already.
    let maximal: Vec<Vec<usize>> = tables
        .iter()
        .filter(|t| {
            !tables
                .iter()
                .any(|o| o.len() > t.len() && t.iter().all(|d| o.contains(d)))
        })
        .cloned()
        .collect();
    let publish: Vec<Publish> = maximal.into_iter().map(Publish::new).collect();
    let p = sdc::protect(&data, &publish, &cfg, &prior)?;
    let shown = |dims: &[usize]| dims.iter().all(|d| new_table.dims().contains(d));
    tally.add(&p, &shown);

    // Publish::new sorts its dimensions; cells are keyed in that order.
    let mut order: Vec<usize> = (0..pos.len()).collect();
    order.sort_by_key(|&i| pos[i]);
    let seg_dims: Vec<usize> = order.iter().map(|&i| pos[i]).collect();
    let mut cls_dims = seg_dims.clone();
    cls_dims.push(m);
    let status = |ds: &[usize], key: Option<Vec<u32>>| -> bool {
        // A combination nobody answered is a published zero.
        key.is_none_or(|k| {
            p.find(ds, &k)
                .is_none_or(|c| c.status == CellStatus::Published)
        })
    };
    let mut strata = Vec::new();
    for s in &mut city.segments {
        let key: Option<Vec<u32>> = order
            .iter()
            .map(|&i| code_of(pos[i], s.key.0.get(i).map_or("-", |(_, v)| v.as_str())))
            .collect();
        let n_ok = status(&seg_dims, key.clone());
        let with_key = key.map(|mut k| {
            k.push(0);
            k
        });
        let x_ok = n_ok && status(&cls_dims, with_key);
        suppress_metrics(&mut s.metrics, n_ok, x_ok);
        if let (Some(n), Some(x)) = (s.metrics.respondents, s.metrics.with_migration) {
            strata.push(Stratum {
                headcount: s.metrics.headcount,
                respondents: n,
                with_migration: x,
            });
        }
    }
    let n_ok = status(&[], Some(Vec::new()));
    let x_ok = n_ok && status(&[m], Some(vec![0]));
    recompute_overall(city, n_ok, x_ok, &strata, confidence);

    let cells = p
        .cells
        .iter()
        .filter(|c| c.status == CellStatus::Published && shown(&c.dims))
        .map(|c| ReleasedCell {
            dims: c.dims.iter().map(|d| data.dims()[*d].clone()).collect(),
            key: c
                .dims
                .iter()
                .zip(&c.key)
                .map(|(d, v)| data.labels(*d)[*v as usize].clone())
                .collect(),
            value: c.value,
        })
        .collect();
    Ok(Recorded {
        cells,
        primary: tally.primary,
        secondary: tally.secondary,
        audit_cells: tally.audit_cells,
        audit_min_width: (tally.audit_cells > 0).then_some(tally.min_width),
        exact: tally.method == AuditKind::ExactLp,
    })
}

/// Shows a city's table exactly as an earlier release of the same grouping and data did.
fn show_recorded(
    city: &mut CityRepresentation,
    rep: &Recorded,
    confidence: crate::stats::Confidence,
) {
    let published: std::collections::HashSet<(&[String], &[String])> = rep
        .cells
        .iter()
        .map(|c| (c.dims.as_slice(), c.key.as_slice()))
        .collect();
    let has = |dims: &[String], key: &[String]| published.contains(&(dims, key));
    let mut strata = Vec::new();
    for s in &mut city.segments {
        let dims: Vec<String> = s.key.0.iter().map(|(d, _)| d.code().to_owned()).collect();
        let key: Vec<String> = s.key.0.iter().map(|(_, v)| v.clone()).collect();
        // Nobody answered here: a published zero, as in the protection run.
        let nobody = s.metrics.respondents == Some(0);
        let n_ok = nobody || has(&dims, &key);
        let mut cd = dims.clone();
        cd.push(CLASS_DIM.to_owned());
        let mut ck = key.clone();
        ck.push(CLASSES[0].to_owned());
        let x_ok = n_ok && (nobody || has(&cd, &ck));
        suppress_metrics(&mut s.metrics, n_ok, x_ok);
        if let (Some(n), Some(x)) = (s.metrics.respondents, s.metrics.with_migration) {
            strata.push(Stratum {
                headcount: s.metrics.headcount,
                respondents: n,
                with_migration: x,
            });
        }
    }
    let n_ok = has(&[], &[]);
    let x_ok = n_ok && has(&[CLASS_DIM.to_owned()], &[CLASSES[0].to_owned()]);
    recompute_overall(city, n_ok, x_ok, &strata, confidence);
}
