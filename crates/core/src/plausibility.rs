//! Survey answers that contradict the staff file.
//!
//! Staff pick their own segment in the survey. Twelve answers that claim a segment with nine
//! staff (or one the staff file does not have) cannot all be right, and an analysis over
//! them would be wrong; refusing the whole city for it would take down every page. These
//! answers are set aside before anything is analysed or protected, and the page says so.
//!
//! The check does not depend on the grouping asked for: every table of one city and wave
//! must rest on the same answers (the release registry audits them together). So an answer
//! is set aside if *any* segment it falls into, over any subset of the dimensions both files
//! carry, has more answers than staff or no staff at all. Then every grouping's segments are
//! consistent, and the set of answers kept is the same for all of them.

use crate::representation::SegmentLabel;
use crate::{Answers, Dim, DimSet, FieldCatalog, SegmentKey};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, BTreeSet};

/// The answers that agree with the staff file, and the segments that did not.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plausible {
    pub responses: Vec<(SegmentKey, Answers, u64)>,
    /// The smallest contradicting segments, for the warning: named, never counted (a count
    /// of answers in a small segment is itself a figure that must not leave unprotected).
    pub set_aside: Vec<SegmentLabel>,
}

impl Plausible {
    /// One sentence for the page, or none when every answer fits.
    pub fn warning(&self) -> Option<String> {
        if self.set_aside.is_empty() {
            return None;
        }
        const SHOWN: usize = 8;
        let mut names: Vec<String> = self
            .set_aside
            .iter()
            .take(SHOWN)
            .map(ToString::to_string)
            .collect();
        if self.set_aside.len() > SHOWN {
            names.push(format!("{} weitere", self.set_aside.len() - SHOWN));
        }
        Some(format!(
            "Nicht ausgewertet: Antworten, die ein Segment mit weniger Beschäftigten als \
             Antworten (oder ohne Beschäftigte) angeben – {}. Bitte Personaldatei und \
             Befragung abgleichen.",
            names.join("; ")
        ))
    }
}

fn carried(keys: impl Iterator<Item = SegmentKey>) -> DimSet {
    let mut dims = DimSet::EMPTY;
    for k in keys {
        for d in Dim::ALL {
            if k.has(d) {
                dims = dims.with(d);
            }
        }
    }
    dims
}

/// Sets aside the answers that contradict `staff` (one city, one staff year).
///
/// Segments are checked from the finest (every dimension both files carry) to the coarsest
/// (the city). Where a segment has more answers than staff, the answers that name exactly
/// that segment and nothing finer go first; if it still has too many (answers complete on
/// different finer dimensions that together overclaim), all of its answers go. Finer checks
/// run first, so an answer is only set aside for the smallest segment it contradicts, and
/// a coarser check can only remove more: at the end every segment of every grouping has at
/// most as many answers as staff.
pub fn plausible_responses(
    staff: &[(SegmentKey, u64)],
    responses: &[(SegmentKey, Answers, u64)],
    catalog: &FieldCatalog,
) -> Plausible {
    let mut common = carried(staff.iter().map(|(k, _)| *k))
        .intersect(carried(responses.iter().map(|(k, _, _)| *k)));
    // The survey may ask for age in other bands than the staff file has (the analysis maps
    // them when it benchmarks); answers can only be held against staff by age when every
    // band the answers use is one of the staff file's.
    let staff_bands: BTreeSet<_> = staff.iter().filter_map(|(k, _)| k.age).collect();
    if responses
        .iter()
        .filter_map(|(k, _, _)| k.age)
        .any(|b| !staff_bands.contains(&b))
    {
        common = common.without(Dim::Age);
    }
    let dims: Vec<Dim> = common.iter().collect();
    let mut subsets: Vec<DimSet> = (0u32..(1 << dims.len()))
        .map(|mask| {
            dims.iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .fold(DimSet::EMPTY, |s, (_, d)| s.with(*d))
        })
        .collect();
    subsets.sort_by_key(|s| std::cmp::Reverse(s.iter().count()));
    let exact = |k: &SegmentKey| {
        dims.iter()
            .filter(|d| k.has(**d))
            .fold(DimSet::EMPTY, |s, d| s.with(*d))
    };
    // An answer's fate depends only on its segment key within the dimensions both files
    // carry: the check runs on those distinct keys with their counts (far fewer than answer
    // patterns or staff rows) and maps back to the answers at the end.
    let mut staff_by: FxHashMap<SegmentKey, u64> = FxHashMap::default();
    for (k, n) in staff {
        *staff_by.entry(k.project(common)).or_default() += n;
    }
    let mut slot: FxHashMap<SegmentKey, usize> = FxHashMap::default();
    let mut groups: Vec<(SegmentKey, u64)> = Vec::new();
    let group_of: Vec<usize> = responses
        .iter()
        .map(|(k, _, n)| {
            let k = k.project(common);
            let j = *slot.entry(k).or_insert_with(|| {
                groups.push((k, 0));
                groups.len() - 1
            });
            groups[j].1 += n;
            j
        })
        .collect();
    let mut kept = vec![true; groups.len()];
    let mut named: BTreeSet<(usize, SegmentLabel)> = BTreeSet::new();
    // Hash maps reused across the 2^dims groupings: this runs for every city on every
    // protected analysis, and overclaiming segments are rare, so the common case only sums.
    let mut heads: FxHashMap<SegmentKey, u64> = FxHashMap::default();
    let mut sums: FxHashMap<SegmentKey, u64> = FxHashMap::default();
    for &s in &subsets {
        heads.clear();
        for (k, n) in &staff_by {
            if k.is_complete(s) {
                *heads.entry(k.project(s)).or_default() += n;
            }
        }
        sums.clear();
        for (i, (k, n)) in groups.iter().enumerate() {
            if kept[i] && k.is_complete(s) {
                *sums.entry(k.project(s)).or_default() += n;
            }
        }
        let over: FxHashSet<SegmentKey> = sums
            .iter()
            .filter(|(seg, n)| **n > heads.get(*seg).copied().unwrap_or(0))
            .map(|(seg, _)| *seg)
            .collect();
        if over.is_empty() {
            continue;
        }
        // Kept answers of each overclaiming segment of `s`, by index.
        let mut members: BTreeMap<SegmentKey, Vec<usize>> = BTreeMap::new();
        for (i, (k, _)) in groups.iter().enumerate() {
            if kept[i] && k.is_complete(s) {
                let seg = k.project(s);
                if over.contains(&seg) {
                    members.entry(seg).or_default().push(i);
                }
            }
        }
        for (seg, idx) in members {
            let limit = heads.get(&seg).copied().unwrap_or(0);
            let count = |idx: &[usize], kept: &[bool]| -> u64 {
                idx.iter().filter(|i| kept[**i]).map(|i| groups[*i].1).sum()
            };
            for &i in &idx {
                if exact(&groups[i].0) == s {
                    kept[i] = false;
                }
            }
            if count(&idx, &kept) > limit {
                for &i in &idx {
                    kept[i] = false;
                }
            }
            named.insert((s.iter().count(), SegmentLabel::of(&seg, s, catalog)));
        }
    }
    Plausible {
        responses: responses
            .iter()
            .zip(&group_of)
            .filter(|(_, g)| kept[**g])
            .map(|(r, _)| *r)
            .collect(),
        // Coarsest first: "finanzen" says more than each of its levels.
        set_aside: named.into_iter().map(|(_, l)| l).collect(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::{Answer, Item, Level};

    fn key(field: usize, level: Level) -> SegmentKey {
        let cat = FieldCatalog::default();
        let field = cat.iter().nth(field).unwrap().0;
        SegmentKey {
            field: Some(field),
            level: Some(level),
            ..SegmentKey::default()
        }
    }

    fn a() -> Answers {
        Answers::default().with(Item::SelfBornAbroad, Answer::Yes)
    }

    #[test]
    fn twelve_answers_for_nine_staff_are_set_aside_and_named() {
        let cat = FieldCatalog::default();
        let staff = [(key(0, Level::Einfach), 9), (key(0, Level::Mittel), 40)];
        let responses = [
            (key(0, Level::Einfach), a(), 12),
            (key(0, Level::Mittel), a(), 20),
        ];
        let p = plausible_responses(&staff, &responses, &cat);
        assert_eq!(p.responses, vec![(key(0, Level::Mittel), a(), 20)]);
        assert_eq!(p.set_aside.len(), 1);
        let w = p.warning().unwrap();
        assert!(w.contains("level=einfach"), "{w}");
        assert!(!w.contains("12") && !w.contains('9'), "no counts: {w}");
    }

    #[test]
    fn consistent_answers_are_all_kept() {
        let cat = FieldCatalog::default();
        let staff = [(key(0, Level::Einfach), 9), (key(1, Level::Mittel), 4)];
        let responses = [
            (key(0, Level::Einfach), a(), 9),
            (key(1, Level::Mittel), a(), 2),
        ];
        let p = plausible_responses(&staff, &responses, &cat);
        assert_eq!(p.responses, responses.to_vec());
        assert_eq!(p.warning(), None);
    }

    #[test]
    fn a_segment_missing_from_staff_and_answers_naming_only_the_field() {
        let cat = FieldCatalog::default();
        let staff = [(key(0, Level::Mittel), 3), (key(2, Level::Mittel), 10)];
        let only_field = SegmentKey {
            level: None,
            ..key(0, Level::Mittel)
        };
        let responses = [
            (key(1, Level::Mittel), a(), 1),
            (key(0, Level::Mittel), a(), 2),
            (only_field, a(), 2),
        ];
        let p = plausible_responses(&staff, &responses, &cat);
        // Field 1 has no staff. Field 0 has 4 answers for 3 staff: the two that give only the
        // field go, the two that give field and level (within its 3 staff) stay.
        assert_eq!(p.responses, vec![(key(0, Level::Mittel), a(), 2)]);
        let names: Vec<String> = p.set_aside.iter().map(ToString::to_string).collect();
        assert_eq!(names.len(), 2, "{names:?}");
        // Each named where it contradicts the staff file: field 1 has no staff at its level,
        // field 0 has too many answers as a whole.
        assert!(
            names.iter().any(|n| n.ends_with(", level=mittel")),
            "{names:?}"
        );
        assert!(names.iter().any(|n| !n.contains("level")), "{names:?}");
    }

    proptest::proptest! {
        /// Whatever the answers claim, every segment of every grouping keeps at most as many
        /// answers as it has staff, and answers are only ever removed.
        #[test]
        fn every_grouping_is_consistent_after_the_check(
            staff in proptest::collection::vec((0usize..3, 0usize..4, 0u64..6), 0..10),
            answers in proptest::collection::vec(
                (proptest::option::of(0usize..3), proptest::option::of(0usize..4), 1u64..4),
                0..14,
            ),
        ) {
            let cat = FieldCatalog::default();
            let levels = [Level::Einfach, Level::Mittel, Level::Gehoben, Level::Hoeher];
            let fields: Vec<_> = cat.iter().take(3).map(|(f, _)| f).collect();
            let staff: Vec<(SegmentKey, u64)> = staff
                .iter()
                .map(|&(f, l, n)| (SegmentKey { field: Some(fields[f]), level: Some(levels[l]), ..SegmentKey::default() }, n))
                .collect();
            let responses: Vec<(SegmentKey, Answers, u64)> = answers
                .iter()
                .map(|&(f, l, n)| (SegmentKey { field: f.map(|f| fields[f]), level: l.map(|l| levels[l]), ..SegmentKey::default() }, a(), n))
                .collect();
            let p = plausible_responses(&staff, &responses, &cat);
            proptest::prop_assert!(p.responses.len() <= responses.len());
            for by in [
                DimSet::EMPTY,
                DimSet::EMPTY.with(Dim::Field),
                DimSet::EMPTY.with(Dim::Level),
                DimSet::EMPTY.with(Dim::Field).with(Dim::Level),
            ] {
                let mut heads: BTreeMap<SegmentKey, u64> = BTreeMap::new();
                for (k, n) in &staff {
                    *heads.entry(k.project(by)).or_default() += n;
                }
                let mut got: BTreeMap<SegmentKey, u64> = BTreeMap::new();
                for (k, _, n) in &p.responses {
                    if k.is_complete(by) {
                        *got.entry(k.project(by)).or_default() += n;
                    }
                }
                for (seg, n) in got {
                    proptest::prop_assert!(n <= heads.get(&seg).copied().unwrap_or(0), "{:?} {:?}", by, seg);
                }
            }
        }
    }
}
