//! Statistical disclosure control (SPEC §5): primary and secondary cell suppression with an LP audit.
//!
//! Input: the finest cells ([`Microdata`]) and the tables to publish ([`Publish`], each with all
//! its margins). Output ([`Protection`]): every cell of every published table, published or
//! suppressed with the reason, and the [`Audit`].
//!
//! # Why an audit-driven algorithm
//! The requirement is *interval protection*: after publication, the attacker's linear
//! programme (min and max of a sensitive cell over all non-negative finest cells that
//! reproduce every published value, this release's and earlier ones') must leave an interval at
//! least `protection` wide. Statistics Norway's GaussSuppression (Langsrud 2024) only prevents
//! exact linear disclosure and leaves some cells narrowable below k; τ-ARGUS' hypercube method
//! is fast but over-suppresses and only approximates linked tables. So this module makes the
//! LP itself the engine, as in the Fischetti–Salazar model (2000, "Models and algorithms for
//! optimizing cell suppression in tabular data with linear constraints", JASA 95), solved
//! heuristically cell by cell:
//!
//! 1. **Primary**: `0 < c < k` (optionally zeros, and the one-class rule).
//! 2. **Secondary**, for each sensitive cell, deepest and smallest first: compute its interval
//!    (*attacker subproblem*). If it is too narrow, solve the LP relaxation of the *protection
//!    subproblem* on a neighbourhood of the cell: the cheapest deviation of the tables that
//!    moves the cell far enough while every published cell stays put; suppress the published
//!    cells it had to move (cost per cell ≈ 1, a little more for large counts and margins).
//!    Suppressions only widen intervals, so a cell once safe stays safe.
//! 3. **Audit**: the exact interval of every sensitive cell under the final pattern. It is part
//!    of the output; a cell below `protection` (numerical trouble) goes back to step 2, so the
//!    step never returns a pattern that fails its own audit.
//!
//! The LPs stay small because published cells are constants and the audit LP is solved by
//! column generation (see [`lp`]), and because linked tables that form an acyclic hypergraph
//! over complete finest cells are audited on their own cells rather than the finest cells
//! (see [`model`]) — exact in both cases, not an approximation.
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
    Audit, Cell, CellStatus, Config, Interval, LpModel, Microdata, Prior, PriorCell, Protection,
    Publish, SdcPhase, SdcProgress,
};
