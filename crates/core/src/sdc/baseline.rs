//! The baseline to beat (issue 3): "suppress the smallest cell in each row until safe".
//!
//! A *row* is a cell of a table together with all cells of a one-dimension-finer table that
//! add up to it. While some row has exactly one suppressed cell, suppress its smallest
//! published cell; then LP-audit, and for every sensitive cell still too narrow suppress the
//! smallest published cell of a row through it, and repeat. It uses the same exact audit,
//! so it is just as safe; it only suppresses more.

use super::cube::dependent_dims;
use super::lp::{Auditor, State};
use super::model::Structure;
use super::protect::{certify, output, primary_cells};
use super::types::{Config, Microdata, Prior, Protection, Publish};
use super::SdcError;
use rustc_hash::FxHashMap;

/// Baseline protection, for comparing suppression counts only.
pub fn protect_baseline(
    data: &Microdata,
    publish: &[Publish],
    cfg: &Config,
    prior: &Prior,
) -> Result<Protection, SdcError> {
    if cfg.k < 3 {
        return Err(SdcError::KTooSmall(cfg.k));
    }
    let st = Structure::build(data, publish, prior, cfg.lp_model)?;
    let primary = primary_cells(&st, cfg);
    let sensitive: Vec<u32> = (0..st.n_cells() as u32)
        .filter(|&c| primary[c as usize])
        .collect();
    if sensitive.iter().any(|&c| st.cell_prior[c as usize]) {
        return Err(SdcError::Solver(
            "baseline: a prior cell is sensitive".into(),
        ));
    }
    // Rows: (margin, cells adding up to it).
    let mut rows: Vec<Vec<u32>> = Vec::new();
    for ds in st.dimsets.iter().filter(|d| d.output) {
        for &d in &ds.dims {
            let Some(&s) = st.ds_by_mask.get(&(ds.mask & !(1u64 << d))) else {
                continue;
            };
            let mut by_margin: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
            for c in ds.start..ds.end {
                by_margin
                    .entry(st.ancestor(c, s as usize))
                    .or_default()
                    .push(c);
            }
            let mut groups: Vec<(u32, Vec<u32>)> = by_margin.into_iter().collect();
            groups.sort_unstable_by_key(|g| g.0);
            for (m, mut members) in groups {
                members.push(m);
                rows.push(members);
            }
        }
    }
    let mut rows_of: Vec<Vec<u32>> = vec![Vec::new(); st.n_cells()];
    for (i, row) in rows.iter().enumerate() {
        for &c in row {
            rows_of[c as usize].push(i as u32);
        }
    }
    let mut state = State::new(&st, primary.clone());
    let dep = dependent_dims(&st);
    let mut aud = Auditor::default();
    let suppressible =
        |state: &State<'_>, c: u32| !state.suppressed[c as usize] && !st.cell_prior[c as usize];
    let smallest = |state: &State<'_>, cells: &mut dyn Iterator<Item = u32>| {
        cells
            .filter(|&c| suppressible(state, c))
            .min_by_key(|&c| (st.value(c), std::cmp::Reverse(st.ds(c).dims.len()), c))
    };
    let intervals = loop {
        let mut changed = true;
        while changed {
            changed = false;
            for row in &rows {
                let n = row
                    .iter()
                    .filter(|&&c| state.suppressed[c as usize])
                    .count();
                if n == 1 {
                    if let Some(c) = smallest(&state, &mut row.iter().copied()) {
                        state.suppress(c);
                        changed = true;
                    }
                }
            }
        }
        let mut intervals = Vec::with_capacity(sensitive.len());
        let mut failed = Vec::new();
        for &p in &sensitive {
            match certify(&state, &mut aud, p, cfg.protection, &dep, true)? {
                Some(w) => intervals.push((p, w.min, w.max)),
                None => failed.push(p),
            }
        }
        if failed.is_empty() {
            break intervals;
        }
        let mut progress = false;
        for p in failed {
            let mut cand = rows_of[p as usize]
                .iter()
                .flat_map(|&r| rows[r as usize].iter().copied());
            if let Some(c) = smallest(&state, &mut cand) {
                state.suppress(c);
                progress = true;
            }
        }
        if !progress {
            return Err(SdcError::Solver(
                "baseline: nothing left to suppress".into(),
            ));
        }
    };
    // Same output as `protect` (intervals from cubes or the LP: not all exact).
    Ok(output(&st, &state, &primary, &intervals, false))
}
