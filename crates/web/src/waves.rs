//! Which survey wave a page shows. A wave that has just been closed (or released) with a
//! handful of answers publishes almost nothing; if the pages followed it blindly, every
//! dashboard would turn to "–" the day a city starts its next survey. So a page shows the
//! wave the reader picked, else the latest wave whose overall share is published, and offers
//! the others in a wave choice.

use crate::error::AppError;
use crate::i18n::Tr;
use crate::pages::city_report;
use crate::state::AppState;
use crate::views;
use abbild_core::access::CityRead;
use abbild_core::Wave;
use abbild_service::scoped;
use serde::Deserialize;

/// `?welle=2025` on the city pages, their downloads and the region page.
#[derive(Debug, Default, Deserialize)]
pub struct WaveQuery {
    pub welle: Option<String>,
}

impl WaveQuery {
    /// The wave asked for, if the parameter is a year.
    pub fn asked(&self) -> Option<Wave> {
        self.welle.as_deref().and_then(|w| Wave::parse(w).ok())
    }
}

/// One entry of the wave choice.
#[derive(Debug, Clone)]
pub struct WaveOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The wave a page shows and the choice it offers.
#[derive(Debug, Clone, Default)]
pub struct WaveChoice {
    /// `None`: the city has no wave with released answers.
    pub shown: Option<Wave>,
    /// Newest first; empty when there is nothing to choose.
    pub options: Vec<WaveOption>,
}

impl WaveChoice {
    /// `?welle=…` for links and downloads that must show the same wave as the page.
    pub fn query(&self) -> String {
        self.shown
            .map(|w| format!("?welle={w}"))
            .unwrap_or_default()
    }
}

/// True when the city's overall share of `wave` is published.
async fn published(st: &AppState, cap: &CityRead, wave: Wave) -> Result<bool, AppError> {
    let rel = city_report(st, cap, views::overview_dims(), Some(wave)).await?;
    Ok(rel
        .as_deref()
        .and_then(views::only_city)
        .is_some_and(|c| c.overall.metrics.share.is_some()))
}

/// The latest wave with a published overall share, newest first; `None` if no wave has one.
/// Also returns the newer waves found without results.
async fn latest_published(
    st: &AppState,
    cap: &CityRead,
    waves: &[Wave],
) -> Result<(Option<Wave>, Vec<Wave>), AppError> {
    let mut empty = Vec::new();
    for &w in waves.iter().rev() {
        if published(st, cap, w).await? {
            return Ok((Some(w), empty));
        }
        empty.push(w);
    }
    Ok((None, empty))
}

/// The wave a city page shows (the one asked for if the city has it) and the choice.
pub async fn choose(
    st: &AppState,
    cap: &CityRead,
    q: &WaveQuery,
    tr: &Tr,
) -> Result<WaveChoice, AppError> {
    let waves = scoped::city_waves(&st.store, cap).await?;
    let (found, empty) = latest_published(st, cap, &waves).await?;
    let fallback = found.or_else(|| waves.last().copied());
    let shown = q.asked().filter(|w| waves.contains(w)).or(fallback);
    let options = if waves.len() > 1 {
        options(&waves, shown, &empty, tr)
    } else {
        Vec::new()
    };
    Ok(WaveChoice { shown, options })
}

/// Newest first; a wave without published results says so in its label.
pub fn options(waves: &[Wave], shown: Option<Wave>, empty: &[Wave], tr: &Tr) -> Vec<WaveOption> {
    waves
        .iter()
        .rev()
        .map(|&w| WaveOption {
            value: w.to_string(),
            label: if empty.contains(&w) {
                tr.arg("wave-without-results", "wave", &w.to_string())
            } else {
                w.to_string()
            },
            selected: Some(w) == shown,
        })
        .collect()
}
