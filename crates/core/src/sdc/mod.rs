//! Statistical disclosure control (SPEC §5): primary and secondary cell suppression with an LP audit.
//!
//! Input: the finest cells ([`Microdata`]) and the tables to publish ([`Publish`], each with all
//! its margins). Output ([`Protection`]): every cell of every published table, published or
//! suppressed with the reason, and the [`Audit`].
//!
//! # Algorithm (details and citations in `README.md` next to this file)
//! The requirement is *interval protection*: after publication, the attacker's linear
//! programme (min and max of a sensitive cell over all non-negative finest cells that
//! reproduce every published value, this release's and earlier ones') must leave an interval at
//! least `protection` wide. Statistics Norway's GaussSuppression (Langsrud 2024) only prevents
//! exact linear disclosure; τ-ARGUS' hypercube method over-suppresses and treats linked tables
//! approximately; the optimal Fischetti–Salazar MIP is too slow for seconds. So every
//! suppression here comes with a *witness*: explicit tables the attacker cannot exclude that
//! move the sensitive cell up and down.
//!
//! 1. **Primary**: `0 < c < k` (optionally zeros, and the one-class rule).
//! 2. **Secondary**, for each sensitive cell, deepest and smallest first: generalised
//!    hypercubes (`cube`) whose every moved cell is followed through the additive relations
//!    of all linked tables — free ones first, then the cheapest; where cubes cannot do it, the
//!    LP relaxation of the Fischetti–Salazar protection subproblem on a neighbourhood
//!    (`lp::repair_lp`), whose solution is the witness. Suppressions only widen intervals, so
//!    a cell once proven stays proven.
//!    With [`Config::threads`] ≥ 2 and a dimension that is a function of another (state of
//!    municipality), each state's cells go first, in parallel, with cubes that newly suppress
//!    only cells of that state; the merged pattern keeps every witness valid, and the rest is
//!    done on it as above.
//! 3. **Cleanup**: secondary cells that no witness needs any more are published again.
//! 4. **Audit**: per sensitive cell the proven interval (both ends attained), or with
//!    [`AuditMethod::ExactLp`] (automatic for small patterns) the attacker's exact LP interval, solved by column generation
//!    (`lp`) on the finest cells or, where that is provably equivalent, on the cells of the
//!    linked tables (`model`).
//!
//! Earlier releases ([`Prior`]) are fixed constraints: never suppressed, part of every audit
//! LP, and if they alone already narrow a sensitive cell the step refuses
//! ([`SdcError::PriorDiscloses`]).

mod baseline;
mod cube;
mod error;
mod lp;
mod model;
mod protect;
mod types;

pub use baseline::protect_baseline;
pub use error::SdcError;
pub use protect::{audit_pattern, protect, protect_with_progress};
pub use types::{
    Audit, AuditMethod, Cell, CellStatus, Config, Interval, LpModel, Microdata, Prior, PriorCell,
    Protection, Publish, SdcPhase, SdcProgress, AUTO_EXACT_MAX_SUPPRESSED,
};
