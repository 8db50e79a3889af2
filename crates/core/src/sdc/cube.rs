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
    /// Its corner cells other than `p` (cubes that add up must not share them).
    pub corners: Vec<u32>,
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

/// Search settings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CubeSearch {
    /// Alternatives tried per dimension.
    pub alts: usize,
    /// Anchors tried per base table for a margin cell.
    pub anchors: usize,
}

fn is_free(state: &State<'_>, c: u32) -> bool {
    let st = state.st;
    !st.is_output(c) || state.suppressed[c as usize]
}

/// Siblings of `anchor` along dimension `d` within base dimset `b`, best first (free, then
/// large): the alternatives a cube may use on that dimension.
fn alternatives(state: &State<'_>, anchor: u32, b: usize, d: usize, n: usize) -> Vec<u32> {
    let st = state.st;
    let bds = &st.dimsets[b];
    let Some(&s) = st.ds_by_mask.get(&(bds.mask & !(1u64 << d))) else {
        return Vec::new();
    };
    let s = s as usize;
    let m = st.ancestor(anchor, s);
    // The relation (m, b) lists the siblings of the anchor along d.
    let Some(&(_, start)) = st.dimsets[s].up.iter().find(|&&(bb, _)| bb as usize == b) else {
        return Vec::new();
    };
    let r = start + m - st.dimsets[s].start;
    let mut sib: Vec<(u32, bool, u64)> = st
        .children(r)
        .iter()
        .filter(|&&t| t != anchor)
        .map(|&t| (st.coord(t, d), is_free(state, t), st.value(t)))
        .collect();
    sib.sort_by_key(|&(v, free, val)| (!free, std::cmp::Reverse(val), v));
    sib.iter().take(n).map(|x| x.0).collect()
}

/// Candidate cubes for `p`. A base cell gets cubes in its own table; a margin gets the same
/// cube laid into every base table containing it (one anchor child per table), so that the
/// margins the tables share move consistently.
/// Where a cube search starts: an anchor cell per base table, and the dimensions to vary.
type CubeStart = (Vec<(u32, usize)>, Vec<usize>);

pub(crate) fn candidates(state: &State<'_>, p: u32, dep: &[bool], cfg: CubeSearch) -> Vec<Cube> {
    let st = state.st;
    let pds = st.ds(p);
    let mut out = Vec::new();
    // (anchor per base table, dims to vary)
    let mut starts: Vec<CubeStart> = Vec::new();
    if pds.base {
        let b = st.cell_ds[p as usize] as usize;
        starts.push((
            vec![(p, b)],
            pds.dims.iter().copied().filter(|&d| !dep[d]).collect(),
        ));
    } else {
        // One atom inside `p` fixes an anchor in every base table, consistently on the
        // dimensions the tables share.
        let mut rels = Vec::new();
        st.for_rels(p, |r| rels.push(r));
        let vary: Vec<usize> = pds.dims.iter().copied().filter(|&d| !dep[d]).collect();
        if let Some(&r) = rels.first() {
            let mut kids: Vec<u32> = st.children(r).to_vec();
            kids.sort_by_key(|&t| (std::cmp::Reverse(st.value(t)), t));
            for &t in kids.iter().take(cfg.anchors) {
                let atom = st.cell_rep[t as usize];
                let combo: Vec<(u32, usize)> = pds
                    .up
                    .iter()
                    .map(|&(b, _)| (st.atom_cell_of(atom, b as usize), b as usize))
                    .collect();
                starts.push((combo, vary.clone()));
            }
        }
    }
    // (cell, base table it was reached from, sign)
    let mut dev: Vec<(u32, u32, i64)> = Vec::new();
    for (anchors, vary) in starts {
        let Some(&(a0, b0)) = anchors.first() else {
            continue;
        };
        let alts: Vec<(usize, Vec<u32>)> = vary
            .iter()
            .map(|&d| (d, alternatives(state, a0, b0, d, cfg.alts)))
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
        // Every non-empty subset of dimensions, every choice of alternatives.
        for subset in 1u32..(1 << n) {
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
                    if let Some(cube) = evaluate(state, p, &corners, up, down, &mut dev) {
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

/// What a cube moves: every cell reached from its corners, per base table. A margin shared
/// by several base tables must move by the same amount in each (else the cube is not a
/// table the attacker could see); a moved prior cell rules the cube out.
fn evaluate(
    state: &State<'_>,
    p: u32,
    corners: &[(u32, u32, i64)],
    up: u64,
    down: u64,
    dev: &mut Vec<(u32, u32, i64)>,
) -> Option<Cube> {
    let st = state.st;
    dev.clear();
    for &(c, b, sg) in corners {
        dev.push((c, b, sg));
        st.for_rels(c, |r| dev.push((st.rel_margin[r as usize], b, sg)));
    }
    dev.sort_unstable_by_key(|x| (x.0, x.1));
    let mut cells = Vec::new();
    let mut moved = Vec::new();
    let mut cost = 0.0;
    let mut i = 0;
    while i < dev.len() {
        let c = dev[i].0;
        // Net movement per base table reaching `c`.
        let mut per_base: [(u32, i64); 8] = [(u32::MAX, 0); 8];
        let mut nb = 0usize;
        while i < dev.len() && dev[i].0 == c {
            let b = dev[i].1;
            let mut sum = 0;
            while i < dev.len() && dev[i].0 == c && dev[i].1 == b {
                sum += dev[i].2;
                i += 1;
            }
            if nb < per_base.len() {
                per_base[nb] = (b, sum);
                nb += 1;
            } else {
                return None;
            }
        }
        let ds = st.ds(c);
        let net = per_base[0].1;
        let consistent = if ds.base {
            true
        } else {
            // Every base table containing the margin must move it by `net`.
            ds.up.iter().all(|&(b, _)| {
                let moved_here = per_base[..nb].iter().find(|x| x.0 == b).map_or(0, |x| x.1);
                moved_here == net
            })
        };
        if !consistent {
            return None;
        }
        if net != 0 {
            if st.cell_prior[c as usize] {
                return None;
            }
            if st.is_output(c) {
                moved.push(c);
            }
            if !is_free(state, c) && c != p {
                cells.push(c);
                cost += weight(st, c);
            }
        }
    }
    Some(Cube {
        up,
        down,
        cells,
        moved,
        cost,
        corners: corners.iter().map(|x| x.0).filter(|&c| c != p).collect(),
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

/// Chooses corner-disjoint cubes whose witnesses together give width `>= protection`:
/// free ones first, then by protection gained per cost. `None` when cubes cannot do it.
pub(crate) fn plan(
    state: &State<'_>,
    p: u32,
    protection: f64,
    cands: Vec<Cube>,
    free_only: bool,
) -> Option<Plan> {
    let st = state.st;
    let v = st.value(p);
    let base = st.is_base(p);
    let mut used: rustc_hash::FxHashSet<u32> = Default::default();
    let mut up = 0u64;
    let mut down = 0u64;
    let mut suppress: Vec<u32> = Vec::new();
    let mut relies: Vec<u32> = Vec::new();
    let width = |up: u64, down: u64| (up + if base { down.min(v) } else { down }) as f64;
    let disjoint =
        |c: &Cube, used: &rustc_hash::FxHashSet<u32>| c.corners.iter().all(|x| !used.contains(x));
    let mut cands = cands;
    // Free cubes, largest first.
    cands.sort_by(|a, b| {
        (a.cost > 0.0)
            .cmp(&(b.cost > 0.0))
            .then((b.up + b.down).cmp(&(a.up + a.down)))
    });
    let mut taken = vec![false; cands.len()];
    for (i, c) in cands.iter().enumerate() {
        if width(up, down) >= protection {
            break;
        }
        if c.cost > 0.0 {
            break;
        }
        if disjoint(c, &used) {
            up += c.up;
            down += c.down;
            used.extend(c.corners.iter().copied());
            relies.extend(c.moved.iter().copied());
            taken[i] = true;
        }
    }
    if free_only && width(up, down) < protection {
        return None;
    }
    while width(up, down) < protection {
        let need = protection - width(up, down);
        let mut best: Option<(f64, usize)> = None;
        for (i, c) in cands.iter().enumerate() {
            if taken[i] || c.cost <= 0.0 || !disjoint(c, &used) {
                continue;
            }
            let gain = (width(up + c.up, down + c.down) - width(up, down)).min(need);
            if gain <= 0.0 {
                continue;
            }
            // Prefer finishing in one step; then gain per cost.
            let score = if gain >= need {
                c.cost
            } else {
                1e6 + c.cost / gain
            };
            if best.is_none_or(|(s, _)| score < s) {
                best = Some((score, i));
            }
        }
        let (_, i) = best?;
        let c = &cands[i];
        taken[i] = true;
        up += c.up;
        down += c.down;
        used.extend(c.corners.iter().copied());
        relies.extend(c.moved.iter().copied());
        suppress.extend(
            c.cells
                .iter()
                .copied()
                .filter(|&x| !state.suppressed[x as usize]),
        );
    }
    suppress.sort_unstable();
    suppress.dedup();
    relies.sort_unstable();
    relies.dedup();
    Some(Plan {
        suppress,
        relies,
        up,
        down: if base { down.min(v) } else { down },
    })
}
