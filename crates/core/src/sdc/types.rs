//! Inputs and outputs of the protection step.

use super::SdcError;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

/// The finest cells: one count per combination of dimension values.
///
/// Every row marks a *possible* cell, also with count 0. A combination that is absent is a
/// structural zero: the audit assumes the attacker knows it cannot occur (conservative).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Microdata {
    dims: Vec<String>,
    labels: Vec<Vec<String>>,
    cells: Vec<(Vec<u32>, u64)>,
}

impl Microdata {
    /// Builds from labelled rows (dimension values in the order of `dims`, then the count).
    /// Value labels are numbered in order of first appearance.
    pub fn from_rows<I>(dims: Vec<String>, rows: I) -> Result<Self, SdcError>
    where
        I: IntoIterator<Item = (Vec<String>, u64)>,
    {
        let mut lookup: Vec<FxHashMap<String, u32>> = vec![FxHashMap::default(); dims.len()];
        let mut labels: Vec<Vec<String>> = vec![Vec::new(); dims.len()];
        let mut cells = Vec::new();
        for (row, count) in rows {
            if row.len() != dims.len() {
                return Err(SdcError::RowLength {
                    expected: dims.len(),
                    found: row.len(),
                });
            }
            let mut key = Vec::with_capacity(row.len());
            for (d, value) in row.into_iter().enumerate() {
                let next = u32::try_from(labels[d].len()).map_err(|_| SdcError::TooLarge)?;
                let id = *lookup[d].entry(value.clone()).or_insert_with(|| {
                    labels[d].push(value);
                    next
                });
                key.push(id);
            }
            cells.push((key, count));
        }
        Self::from_coded(dims, labels, cells)
    }

    /// Builds from value indices into `labels[dim]` (no string handling: for large generated data).
    pub fn from_coded(
        dims: Vec<String>,
        labels: Vec<Vec<String>>,
        cells: Vec<(Vec<u32>, u64)>,
    ) -> Result<Self, SdcError> {
        if labels.len() != dims.len() {
            return Err(SdcError::RowLength {
                expected: dims.len(),
                found: labels.len(),
            });
        }
        let mut seen = FxHashSet::default();
        for (key, _) in &cells {
            if key.len() != dims.len() {
                return Err(SdcError::RowLength {
                    expected: dims.len(),
                    found: key.len(),
                });
            }
            for (d, &v) in key.iter().enumerate() {
                if v as usize >= labels[d].len() {
                    return Err(SdcError::UnknownValue {
                        dim: dims[d].clone(),
                        index: v,
                    });
                }
            }
            if !seen.insert(key.as_slice()) {
                return Err(SdcError::DuplicateCell {
                    key: key
                        .iter()
                        .enumerate()
                        .map(|(d, &v)| labels[d][v as usize].clone())
                        .collect(),
                });
            }
        }
        Ok(Self {
            dims,
            labels,
            cells,
        })
    }

    pub fn dims(&self) -> &[String] {
        &self.dims
    }
    /// The value labels of dimension `dim`; a key's entry indexes into this.
    pub fn labels(&self, dim: usize) -> &[String] {
        &self.labels[dim]
    }
    pub fn cells(&self) -> &[(Vec<u32>, u64)] {
        &self.cells
    }
    /// Index of the dimension called `name`.
    pub fn dim(&self, name: &str) -> Option<usize> {
        self.dims.iter().position(|d| d == name)
    }
    /// Number of respondents (sum of all counts).
    pub fn total(&self) -> u64 {
        self.cells.iter().map(|(_, c)| c).sum()
    }
}

/// One table to publish, given by its dimensions. It includes all its margins: the tables of
/// every subset of its dimensions, down to the grand total.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Publish(Vec<usize>);

impl Publish {
    pub fn new(dims: impl IntoIterator<Item = usize>) -> Self {
        let mut d: Vec<usize> = dims.into_iter().collect();
        d.sort_unstable();
        d.dedup();
        Self(d)
    }
    /// The table of the named dimensions of `data` (the CLI's `--publish field,level,class`).
    pub fn by_names(data: &Microdata, names: &[&str]) -> Result<Self, SdcError> {
        let dims = names
            .iter()
            .map(|n| {
                data.dim(n.trim())
                    .ok_or_else(|| SdcError::UnknownDim((*n).to_owned()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self::new(dims))
    }
    pub fn dims(&self) -> &[usize] {
        &self.0
    }
}

/// A cell published by an earlier release: a fixed, public input of this one (SPEC §5:
/// releases build on each other). `key[i]` is the value index of `dims[i]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PriorCell {
    pub dims: Vec<usize>,
    pub key: Vec<u32>,
    pub value: u64,
}

/// Everything published before from the same finest cells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prior {
    cells: Vec<PriorCell>,
}

impl Prior {
    /// No earlier release.
    pub fn none() -> Self {
        Self::default()
    }
    pub fn push(&mut self, dims: Vec<usize>, key: Vec<u32>, value: u64) {
        self.cells.push(PriorCell { dims, key, value });
    }
    /// Every cell that an earlier protection published (the usual case: this release adds
    /// tables to, or repeats, an earlier one).
    pub fn from_protection(earlier: &Protection) -> Self {
        Self {
            cells: earlier
                .cells
                .iter()
                .filter(|c| c.status == CellStatus::Published)
                .map(|c| PriorCell {
                    dims: c.dims.clone(),
                    key: c.key.clone(),
                    value: c.value,
                })
                .collect(),
        }
    }
    pub fn cells(&self) -> &[PriorCell] {
        &self.cells
    }
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
}

/// Which linear program the audit solves. Both give the same intervals where `Tables`
/// applies; `Atoms` exists to cross-check that claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LpModel {
    /// `Tables` when it is exact (acyclic tables over complete finest cells), else `Atoms`.
    #[default]
    Auto,
    /// Variables are the finest cells.
    Atoms,
}

/// Rules of the protection step (SPEC §5).
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Threshold: a count `0 < c < k` is primary-sensitive. Never below 3.
    pub k: u64,
    /// Required width `max - min` of every sensitive cell's feasible interval.
    pub protection: f64,
    /// Treat zero counts as sensitive too.
    pub zeros_sensitive: bool,
    /// The class dimension (`with` / `without`). Whenever it is set, the one-class rule
    /// applies (SPEC §5, group disclosure): a segment (same key on the other dimensions, in
    /// any published table, margins included) with respondents who all fall in one class has
    /// every class cell primary-sensitive, the empty ones too, so that the audit proves the
    /// attacker can neither pin the empty class at 0 nor the full one at the segment total.
    /// The rule has no switch: it is configurable only upward (`k`, `protection`,
    /// `zeros_sensitive`), never off. Every product path sets the class dimension
    /// (`disclosure::protect_representation`, the pipeline and retention units, `abbild
    /// protect` on a column `class`).
    pub class_dim: Option<usize>,
    /// Worker threads (1 = none spawned): for the exact audit, and from 2 on for a parallel
    /// suppression pass per block when a dimension is a function of another (state of
    /// municipality). The result does not depend on the timing, nor on the number of threads
    /// beyond 2 (but differs from the single-threaded one: another valid pattern).
    pub threads: usize,
    pub lp_model: LpModel,
    /// How the audit computes each sensitive cell's interval.
    pub audit: AuditMethod,
}

/// How the audit reports intervals. The guarantee (width ≥ `protection`) is the same; what
/// differs is whether the reported interval is the attacker's exact one or a proven part of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditMethod {
    /// `ExactLp` while the pattern is small enough for the pure-Rust solver
    /// ([`AUTO_EXACT_MAX_SUPPRESSED`] suppressed cells), `Proven` beyond.
    #[default]
    Auto,
    /// The attacker's exact interval for every sensitive cell (one LP pair each).
    ExactLp,
    /// The intervals proven while suppressing: both ends are attained by tables consistent
    /// with everything published, so the attacker's interval contains them. Milliseconds.
    Proven,
}

/// Up to this many suppressed cells [`AuditMethod::Auto`] solves the exact LPs. Measured: a
/// W1 city (882 cells, ~500 suppressed) audits exactly in well under a second; all ten W1
/// cities jointly (2,374 suppressed) did not finish in ten minutes.
pub const AUTO_EXACT_MAX_SUPPRESSED: usize = 600;

impl Default for Config {
    fn default() -> Self {
        Self::with_k(5)
    }
}

impl Config {
    /// Threshold `k` with the default protection width `k`.
    pub fn with_k(k: u64) -> Self {
        Self {
            k,
            protection: k as f64,
            zeros_sensitive: false,
            class_dim: None,
            threads: 1,
            lp_model: LpModel::Auto,
            audit: AuditMethod::Auto,
        }
    }
}

/// Why a cell is (not) shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CellStatus {
    Published,
    /// Sensitive itself.
    Primary,
    /// Suppressed to protect a primary cell.
    Secondary,
}

/// One published-table cell. The value is the truth; the caller's gate decides what leaves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// The dimensions of the (margin) table this cell belongs to; `[]` is the grand total.
    pub dims: Vec<usize>,
    /// Value index per entry of `dims`.
    pub key: Vec<u32>,
    pub value: u64,
    pub status: CellStatus,
    /// Published by an earlier release (then always `Published`).
    pub prior: bool,
}

impl Cell {
    pub fn is_suppressed(&self) -> bool {
        self.status != CellStatus::Published
    }
}

/// The feasible interval of one sensitive cell, given everything published.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    /// Index into [`Protection::cells`] (or into the pattern given to [`super::audit_pattern`]).
    pub cell: usize,
    pub min: f64,
    /// `f64::INFINITY` when nothing published bounds the cell.
    pub max: f64,
}

impl Interval {
    pub fn width(&self) -> f64 {
        self.max - self.min
    }
}

/// The LP audit: for every primary-sensitive cell, the min and max of its value over all
/// non-negative real finest cells that reproduce every published and prior value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Audit {
    /// Number of sensitive cells audited.
    pub cells: usize,
    /// Smallest width (`f64::INFINITY` when there is no sensitive cell).
    pub min_width: f64,
    /// `true`: every interval is the attacker's exact LP interval; `false`: proven intervals
    /// (inside the exact ones, so `min_width` is a lower bound of the true narrowest width).
    pub exact: bool,
    pub intervals: Vec<Interval>,
}

/// The result of [`super::protect`]: every cell of every published table with its status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Protection {
    pub cells: Vec<Cell>,
    pub primary: usize,
    pub secondary: usize,
    pub audit: Audit,
}

impl Protection {
    /// The cell of table `dims` (sorted) with `key`.
    pub fn find(&self, dims: &[usize], key: &[u32]) -> Option<&Cell> {
        self.cells.iter().find(|c| c.dims == dims && c.key == key)
    }
    pub fn suppressed(&self) -> usize {
        self.primary + self.secondary
    }
}

/// Phase of the protection step, for progress reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SdcPhase {
    /// Building the cells of all tables and their additive relations.
    Structure,
    /// Checking cells already published by an earlier release.
    Prior,
    /// Secondary suppression: auditing and repairing sensitive cells one by one.
    Suppress,
    /// Publishing again secondary cells that no proof needs (`done`/`total`: secondary cells
    /// examined; it stops early when its work budget is spent).
    Cleanup,
    /// The final LP audit of every sensitive cell.
    Audit,
}

/// Progress report: `done` of `total` steps of `phase`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SdcProgress {
    pub phase: SdcPhase,
    pub done: usize,
    pub total: usize,
    /// Cells suppressed so far (primary + secondary).
    pub suppressed: usize,
}
