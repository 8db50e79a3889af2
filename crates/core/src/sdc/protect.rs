//! The protection step: primary rule, audit-driven secondary suppression, final audit.

use super::cube::{self, CubeSearch};
use super::lp::{repair_lp, Auditor, Dir, Neighbourhood, State};
use super::model::Structure;
use super::types::AUTO_EXACT_MAX_SUPPRESSED;
use super::types::{
    Audit, AuditMethod, Cell, CellStatus, Config, Interval, LpModel, Microdata, Prior, Protection,
    Publish, SdcPhase, SdcProgress,
};
use super::SdcError;
use rustc_hash::FxHashMap;

/// Slack for comparing LP values with integers (the LP works in `f64`).
pub(crate) const EPS: f64 = 1e-6;

fn validate(cfg: &Config, data: &Microdata) -> Result<(), SdcError> {
    if cfg.k < 3 {
        return Err(SdcError::KTooSmall(cfg.k));
    }
    if !cfg.protection.is_finite() || cfg.protection < 0.0 {
        return Err(SdcError::BadProtection(cfg.protection));
    }
    if let Some(cd) = cfg.class_dim {
        if cd >= data.dims().len() {
            return Err(SdcError::ClassDim(cd));
        }
    }
    Ok(())
}

/// Cost of suppressing a cell: about one per cell (we minimise their number), a little more
/// for large counts and for margins, so that small cells deep in the tables go first
/// (the GaussSuppression default ordering says the same: small before large, inner before
/// margins).
pub(crate) fn weight(st: &Structure, c: u32) -> f64 {
    let depth = st.ds(c).dims.len();
    1.0 + 0.1 * (1.0 + st.value(c) as f64).ln() + 0.5 * st.max_depth.saturating_sub(depth) as f64
}

/// Primary-sensitive output cells (SPEC §5).
pub(crate) fn primary_cells(st: &Structure, cfg: &Config) -> Vec<bool> {
    let mut primary = vec![false; st.n_cells()];
    for ds in st.dimsets.iter().filter(|d| d.output) {
        for c in ds.start..ds.end {
            let v = st.value(c);
            primary[c as usize] = (v > 0 && v < cfg.k) || (cfg.zeros_sensitive && v == 0);
        }
    }
    if let Some(cd) = cfg.class_dim {
        one_class_cells(st, cd, &mut primary);
    }
    primary
}

/// The one-class rule (SPEC §5, group disclosure): in every published table with the class
/// dimension `cd`, a segment (a cell of the same table without `cd`, margins included, down
/// to the grand total) whose respondents all fall in one class has all its class cells
/// marked sensitive: the full one, and the empty ones, which is what matters. "Nobody here has
/// a migration history" is published by a 0 in the `with` cell even when the segment total
/// is withheld, so the audit must prove that the attacker cannot pin the empty cell at 0
/// (interval width ≥ `protection`, hence a maximum > 0); the full cell's interval keeps it
/// from being pinned at the segment total. A segment without respondents is not sensitive
/// (nobody to learn anything about). A class the finest cells lack altogether (a structural
/// zero in the input) has no cell to protect: the attacker is assumed to know it anyway.
fn one_class_cells(st: &Structure, cd: usize, primary: &mut [bool]) {
    if st.n_values[cd] < 2 {
        return;
    }
    let bit = 1u64 << cd;
    for ds in st.dimsets.iter().filter(|d| d.output && d.mask & bit != 0) {
        // Every subset of a published table is published, so the segment table exists.
        let Some(&seg_ds) = st.ds_by_mask.get(&(ds.mask & !bit)) else {
            continue;
        };
        // Per segment: its class cells and how many of them are non-zero.
        let mut segments: FxHashMap<u32, (usize, Vec<u32>)> = FxHashMap::default();
        for c in ds.start..ds.end {
            let seg = st.ancestor(c, seg_ds as usize);
            let e = segments.entry(seg).or_default();
            e.0 += usize::from(st.value(c) > 0);
            e.1.push(c);
        }
        for (nonzero, cells) in segments.into_values() {
            if nonzero == 1 {
                for c in cells {
                    primary[c as usize] = true;
                }
            }
        }
    }
}

fn labels(data: &Microdata, st: &Structure, c: u32) -> (Vec<String>, Vec<String>) {
    let ds = st.ds(c);
    (
        ds.dims.iter().map(|&d| data.dims()[d].clone()).collect(),
        ds.dims
            .iter()
            .map(|&d| data.labels(d)[st.coord(c, d) as usize].clone())
            .collect(),
    )
}

/// Allowed values per dimension for the repair LP around `p`: its own value and the `alts`
/// cheapest alternatives on each of its dimensions, every value on the others.
fn neighbourhood(state: &State<'_>, p: u32, alts: usize, target: f64, own: bool) -> Neighbourhood {
    let st = state.st;
    let ds = st.ds(p);
    let s = st.cell_ds[p as usize] as usize;
    let mut values: Vec<Option<Vec<u32>>> = vec![None; st.n_dims];
    let full: Vec<u32> = st.full_key(p).to_vec();
    for &d in &ds.dims {
        let mut scored: Vec<(f64, u32)> = Vec::new();
        let mut probe = full.clone();
        for v in 0..st.n_values[d] {
            if v == full[d] {
                continue;
            }
            probe[d] = v;
            if let Some(c) = st.lookup(s, &probe) {
                // Room to move first (a sibling that must give way needs a count), then
                // cells that are suppressed already.
                let free = !state.constraint(c);
                let mut score = if free { 0.0 } else { 0.5 * weight(st, c) };
                if (st.value(c) as f64) < target {
                    score += 2.0;
                }
                scored.push((score, v));
            }
        }
        scored.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut list = vec![full[d]];
        list.extend(scored.iter().take(alts).map(|&(_, v)| v));
        values[d] = Some(list);
    }
    // Dimensions the cell sums over: the values with the most respondents.
    for (d, slot) in values.iter_mut().enumerate() {
        if slot.is_some() {
            continue;
        }
        let Some(&one) = st.ds_by_mask.get(&(1u64 << d)) else {
            continue;
        };
        let one = &st.dimsets[one as usize];
        let mut by_size: Vec<(u64, u32)> = (one.start..one.end)
            .map(|c| (st.value(c), st.coord(c, d)))
            .collect();
        by_size.sort_by(|a, b| b.cmp(a));
        *slot = Some(by_size.iter().take(alts.max(2)).map(|x| x.1).collect());
    }
    Neighbourhood {
        values,
        own_bases_only: own,
    }
}

/// The nearest cells that can still be suppressed: walk outwards from `p` through
/// relations (across suppressed cells) and return the first ring of published ones.
fn ring(state: &State<'_>, p: u32) -> Vec<u32> {
    let st = state.st;
    let mut seen = rustc_hash::FxHashSet::default();
    seen.insert(p);
    let mut frontier = vec![p];
    while !frontier.is_empty() {
        let mut next = Vec::new();
        let mut found = Vec::new();
        for &c in &frontier {
            let mut rels = Vec::new();
            st.for_rels(c, |r| rels.push(r));
            for r in rels {
                let m = st.rel_margin[r as usize];
                for q in st.children(r).iter().copied().chain(std::iter::once(m)) {
                    if !seen.insert(q) {
                        continue;
                    }
                    if st.is_output(q) && !state.suppressed[q as usize] {
                        if !st.cell_prior[q as usize] {
                            found.push(q);
                        }
                    } else {
                        next.push(q);
                    }
                }
            }
        }
        if !found.is_empty() {
            return found;
        }
        frontier = next;
    }
    Vec::new()
}

/// Makes `p` safe when cubes could not: the repair LP on growing neighbourhoods (its
/// solution is itself the witness: the cell goes up by `protection`), and as a last resort
/// suppressing the nearest ring of cells and trying cubes again.
pub(crate) fn secure(
    state: &mut State<'_>,
    aud: &mut Auditor,
    p: u32,
    protection: f64,
    dep: &[bool],
) -> Result<Option<Witness>, SdcError> {
    let st = state.st;
    let v = st.value(p) as f64;
    let target = protection + EPS;
    for (alts, own) in [(4, true), (4, false), (8, false)] {
        let nb = neighbourhood(state, p, alts, target, own);
        if let Some(rep) = repair_lp(state, p, target, &nb, &|c| weight(st, c), &mut aud.stats)? {
            for &c in &rep.suppress {
                state.suppress(c);
            }
            return Ok(Some(Witness {
                min: v,
                max: v + protection,
                relies: rep.moved,
            }));
        }
    }
    loop {
        // The attacker's own LP may already leave enough room: that is a proof too. It
        // rests on the whole pattern, so none of the current suppressions may be undone.
        if let Some(mut w) = certify(state, aud, p, protection, dep, true)? {
            if w.relies.is_empty() {
                w.relies = (0..st.n_cells() as u32)
                    .filter(|&c| state.suppressed[c as usize])
                    .collect();
            }
            return Ok(Some(w));
        }
        let new = ring(state, p);
        if new.is_empty() {
            return Ok(None);
        }
        for c in new {
            state.suppress(c);
        }
        if let Some(plan) = cube_plan(state, p, protection, dep, WIDE) {
            for &c in &plan.suppress {
                state.suppress(c);
            }
            return Ok(Some(Witness {
                min: v - plan.down as f64,
                max: v + plan.up as f64,
                relies: plan.relies,
            }));
        }
    }
}

/// Processing order of sensitive cells: deepest first, then smallest.
fn order_key(st: &Structure, c: u32) -> (std::cmp::Reverse<usize>, u64, u32) {
    (std::cmp::Reverse(st.ds(c).dims.len()), st.value(c), c)
}

/// Cubes for `p` (a quick search, then a wider one): the witness, with the cells it needs
/// suppressed in `state`. `None` if cubes cannot protect `p` here.
fn cube_witness(state: &mut State<'_>, p: u32, protection: f64, dep: &[bool]) -> Option<Witness> {
    let v = state.st.value(p) as f64;
    let plan = cube_plan(state, p, protection, dep, SEARCH)
        .or_else(|| cube_plan(state, p, protection, dep, WIDE))?;
    for &c in &plan.suppress {
        state.suppress(c);
    }
    Some(Witness {
        min: v - plan.down as f64,
        max: v + plan.up as f64,
        relies: plan.relies,
    })
}

/// A cell in no block (a margin over several blocks).
const NO_BLOCK: u32 = u32::MAX;

/// A decomposition of the cells into blocks for the parallel suppression pass: the value of
/// a dimension that is a function of another one (state of municipality) where every finest
/// cell below the cell agrees on it, [`NO_BLOCK`] elsewhere (national margins). `None`
/// without such a dimension. Any partition is safe (see [`suppress_blocks`]); this one makes
/// most cubes stay inside a block.
fn cell_blocks(st: &Structure, dep: &[bool]) -> Option<Vec<u32>> {
    let d = (0..st.n_dims)
        .filter(|&d| dep[d] && st.n_values[d] >= 2)
        .max_by_key(|&d| (st.n_values[d], std::cmp::Reverse(d)))?;
    const UNSET: u32 = u32::MAX - 1;
    let n_ds = st.dimsets.len();
    let mut block = vec![UNSET; st.n_cells()];
    for a in 0..st.n_atoms {
        let v = st.atom_key[a * st.n_dims + d];
        for &c in &st.atom_cell[a * n_ds..(a + 1) * n_ds] {
            let b = &mut block[c as usize];
            if *b == UNSET {
                *b = v;
            } else if *b != v {
                *b = NO_BLOCK;
            }
        }
    }
    for b in &mut block {
        if *b == UNSET {
            *b = NO_BLOCK;
        }
    }
    Some(block)
}

/// What one block's pass produced.
struct BlockResult {
    /// Cells it suppressed (all in the block).
    suppress: Vec<u32>,
    witness: Vec<(u32, Witness)>,
    /// Its sensitive cells that block-confined cubes could not protect.
    deferred: Vec<u32>,
    /// Cube evaluations spent.
    evaluations: u64,
}

/// The parallel pass and the sensitive cells it left aside (those in no block).
struct BlockPass {
    results: Vec<BlockResult>,
    unblocked: Vec<u32>,
}

/// Protects one block's sensitive `cells` (in order) with cubes confined to the block: a cube
/// may move cells of other blocks or in no block only if they are suppressed already (primary
/// cells, suppressed in every block and in the end).
fn suppress_block<'a>(
    init: &State<'a>,
    blocks: &'a [u32],
    b: u32,
    cells: &[u32],
    protection: f64,
    dep: &[bool],
) -> BlockResult {
    let mut state = init.clone();
    state.only = Some((blocks, b));
    let start = cube::evaluations();
    let mut witness = Vec::new();
    let mut deferred = Vec::new();
    for &p in cells {
        match cube_witness(&mut state, p, protection, dep) {
            Some(w) => witness.push((p, w)),
            None => deferred.push(p),
        }
    }
    let suppress = (0..state.st.n_cells() as u32)
        .filter(|&c| state.suppressed[c as usize] && !init.suppressed[c as usize])
        .collect();
    BlockResult {
        suppress,
        witness,
        deferred,
        evaluations: cube::evaluations() - start,
    }
}

/// The parallel suppression pass: every block on its own copy of the primary pattern, on
/// `threads` threads; the results do not depend on the timing (each block is computed
/// independently and merged in block order).
///
/// Why the merged result is sound: a block only suppresses its own cells, so the union of
/// the blocks' suppressions contains each block's final pattern. A witness found in a block
/// is a deviation of the joint tables (cubes follow every relation of the joint structure,
/// national margins included) whose every moved published cell is suppressed in that
/// block's final pattern, hence in the merged one; the witness stays a table the attacker
/// cannot exclude.
fn suppress_blocks(
    init: &State<'_>,
    blocks: &[u32],
    order: &[u32],
    threads: usize,
    protection: f64,
    dep: &[bool],
    progress: &mut dyn FnMut(SdcProgress),
) -> BlockPass {
    let mut by_block: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    let mut unblocked = Vec::new();
    for &p in order {
        match blocks[p as usize] {
            NO_BLOCK => unblocked.push(p),
            b => by_block.entry(b).or_default().push(p),
        }
    }
    let mut jobs: Vec<(u32, Vec<u32>)> = by_block.into_iter().collect();
    jobs.sort_unstable_by_key(|j| j.0);
    let n_jobs = jobs.len();
    let total = order.len();
    let mut slots: Vec<Option<BlockResult>> = (0..n_jobs).map(|_| None).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, BlockResult)>();
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, 64).min(n_jobs) {
            let tx = tx.clone();
            let (jobs, next) = (&jobs, &next);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((b, cells)) = jobs.get(i) else {
                    break;
                };
                let r = suppress_block(init, blocks, *b, cells, protection, dep);
                if tx.send((i, r)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let (mut done, mut suppressed) = (0, init.n_suppressed());
        for (i, r) in rx {
            done += jobs[i].1.len();
            suppressed += r.suppress.len();
            slots[i] = Some(r);
            progress(SdcProgress {
                phase: SdcPhase::Suppress,
                done,
                total,
                suppressed,
            });
        }
    });
    BlockPass {
        results: slots.into_iter().flatten().collect(),
        unblocked,
    }
}

/// Cube search settings: a quick search, and a wider one before falling back to the LP.
const SEARCH: CubeSearch = CubeSearch {
    alts: 3,
    anchors: 3,
    free_only: false,
};
const WIDE: CubeSearch = CubeSearch {
    alts: 8,
    anchors: 4,
    free_only: false,
};
const PROOF: CubeSearch = CubeSearch {
    alts: 3,
    anchors: 2,
    free_only: true,
};
const WIDE_PROOF: CubeSearch = CubeSearch {
    alts: 8,
    anchors: 4,
    free_only: true,
};

/// Cubes for `p` with the given settings: its own table first, then (for a base cell) the
/// margins it shares with other tables.
fn cube_plan(
    state: &State<'_>,
    p: u32,
    protection: f64,
    dep: &[bool],
    search: CubeSearch,
) -> Option<cube::Plan> {
    let mut cands = cube::candidates(state, p, dep, search, 0, Some(protection - EPS));
    let found = cube::plan(state, protection - EPS, cands.clone(), search.free_only);
    if found.is_some() {
        return found;
    }
    cands.extend(cube::candidates(
        state,
        p,
        dep,
        search,
        1,
        Some(protection - EPS),
    ));
    cube::plan(state, protection - EPS, cands, search.free_only)
}

/// What is proven about one sensitive cell.
#[derive(Debug, Clone)]
pub(crate) struct Witness {
    pub min: f64,
    pub max: f64,
    /// The suppressed cells the proof moves: it holds while they stay suppressed (empty
    /// for an LP proof of the audit, which is never revisited).
    pub relies: Vec<u32>,
}

/// Proves `width >= protection` for `p` without suppressing anything: free cubes, else the
/// LP. `None` if it cannot be proven.
pub(crate) fn certify(
    state: &State<'_>,
    aud: &mut Auditor,
    p: u32,
    protection: f64,
    dep: &[bool],
    use_lp: bool,
) -> Result<Option<Witness>, SdcError> {
    let st = state.st;
    let v = st.value(p) as f64;
    let found = cube_plan(state, p, protection, dep, PROOF)
        .or_else(|| cube_plan(state, p, protection, dep, WIDE_PROOF));
    if let Some(plan) = found {
        return Ok(Some(Witness {
            min: v - plan.down as f64,
            max: v + plan.up as f64,
            relies: plan.relies,
        }));
    }
    if !use_lp {
        return Ok(None);
    }
    let max = aud.optimise(state, p, Dir::Max, Some(v + protection))?;
    if max - v >= protection - EPS {
        return Ok(Some(Witness {
            min: v,
            max,
            relies: Vec::new(),
        }));
    }
    let min = aud.optimise(state, p, Dir::Min, None)?;
    Ok((max - min >= protection - EPS).then_some(Witness {
        min,
        max,
        relies: Vec::new(),
    }))
}

/// Cleanup's work budget in cube evaluations is an eighth of the suppression phase's, but at
/// least this (a few seconds; W1's whole cleanup needs about a quarter of it).
const CLEANUP_MIN_EVALUATIONS: u64 = 2_000_000;

/// Publishes again every secondary cell that no proof needs: largest cost first, a cell is
/// published again only if every sensitive cell whose proof moved it can be proven again
/// without it (and nothing new is suppressed). Suppression heuristics over-suppress; this
/// removes the slack. The work is bounded (re-proofs and cube evaluations, see
/// [`CLEANUP_MIN_EVALUATIONS`]); when the budget is spent the remaining secondary cells stay
/// suppressed, which is always safe.
fn cleanup(
    state: &mut State<'_>,
    aud: &mut Auditor,
    witness: &mut FxHashMap<u32, Witness>,
    primary: &[bool],
    dep: &[bool],
    protection: f64,
    (eval_budget, progress): (u64, &mut dyn FnMut(SdcProgress)),
) -> Result<(), SdcError> {
    let st = state.st;
    // Work budget in re-proofs: cleanup is worth it, but must not dominate the run time.
    let mut budget = 12 * witness.len() + 1000;
    let eval_start = cube::evaluations();
    let mut users: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    for (&p, w) in witness.iter() {
        for &c in &w.relies {
            users.entry(c).or_default().push(p);
        }
    }
    let mut secondary: Vec<u32> = (0..st.n_cells() as u32)
        .filter(|&c| state.suppressed[c as usize] && !primary[c as usize])
        .collect();
    secondary.sort_by(|&a, &b| weight(st, b).total_cmp(&weight(st, a)).then(a.cmp(&b)));
    let total = secondary.len();
    let mut examined = total;
    for (i, &c) in secondary.iter().enumerate() {
        if i % 256 == 0 {
            progress(SdcProgress {
                phase: SdcPhase::Cleanup,
                done: i,
                total,
                suppressed: state.n_suppressed(),
            });
        }
        if cube::evaluations() - eval_start > eval_budget {
            examined = i;
            break;
        }
        state.set_suppressed(c, false);
        let mut affected: Vec<u32> = users
            .get(&c)
            .map(|v| {
                v.iter()
                    .copied()
                    .filter(|p| {
                        witness
                            .get(p)
                            .is_some_and(|w| w.relies.binary_search(&c).is_ok())
                    })
                    .collect()
            })
            .unwrap_or_default();
        affected.sort_unstable();
        affected.dedup();
        let mut renewed = Vec::with_capacity(affected.len());
        let mut ok = true;
        if budget < affected.len() {
            state.set_suppressed(c, true);
            examined = i;
            break;
        }
        budget -= affected.len();
        for &p in &affected {
            match certify(state, aud, p, protection, dep, false)? {
                Some(w) => renewed.push((p, w)),
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if !ok {
            state.set_suppressed(c, true);
            continue;
        }
        for (p, w) in renewed {
            for &q in &w.relies {
                users.entry(q).or_default().push(p);
            }
            witness.insert(p, w);
        }
    }
    progress(SdcProgress {
        phase: SdcPhase::Cleanup,
        done: examined,
        total,
        suppressed: state.n_suppressed(),
    });
    Ok(())
}

/// Protects the published tables; see the module documentation.
pub fn protect(
    data: &Microdata,
    publish: &[Publish],
    cfg: &Config,
    prior: &Prior,
) -> Result<Protection, SdcError> {
    protect_with_progress(data, publish, cfg, prior, &mut |_| {})
}

/// [`protect`] with progress reports (the CLI prints them on stderr).
pub fn protect_with_progress(
    data: &Microdata,
    publish: &[Publish],
    cfg: &Config,
    prior: &Prior,
    progress: &mut dyn FnMut(SdcProgress),
) -> Result<Protection, SdcError> {
    validate(cfg, data)?;
    let st = Structure::build(data, publish, prior, cfg.lp_model)?;
    progress(SdcProgress {
        phase: SdcPhase::Structure,
        done: 1,
        total: 1,
        suppressed: 0,
    });
    let primary = primary_cells(&st, cfg);
    let sensitive: Vec<u32> = (0..st.n_cells() as u32)
        .filter(|&c| primary[c as usize])
        .collect();
    let protection = cfg.protection;
    let mut aud = Auditor::default();

    // Releases build on each other: what was published cannot be taken back.
    if !prior.is_empty() {
        let all: Vec<bool> = (0..st.n_cells() as u32)
            .map(|c| st.is_output(c) && !st.cell_prior[c as usize])
            .collect();
        let only_prior = State::new(&st, all);
        for (i, &p) in sensitive.iter().enumerate() {
            let (min, max) = if st.cell_prior[p as usize] {
                (st.value(p) as f64, st.value(p) as f64)
            } else {
                aud.interval(&only_prior, p)?
            };
            if max - min < protection - EPS {
                let (dims, key) = labels(data, &st, p);
                return Err(SdcError::PriorDiscloses {
                    dims,
                    key,
                    min,
                    max,
                    required: protection,
                });
            }
            if i % 64 == 0 {
                progress(SdcProgress {
                    phase: SdcPhase::Prior,
                    done: i,
                    total: sensitive.len(),
                    suppressed: 0,
                });
            }
        }
    }

    let init = State::new(&st, primary.clone());
    let mut order = sensitive.clone();
    order.sort_by_key(|&c| order_key(&st, c));
    let count = |s: &State<'_>| s.n_suppressed();
    let dep = cube::dependent_dims(&st);
    // Proven interval per sensitive cell (each end attained by a table the attacker cannot
    // exclude) and what it relies on; suppressions only widen intervals.
    let mut witness: FxHashMap<u32, Witness> = FxHashMap::default();
    let total = order.len();
    let eval_start = cube::evaluations();
    let blocks = if cfg.threads >= 2 {
        cell_blocks(&st, &dep)
    } else {
        None
    };
    // With a block decomposition (state of municipality), the cells of each block first, in
    // parallel and confined to their block; what is left afterwards, on the merged pattern.
    let (mut state, rest, mut done, block_evals) = match &blocks {
        Some(blocks) => {
            let pass = suppress_blocks(
                &init,
                blocks,
                &order,
                cfg.threads,
                protection,
                &dep,
                progress,
            );
            let mut state = init.clone();
            let mut rest = pass.unblocked;
            let mut evals = 0;
            for r in pass.results {
                for &c in &r.suppress {
                    state.suppress(c);
                }
                witness.extend(r.witness);
                rest.extend(r.deferred);
                evals += r.evaluations;
            }
            rest.sort_by_key(|&c| order_key(&st, c));
            let done = total - rest.len();
            (state, rest, done, evals)
        }
        None => (init, order, 0, 0),
    };
    for &p in &rest {
        if let Some(w) = cube_witness(&mut state, p, protection, &dep) {
            witness.insert(p, w);
        } else {
            match secure(&mut state, &mut aud, p, protection, &dep)? {
                Some(w) => {
                    witness.insert(p, w);
                }
                None => {
                    return Err(prior_or_internal(
                        data, &st, &mut aud, &state, p, protection,
                    ))
                }
            }
        }
        if done % 64 == 0 {
            progress(SdcProgress {
                phase: SdcPhase::Suppress,
                done,
                total,
                suppressed: count(&state),
            });
        }
        done += 1;
    }
    progress(SdcProgress {
        phase: SdcPhase::Suppress,
        done: total,
        total,
        suppressed: count(&state),
    });
    // Cleanup may spend an eighth of the suppression's cube work (and at least
    // `CLEANUP_MIN_EVALUATIONS`): it finishes on small tables, and is cut short on large ones,
    // where it frees few cells per second (W2: ~1,500 of 185,000 secondary cells per minute).
    let eval_budget =
        ((cube::evaluations() - eval_start + block_evals) / 8).max(CLEANUP_MIN_EVALUATIONS);
    cleanup(
        &mut state,
        &mut aud,
        &mut witness,
        &primary,
        &dep,
        protection,
        (eval_budget, progress),
    )?;
    let exact = match cfg.audit {
        AuditMethod::ExactLp => true,
        AuditMethod::Proven => false,
        AuditMethod::Auto => count(&state) <= AUTO_EXACT_MAX_SUPPRESSED,
    };
    let intervals = if exact {
        audit_cells(&state, &sensitive, cfg.threads, progress)?
    } else {
        sensitive
            .iter()
            .map(|&c| {
                let w = witness.get(&c);
                (c, w.map_or(0.0, |w| w.min), w.map_or(0.0, |w| w.max))
            })
            .collect()
    };
    if let Some(&(c, _, _)) = intervals
        .iter()
        .find(|(_, min, max)| max - min < protection - EPS)
    {
        return Err(prior_or_internal(
            data, &st, &mut aud, &state, c, protection,
        ));
    }
    Ok(output(&st, &state, &primary, &intervals, exact))
}

fn prior_or_internal(
    data: &Microdata,
    st: &Structure,
    aud: &mut Auditor,
    state: &State<'_>,
    p: u32,
    protection: f64,
) -> SdcError {
    let (dims, key) = labels(data, st, p);
    match aud.interval(state, p) {
        Ok((min, max)) => SdcError::PriorDiscloses {
            dims,
            key,
            min,
            max,
            required: protection,
        },
        Err(e) => e,
    }
}

/// The audit intervals (cell, min, max) computed by one worker.
type AuditChunk = Result<Vec<(u32, f64, f64)>, SdcError>;

/// Exact intervals of `cells`, on `threads` threads.
pub(crate) fn audit_cells(
    state: &State<'_>,
    cells: &[u32],
    threads: usize,
    progress: &mut dyn FnMut(SdcProgress),
) -> Result<Vec<(u32, f64, f64)>, SdcError> {
    let threads = threads.clamp(1, 64);
    let chunk = cells.len().div_ceil(threads).max(1);
    let total = cells.len();
    let results: Vec<AuditChunk> = if threads == 1 {
        let mut aud = Auditor::default();
        let mut out = Vec::with_capacity(total);
        for (i, &p) in cells.iter().enumerate() {
            let (min, max) = aud.interval(state, p)?;
            out.push((p, min, max));
            if i % 64 == 0 {
                progress(SdcProgress {
                    phase: SdcPhase::Audit,
                    done: i,
                    total,
                    suppressed: 0,
                });
            }
        }
        vec![Ok(out)]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = cells
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        let mut aud = Auditor::default();
                        part.iter()
                            .map(|&p| aud.interval(state, p).map(|(lo, hi)| (p, lo, hi)))
                            .collect::<Result<Vec<_>, _>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err(SdcError::Solver("audit thread panicked".into())))
                })
                .collect()
        })
    };
    progress(SdcProgress {
        phase: SdcPhase::Audit,
        done: total,
        total,
        suppressed: 0,
    });
    let mut out = Vec::with_capacity(total);
    for r in results {
        out.extend(r?);
    }
    Ok(out)
}

pub(crate) fn output(
    st: &Structure,
    state: &State<'_>,
    primary: &[bool],
    intervals: &[(u32, f64, f64)],
    exact: bool,
) -> Protection {
    let mut cells = Vec::new();
    let mut index = vec![usize::MAX; st.n_cells()];
    let (mut n_primary, mut n_secondary) = (0, 0);
    for ds in st.dimsets.iter().filter(|d| d.output) {
        let mut ids: Vec<u32> = (ds.start..ds.end).collect();
        ids.sort_by_cached_key(|&c| st.key(c));
        for c in ids {
            let status = if primary[c as usize] {
                n_primary += 1;
                CellStatus::Primary
            } else if state.suppressed[c as usize] {
                n_secondary += 1;
                CellStatus::Secondary
            } else {
                CellStatus::Published
            };
            index[c as usize] = cells.len();
            cells.push(Cell {
                dims: ds.dims.clone(),
                key: st.key(c),
                value: st.value(c),
                status,
                prior: st.cell_prior[c as usize],
            });
        }
    }
    let mut iv: Vec<Interval> = intervals
        .iter()
        .map(|&(c, min, max)| Interval {
            cell: index[c as usize],
            min,
            max,
        })
        .collect();
    iv.sort_by_key(|i| i.cell);
    Protection {
        cells,
        primary: n_primary,
        secondary: n_secondary,
        audit: Audit {
            cells: iv.len(),
            min_width: iv.iter().map(Interval::width).fold(f64::INFINITY, f64::min),
            exact,
            intervals: iv,
        },
    }
}

/// Audits a given suppression pattern: the interval of every listed cell, in order. For
/// checking patterns made elsewhere (τ-ARGUS, sdcTable, by hand) and for the reference tests.
pub fn audit_pattern(
    data: &Microdata,
    publish: &[Publish],
    prior: &Prior,
    suppressed: &[(Vec<usize>, Vec<u32>)],
    lp_model: LpModel,
) -> Result<Vec<Interval>, SdcError> {
    let st = Structure::build(data, publish, prior, lp_model)?;
    let mut flags = vec![false; st.n_cells()];
    let mut ids = Vec::with_capacity(suppressed.len());
    for (dims, key) in suppressed {
        let unknown = || SdcError::UnknownCell {
            dims: dims.clone(),
            key: key.clone(),
        };
        let mask = dims.iter().try_fold(0u64, |m, &d| {
            if d < st.n_dims {
                Ok(m | (1 << d))
            } else {
                Err(unknown())
            }
        })?;
        let s = *st.ds_by_mask.get(&mask).ok_or_else(unknown)? as usize;
        if !st.dimsets[s].output || key.len() != dims.len() {
            return Err(unknown());
        }
        let mut full = vec![0u32; st.n_dims];
        for (&d, &v) in dims.iter().zip(key) {
            full[d] = v;
        }
        let c = st.lookup(s, &full).ok_or_else(unknown)?;
        flags[c as usize] = true;
        ids.push(c);
    }
    let state = State::new(&st, flags);
    let mut aud = Auditor::default();
    ids.iter()
        .enumerate()
        .map(|(i, &c)| {
            let (min, max) = aud.interval(&state, c)?;
            Ok(Interval { cell: i, min, max })
        })
        .collect()
}
