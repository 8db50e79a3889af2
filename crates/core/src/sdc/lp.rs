//! The linear programs: the attacker's interval of a sensitive cell (audit), and the cheapest
//! set of extra suppressions that widens it (repair).
//!
//! The audit LP is solved by *column generation*: it starts with the variables of the cell
//! itself, every other variable held at its true value, and adds a variable only when its
//! reduced cost under the current dual solution says that moving it would improve the
//! objective. When no variable prices out, the restricted optimum is the optimum of the whole
//! system (LP duality), so the interval is exact although each LP only sees the few dozen
//! cells around the sensitive one. Published cells are constants; only suppressed cells (and
//! finest cells not pinned by a published cell) are variables.

use super::model::Structure;
use super::SdcError;
use microlp::{ComparisonOp, Error as LpError, OptimizationDirection, Problem};
use rustc_hash::FxHashMap;

const PRICE_TOL: f64 = 1e-7;
const DUAL_ZERO: f64 = 1e-9;
/// Columns added per pricing round.
const MAX_NEW_COLUMNS: usize = 24;

/// Which cells are suppressed, and what follows from it for the LP.
#[derive(Debug, Clone)]
pub(crate) struct State<'a> {
    pub st: &'a Structure,
    pub suppressed: Vec<bool>,
    /// Number of `true` entries of `suppressed`.
    n_suppressed: usize,
    /// Base cells whose value is known exactly from published cells (published themselves,
    /// inside a published zero, or the only child of a published cell).
    pinned: Vec<bool>,
    /// Confinement to one block of a decomposition (`cell_block`, block): only the block's
    /// cells may be newly suppressed (see `protect::suppress_blocks`). `None`: any cell.
    pub only: Option<(&'a [u32], u32)>,
}

impl<'a> State<'a> {
    pub fn new(st: &'a Structure, suppressed: Vec<bool>) -> Self {
        let n_suppressed = suppressed.iter().filter(|&&x| x).count();
        let mut s = Self {
            st,
            suppressed,
            n_suppressed,
            pinned: vec![false; st.n_cells()],
            only: None,
        };
        for ds in st.dimsets.iter().filter(|d| d.base) {
            for t in ds.start..ds.end {
                s.pinned[t as usize] = s.compute_pinned(t);
            }
        }
        s
    }

    /// Whether `c` may be suppressed in this state (it lies in the block it is confined to).
    pub fn may_suppress(&self, c: u32) -> bool {
        self.only.is_none_or(|(blocks, b)| blocks[c as usize] == b)
    }

    /// Number of suppressed cells.
    pub fn n_suppressed(&self) -> usize {
        self.n_suppressed
    }

    /// The cell's published (or prior) value is a constraint for the attacker.
    pub fn constraint(&self, c: u32) -> bool {
        self.st.cell_prior[c as usize] || (self.st.is_output(c) && !self.suppressed[c as usize])
    }

    /// A margin shared by two or more base tables is a variable of its own (it keeps them
    /// consistent) unless published.
    pub fn zvar(&self, c: u32) -> bool {
        let ds = self.st.ds(c);
        !ds.base && ds.up.len() >= 2 && !self.constraint(c)
    }

    pub fn is_var(&self, c: u32) -> bool {
        if self.st.is_base(c) {
            !self.pinned[c as usize]
        } else {
            self.zvar(c)
        }
    }

    /// The relation is an LP row: its margin is published, or a shared variable.
    pub fn row_active(&self, r: u32) -> bool {
        let m = self.st.rel_margin[r as usize];
        self.constraint(m) || self.zvar(m)
    }

    fn compute_pinned(&self, t: u32) -> bool {
        if self.constraint(t) {
            return true;
        }
        let mut pinned = false;
        self.st.for_rels(t, |r| {
            let m = self.st.rel_margin[r as usize];
            if self.constraint(m) && (self.st.value(m) == 0 || self.st.children(r).len() == 1) {
                pinned = true;
            }
        });
        pinned
    }

    pub fn suppress(&mut self, c: u32) {
        self.set_suppressed(c, true);
    }

    pub fn set_suppressed(&mut self, c: u32, on: bool) {
        if self.suppressed[c as usize] == on {
            return;
        }
        self.suppressed[c as usize] = on;
        if on {
            self.n_suppressed += 1;
        } else {
            self.n_suppressed -= 1;
        }
        if self.st.is_base(c) {
            self.pinned[c as usize] = self.compute_pinned(c);
        } else {
            let mut rels = Vec::new();
            self.st.for_rels(c, |r| rels.push(r));
            for r in rels {
                for i in 0..self.st.children(r).len() {
                    let t = self.st.children(r)[i];
                    self.pinned[t as usize] = self.compute_pinned(t);
                }
            }
        }
    }

    /// The objective `value(p) = constant + sum of variables` of a cell.
    fn objective(&self, p: u32) -> (f64, Vec<u32>) {
        if self.is_var(p) {
            return (0.0, vec![p]);
        }
        if self.st.is_base(p) {
            return (self.st.value(p) as f64, Vec::new());
        }
        let mut first = None;
        self.st.for_rels(p, |r| {
            if first.is_none() {
                first = Some(r);
            }
        });
        let mut constant = 0.0;
        let mut vars = Vec::new();
        if let Some(r) = first {
            for &t in self.st.children(r) {
                if self.is_var(t) {
                    vars.push(t);
                } else {
                    constant += self.st.value(t) as f64;
                }
            }
        }
        (constant, vars)
    }
}

/// Direction of an audit LP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dir {
    Max,
    Min,
}

/// Counters for the README and tuning.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LpStats {
    pub lps: usize,
    pub rounds: usize,
    pub max_vars: usize,
    pub repairs: usize,
}

/// Reusable scratch space for audit LPs.
#[derive(Debug, Default)]
pub(crate) struct Auditor {
    units: Vec<u32>,
    unit_pos: FxHashMap<u32, usize>,
    rows: Vec<u32>,
    row_pos: FxHashMap<u32, usize>,
    row_fanout: Vec<f64>,
    /// `(row, unit position, coefficient)`.
    entries: Vec<(usize, usize, f64)>,
    pub stats: LpStats,
}

fn lp_err(e: LpError) -> SdcError {
    SdcError::Solver(e.to_string())
}

impl Auditor {
    /// Min or max of cell `p` given the state. With `early = Some(t)` (only for `Max`), stops
    /// as soon as a value `>= t` is established (the caller only needs to know that).
    pub fn optimise(
        &mut self,
        state: &State<'_>,
        p: u32,
        dir: Dir,
        early: Option<f64>,
    ) -> Result<f64, SdcError> {
        let st = state.st;
        let (constant, obj) = state.objective(p);
        if obj.is_empty() {
            return Ok(constant);
        }
        let sign = if dir == Dir::Max { 1.0 } else { -1.0 };
        let cost: FxHashMap<u32, f64> = obj.iter().map(|&q| (q, sign)).collect();
        self.units.clear();
        self.unit_pos.clear();
        self.rows.clear();
        self.row_pos.clear();
        self.row_fanout.clear();
        for &q in &obj {
            self.unit_pos.insert(q, self.units.len());
            self.units.push(q);
        }
        let mut processed = 0usize;
        self.entries.clear();
        let early = early.map(|t| t - constant);
        // The dual is highly degenerate (every row of the cell's relations gives the same
        // bound at first). A tiny cost per variable a row would drag in steers it to the
        // rows with the fewest, which keeps the restricted LPs small; the final round is
        // solved without it, so the value stays exact.
        let mut perturb = false;
        loop {
            self.stats.rounds += 1;
            for ui in processed..self.units.len() {
                let q = self.units[ui];
                let coef = if st.is_base(q) { 1.0 } else { -1.0 };
                let rows = &mut self.rows;
                let row_pos = &mut self.row_pos;
                let entries = &mut self.entries;
                let fanout = &mut self.row_fanout;
                st.for_rels(q, |r| {
                    if state.row_active(r) {
                        let ri = *row_pos.entry(r).or_insert_with(|| {
                            rows.push(r);
                            let m = st.rel_margin[r as usize];
                            let n = st.children(r).iter().filter(|&&t| state.is_var(t)).count()
                                + usize::from(state.zvar(m));
                            fanout.push(n as f64);
                            rows.len() - 1
                        });
                        entries.push((ri, ui, coef));
                    }
                });
            }
            processed = self.units.len();
            let mut rhs = vec![0.0; self.rows.len()];
            for &(ri, ui, coef) in &self.entries {
                rhs[ri] += coef * st.value(self.units[ui]) as f64;
            }
            // Dual: min rhs·u  s.t.  A_N^T u >= c_N, u free.
            let mut dual = Problem::new(OptimizationDirection::Minimize);
            let u: Vec<_> = rhs
                .iter()
                .zip(&self.row_fanout)
                .map(|(&b, &n)| {
                    let c = if perturb { b + 1e-6 * n } else { b };
                    dual.add_var(c, (f64::NEG_INFINITY, f64::INFINITY))
                })
                .collect();
            let mut cols: Vec<Vec<(microlp::Variable, f64)>> = vec![Vec::new(); self.units.len()];
            for &(ri, ui, coef) in &self.entries {
                cols[ui].push((u[ri], coef));
            }
            for (ui, col) in cols.into_iter().enumerate() {
                let c = cost.get(&self.units[ui]).copied().unwrap_or(0.0);
                dual.add_constraint(col, ComparisonOp::Ge, c);
            }
            self.stats.lps += 1;
            self.stats.max_vars = self.stats.max_vars.max(self.units.len());
            let solved = dual.solve();
            let sol = match solved.and_then(|o| {
                o.into_solution()
                    .map_err(|_| LpError::InternalError("interrupted".into()))
            }) {
                Ok(s) => s,
                Err(LpError::Infeasible) => {
                    // Dual infeasible: the (feasible) primal is unbounded.
                    return match dir {
                        Dir::Max => Ok(f64::INFINITY),
                        Dir::Min => Err(SdcError::Solver("unbounded minimum".into())),
                    };
                }
                Err(e) => return Err(lp_err(e)),
            };
            let uval: Vec<f64> = u.iter().map(|&v| sol.var_value(v)).collect();
            let dual_val: f64 = uval.iter().zip(&rhs).map(|(a, b)| a * b).sum();
            if let Some(t) = early {
                if dual_val >= t - 1e-9 {
                    return Ok(constant + dual_val);
                }
            }
            // Pricing: variables outside the restricted problem whose move would pay.
            let mut cand: Vec<(u32, f64)> = Vec::new();
            let mut checked: FxHashMap<u32, ()> = FxHashMap::default();
            for (ri, &r) in self.rows.iter().enumerate() {
                if uval[ri].abs() <= DUAL_ZERO {
                    continue;
                }
                let m = st.rel_margin[r as usize];
                let zm = state.zvar(m).then_some(m);
                for q in st.children(r).iter().copied().chain(zm) {
                    if self.unit_pos.contains_key(&q)
                        || checked.insert(q, ()).is_some()
                        || !state.is_var(q)
                    {
                        continue;
                    }
                    let coef = if st.is_base(q) { 1.0 } else { -1.0 };
                    let mut s = 0.0;
                    st.for_rels(q, |r2| {
                        if let Some(&ri2) = self.row_pos.get(&r2) {
                            s += coef * uval[ri2];
                        }
                    });
                    let rc = cost.get(&q).copied().unwrap_or(0.0) - s;
                    if rc > PRICE_TOL || (rc < -PRICE_TOL && st.value(q) > 0) {
                        cand.push((q, st.value(q) as f64 * rc.abs()));
                    }
                }
            }
            if !cand.is_empty() {
                // Partial pricing: the most promising columns first.
                cand.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                for &(q, _) in cand.iter().take(MAX_NEW_COLUMNS) {
                    self.unit_pos.insert(q, self.units.len());
                    self.units.push(q);
                }
                continue;
            }
            if perturb {
                // Confirm optimality with the unperturbed dual.
                perturb = false;
                continue;
            }
            // Primal witness on the final columns: a table that attains the value.
            let value = self.primal(st, &rhs, &cost)?.unwrap_or(dual_val);
            return Ok(match dir {
                Dir::Max => constant + value,
                Dir::Min => constant - value,
            });
        }
    }

    /// Solves the restricted primal; its value is attained by a feasible table, so it never
    /// overstates the width.
    fn primal(
        &mut self,
        st: &Structure,
        rhs: &[f64],
        cost: &FxHashMap<u32, f64>,
    ) -> Result<Option<f64>, SdcError> {
        let mut lp = Problem::new(OptimizationDirection::Maximize);
        let x: Vec<_> = self
            .units
            .iter()
            .map(|q| lp.add_var(cost.get(q).copied().unwrap_or(0.0), (0.0, f64::INFINITY)))
            .collect();
        let mut rows: Vec<Vec<(microlp::Variable, f64)>> = vec![Vec::new(); rhs.len()];
        for &(ri, ui, coef) in &self.entries {
            rows[ri].push((x[ui], coef));
        }
        for (row, &b) in rows.into_iter().zip(rhs) {
            lp.add_constraint(row, ComparisonOp::Eq, b);
        }
        let _ = st;
        self.stats.lps += 1;
        let solved = lp.solve();
        match solved.and_then(|o| {
            o.into_solution()
                .map_err(|_| LpError::InternalError("interrupted".into()))
        }) {
            Ok(s) => Ok(Some(s.objective())),
            Err(LpError::Unbounded) => Ok(Some(f64::INFINITY)),
            Err(e) => Err(lp_err(e)),
        }
    }

    /// The interval `[min, max]` of cell `p`.
    pub fn interval(&mut self, state: &State<'_>, p: u32) -> Result<(f64, f64), SdcError> {
        let max = self.optimise(state, p, Dir::Max, None)?;
        let min = self.optimise(state, p, Dir::Min, None)?;
        Ok((min, max))
    }
}

/// A neighbourhood for the repair LP: for each dimension, the allowed values (`None` = all).
#[derive(Debug, Clone)]
pub(crate) struct Neighbourhood {
    pub values: Vec<Option<Vec<u32>>>,
    /// Only base tables containing the sensitive cell's dimensions (else all).
    pub own_bases_only: bool,
}

/// Repair LP (the Fischetti–Salazar protection subproblem, LP relaxation): find a deviation
/// `d` of the base cells in the neighbourhood, non-negative after adding it to the truth, that
/// raises `p` by at least `target`, keeps prior cells fixed, and minimises the weighted
/// deviation of cells that are published now. The cells it moves are the ones to suppress:
/// afterwards `truth + d` is a table the attacker cannot rule out.
pub(crate) fn repair_lp(
    state: &State<'_>,
    p: u32,
    target: f64,
    nb: &Neighbourhood,
    weight: &dyn Fn(u32) -> f64,
    stats: &mut LpStats,
) -> Result<Option<Repair>, SdcError> {
    let st = state.st;
    let pds = st.ds(p);
    let pmask = pds.mask;
    // Base cells of the neighbourhood.
    let mut base_cells: Vec<u32> = Vec::new();
    for (b, ds) in st.dimsets.iter().enumerate() {
        if !ds.base || (nb.own_bases_only && pmask & !ds.mask != 0) {
            continue;
        }
        let lists: Vec<Vec<u32>> = ds
            .dims
            .iter()
            .map(|&d| match &nb.values[d] {
                Some(v) => v.clone(),
                None => (0..st.n_values[d]).collect(),
            })
            .collect();
        let total: usize = lists.iter().map(Vec::len).product();
        if total > 200_000 {
            return Ok(None);
        }
        let mut full = vec![0u32; st.n_dims];
        let mut idx = vec![0usize; lists.len()];
        'outer: loop {
            for (i, &d) in ds.dims.iter().enumerate() {
                full[d] = lists[i][idx[i]];
            }
            if let Some(c) = st.lookup(b, &full) {
                base_cells.push(c);
            }
            for i in 0..idx.len() {
                idx[i] += 1;
                if idx[i] < lists[i].len() {
                    continue 'outer;
                }
                idx[i] = 0;
            }
            break;
        }
    }
    if base_cells.is_empty() {
        return Ok(None);
    }
    let mut lp = Problem::new(OptimizationDirection::Minimize);
    let mut var_of: FxHashMap<u32, microlp::Variable> = FxHashMap::default();
    for &t in &base_cells {
        let lo = if st.cell_prior[t as usize] {
            0.0
        } else {
            -(st.value(t) as f64)
        };
        let hi = if st.cell_prior[t as usize] {
            0.0
        } else {
            f64::INFINITY
        };
        var_of.insert(t, lp.add_var(0.0, (lo, hi)));
    }
    // Margins touched, with their relations' children inside the neighbourhood.
    let mut rel_terms: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    let mut margins: Vec<u32> = Vec::new();
    for &t in &base_cells {
        st.for_rels(t, |r| {
            rel_terms.entry(r).or_default().push(t);
        });
    }
    let mut seen_m: FxHashMap<u32, ()> = FxHashMap::default();
    for &r in rel_terms.keys() {
        let m = st.rel_margin[r as usize];
        if seen_m.insert(m, ()).is_none() {
            margins.push(m);
        }
    }
    margins.sort_unstable();
    for &m in &margins {
        let (lo, hi) = if st.cell_prior[m as usize] {
            (0.0, 0.0)
        } else {
            (f64::NEG_INFINITY, f64::INFINITY)
        };
        let e = lp.add_var(0.0, (lo, hi));
        var_of.insert(m, e);
        st.for_rels(m, |r| {
            let mut row: Vec<(microlp::Variable, f64)> = rel_terms
                .get(&r)
                .map(|ts| {
                    ts.iter()
                        .filter_map(|t| var_of.get(t).map(|&v| (v, 1.0)))
                        .collect()
                })
                .unwrap_or_default();
            row.push((e, -1.0));
            lp.add_constraint(row, ComparisonOp::Eq, 0.0);
        });
    }
    let Some(&pv) = var_of.get(&p) else {
        return Ok(None);
    };
    lp.add_constraint([(pv, 1.0)], ComparisonOp::Ge, target);
    // Costs: |deviation| of every cell published now.
    for (&q, &v) in &var_of {
        if q == p || !st.is_output(q) || state.suppressed[q as usize] || st.cell_prior[q as usize] {
            continue;
        }
        let s = lp.add_var(weight(q), (0.0, f64::INFINITY));
        lp.add_constraint([(s, 1.0), (v, -1.0)], ComparisonOp::Ge, 0.0);
        lp.add_constraint([(s, 1.0), (v, 1.0)], ComparisonOp::Ge, 0.0);
    }
    stats.lps += 1;
    stats.repairs += 1;
    stats.max_vars = stats.max_vars.max(var_of.len());
    let solved = lp.solve();
    let sol = match solved.and_then(|o| {
        o.into_solution()
            .map_err(|_| LpError::InternalError("interrupted".into()))
    }) {
        Ok(s) => s,
        Err(LpError::Infeasible) => return Ok(None),
        Err(e) => return Err(lp_err(e)),
    };
    let mut moved: Vec<u32> = var_of
        .iter()
        .filter(|(&q, &v)| st.is_output(q) && sol.var_value(v).abs() > 1e-7)
        .map(|(&q, _)| q)
        .collect();
    moved.sort_unstable();
    let suppress: Vec<u32> = moved
        .iter()
        .copied()
        .filter(|&q| q != p && !state.suppressed[q as usize] && !st.cell_prior[q as usize])
        .collect();
    Ok(Some(Repair { suppress, moved }))
}

/// What the repair LP found: cells to suppress, and every output cell its witness moves.
#[derive(Debug, Clone)]
pub(crate) struct Repair {
    pub suppress: Vec<u32>,
    pub moved: Vec<u32>,
}
