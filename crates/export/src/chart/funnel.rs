//! The apprentice recruitment funnel: both groups' stage counts as bars relative to each
//! group's own first stage, with the impact ratio of every transition.

use super::axis::ValueAxis;
use super::de_percent;
use super::frame::{Frame, Layout};
use super::legend::Glyph;
use super::marks::{hatched_rect, solid_rect};
use super::style::{BAR_LEFT, FONT, MUTED, SMALL_FONT, SUPPRESSED, TEXT, WIDTH};
use super::svg::{esc, label, num, text};

/// The four-fifths rule: an impact ratio below this is flagged.
const FOUR_FIFTHS: f64 = 0.8;

/// Words and number formatting of [`funnel`], localised by the caller
/// ([`FunnelLabels::german`] gives the German defaults).
#[derive(Debug, Clone)]
pub struct FunnelLabels {
    /// The group with a migration history (solid blue bars), e.g. "mit Einwanderungsgeschichte".
    pub with: String,
    /// The group without (hatched, outlined bars), e.g. "ohne Einwanderungsgeschichte".
    pub without: String,
    /// Prefix of the impact ratio between two stages, e.g. "Verhältnis der Quoten"; the chart
    /// writes "{ratio}: {number(value)}".
    pub ratio: String,
    /// Text shown instead of a bar or a ratio withheld by disclosure control, e.g. "gesperrt".
    pub suppressed: String,
    /// Text added (in bold) after a ratio below 0.8, e.g. "unter 4/5": the flag is words, not
    /// a colour.
    pub four_fifths_flag: String,
    /// Formats an impact ratio (`0.72` → `"0,72"`).
    pub number: fn(f64) -> String,
    /// Formats a share of the first stage for the axis and the bar labels (`0.5` → `"50 %"`).
    pub percent: fn(f64) -> String,
    /// Formats a head count (`1234` → `"1.234"`).
    pub count: fn(u64) -> String,
}

impl FunnelLabels {
    /// German labels, German ratios with two decimals, [`de_percent`], German digit grouping.
    pub fn german() -> Self {
        FunnelLabels {
            with: "mit Einwanderungsgeschichte".to_owned(),
            without: "ohne Einwanderungsgeschichte".to_owned(),
            ratio: "Verhältnis der Quoten".to_owned(),
            suppressed: "gesperrt".to_owned(),
            four_fifths_flag: "unter 4/5".to_owned(),
            number: de_decimal,
            percent: de_percent,
            count: de_count,
        }
    }
}

/// `0.724` → `"0,72"`: ratios as everywhere else ([`abbild_i18n::fmt::dec`]).
fn de_decimal(v: f64) -> String {
    abbild_i18n::fmt::dec(v, 2, abbild_i18n::Lang::De)
}

/// `12345` → `"12.345"`: persons as everywhere else ([`abbild_i18n::fmt::int`]).
fn de_count(v: u64) -> String {
    abbild_i18n::fmt::int(v, abbild_i18n::Lang::De)
}

/// One stage of [`funnel`] (e.g. applications, interviews, offers, hires).
///
/// A count is `None` when disclosure control withheld it: the stage then shows
/// "{group}: {suppressed}" in that group's place and no bar.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FunnelStage {
    /// Stage name, e.g. "Vorstellungsgespräch".
    pub label: String,
    /// Persons with a migration history at this stage.
    pub with: Option<u64>,
    /// Persons without a migration history at this stage.
    pub without: Option<u64>,
    /// Impact ratio of the transition INTO this stage (rate with / rate without). Ignored on
    /// the first stage (there is no transition into it); on any later stage `None` (or a
    /// non-finite value) shows "{ratio}: {suppressed}". Negative values are drawn as 0.
    pub ratio: Option<f64>,
}

/// Input of [`funnel`]: the stages in funnel order, both groups side by side.
///
/// Every bar is the stage count as a share of the same group's first-stage count, so both
/// groups start at 100 % and the narrowing of the two funnels is comparable although the
/// groups differ in size. The axis is fixed at 0–100 %; a count above the first stage's
/// (an inconsistent funnel) is drawn at 100 %, and its label shows the clamped share, as drawn.
///
/// If a group's first-stage count is `None` (withheld) or 0, none of its shares can be
/// computed: that group gets no bars at all, only "{group}: {count}" where a count is present
/// (and "{group}: {suppressed}" where not). The other group is drawn as usual.
#[derive(Debug, Clone)]
pub struct FunnelChart {
    /// Unique id prefix within the page, see [`super::ShareChart::id`].
    pub id: String,
    /// Short accessible name, e.g. "Auswahlverfahren Ausbildung 2024".
    pub title: String,
    /// Accessible description carrying the message, e.g. at which transition the ratio falls
    /// below four fifths.
    pub desc: String,
    pub stages: Vec<FunnelStage>,
    pub labels: FunnelLabels,
}

/// The right end of a 100 % bar; the rest of the width holds the labels after the bars
/// ("12.345 (100 %)").
const RIGHT: f64 = WIDTH - 140.0;
/// Height of the ratio line above every stage but the first.
const RATIO_H: f64 = 22.0;
/// Stage label baseline, first bar, gap between the bars, bar height, padding below.
const LABEL_BASE: f64 = 15.0;
const BARS_OFFSET: f64 = 24.0;
const BAR_H: f64 = 16.0;
const BAR_GAP: f64 = 4.0;
const STAGE_H: f64 = BARS_OFFSET + 2.0 * BAR_H + BAR_GAP + 12.0;

/// What one group's line in one stage shows.
enum Mark {
    /// A bar of this share of the group's first stage, labelled with the count.
    Bar(f64, u64),
    /// The count only: the group has no first-stage base.
    Count(u64),
    Suppressed,
}

fn mark(count: Option<u64>, base: Option<u64>) -> Mark {
    match (count, base) {
        (Some(c), Some(b)) => Mark::Bar((c as f64 / b as f64).clamp(0.0, 1.0), c),
        (Some(c), None) => Mark::Count(c),
        (None, _) => Mark::Suppressed,
    }
}

/// The recruitment funnel per group: for each stage a solid bar ("with") and a hatched,
/// outlined bar ("without"), each relative to the group's first stage and labelled with the
/// count; between stages the impact ratio, flagged in words below four fifths.
pub fn funnel(chart: &FunnelChart) -> String {
    let l = &chart.labels;
    let extra_ratio_lines = chart.stages.len().saturating_sub(1) as f64;
    let mut frame = Frame::open(&Layout {
        id: &chart.id,
        title: &chart.title,
        desc: &chart.desc,
        legend: &[
            (Glyph::Bar, l.with.as_str()),
            (Glyph::HatchBar, l.without.as_str()),
        ],
        legend_right: WIDTH - 16.0,
        left: BAR_LEFT,
        right: RIGHT,
        gap: 8.0,
        height: STAGE_H * chart.stages.len() as f64 + RATIO_H * extra_ratio_lines,
        foot: 24.0,
    });
    frame.value_grid_x(ValueAxis::QUARTERS, l.percent);

    // A group's base: its first-stage count, if there is one to divide by.
    let first = chart.stages.first();
    let bases = [
        first.and_then(|s| s.with).filter(|&c| c > 0),
        first.and_then(|s| s.without).filter(|&c| c > 0),
    ];
    let mut top = frame.plot.top;
    for (i, stage) in chart.stages.iter().enumerate() {
        frame.group("stage", |f| {
            top = draw_stage(f, l, stage, i > 0, bases, top)
        });
        top += STAGE_H;
    }
    frame.close()
}

/// One stage from `top`: the ratio line into it (unless it is the first), its label, and
/// a line per group. Returns the top of the stage without its ratio line.
fn draw_stage(
    f: &mut Frame,
    l: &FunnelLabels,
    stage: &FunnelStage,
    ratio_line: bool,
    bases: [Option<u64>; 2],
    mut top: f64,
) -> f64 {
    if ratio_line {
        f.push(&ratio_text(l, stage.ratio, top + LABEL_BASE));
        top += RATIO_H;
    }
    let class = "class=\"label\"";
    f.push(&label(
        BAR_LEFT,
        top + LABEL_BASE,
        FONT,
        class,
        &stage.label,
    ));
    let groups = [
        (Group::With, mark(stage.with, bases[0]), &l.with),
        (Group::Without, mark(stage.without, bases[1]), &l.without),
    ];
    for (g, (group, m, name)) in groups.into_iter().enumerate() {
        let y = top + BARS_OFFSET + g as f64 * (BAR_H + BAR_GAP);
        f.push(&group_line(f.plot.width(), l, group, m, name, y));
    }
    top
}

/// The two groups, told apart by the bar's pattern (solid or hatched), not only its colour.
#[derive(Debug, Clone, Copy)]
enum Group {
    With,
    Without,
}

/// One group's line of a stage from `y`: its bar with the count and share after it, or the
/// count alone, or the "suppressed" note. `plot_w` is the width of a 100 % bar.
fn group_line(plot_w: f64, l: &FunnelLabels, group: Group, m: Mark, name: &str, y: f64) -> String {
    let baseline = y + BAR_H / 2.0 + 5.0;
    match m {
        Mark::Bar(share, count) => {
            let w = share * plot_w;
            let mut out = match group {
                Group::With => solid_rect("bar-with", BAR_LEFT, y, w, BAR_H),
                Group::Without => hatched_rect("bar-without", BAR_LEFT, y, w, BAR_H),
            };
            let value = format!("{} ({})", (l.count)(count), (l.percent)(share));
            let x = BAR_LEFT + share * plot_w + 6.0;
            out.push_str(&label(x, baseline, FONT, "class=\"value\"", &value));
            out
        }
        Mark::Count(count) => {
            let content = format!("{name}: {}", (l.count)(count));
            label(BAR_LEFT + 6.0, baseline, FONT, "class=\"count\"", &content)
        }
        Mark::Suppressed => {
            let content = format!("{name}: {}", l.suppressed);
            text(
                BAR_LEFT + 6.0,
                baseline,
                FONT,
                MUTED,
                "start",
                SUPPRESSED,
                &content,
            )
        }
    }
}

/// The ratio line above a stage: "{ratio}: {value}", with the bold four-fifths flag when the
/// value is below 0.8, or "{ratio}: {suppressed}" in muted italics.
fn ratio_text(l: &FunnelLabels, ratio: Option<f64>, y: f64) -> String {
    let open = |fill: &str, extra: &str| {
        format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{fill}\" text-anchor=\"start\" class=\"ratio\"{extra}>",
            num(BAR_LEFT),
            num(y),
            num(SMALL_FONT),
        )
    };
    match ratio.filter(|r| r.is_finite()).map(|r| r.max(0.0)) {
        Some(r) => {
            let mut out = open(TEXT, "");
            out.push_str(&esc(&format!("{}: {}", l.ratio, (l.number)(r))));
            if r < FOUR_FIFTHS {
                out.push_str(&format!(
                    " <tspan class=\"flag\" font-weight=\"bold\">– {}</tspan>",
                    esc(&l.four_fifths_flag)
                ));
            }
            out.push_str("</text>\n");
            out
        }
        None => format!(
            "{}{}</text>\n",
            open(MUTED, " font-style=\"italic\""),
            esc(&format!("{}: {}", l.ratio, l.suppressed))
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_numbers() {
        assert_eq!(de_decimal(0.724), "0,72");
        assert_eq!(de_decimal(-0.0001), "0,00");
        assert_eq!(de_count(0), "0");
        assert_eq!(de_count(999), "999");
        assert_eq!(de_count(1000), "1.000");
        assert_eq!(de_count(1234567), "1.234.567");
    }

    #[test]
    fn marks() {
        assert!(matches!(mark(Some(50), Some(200)), Mark::Bar(s, 50) if s == 0.25));
        assert!(matches!(mark(Some(300), Some(200)), Mark::Bar(s, 300) if s == 1.0));
        assert!(matches!(mark(Some(5), None), Mark::Count(5)));
        assert!(matches!(mark(None, Some(5)), Mark::Suppressed));
    }
}
