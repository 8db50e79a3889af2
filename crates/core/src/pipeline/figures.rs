//! The figures of one stage transition (SPEC §4 "Pipeline") and which counts each one uses,
//! so that disclosure control can withhold exactly the figures that rest on a suppressed count.

use super::{OccupationLabel, OccupationPipeline, StageCounts};
use crate::definition::Class;
use crate::records::StageName;
use crate::stats::{finite, fisher_exact, relative_risk, Confidence};
use serde::Serialize;

/// One group's step from stage k to k+1: `in` = persons at stage k, `out` = at stage k+1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GroupFlow {
    #[serde(rename = "in")]
    pub entered: Option<u64>,
    #[serde(rename = "out")]
    pub advanced: Option<u64>,
    /// `out / in`; `None` if nobody was at stage k.
    pub rate: Option<f64>,
}

/// Whether a transition's figures are all shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureStatus {
    /// Every count the figures use is shown (a figure may still be `null` because it is not
    /// defined, e.g. a rate with nobody at the stage).
    Ok,
    /// Some count the figures use is withheld by disclosure control, and with it every
    /// figure computed from it; `withheld` names them.
    Suppressed,
}

/// A count withheld by disclosure control: the persons of `group` at `stage`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WithheldCount {
    pub stage: StageName,
    pub group: Class,
}

/// Figures of the transition from stage `from` to stage `to` (SPEC §4).
///
/// Undefined numbers (division by zero, scipy's `inf`/`NaN`) are `None`, JSON `null`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Transition {
    pub from: StageName,
    pub to: StageName,
    pub with: GroupFlow,
    pub without: GroupFlow,
    /// `rate_with / rate_without`.
    pub impact_ratio: Option<f64>,
    /// Katz log interval of the impact ratio (scipy `relative_risk(...).confidence_interval()`).
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// `1 / impact_ratio`: > 1 means `with` is less likely to advance (NHS WRES direction).
    pub relative_likelihood: Option<f64>,
    /// Fisher's exact test on `[[out_with, in_with − out_with], [out_without, in_without −
    /// out_without]]`. `None` when a group has nobody at stage k (nothing to compare; scipy
    /// would report 1).
    pub fisher_p_two_sided: Option<f64>,
    /// One-sided: `with` advances less often than `without`.
    pub fisher_p_less: Option<f64>,
    /// `impact_ratio < 0.8` (four-fifths rule).
    pub four_fifths: Option<bool>,
    /// `in_with · (out_total / in_total) − out_with` with totals = with + without (`unknown`
    /// excluded): how many more `with` persons would have advanced at the overall rate.
    pub shortfall: Option<f64>,
    /// `(out_with / first_with) / (out_without / first_without)`: the impact ratio from the
    /// first stage to stage k+1.
    pub cumulative_impact_ratio: Option<f64>,
    pub status: FigureStatus,
    /// The counts withheld by disclosure control that these figures would use.
    pub withheld: Vec<WithheldCount>,
}

/// Builds one occupation's line from its stage counts (in funnel order).
pub(super) fn occupation(
    occupation: OccupationLabel,
    outreach_benchmark: Option<f64>,
    stages: Vec<StageCounts>,
    confidence: Confidence,
) -> OccupationPipeline {
    let transitions = (0..stages.len().saturating_sub(1))
        .map(|i| transition(&stages, i, confidence))
        .collect();
    OccupationPipeline {
        occupation,
        applicant_share: applicant_share(stages.first()),
        outreach_benchmark,
        stages,
        transitions,
    }
}

fn applicant_share(first: Option<&StageCounts>) -> Option<f64> {
    let (w, wo) = (first?.with?, first?.without?);
    ratio(w, w + wo)
}

fn ratio(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

fn flow(from: &StageCounts, to: &StageCounts, group: Class) -> GroupFlow {
    let (entered, advanced) = (from.get(group), to.get(group));
    GroupFlow {
        entered,
        advanced,
        rate: entered.zip(advanced).and_then(|(i, o)| ratio(o, i)),
    }
}

/// The counts the figures of transition `i → i+1` use: both groups at both stages and at the
/// first stage (for the cumulative ratio).
fn inputs(stages: &[StageCounts], i: usize) -> Vec<(usize, Class)> {
    let mut v = Vec::with_capacity(6);
    for s in [0, i, i + 1] {
        for g in [Class::With, Class::Without] {
            if !v.contains(&(s, g)) {
                v.push((s, g));
            }
        }
    }
    v.retain(|(s, _)| *s < stages.len());
    v
}

/// Every figure of transition `i → i+1`, computed only from the counts that are present:
/// a withheld count (`None`) makes every figure that uses it `None`.
fn transition(stages: &[StageCounts], i: usize, confidence: Confidence) -> Transition {
    let (from, to) = (&stages[i], &stages[i + 1]);
    let with = flow(from, to, Class::With);
    let without = flow(from, to, Class::Without);
    let withheld: Vec<WithheldCount> = inputs(stages, i)
        .into_iter()
        .filter(|(s, g)| stages[*s].get(*g).is_none())
        .map(|(s, g)| WithheldCount {
            stage: stages[s].stage.clone(),
            group: g,
        })
        .collect();
    let mut t = Transition {
        from: from.stage.clone(),
        to: to.stage.clone(),
        with,
        without,
        impact_ratio: None,
        ci_low: None,
        ci_high: None,
        relative_likelihood: None,
        fisher_p_two_sided: None,
        fisher_p_less: None,
        four_fifths: None,
        shortfall: None,
        cumulative_impact_ratio: None,
        status: if withheld.is_empty() {
            FigureStatus::Ok
        } else {
            FigureStatus::Suppressed
        },
        withheld,
    };
    let (Some(in_w), Some(out_w), Some(in_o), Some(out_o)) = (
        with.entered,
        with.advanced,
        without.entered,
        without.advanced,
    ) else {
        return t;
    };
    if let Some(rr) = relative_risk(out_w, in_w, out_o, in_o, confidence) {
        t.impact_ratio = finite(rr.relative_risk);
        t.ci_low = finite(rr.low);
        t.ci_high = finite(rr.high);
        t.relative_likelihood = t.impact_ratio.and_then(|ir| finite(1.0 / ir));
        // Decided in integers: (1/3) / (5/12) is exactly 0.8 but 0.7999999999999999 in f64.
        t.four_fifths = t.impact_ratio.map(|_| {
            5 * u128::from(out_w) * u128::from(in_o) < 4 * u128::from(in_w) * u128::from(out_o)
        });
    }
    if in_w > 0 && in_o > 0 {
        let f = fisher_exact([
            [out_w, in_w.saturating_sub(out_w)],
            [out_o, in_o.saturating_sub(out_o)],
        ]);
        t.fisher_p_two_sided = Some(f.two_sided);
        t.fisher_p_less = Some(f.less);
    }
    let (in_tot, out_tot) = (in_w + in_o, out_w + out_o);
    if in_tot > 0 {
        t.shortfall = Some(in_w as f64 * (out_tot as f64 / in_tot as f64) - out_w as f64);
    }
    let first = &stages[0];
    if let (Some(first_w), Some(first_o)) = (first.with, first.without) {
        if let (Some(rw), Some(ro)) = (ratio(out_w, first_w), ratio(out_o, first_o)) {
            t.cumulative_impact_ratio = finite(rw / ro);
        }
    }
    t
}

/// Recomputes the figures of an occupation after disclosure control has set withheld
/// counts to `None`: what rests on a withheld count becomes `None` and the transition says
/// which counts are missing. Figures on shown counts are unchanged (same inputs, same code).
pub(crate) fn recompute(occ: &mut OccupationPipeline, confidence: Confidence) {
    occ.applicant_share = applicant_share(occ.stages.first());
    occ.transitions = (0..occ.stages.len().saturating_sub(1))
        .map(|i| transition(&occ.stages, i, confidence))
        .collect();
}
