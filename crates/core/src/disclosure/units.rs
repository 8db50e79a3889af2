//! One protection problem per city and year span, shared by the pipeline and exits reports.
//!
//! Both reports count persons, so their counts go through the same cell suppression with LP
//! audit as the survey tables ([`crate::sdc`]). Each city and year span is one protection
//! problem ([`SdcUnit`]): different cities and years are different persons, and nothing
//! published adds them up. Counts keep their values when published; a withheld count is
//! `None`, and every figure computed from it is recomputed as `None` by the report's own code
//! (so what uses which count is decided in one place and cannot drift apart).

use super::{AuditKind, Protection};
use crate::definition::Class;
use crate::dims::Ags;
use crate::sdc::{self, CellStatus, Microdata, Publish, SdcError};
use rustc_hash::FxHashMap;

/// One protection problem: the finest cells of one city and year span, and the tables the
/// report publishes from them. Public so that the audit can be repeated independently (the
/// staff council's check, the tests): `sdc::audit_pattern(&u.data, &u.publish, …)`.
#[derive(Debug, Clone)]
pub struct SdcUnit {
    pub ags: Ags,
    /// The year span as shown (`2023`, `2022–2024`).
    pub years: String,
    pub data: Microdata,
    pub publish: Vec<Publish>,
    /// The group dimension (`with` / `without` / `unknown`), the class dimension of the
    /// one-class rule.
    pub class_dim: usize,
}

impl SdcUnit {
    /// The published cell (`dims`, `key`) that holds, in a pipeline unit, the count of
    /// stage `stage` (0-based, funnel order) of the `occupation`-th occupation of the city
    /// line and `group`: the first stage is the margin occupation × group, a later stage j
    /// the `yes` cell of `reached j`.
    pub fn pipeline_stage_cell(
        occupation: u32,
        stage: usize,
        group: Class,
    ) -> (Vec<usize>, Vec<u32>) {
        super::pipeline::stage_cell(occupation, stage, group)
    }
    /// `cfg` with this unit's class dimension: the one-class rule (if `cfg` asks for it)
    /// applies to the groups.
    pub fn config(&self, cfg: &sdc::Config) -> sdc::Config {
        let mut c = cfg.clone();
        c.class_dim = Some(self.class_dim);
        c
    }
}

/// A cell of a published table: its dimensions and value indices (as in [`sdc::Cell`]).
pub(super) type CellRef = (Vec<usize>, Vec<u32>);

/// The groups whose counts are published. Persons of unknown group are not: the figures
/// compare `with` and `without` only, and their (usually tiny) counts, once published next to
/// group totals, would force the suppression of the very counts the comparison needs. They
/// are withheld in every release and take no part in the protection problem.
pub(super) const GROUPS: [Class; 2] = [Class::With, Class::Without];

pub(super) fn gi(g: Class) -> u32 {
    match g {
        Class::With => 0,
        Class::Without => 1,
        Class::Unknown => 2,
    }
}

pub(super) fn group_labels() -> Vec<String> {
    GROUPS.iter().map(|g| g.code().to_owned()).collect()
}

pub(super) fn invalid(what: String) -> SdcError {
    SdcError::InvalidInput(what)
}

/// Totals of the protection runs of several units, for the one [`Protection`] of a release.
pub(super) struct Summary {
    primary: usize,
    secondary: usize,
    audit_cells: usize,
    min_width: f64,
    method: AuditKind,
}

impl Summary {
    pub(super) fn new() -> Self {
        Self {
            primary: 0,
            secondary: 0,
            audit_cells: 0,
            min_width: f64::INFINITY,
            method: AuditKind::ExactLp,
        }
    }
    pub(super) fn add(&mut self, p: &sdc::Protection) {
        self.primary += p.primary;
        self.secondary += p.secondary;
        self.audit_cells += p.audit.cells;
        self.method = self.method.and(AuditKind::of(&p.audit));
        if p.audit.cells > 0 {
            self.min_width = self.min_width.min(p.audit.min_width);
        }
    }
    pub(super) fn protection(&self, k: u64) -> Protection {
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

/// Runs the protection step on one unit; returns a lookup "is this cell published?".
pub(super) fn run(
    unit: &SdcUnit,
    cfg: &sdc::Config,
    summary: &mut Summary,
) -> Result<impl Fn(&CellRef) -> bool, SdcError> {
    let p = sdc::protect(
        &unit.data,
        &unit.publish,
        &unit.config(cfg),
        &sdc::Prior::none(),
    )?;
    summary.add(&p);
    let status: FxHashMap<CellRef, CellStatus> = p
        .cells
        .into_iter()
        .map(|c| ((c.dims, c.key), c.status))
        .collect();
    // A cell the tables do not have is not published (cannot happen: every funnel position
    // is a finest cell, zeros included).
    Ok(move |cell: &CellRef| status.get(cell) == Some(&CellStatus::Published))
}
