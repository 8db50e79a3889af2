//! Hypercube witnesses: the fast path of secondary suppression.
//!
//! A (partial) hypercube around a sensitive cell `p` picks, for some dimensions of a base
//! table, one alternative value each, and gives its 2^n corner cells alternating signs `±δ`.
//! Every margin that sums over a varied dimension sees `+δ - δ = 0`; every other cell the
//! corners touch moves by `±δ`. If all moved cells are suppressed (and none is prior), then
//! `truth ± δ·corners` are tables the attacker cannot exclude: an explicit *witness* that `p`
//! can move up by `δ` (limited by the odd corners' counts) and down by `δ` (limited by the
//! even corners'). This is the idea of the hypercube method (GHMITER, Repsilber 1994; τ-ARGUS
//! "Hypercube"), but generalised: the cost of a cube is computed through the relations, so it
//! is right for linked tables and hierarchies, and partial cubes through already suppressed
//! margins are found too. Several corner-disjoint cubes add up.
//!
//! Cubes are checked cell by cell in microseconds; only cells without a suitable cube go to
//! the LP (see [`super::lp`]).

use super::lp::State;
use super::model::Structure;
use super::protect::weight;
use rustc_hash::FxHashMap;

/// A candidate cube: what it proves and what it costs.
#[derive(Debug, Clone)]
pub(crate) struct Cube {
    /// How far it can raise `p` (min count of the corners that decrease).
    pub up: u64,
    /// How far it can lower `p`.
    pub down: u64,
    /// Published cells it moves (must be suppressed).
    pub cells: Vec<u32>,
    /// Every output cell it moves, suppressed already or not: the witness relies on them.
    pub moved: Vec<u32>,
    pub cost: f64,
    /// Its corner cells with their sign when `p` goes up (`p` itself, or for a margin its
    /// anchors, are `+1`).
    pub corners: Vec<(u32, i64)>,
}

/// Dimensions that are a function of another dimension of the base table in the data
/// (e.g. state of municipality): held fixed, they follow the dimension they depend on.
pub(crate) fn dependent_dims(st: &Structure) -> Vec<bool> {
    let mut dep = vec![false; st.n_dims];
    let union: Vec<usize> = (0..st.n_dims)
        .filter(|&d| st.dimsets.iter().any(|s| s.mask & (1 << d) != 0))
        .collect();
    for &d in &union {
        for &e in &union {
            if d == e || dep[e] {
                continue;
            }
            let mut f: Vec<u32> = vec![u32::MAX; st.n_values[e] as usize];
            let mut ok = true;
            for a in 0..st.n_atoms {
                let ve = st.atom_key[a * st.n_dims + e] as usize;
                let vd = st.atom_key[a * st.n_dims + d];
                if f[ve] == u32::MAX {
                    f[ve] = vd;
                } else if f[ve] != vd {
                    ok = false;
                    break;
                }
            }
            if ok && st.n_values[d] > 1 {
                dep[d] = true;
                break;
            }
        }
    }
    dep
}

/// Cube evaluations so far on this thread: the unit of work of the cube search (cleanup
/// budgets its work in it, which keeps results independent of the machine's speed).
pub(crate) fn evaluations() -> u64 {
    EVALUATIONS.with(std::cell::Cell::get)
}

thread_local! {
    static EVALUATIONS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Search settings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CubeSearch {
    /// Alternatives tried per dimension.
    pub alts: usize,
    /// Anchors tried per base table for a margin cell.
    pub anchors: usize,
    /// Only cubes that move nothing published (proofs, not repairs): every corner must be
    /// suppressed already, which prunes the search early.
    pub free_only: bool,
}

fn is_free(state: &State<'_>, c: u32) -> bool {
    let st = state.st;
    !st.is_output(c) || state.suppressed[c as usize]
}

/// Siblings of `anchor` along dimension `d` within base dimset `b`, best first (free, then
/// large): the alternatives a cube may use on that dimension.
fn alternatives(
    state: &State<'_>,
    anchor: u32,
    b: usize,
    d: usize,
    dep: &[bool],
    n: usize,
    free_only: bool,
) -> Vec<u32> {
    let st = state.st;
    let bds = &st.dimsets[b];
    let dep_mask = (0..st.n_dims)
        .filter(|&e| dep[e])
        .fold(0u64, |m, e| m | (1u64 << e));
    let rest = bds.mask & !(1u64 << d);
    // The siblings of the anchor along d are the children of its margin without d (without
    // the dimensions that follow others, if that margin is not a table of its own) that
    // agree with it everywhere but on d.
    let sibs: Vec<u32> = match [rest, rest & !dep_mask]
        .iter()
        .find_map(|m| st.ds_by_mask.get(m).copied())
    {
        Some(s) => {
            let s = s as usize;
            let m = st.ancestor(anchor, s);
            let Some(&(_, start)) = st.dimsets[s].up.iter().find(|&&(bb, _)| bb as usize == b)
            else {
                return Vec::new();
            };
            let r = start + m - st.dimsets[s].start;
            st.children(r)
                .iter()
                .copied()
                .filter(|&t| {
                    bds.dims
                        .iter()
                        .all(|&e| e == d || st.coord(t, e) == st.coord(anchor, e))
                })
                .collect()
        }
        None => {
            let mut probe = st.full_key(anchor).to_vec();
            (0..st.n_values[d])
                .filter_map(|v| {
                    probe[d] = v;
                    st.lookup(b, &probe)
                })
                .collect()
        }
    };
    let mut sib: Vec<(u32, bool, u64)> = sibs
        .into_iter()
        // A sibling along one dimension is always a decreasing corner: it needs a count.
        .filter(|&t| t != anchor && st.value(t) > 0 && (!free_only || is_free(state, t)))
        .map(|t| (st.coord(t, d), is_free(state, t), st.value(t)))
        .collect();
    sib.sort_by_key(|&(v, free, val)| (!free, std::cmp::Reverse(val), v));
    sib.iter().take(n).map(|x| x.0).collect()
}

/// Where a cube search starts: an anchor cell per base table, and the dimensions to vary.
type CubeStart = (Vec<(u32, usize)>, Vec<usize>);

/// Anchors for a cube over dimset `s` (a margin containing `first`): `first` in its base
/// table, and in every other base table containing `s` the largest child of the same
/// `s`-cell that agrees with the anchors chosen so far on shared dimensions.
fn anchors_over(state: &State<'_>, s: usize, first: (u32, usize)) -> Option<Vec<(u32, usize)>> {
    let st = state.st;
    let sds = &st.dimsets[s];
    let m = if first.1 == s {
        first.0
    } else {
        st.ancestor(first.0, s)
    };
    let mut chosen = vec![first];
    for &(b, start) in &sds.up {
        let b = b as usize;
        if b == first.1 {
            continue;
        }
        let r = start + m - sds.start;
        let agrees = |t: u32| {
            chosen.iter().all(|&(a, ab)| {
                let shared = st.dimsets[ab].mask & st.dimsets[b].mask;
                (0..st.n_dims)
                    .filter(|&d| shared & (1u64 << d) != 0)
                    .all(|d| st.coord(a, d) == st.coord(t, d))
            })
        };
        let best = st
            .children(r)
            .iter()
            .copied()
            .filter(|&t| agrees(t))
            .max_by_key(|&t| (st.value(t), std::cmp::Reverse(t)))?;
        chosen.push((best, b));
    }
    Some(chosen)
}

/// Candidate cubes for `p`.
///
/// Stage 0: a base cell gets cubes in its own table; a margin gets the same cube laid into
/// every base table containing it, so that the margins the tables share move consistently.
/// Stage 1 (for a base cell): cubes over each margin of it that several tables share — the
/// way out when the cell is the only non-zero part of such a margin.
pub(crate) fn candidates(
    state: &State<'_>,
    p: u32,
    dep: &[bool],
    cfg: CubeSearch,
    stage: u8,
    need: Option<f64>,
) -> Vec<Cube> {
    let st = state.st;
    let pds = st.ds(p);
    let mut out = Vec::new();
    let mut starts: Vec<CubeStart> = Vec::new();
    let vary_of = |mask: u64| -> Vec<usize> {
        (0..st.n_dims)
            .filter(|&d| mask & (1u64 << d) != 0 && !dep[d])
            .collect()
    };
    if pds.base {
        let b = st.cell_ds[p as usize] as usize;
        if stage == 0 {
            starts.push((vec![(p, b)], vary_of(pds.mask)));
        } else {
            for &(s, _) in &pds.down {
                let s = s as usize;
                if st.dimsets[s].up.len() >= 2 && st.dimsets[s].mask != 0 {
                    if let Some(anchors) = anchors_over(state, s, (p, b)) {
                        starts.push((anchors, vary_of(st.dimsets[s].mask)));
                    }
                }
            }
        }
    } else {
        let s = st.cell_ds[p as usize] as usize;
        let mut rels = Vec::new();
        st.for_rels(p, |r| rels.push(r));
        if let (Some(&r), Some(&(b0, _))) = (rels.first(), pds.up.first()) {
            let b0 = b0 as usize;
            let mut kids: Vec<u32> = st.children(r).to_vec();
            kids.sort_by_key(|&t| (std::cmp::Reverse(st.value(t)), t));
            for &t in kids.iter().take(cfg.anchors) {
                if stage == 0 {
                    if let Some(anchors) = anchors_over(state, s, (t, b0)) {
                        starts.push((anchors, vary_of(pds.mask)));
                    }
                } else {
                    // Through a child: cubes over the margins it shares with other tables,
                    // varying only dimensions of `p` (so that `p` moves).
                    for &(s2, _) in &st.dimsets[b0].down {
                        let s2 = s2 as usize;
                        let m2 = st.dimsets[s2].mask;
                        if s2 == s || st.dimsets[s2].up.len() < 2 || m2 & pds.mask == 0 {
                            continue;
                        }
                        if let Some(anchors) = anchors_over(state, s2, (t, b0)) {
                            starts.push((anchors, vary_of(m2 & pds.mask)));
                        }
                    }
                }
            }
        }
    }
    // (cell, base table it was reached from, sign)
    for (anchors, vary) in starts {
        if need.is_some_and(|need| free_enough(state, &out, need)) {
            return out;
        }
        let Some(&(a0, b0)) = anchors.first() else {
            continue;
        };
        let alts: Vec<(usize, Vec<u32>)> = vary
            .iter()
            .map(|&d| {
                (
                    d,
                    alternatives(state, a0, b0, d, dep, cfg.alts, cfg.free_only),
                )
            })
            .filter(|(_, l)| !l.is_empty())
            .collect();
        let n = alts.len();
        if n == 0 || n > 12 {
            continue;
        }
        let fulls: Vec<Vec<u32>> = anchors
            .iter()
            .map(|&(a, _)| st.full_key(a).to_vec())
            .collect();
        // Every non-empty subset of dimensions, every choice of alternatives; the largest
        // subsets first (they move the fewest margins, so they are the likeliest to be free).
        let mut subsets: Vec<u32> = (1u32..(1 << n)).collect();
        subsets.sort_by_key(|&m| (std::cmp::Reverse(m.count_ones()), m));
        for (si, &subset) in subsets.iter().enumerate() {
            // Once the free cubes found so far can protect `p` on their own, `plan` would
            // use nothing else (free cubes go first): the rest of the search is moot.
            if let Some(need) = need {
                if si > 0
                    && subset.count_ones() != subsets[si - 1].count_ones()
                    && free_enough(state, &out, need)
                {
                    return out;
                }
            }
            let dims: Vec<usize> = (0..n).filter(|&i| subset & (1 << i) != 0).collect();
            let k = dims.len();
            let mut choice = vec![0usize; k];
            'choices: loop {
                let mut up = u64::MAX;
                let mut down = u64::MAX;
                let mut corners: Vec<(u32, u32, i64)> = Vec::with_capacity(anchors.len() << k);
                let mut ok = true;
                'bases: for (&(_, b), full) in anchors.iter().zip(&fulls) {
                    let mut probe = full.clone();
                    for cm in 0u32..(1 << k) {
                        for (j, &i) in dims.iter().enumerate() {
                            let (d, ref list) = alts[i];
                            probe[d] = if cm & (1 << j) != 0 {
                                list[choice[j]]
                            } else {
                                full[d]
                            };
                        }
                        let Some(c) = st.lookup(b, &probe) else {
                            ok = false;
                            break 'bases;
                        };
                        if cfg.free_only && c != p && !is_free(state, c) {
                            ok = false;
                            break 'bases;
                        }
                        let odd = cm.count_ones() % 2 == 1;
                        if odd {
                            up = up.min(st.value(c));
                        } else {
                            down = down.min(st.value(c));
                        }
                        corners.push((c, b as u32, if odd { -1 } else { 1 }));
                    }
                }
                if ok && up > 0 {
                    if let Some(cube) = SCRATCH
                        .with(|s| evaluate(state, p, &corners, up, down, &mut s.borrow_mut()))
                    {
                        out.push(cube);
                    }
                }
                for j in 0..k {
                    choice[j] += 1;
                    if choice[j] < alts[dims[j]].1.len() {
                        continue 'choices;
                    }
                    choice[j] = 0;
                }
                break;
            }
        }
    }
    out
}

/// Scratch space of [`evaluate`]: the net movement per (cell, base table), accumulated in
/// place (a dense index per cell, chained entries per base) instead of sorting.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// First entry of each cell, `u32::MAX` if untouched.
    head: Vec<u32>,
    /// `(base, net, next entry of the same cell)`.
    entries: Vec<(u32, i64, u32)>,
    touched: Vec<u32>,
}

impl Scratch {
    fn reset(&mut self, n_cells: usize) {
        if self.head.len() != n_cells {
            self.head = vec![u32::MAX; n_cells];
        } else {
            for &c in &self.touched {
                self.head[c as usize] = u32::MAX;
            }
        }
        self.entries.clear();
        self.touched.clear();
    }

    fn add(&mut self, c: u32, b: u32, sg: i64) {
        let mut e = self.head[c as usize];
        if e == u32::MAX {
            self.touched.push(c);
        }
        while e != u32::MAX {
            let entry = &mut self.entries[e as usize];
            if entry.0 == b {
                entry.1 += sg;
                return;
            }
            e = entry.2;
        }
        self.entries.push((b, sg, self.head[c as usize]));
        self.head[c as usize] = (self.entries.len() - 1) as u32;
    }
}

/// Whether the free cubes among `cands` already give width `need`.
fn free_enough(state: &State<'_>, cands: &[Cube], need: f64) -> bool {
    let free: Vec<Cube> = cands.iter().filter(|c| c.cost <= 0.0).cloned().collect();
    !free.is_empty() && plan(state, need, free, true).is_some()
}

/// What a cube moves: every cell reached from its corners, per base table. A margin shared
/// by several base tables must move by the same amount in each (else the cube is not a
/// table the attacker could see); a moved prior cell rules the cube out.
fn evaluate(
    state: &State<'_>,
    p: u32,
    corners: &[(u32, u32, i64)],
    up: u64,
    down: u64,
    scratch: &mut Scratch,
) -> Option<Cube> {
    let st = state.st;
    EVALUATIONS.with(|n| n.set(n.get() + 1));
    scratch.reset(st.n_cells());
    for &(c, b, sg) in corners {
        scratch.add(c, b, sg);
        st.for_rels(c, |r| scratch.add(st.rel_margin[r as usize], b, sg));
    }
    let mut cells = Vec::new();
    let mut moved = Vec::new();
    for &c in &scratch.touched {
        let first = scratch.head[c as usize];
        let ds = st.ds(c);
        // The base tables reaching `c` are chained newest first: the net movement is the
        // one of the first base that reached it.
        let mut e = first;
        let mut net = 0;
        let mut nb = 0usize;
        while e != u32::MAX {
            let entry = scratch.entries[e as usize];
            net = entry.1;
            nb += 1;
            e = entry.2;
        }
        if !ds.base {
            // Every base table containing the margin must move it by `net`.
            let consistent = ds.up.iter().all(|&(b, _)| {
                let mut e = first;
                let mut moved_here = 0;
                while e != u32::MAX {
                    let entry = scratch.entries[e as usize];
                    if entry.0 == b {
                        moved_here = entry.1;
                        break;
                    }
                    e = entry.2;
                }
                moved_here == net
            });
            if !consistent || nb > ds.up.len() {
                return None;
            }
        }
        if net != 0 {
            if st.cell_prior[c as usize] {
                return None;
            }
            if st.is_output(c) {
                moved.push(c);
            }
            if !is_free(state, c) && c != p {
                if !state.may_suppress(c) {
                    return None;
                }
                cells.push(c);
            }
        }
    }
    cells.sort_unstable();
    moved.sort_unstable();
    let cost = cells.iter().map(|&c| weight(st, c)).sum();
    Some(Cube {
        up,
        down,
        cells,
        moved,
        cost,
        corners: corners.iter().map(|x| (x.0, x.2)).collect(),
    })
}

/// The outcome of protecting one cell with cubes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    pub suppress: Vec<u32>,
    pub up: u64,
    pub down: u64,
    /// Output cells the witness moves: it stays valid while all of them are suppressed.
    pub relies: Vec<u32>,
}

/// Running sums of chosen cubes for one direction (`dir = 1`: raise `p`, `-1`: lower it):
/// each cube takes as much as the remaining counts of its decreasing corners allow, so
/// overlapping cubes are fine.
#[derive(Debug, Default)]
struct Tally {
    net: FxHashMap<u32, i64>,
    total: u64,
}

impl Tally {
    fn room(&self, st: &Structure, cube: &Cube, dir: i64) -> u64 {
        cube.corners
            .iter()
            .filter(|&&(_, sg)| sg * dir < 0)
            .map(|&(c, _)| st.value(c) as i64 + self.net.get(&c).copied().unwrap_or(0))
            .min()
            .unwrap_or(0)
            .max(0) as u64
    }
    fn add(&mut self, cube: &Cube, dir: i64, amount: u64) {
        for &(c, sg) in &cube.corners {
            *self.net.entry(c).or_insert(0) += sg * dir * amount as i64;
        }
        self.total += amount;
    }
}

/// Chooses cubes whose witnesses together give width `>= protection`: free ones first
/// (largest first), then paid ones by protection gained per cost. `None` when cubes cannot
/// do it (or, with `free_only`, not without suppressing more).
pub(crate) fn plan(
    state: &State<'_>,
    protection: f64,
    cands: Vec<Cube>,
    free_only: bool,
) -> Option<Plan> {
    let st = state.st;
    let need = protection.ceil().max(0.0) as u64;
    let mut cands = cands;
    cands.sort_by(|a, b| {
        (a.cost > 0.0)
            .cmp(&(b.cost > 0.0))
            .then((b.up + b.down).cmp(&(a.up + a.down)))
            .then(a.cost.total_cmp(&b.cost))
    });
    let n_free = cands.iter().take_while(|c| c.cost <= 0.0).count();
    let mut up = Tally::default();
    let mut down = Tally::default();
    let mut used: Vec<usize> = Vec::new();
    let width = |up: &Tally, down: &Tally| up.total + down.total;
    let take = |i: usize, up: &mut Tally, down: &mut Tally| -> bool {
        let c = &cands[i];
        let need_now = need.saturating_sub(up.total + down.total);
        let u = up.room(st, c, 1).min(need_now);
        if u > 0 {
            up.add(c, 1, u);
        }
        let d = down
            .room(st, c, -1)
            .min(need.saturating_sub(up.total + down.total));
        if d > 0 {
            down.add(c, -1, d);
        }
        u + d > 0
    };
    for i in 0..n_free {
        if width(&up, &down) >= need {
            break;
        }
        if take(i, &mut up, &mut down) {
            used.push(i);
        }
    }
    if free_only && width(&up, &down) < need {
        return None;
    }
    let mut taken = vec![false; cands.len()];
    while width(&up, &down) < need {
        let missing = need - width(&up, &down);
        let mut best: Option<(f64, usize)> = None;
        for i in n_free..cands.len() {
            if taken[i] {
                continue;
            }
            let c = &cands[i];
            let gain = (up.room(st, c, 1) + down.room(st, c, -1)).min(missing);
            if gain == 0 {
                continue;
            }
            let score = if gain >= missing {
                c.cost
            } else {
                1e6 + c.cost / gain as f64
            };
            if best.is_none_or(|b| score < b.0) {
                best = Some((score, i));
            }
        }
        let (_, i) = best?;
        taken[i] = true;
        if take(i, &mut up, &mut down) {
            used.push(i);
        }
    }
    let mut suppress: Vec<u32> = used
        .iter()
        .flat_map(|&i| cands[i].cells.iter().copied())
        .filter(|&x| !state.suppressed[x as usize])
        .collect();
    suppress.sort_unstable();
    suppress.dedup();
    let mut relies: Vec<u32> = used
        .iter()
        .flat_map(|&i| cands[i].moved.iter().copied())
        .collect();
    relies.sort_unstable();
    relies.dedup();
    // The proven interval: how far the chosen cubes move `p` each way, uncapped.
    let (mut up_all, mut down_all) = (Tally::default(), Tally::default());
    for &i in &used {
        let r = up_all.room(st, &cands[i], 1);
        up_all.add(&cands[i], 1, r);
        let r = down_all.room(st, &cands[i], -1);
        down_all.add(&cands[i], -1, r);
    }
    Some(Plan {
        suppress,
        up: up_all.total.max(up.total),
        down: down_all.total.max(down.total),
        relies,
    })
}
