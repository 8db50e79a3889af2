//! Colours, fonts and sizes every chart shares, so that a mark means the same in each.

/// Width of every chart in user units (the `viewBox` width).
pub(super) const WIDTH: f64 = 640.0;

/// Okabe–Ito blue: staff share (5.2:1 on white).
pub(super) const STAFF: &str = "#0072B2";
/// Okabe–Ito vermillion: population benchmark, and the comparison group (without a migration
/// history) in the funnel (3.9:1 on white, a graphical object).
pub(super) const BENCHMARK: &str = "#D55E00";
/// Okabe–Ito bluish green: a saved scenario compared in the projection (3.4:1 on white).
pub(super) const COMPARE: &str = "#009E73";
/// Okabe–Ito sky blue: the tint of the projection band. The tint alone is too light to be a
/// graphical object (WCAG 1.4.11), so the band always carries a [`STAFF`] outline as well.
pub(super) const BAND_TINT: &str = "#56B4E9";
/// Okabe–Ito black: interval whiskers.
pub(super) const INTERVAL: &str = "#000000";
/// Body text (16:1 on white).
pub(super) const TEXT: &str = "#1A1A1A";
/// Axis labels, the "suppressed" note (7:1 on white).
pub(super) const MUTED: &str = "#595959";
/// Gridlines (decorative, the labels carry the values).
pub(super) const GRID: &str = "#D0D0D0";
/// The zero line / axis.
pub(super) const AXIS: &str = "#595959";

/// Left edge of the bar charts' plot area; their row labels start here too.
pub(super) const BAR_LEFT: f64 = 24.0;

pub(super) const FONT: f64 = 14.0;
pub(super) const SMALL_FONT: f64 = 12.0;

/// Labels drawn over gridlines get a white halo, so no line runs through their letters.
pub(super) const HALO_LABEL: &str =
    "class=\"label\" stroke=\"#ffffff\" stroke-width=\"4\" paint-order=\"stroke\" stroke-linejoin=\"round\"";
/// The value label's halo, see [`HALO_LABEL`].
pub(super) const HALO_VALUE: &str =
    "class=\"value\" stroke=\"#ffffff\" stroke-width=\"4\" paint-order=\"stroke\" stroke-linejoin=\"round\"";

/// Attribute markup of a muted, italic note standing in for a withheld value.
pub(super) const SUPPRESSED: &str = "class=\"suppressed\" font-style=\"italic\"";
