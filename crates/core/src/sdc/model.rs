//! The cells of all published tables, their margins, and the additive relations between them.
//!
//! A *dimset* is a set of dimensions (a table). Published tables are closed under subsets (each
//! includes its margins), so the same margin reached from two tables is one cell: that is what
//! links the tables. Every cell is a sum of *atoms*, the finest cells projected onto the
//! dimensions in use.
//!
//! The LP variables live on *base* dimsets, and every other cell (a *margin*) is tied to each
//! base dimset containing it by a *relation* `margin = sum of its base cells`:
//! - atom model: one base, the atoms themselves (the attacker's model as stated: non-negative
//!   finest cells). Exact by definition.
//! - table model: the maximal published tables are the bases, consistent on shared margins.
//!   Exact when those tables form an acyclic hypergraph and every combination of values occurs
//!   among the finest cells: then any consistent non-negative tables are the margins of some
//!   non-negative finest table (Vorob'ev 1962; the junction-tree product formula), so both
//!   LPs have the same feasible values for every published cell. For W1 this shrinks the LP
//!   from ~16,000 finest cells to the suppressed cells of three 4-way tables.

use super::types::{LpModel, Microdata, Prior, Publish};
use super::SdcError;
use rustc_hash::FxHashMap;

/// A table (set of dimensions) and where its cells and relations live.
#[derive(Debug, Clone)]
pub(crate) struct Dimset {
    pub dims: Vec<usize>,
    pub mask: u64,
    /// Part of the publication (a subset of a published table), not only of a prior release.
    pub output: bool,
    pub base: bool,
    /// Cells are `start..end`.
    pub start: u32,
    pub end: u32,
    /// For a margin: `(base dimset, first relation)` per base containing it.
    pub up: Vec<(u32, u32)>,
    /// For a base: `(margin dimset, first relation)` per margin dimset inside it.
    pub down: Vec<(u32, u32)>,
}

/// Packs the values of a dimset's dimensions into one integer key.
#[derive(Debug, Clone)]
pub(crate) struct Packer {
    offset: Vec<u32>,
}

impl Packer {
    fn new(n_values: &[u32], union: u64) -> Result<Self, SdcError> {
        let mut offset = vec![0u32; n_values.len()];
        let mut bits = 0u32;
        for (d, &n) in n_values.iter().enumerate() {
            if union & (1 << d) != 0 {
                offset[d] = bits;
                bits += 32 - n.max(1).leading_zeros();
            }
        }
        if bits > 128 {
            return Err(SdcError::TooLarge);
        }
        Ok(Self { offset })
    }
    /// Key of `full` (one value per dimension) restricted to `dims`.
    pub fn pack(&self, dims: &[usize], full: &[u32]) -> u128 {
        dims.iter()
            .fold(0u128, |k, &d| k | (u128::from(full[d]) << self.offset[d]))
    }
}

/// All cells, atoms and relations of one protection problem.
#[derive(Debug)]
pub(crate) struct Structure {
    pub n_dims: usize,
    pub n_values: Vec<u32>,
    pub dimsets: Vec<Dimset>,
    pub ds_by_mask: FxHashMap<u64, u32>,
    #[allow(dead_code)] // kept for Debug output of the structure
    pub table_mode: bool,
    pub n_atoms: usize,
    /// `n_atoms × n_dims` value indices (dimensions outside the union are 0).
    pub atom_key: Vec<u32>,
    /// `n_atoms × dimsets.len()`: the cell of each dimset containing the atom.
    pub atom_cell: Vec<u32>,
    pub cell_ds: Vec<u32>,
    pub cell_value: Vec<u64>,
    /// One atom of the cell (to read its key and its cells in other dimsets).
    pub cell_rep: Vec<u32>,
    pub cell_prior: Vec<bool>,
    pub cell_index: Vec<FxHashMap<u128, u32>>,
    pub packer: Packer,
    pub rel_margin: Vec<u32>,
    pub rel_off: Vec<u32>,
    pub rel_child: Vec<u32>,
    /// Largest number of dimensions of an output table.
    pub max_depth: usize,
}

fn submasks(mask: u64, out: &mut Vec<u64>) {
    let mut sub = mask;
    loop {
        out.push(sub);
        if sub == 0 {
            break;
        }
        sub = (sub - 1) & mask;
    }
}

fn dims_of(mask: u64) -> Vec<usize> {
    (0..64).filter(|d| mask & (1u64 << d) != 0).collect()
}

/// GYO reduction: true when the hypergraph of `edges` is (alpha-)acyclic.
fn acyclic(edges: &[u64]) -> bool {
    let mut e: Vec<u64> = edges.to_vec();
    loop {
        let mut changed = false;
        let all = e.iter().fold(0u64, |a, &x| a | x);
        for v in dims_of(all) {
            let bit = 1u64 << v;
            let holders: Vec<usize> = (0..e.len()).filter(|&i| e[i] & bit != 0).collect();
            if let [only] = holders.as_slice() {
                e[*only] &= !bit;
                changed = true;
            }
        }
        let mut i = 0;
        while i < e.len() {
            let contained = e[i] == 0
                || (0..e.len()).any(|j| j != i && e[i] & !e[j] == 0 && (e[i] != e[j] || j < i));
            if contained {
                e.swap_remove(i);
                changed = true;
            } else {
                i += 1;
            }
        }
        if !changed {
            return e.len() <= 1;
        }
    }
}

impl Structure {
    pub fn build(
        data: &Microdata,
        publish: &[Publish],
        prior: &Prior,
        model: LpModel,
    ) -> Result<Self, SdcError> {
        let n_dims = data.dims().len();
        if n_dims > 63 {
            return Err(SdcError::TooLarge);
        }
        if publish.is_empty() {
            return Err(SdcError::NothingToPublish);
        }
        let n_values: Vec<u32> = (0..n_dims)
            .map(|d| u32::try_from(data.labels(d).len()).map_err(|_| SdcError::TooLarge))
            .collect::<Result<_, _>>()?;
        let mask_of = |dims: &[usize]| -> Result<u64, SdcError> {
            let mut m = 0u64;
            for &d in dims {
                if d >= n_dims {
                    return Err(SdcError::DimIndex(d));
                }
                m |= 1 << d;
            }
            if m.count_ones() > 20 {
                return Err(SdcError::TooLarge);
            }
            Ok(m)
        };
        // The family of dimsets: published tables and prior tables, closed under subsets.
        let mut output_masks = Vec::new();
        for p in publish {
            submasks(mask_of(p.dims())?, &mut output_masks);
        }
        let mut all_masks = output_masks.clone();
        for pc in prior.cells() {
            if pc.key.len() != pc.dims.len() {
                return Err(SdcError::RowLength {
                    expected: pc.dims.len(),
                    found: pc.key.len(),
                });
            }
            submasks(mask_of(&pc.dims)?, &mut all_masks);
        }
        all_masks.sort_unstable_by_key(|&m| (m.count_ones(), m));
        all_masks.dedup();
        output_masks.sort_unstable();
        output_masks.dedup();
        let union = all_masks.iter().fold(0u64, |a, &m| a | m);
        let union_dims = dims_of(union);
        let packer = Packer::new(&n_values, union)?;

        // Atoms: the finest cells projected onto the dimensions in use.
        let mut atom_of: FxHashMap<u128, u32> = FxHashMap::default();
        let mut atom_key: Vec<u32> = Vec::new();
        let mut atom_value: Vec<u64> = Vec::new();
        for (key, count) in data.cells() {
            let packed = packer.pack(&union_dims, key);
            let next = u32::try_from(atom_value.len()).map_err(|_| SdcError::TooLarge)?;
            let id = *atom_of.entry(packed).or_insert_with(|| {
                atom_key.extend(key.iter().enumerate().map(|(d, &v)| {
                    if union & (1 << d) != 0 {
                        v
                    } else {
                        0
                    }
                }));
                atom_value.push(0);
                next
            });
            atom_value[id as usize] += count;
        }
        drop(atom_of);
        let n_atoms = atom_value.len();

        // Which LP model is exact here?
        let maximal: Vec<u64> = all_masks
            .iter()
            .copied()
            .filter(|&m| !all_masks.iter().any(|&o| o != m && m & !o == 0))
            .collect();
        let complete = {
            let mut product: u128 = 1;
            for &d in &union_dims {
                let mut seen = vec![false; n_values[d] as usize];
                for a in 0..n_atoms {
                    seen[atom_key[a * n_dims + d] as usize] = true;
                }
                product = product.saturating_mul(seen.iter().filter(|&&s| s).count() as u128);
            }
            product == n_atoms as u128
        };
        let union_in_family = all_masks.contains(&union);
        let table_mode = model == LpModel::Auto
            && !union_in_family
            && maximal.len() >= 2
            && complete
            && acyclic(&maximal);

        let mut dimsets: Vec<Dimset> = all_masks
            .iter()
            .map(|&m| Dimset {
                dims: dims_of(m),
                mask: m,
                output: output_masks.binary_search(&m).is_ok(),
                base: if table_mode {
                    maximal.contains(&m)
                } else {
                    m == union
                },
                start: 0,
                end: 0,
                up: Vec::new(),
                down: Vec::new(),
            })
            .collect();
        if !table_mode && !union_in_family {
            // The atoms as a hidden base table.
            dimsets.push(Dimset {
                dims: union_dims.clone(),
                mask: union,
                output: false,
                base: true,
                start: 0,
                end: 0,
                up: Vec::new(),
                down: Vec::new(),
            });
        }
        let n_ds = dimsets.len();
        if n_ds > u32::MAX as usize / 2 {
            return Err(SdcError::TooLarge);
        }
        let ds_by_mask: FxHashMap<u64, u32> = dimsets
            .iter()
            .enumerate()
            .map(|(i, d)| (d.mask, i as u32))
            .collect();

        // Cells, dimset by dimset, so each dimset's cells are contiguous.
        let mut atom_cell = vec![0u32; n_atoms * n_ds];
        let mut cell_ds: Vec<u32> = Vec::new();
        let mut cell_value: Vec<u64> = Vec::new();
        let mut cell_rep: Vec<u32> = Vec::new();
        let mut cell_index: Vec<FxHashMap<u128, u32>> = Vec::with_capacity(n_ds);
        for (s, ds) in dimsets.iter_mut().enumerate() {
            let start = u32::try_from(cell_value.len()).map_err(|_| SdcError::TooLarge)?;
            let mut index: FxHashMap<u128, u32> = FxHashMap::default();
            for a in 0..n_atoms {
                let key = packer.pack(&ds.dims, &atom_key[a * n_dims..(a + 1) * n_dims]);
                let next = u32::try_from(cell_value.len()).map_err(|_| SdcError::TooLarge)?;
                let id = *index.entry(key).or_insert_with(|| {
                    cell_ds.push(s as u32);
                    cell_value.push(0);
                    cell_rep.push(a as u32);
                    next
                });
                cell_value[id as usize] += atom_value[a];
                atom_cell[a * n_ds + s] = id;
            }
            ds.start = start;
            ds.end = u32::try_from(cell_value.len()).map_err(|_| SdcError::TooLarge)?;
            cell_index.push(index);
        }
        let n_cells = cell_value.len();

        // Prior cells: fixed, and they must be the truth of these data.
        let mut cell_prior = vec![false; n_cells];
        for pc in prior.cells() {
            let m = mask_of(&pc.dims)?;
            let s = ds_by_mask.get(&m).copied().ok_or(SdcError::TooLarge)? as usize;
            let mut full = vec![0u32; n_dims];
            for (&d, &v) in pc.dims.iter().zip(&pc.key) {
                if v >= n_values[d] {
                    return Err(SdcError::UnknownValue {
                        dim: data.dims()[d].clone(),
                        index: v,
                    });
                }
                full[d] = v;
            }
            let key = packer.pack(&dimsets[s].dims, &full);
            let actual = cell_index[s]
                .get(&key)
                .map_or(0, |&c| cell_value[c as usize]);
            if actual != pc.value {
                let mut dims = pc.dims.clone();
                let mut pairs: Vec<(usize, u32)> =
                    dims.iter().copied().zip(pc.key.iter().copied()).collect();
                pairs.sort_unstable();
                dims.sort_unstable();
                return Err(SdcError::PriorMismatch {
                    dims: dims.iter().map(|&d| data.dims()[d].clone()).collect(),
                    key: pairs
                        .iter()
                        .map(|&(d, v)| data.labels(d)[v as usize].clone())
                        .collect(),
                    prior: pc.value,
                    actual,
                });
            }
            if let Some(&c) = cell_index[s].get(&key) {
                cell_prior[c as usize] = true;
            }
        }

        // Relations: one per (margin cell, base dimset containing it).
        let bases: Vec<usize> = (0..n_ds).filter(|&s| dimsets[s].base).collect();
        let mut n_rel: u32 = 0;
        let mut rel_margin: Vec<u32> = Vec::new();
        for &b in &bases {
            for s in 0..n_ds {
                if s == b || dimsets[s].base || dimsets[s].mask & !dimsets[b].mask != 0 {
                    continue;
                }
                let start = n_rel;
                let (cs, ce) = (dimsets[s].start, dimsets[s].end);
                rel_margin.extend(cs..ce);
                n_rel = n_rel.checked_add(ce - cs).ok_or(SdcError::TooLarge)?;
                dimsets[s].up.push((b as u32, start));
                dimsets[b].down.push((s as u32, start));
            }
        }
        let mut rel_off = vec![0u32; n_rel as usize + 1];
        for &b in &bases {
            for t in dimsets[b].start..dimsets[b].end {
                let rep = cell_rep[t as usize] as usize;
                for &(s, start) in &dimsets[b].down {
                    let m = atom_cell[rep * n_ds + s as usize];
                    rel_off[(start + m - dimsets[s as usize].start) as usize + 1] += 1;
                }
            }
        }
        for r in 0..n_rel as usize {
            rel_off[r + 1] += rel_off[r];
        }
        let mut fill = rel_off.clone();
        let mut rel_child = vec![0u32; rel_off[n_rel as usize] as usize];
        for &b in &bases {
            for t in dimsets[b].start..dimsets[b].end {
                let rep = cell_rep[t as usize] as usize;
                for &(s, start) in &dimsets[b].down {
                    let m = atom_cell[rep * n_ds + s as usize];
                    let r = (start + m - dimsets[s as usize].start) as usize;
                    rel_child[fill[r] as usize] = t;
                    fill[r] += 1;
                }
            }
        }
        let max_depth = dimsets
            .iter()
            .filter(|d| d.output)
            .map(|d| d.dims.len())
            .max()
            .unwrap_or(0);
        Ok(Self {
            n_dims,
            n_values,
            dimsets,
            ds_by_mask,
            table_mode,
            n_atoms,
            atom_key,
            atom_cell,
            cell_ds,
            cell_value,
            cell_rep,
            cell_prior,
            cell_index,
            packer,
            rel_margin,
            rel_off,
            rel_child,
            max_depth,
        })
    }

    pub fn n_cells(&self) -> usize {
        self.cell_value.len()
    }
    pub fn ds(&self, c: u32) -> &Dimset {
        &self.dimsets[self.cell_ds[c as usize] as usize]
    }
    pub fn is_base(&self, c: u32) -> bool {
        self.ds(c).base
    }
    pub fn is_output(&self, c: u32) -> bool {
        self.ds(c).output
    }
    pub fn value(&self, c: u32) -> u64 {
        self.cell_value[c as usize]
    }
    /// Value index of dimension `d` of cell `c` (meaningful for `d` in its dimset).
    pub fn coord(&self, c: u32, d: usize) -> u32 {
        self.atom_key[self.cell_rep[c as usize] as usize * self.n_dims + d]
    }
    /// Key of cell `c`: value index per dimension of its dimset.
    pub fn key(&self, c: u32) -> Vec<u32> {
        self.ds(c).dims.iter().map(|&d| self.coord(c, d)).collect()
    }
    /// The cell of dimset `s` containing cell `c` (whose dimset must contain `s`'s).
    pub fn ancestor(&self, c: u32, s: usize) -> u32 {
        self.atom_cell[self.cell_rep[c as usize] as usize * self.dimsets.len() + s]
    }
    /// The cell of dimset `s` with the given full coordinates, if it occurs.
    pub fn lookup(&self, s: usize, full: &[u32]) -> Option<u32> {
        let key = self.packer.pack(&self.dimsets[s].dims, full);
        self.cell_index[s].get(&key).copied()
    }
    /// Full coordinates (one per dimension) of cell `c`'s representative atom.
    pub fn full_key(&self, c: u32) -> &[u32] {
        let a = self.cell_rep[c as usize] as usize;
        &self.atom_key[a * self.n_dims..(a + 1) * self.n_dims]
    }
    /// Calls `f(relation)` for every relation the unit `c` takes part in: as a child for a
    /// base cell, as the margin otherwise.
    pub fn for_rels(&self, c: u32, mut f: impl FnMut(u32)) {
        let ds = self.ds(c);
        if ds.base {
            for &(s, start) in &ds.down {
                let m = self.ancestor(c, s as usize);
                f(start + m - self.dimsets[s as usize].start);
            }
        } else {
            for &(_, start) in &ds.up {
                f(start + c - ds.start);
            }
        }
    }
    pub fn children(&self, r: u32) -> &[u32] {
        &self.rel_child[self.rel_off[r as usize] as usize..self.rel_off[r as usize + 1] as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::acyclic;

    #[test]
    fn gyo() {
        // W1: {c,f,l,k}, {c,f,a,k}, {c,l,s,k} is acyclic.
        let (c, f, l, s, a, k) = (1, 2, 4, 8, 16, 32);
        assert!(acyclic(&[c | f | l | k, c | f | a | k, c | l | s | k]));
        // The triangle {a,b}, {b,c}, {a,c} is not.
        assert!(!acyclic(&[1 | 2, 2 | 4, 1 | 4]));
        assert!(acyclic(&[1 | 2, 2 | 4]));
        assert!(acyclic(&[7]));
    }
}
