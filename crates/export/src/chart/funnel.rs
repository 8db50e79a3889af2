//! The apprentice recruitment funnel: both groups' stage counts as bars relative to each
//! group's own first stage, with the impact ratio of every transition.

use super::{
    de_percent, esc, hatched_rect, legend, num, open, text, Glyph, AXIS, BAR_LEFT, FONT, GRID,
    MUTED, SMALL_FONT, STAFF, TEXT, WIDTH,
};

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

/// `0.724` → `"0,72"`.
fn de_decimal(v: f64) -> String {
    let s = format!("{v:.2}").replace('.', ",");
    if s == "-0,00" {
        "0,00".to_owned()
    } else {
        s
    }
}

/// `12345` → `"12.345"`.
fn de_count(v: u64) -> String {
    let digits = v.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
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
    let plot_w = RIGHT - BAR_LEFT;
    let x_of = |v: f64| BAR_LEFT + v * plot_w;

    let (legend, legend_h) = legend(
        &[
            (Glyph::Bar, l.with.as_str()),
            (Glyph::HatchBar, l.without.as_str()),
        ],
        BAR_LEFT,
        8.0,
        WIDTH - 16.0,
    );
    let rows_top = 8.0 + legend_h + 8.0;
    let extra_ratio_lines = chart.stages.len().saturating_sub(1) as f64;
    let rows_bottom = rows_top + STAGE_H * chart.stages.len() as f64 + RATIO_H * extra_ratio_lines;
    let height = rows_bottom + 24.0;

    // A group's base: its first-stage count, if there is one to divide by.
    let first = chart.stages.first();
    let base_with = first.and_then(|s| s.with).filter(|&c| c > 0);
    let base_without = first.and_then(|s| s.without).filter(|&c| c > 0);

    let mut svg = open(&chart.id, &chart.title, &chart.desc, height);
    svg.push_str(&legend);

    svg.push_str("<g class=\"grid\">\n");
    for k in 0..=4 {
        let v = f64::from(k) * 0.25;
        let x = x_of(v);
        let colour = if k == 0 { AXIS } else { GRID };
        svg.push_str(&format!(
            "<line x1=\"{x}\" y1=\"{y1}\" x2=\"{x}\" y2=\"{y2}\" stroke=\"{colour}\" stroke-width=\"1\"/>\n",
            x = num(x),
            y1 = num(rows_top),
            y2 = num(rows_bottom),
        ));
        svg.push_str(&text(
            x,
            rows_bottom + 16.0,
            SMALL_FONT,
            MUTED,
            "middle",
            "",
            &(l.percent)(v),
        ));
    }
    svg.push_str("</g>\n");

    let mut top = rows_top;
    for (i, stage) in chart.stages.iter().enumerate() {
        svg.push_str("<g class=\"stage\">\n");
        if i > 0 {
            svg.push_str(&ratio_text(l, stage.ratio, top + LABEL_BASE));
            top += RATIO_H;
        }
        svg.push_str(&text(
            BAR_LEFT,
            top + LABEL_BASE,
            FONT,
            TEXT,
            "start",
            "class=\"label\"",
            &stage.label,
        ));
        let groups = [
            (mark(stage.with, base_with), &l.with, "bar-with"),
            (mark(stage.without, base_without), &l.without, "bar-without"),
        ];
        for (g, (m, name, class)) in groups.into_iter().enumerate() {
            let y = top + BARS_OFFSET + g as f64 * (BAR_H + BAR_GAP);
            let baseline = y + BAR_H / 2.0 + 5.0;
            match m {
                Mark::Bar(share, count) => {
                    let w = share * plot_w;
                    svg.push_str(&if g == 0 {
                        format!(
                            "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{STAFF}\"/>\n",
                            num(BAR_LEFT),
                            num(y),
                            num(w),
                            num(BAR_H),
                        )
                    } else {
                        hatched_rect(class, BAR_LEFT, y, w, BAR_H)
                    });
                    let label = format!("{} ({})", (l.count)(count), (l.percent)(share));
                    svg.push_str(&text(
                        x_of(share) + 6.0,
                        baseline,
                        FONT,
                        TEXT,
                        "start",
                        "class=\"value\"",
                        &label,
                    ));
                }
                Mark::Count(count) => svg.push_str(&text(
                    BAR_LEFT + 6.0,
                    baseline,
                    FONT,
                    TEXT,
                    "start",
                    "class=\"count\"",
                    &format!("{name}: {}", (l.count)(count)),
                )),
                Mark::Suppressed => svg.push_str(&text(
                    BAR_LEFT + 6.0,
                    baseline,
                    FONT,
                    MUTED,
                    "start",
                    "class=\"suppressed\" font-style=\"italic\"",
                    &format!("{name}: {}", l.suppressed),
                )),
            }
        }
        svg.push_str("</g>\n");
        top += STAGE_H;
    }

    svg.push_str("</svg>\n");
    svg
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
