//! The scenario page (`/stadt/{ags}/prognose`): when does parity come, and what hiring share
//! does it take? Sliders change the scenario; with JavaScript htmx swaps in the result
//! (`/prognose/ergebnis`) as they move, without it the form's button reloads the page.
//! Scenarios can be saved per city and compared side by side.

use crate::auth::{CityCtx, CityWriteCtx};
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::pages::Layout;
use crate::state::AppState;
use crate::views;
use abbild_core::projection::{Attrition, MonteCarloOptions, Projection, Scenario, Target};
use abbild_core::{Ags, Year};
use abbild_export::chart::{self, ProjectionChart, ProjectionLabels, ProjectionPoint};
use abbild_service::projection::{self as service, InitialState};
use abbild_service::ServiceError;
use abbild_store::Scenarios;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

/// Monte Carlo runs behind every slider move: the 90 % band needs about a thousand.
const RUNS: u32 = 1000;
/// Fixed, so the band does not flicker between two identical requests.
const SEED: u64 = 20240601;

/// The slider settings, as query parameters (percent as numbers, so the URL is readable and
/// a setting can be bookmarked or sent to a colleague).
#[derive(Debug, Clone, Deserialize, Default)]
pub struct Settings {
    /// Staff change per year in percent (−1 = a 1 % cut).
    growth: Option<f64>,
    /// Share of hires with migration history, percent.
    hire: Option<f64>,
    /// Yearly exit rate (not retirement) of staff with migration history, percent.
    exit_with: Option<f64>,
    /// … of staff without.
    exit_without: Option<f64>,
    retire: Option<u8>,
    horizon: Option<u16>,
    /// Target share in percent (default: the city's age-standardised benchmark).
    target: Option<f64>,
    /// A saved scenario to draw next to this one.
    compare: Option<String>,
    /// A saved scenario to load into the sliders.
    load: Option<String>,
}

/// The sliders after defaults and clamping: every value the page shows and uses.
#[derive(Debug, Clone, PartialEq)]
struct Resolved {
    growth: f64,
    hire: f64,
    exit_with: f64,
    exit_without: f64,
    retire: u8,
    horizon: u16,
    target: f64,
}

impl Resolved {
    fn from(s: &Settings, default_target: f64, default_hire: f64) -> Self {
        let c = |v: Option<f64>, d: f64, lo: f64, hi: f64| {
            v.filter(|x| x.is_finite()).unwrap_or(d).clamp(lo, hi)
        };
        Resolved {
            growth: c(s.growth, -1.0, -5.0, 3.0),
            // Defaults stand on the slider's step, so what is shown, saved and downloaded is
            // the value the slider shows (22 %, not 22.418870934027357 %).
            hire: c(s.hire, (default_hire * 100.0).round(), 0.0, 100.0),
            exit_with: c(s.exit_with, 5.0, 0.0, 30.0),
            exit_without: c(s.exit_without, 5.0, 0.0, 30.0),
            retire: s.retire.unwrap_or(67).clamp(60, 70),
            horizon: s.horizon.unwrap_or(30).clamp(5, 50),
            target: c(s.target, (default_target * 200.0).round() / 2.0, 0.0, 100.0),
        }
    }

    fn of(sc: &Scenario) -> Self {
        Resolved {
            growth: sc.headcount_growth * 100.0,
            hire: sc.hire_share * 100.0,
            exit_with: sc.attrition.with * 100.0,
            exit_without: sc.attrition.without * 100.0,
            retire: sc.retirement_age,
            horizon: sc.horizon,
            target: sc.target.share * 100.0,
        }
    }

    fn scenario(&self, start: Year, initial: &InitialState, city: Ags) -> Scenario {
        Scenario {
            start_year: start,
            horizon: self.horizon,
            retirement_age: self.retire,
            headcount_growth: self.growth / 100.0,
            attrition: Attrition {
                with: self.exit_with / 100.0,
                without: self.exit_without / 100.0,
            },
            hire_share: self.hire / 100.0,
            hire_age_profile: service::default_hire_profile(),
            target: Target {
                share: self.target / 100.0,
                trend_per_year: 0.0,
            },
            required_by: None,
            initial: Some(initial.bands.clone()),
            city: Some(city),
            wave: Some(initial.wave),
        }
    }

    fn query(&self) -> String {
        format!(
            "growth={}&hire={}&exit_with={}&exit_without={}&retire={}&horizon={}&target={}",
            self.growth,
            self.hire,
            self.exit_with,
            self.exit_without,
            self.retire,
            self.horizon,
            self.target
        )
    }
}

/// One number with its unit for a slider's `<output>`.
#[derive(Debug)]
struct Slider {
    name: &'static str,
    label: String,
    hint: String,
    min: String,
    max: String,
    step: String,
    value: String,
    /// The value as read out: one decimal for percentages, with the unit.
    shown: String,
    unit: String,
    decimals: usize,
}

#[derive(Debug)]
struct KeyFigure {
    label: String,
    value: String,
}

#[derive(Debug)]
struct YearRow {
    year: String,
    headcount: String,
    share: String,
    band: String,
    target: String,
}

#[derive(Debug)]
struct SavedRow {
    name: String,
    parity: String,
    required: String,
    equilibrium: String,
    summary: String,
    compare_href: String,
    load_href: String,
}

/// The part htmx swaps in: chart, key figures, table.
#[derive(Template)]
#[template(path = "projection_result.html")]
struct ResultPart {
    tr: Tr,
    chart_svg: String,
    figures: Vec<KeyFigure>,
    years: Vec<YearRow>,
    note: String,
}

#[derive(Template)]
#[template(path = "projection.html")]
struct ProjectionPage {
    l: Layout,
    heading: String,
    base: String,
    error: Option<String>,
    sliders: Vec<Slider>,
    result_html: String,
    can_write: bool,
    saved: Vec<SavedRow>,
    query: String,
    initial_note: String,
}

fn pct(v: f64, lang: Lang) -> String {
    views::pct(Some(v), lang)
}

fn number(v: f64, decimals: usize, lang: Lang) -> String {
    let s = format!("{v:.decimals$}");
    if lang == Lang::De {
        s.replace('.', ",")
    } else {
        s
    }
}

fn sliders(r: &Resolved, tr: &Tr) -> Vec<Slider> {
    let lang = tr.lang;
    let p = |v: f64| format!("{} %", number(v, 1, lang));
    let years = tr.get("unit-years");
    vec![
        Slider {
            name: "growth",
            label: tr.get("plan-growth"),
            hint: tr.get("plan-growth-hint"),
            min: "-5".into(),
            max: "3".into(),
            step: "0.1".into(),
            value: r.growth.to_string(),
            shown: p(r.growth),
            unit: "%".into(),
            decimals: 1,
        },
        Slider {
            name: "hire",
            label: tr.get("plan-hire"),
            hint: tr.get("plan-hire-hint"),
            min: "0".into(),
            max: "100".into(),
            step: "1".into(),
            value: r.hire.to_string(),
            shown: format!("{} %", number(r.hire, 0, lang)),
            unit: "%".into(),
            decimals: 0,
        },
        Slider {
            name: "exit_with",
            label: tr.get("plan-exit-with"),
            hint: tr.get("plan-exit-hint"),
            min: "0".into(),
            max: "30".into(),
            step: "0.5".into(),
            value: r.exit_with.to_string(),
            shown: p(r.exit_with),
            unit: "%".into(),
            decimals: 1,
        },
        Slider {
            name: "exit_without",
            label: tr.get("plan-exit-without"),
            hint: tr.get("plan-exit-hint"),
            min: "0".into(),
            max: "30".into(),
            step: "0.5".into(),
            value: r.exit_without.to_string(),
            shown: p(r.exit_without),
            unit: "%".into(),
            decimals: 1,
        },
        Slider {
            name: "retire",
            label: tr.get("plan-retire"),
            hint: tr.get("plan-retire-hint"),
            min: "60".into(),
            max: "70".into(),
            step: "1".into(),
            value: r.retire.to_string(),
            shown: format!("{} {years}", r.retire),
            unit: years.clone(),
            decimals: 0,
        },
        Slider {
            name: "horizon",
            label: tr.get("plan-horizon"),
            hint: tr.get("plan-horizon-hint"),
            min: "5".into(),
            max: "50".into(),
            step: "1".into(),
            value: r.horizon.to_string(),
            shown: format!("{} {years}", r.horizon),
            unit: years.clone(),
            decimals: 0,
        },
        Slider {
            name: "target",
            label: tr.get("plan-target"),
            hint: tr.get("plan-target-hint"),
            min: "0".into(),
            max: "100".into(),
            step: "0.5".into(),
            value: r.target.to_string(),
            shown: p(r.target),
            unit: "%".into(),
            decimals: 1,
        },
    ]
}

/// Everything the page needs from the database: the initial state and the default target.
struct Basis {
    initial: InitialState,
    start: Year,
    target: f64,
}

/// Why there is no basis for a projection, as a refusal in the reader's language (internal
/// errors stay internal).
fn no_basis(e: AppError, tr: &Tr) -> AppError {
    if e.is_user_facing() {
        AppError::BadRequest(e.message(tr))
    } else {
        e
    }
}

async fn basis(st: &AppState, ctx: &CityCtx) -> Result<Basis, AppError> {
    // Both reports come from the cache of protected results: a slider move costs only the
    // model run, not another protection step. The latest wave whose overall share is
    // published: a wave that has just opened has too few answers yet.
    let age = abbild_core::DimSet::EMPTY.with(abbild_core::Dim::Age);
    let mut waves = abbild_service::scoped::city_waves(&st.store, &ctx.read).await?;
    waves.reverse();
    let mut found = None;
    let mut last_error = ServiceError::Input(
        abbild_i18n::Message::new("err-projection-no-survey").with("ags", ctx.read.ags()),
    );
    for wave in waves {
        let Some(by_age) = crate::pages::city_report(st, &ctx.read, age, Some(wave)).await? else {
            continue;
        };
        match service::initial_from_report(&by_age, ctx.read.ags()) {
            Ok(i) => {
                found = Some(i);
                break;
            }
            Err(e) => last_error = e,
        }
    }
    let initial = found.ok_or(last_error)?;
    // The city's overall age-standardised benchmark is the fair target (SPEC §4).
    let overview =
        crate::pages::city_report(st, &ctx.read, views::overview_dims(), Some(initial.wave))
            .await?;
    let target = overview
        .as_ref()
        .and_then(|r| views::only_city(r))
        .map(|c| {
            c.overall
                .metrics
                .benchmark_standardized
                .unwrap_or(c.overall.metrics.benchmark_total)
        })
        .unwrap_or(0.3);
    let start = Year::new(initial.wave.get()).ok_or_else(|| {
        ServiceError::Input(
            abbild_i18n::Message::new("err-wave-not-year").with("wave", initial.wave),
        )
    })?;
    Ok(Basis {
        initial,
        start,
        target,
    })
}

fn run(sc: &Scenario, runs: u32) -> Result<Projection, AppError> {
    let mc = MonteCarloOptions {
        runs,
        seed: SEED,
        ..Default::default()
    };
    service::run(sc, &mc).map_err(AppError::Service)
}

fn figures(p: &Projection, sc: &Scenario, tr: &Tr) -> Vec<KeyFigure> {
    let lang = tr.lang;
    let first = p.years.first().map_or(0.0, |y| y.share);
    let last = p.years.last();
    vec![
        KeyFigure {
            label: tr.get("plan-fig-now"),
            value: pct(first, lang),
        },
        KeyFigure {
            label: tr.arg(
                "plan-fig-end",
                "year",
                &last.map_or(String::new(), |y| y.year.to_string()),
            ),
            value: last.map_or("–".into(), |y| {
                let band = match (y.p05, y.p95) {
                    (Some(a), Some(b)) => format!(" ({} – {})", pct(a, lang), pct(b, lang)),
                    _ => String::new(),
                };
                format!("{}{band}", pct(y.share, lang))
            }),
        },
        KeyFigure {
            label: tr.get("plan-fig-parity"),
            value: p
                .parity_year
                .map_or(tr.get("plan-never"), |y| y.to_string()),
        },
        KeyFigure {
            label: tr.arg("plan-fig-required", "year", &sc.required_year().to_string()),
            value: p
                .required_hire_share
                .map_or(tr.get("plan-unreachable"), |h| pct(h, lang)),
        },
        KeyFigure {
            label: tr.get("plan-fig-equilibrium"),
            value: pct(p.equilibrium_share, lang),
        },
    ]
}

fn result_html(
    p: &Projection,
    sc: &Scenario,
    compare: Option<(String, Projection)>,
    tr: &Tr,
) -> Result<String, AppError> {
    let lang = tr.lang;
    let points: Vec<ProjectionPoint> = p
        .years
        .iter()
        .map(|y| ProjectionPoint {
            label: y.year.to_string(),
            share: Some(y.share),
            p05: y.p05,
            p95: y.p95,
            target: Some(y.target),
        })
        .collect();
    let compare = compare.map(|(name, q)| {
        let by_year: std::collections::BTreeMap<u16, f64> =
            q.years.iter().map(|y| (y.year.get(), y.share)).collect();
        let series = p
            .years
            .iter()
            .map(|y| by_year.get(&y.year.get()).copied())
            .collect();
        (name, series)
    });
    let desc = tr.args(
        "plan-chart-desc",
        &[
            ("from", pct(p.years.first().map_or(0.0, |y| y.share), lang)),
            ("to", pct(p.years.last().map_or(0.0, |y| y.share), lang)),
            (
                "parity",
                p.parity_year
                    .map_or(tr.get("plan-never"), |y| y.to_string()),
            ),
        ],
    );
    let chart_svg = chart::projection(&ProjectionChart {
        id: "projection".into(),
        title: tr.get("plan-chart-title"),
        desc,
        points,
        parity_year: p.parity_year.map(|y| y.to_string()),
        compare,
        labels: ProjectionLabels {
            share: tr.get("plan-legend-share"),
            band: tr.get("plan-legend-band"),
            target: tr.get("plan-legend-target"),
            parity: tr.get("plan-legend-parity"),
            percent: if lang == Lang::De {
                abbild_export::chart::de_percent
            } else {
                views::en_percent
            },
        },
    });
    let years = p
        .years
        .iter()
        .map(|y| YearRow {
            year: y.year.to_string(),
            headcount: views::int(y.headcount.round() as u64, lang),
            share: pct(y.share, lang),
            band: match (y.p05, y.p95) {
                (Some(a), Some(b)) => format!("{} – {}", pct(a, lang), pct(b, lang)),
                _ => "–".into(),
            },
            target: pct(y.target, lang),
        })
        .collect();
    let part = ResultPart {
        tr: tr.clone(),
        chart_svg,
        figures: figures(p, sc, tr),
        years,
        note: tr.get("plan-note"),
    };
    Ok(part.render()?)
}

fn saved_scenario(body: &str) -> Option<Scenario> {
    serde_json::from_str(body).ok()
}

async fn compare_with(
    st: &AppState,
    ags: Ags,
    name: Option<&str>,
) -> Result<Option<(String, Projection)>, AppError> {
    let Some(name) = name.filter(|n| !n.is_empty()) else {
        return Ok(None);
    };
    let saved = st.store.scenarios(ags).await?;
    let Some(sc) = saved
        .iter()
        .find(|s| s.name == name)
        .and_then(|s| saved_scenario(&s.body))
    else {
        return Ok(None);
    };
    Ok(Some((name.to_owned(), run(&sc, 0)?)))
}

/// The settings for this request: a loaded saved scenario, or the sliders.
async fn resolve(
    st: &AppState,
    ags: Ags,
    q: &Settings,
    b: &Basis,
) -> Result<(Resolved, Scenario), AppError> {
    if let Some(name) = q.load.as_deref() {
        let saved = st.store.scenarios(ags).await?;
        if let Some(sc) = saved
            .iter()
            .find(|s| s.name == name)
            .and_then(|s| saved_scenario(&s.body))
        {
            let r = Resolved::of(&sc);
            // A saved scenario keeps its own initial state; the sliders show its settings.
            return Ok((r, sc));
        }
    }
    let r = Resolved::from(q, b.target, b.initial.share);
    let sc = r.scenario(b.start, &b.initial, ags);
    Ok((r, sc))
}

pub async fn page(
    State(st): State<AppState>,
    ctx: CityCtx,
    Query(q): Query<Settings>,
) -> Result<Response, AppError> {
    render_page(&st, &ctx, &q, None).await
}

async fn render_page(
    st: &AppState,
    ctx: &CityCtx,
    q: &Settings,
    error: Option<String>,
) -> Result<Response, AppError> {
    let tr = &ctx.auth.tr;
    let ags = ctx.read.ags();
    let base = format!("/stadt/{ags}/prognose");
    let heading = tr.arg("plan-title", "city", &views::city_name(ags));
    let l = Layout::new(tr, Some(&ctx.auth), heading.clone(), &base, Some(ags));
    let b = match basis(st, ctx).await {
        Ok(b) => b,
        Err(e) => {
            return Ok(Html(
                ProjectionPage {
                    l,
                    heading,
                    base,
                    error: Some(format!("{} {}", tr.get("plan-no-basis"), e.message(tr))),
                    sliders: Vec::new(),
                    result_html: String::new(),
                    can_write: false,
                    saved: Vec::new(),
                    query: String::new(),
                    initial_note: String::new(),
                }
                .render()?,
            )
            .into_response())
        }
    };
    let (r, sc) = resolve(st, ags, q, &b).await?;
    let p = run(&sc, RUNS)?;
    let compare = compare_with(st, ags, q.compare.as_deref()).await?;
    let result_html = result_html(&p, &sc, compare, tr)?;
    let lang = tr.lang;
    let mut saved = Vec::new();
    for s in st.store.scenarios(ags).await? {
        let Some(x) = saved_scenario(&s.body) else {
            continue;
        };
        let Ok(q) = run(&x, 0) else { continue };
        let rx = Resolved::of(&x);
        saved.push(SavedRow {
            parity: q
                .parity_year
                .map_or(tr.get("plan-never"), |y| y.to_string()),
            required: q
                .required_hire_share
                .map_or(tr.get("plan-unreachable"), |h| pct(h, lang)),
            equilibrium: pct(q.equilibrium_share, lang),
            summary: tr.args(
                "plan-saved-summary",
                &[
                    ("growth", format!("{} %", number(rx.growth, 1, lang))),
                    ("hire", format!("{} %", number(rx.hire, 1, lang))),
                    ("with", format!("{} %", number(rx.exit_with, 1, lang))),
                    ("without", format!("{} %", number(rx.exit_without, 1, lang))),
                ],
            ),
            compare_href: format!("{base}?{}&compare={}", r.query(), urlencode(&s.name)),
            load_href: format!("{base}?load={}", urlencode(&s.name)),
            name: s.name,
        });
    }
    let initial_note = if b.initial.filled_from_overall.is_empty() {
        tr.args(
            "plan-initial",
            &[
                ("wave", b.initial.wave.to_string()),
                (
                    "headcount",
                    views::int(b.initial.headcount.round() as u64, lang),
                ),
                ("share", pct(b.initial.share, lang)),
            ],
        )
    } else {
        tr.args(
            "plan-initial-filled",
            &[
                ("wave", b.initial.wave.to_string()),
                (
                    "headcount",
                    views::int(b.initial.headcount.round() as u64, lang),
                ),
                ("share", pct(b.initial.share, lang)),
                ("bands", b.initial.filled_from_overall.join(", ")),
            ],
        )
    };
    Ok(Html(
        ProjectionPage {
            l,
            heading,
            base,
            error,
            sliders: sliders(&r, tr),
            result_html,
            can_write: ctx.write.is_some(),
            saved,
            query: r.query(),
            initial_note,
        }
        .render()?,
    )
    .into_response())
}

/// The htmx fragment: only the result block, for the sliders.
pub async fn result(
    State(st): State<AppState>,
    ctx: CityCtx,
    Query(q): Query<Settings>,
) -> Result<Response, AppError> {
    let tr = &ctx.auth.tr;
    let ags = ctx.read.ags();
    let b = basis(&st, &ctx).await.map_err(|e| {
        AppError::BadRequest(format!("{} {}", tr.get("plan-no-basis"), e.message(tr)))
    })?;
    let (r, sc) = resolve(&st, ags, &q, &b).await?;
    let p = run(&sc, RUNS)?;
    let compare = compare_with(&st, ags, q.compare.as_deref()).await?;
    let mut html = result_html(&p, &sc, compare, tr)?;
    // The sliders' read-outs, swapped in out of band: the page needs no script of its own
    // (the CSP allows none inline).
    for s in sliders(&r, tr) {
        html.push_str(&format!(
            "<output for=\"s-{n}\" id=\"o-{n}\" hx-swap-oob=\"true\">{v}</output>",
            n = s.name,
            // Digits, sign, decimal comma and "%" only: nothing to escape.
            v = s.shown
        ));
    }
    Ok(Html(html).into_response())
}

/// The projection as a file (CSV for German Excel, XLSX or JSON).
pub async fn download(
    State(st): State<AppState>,
    ctx: CityCtx,
    Path((_, file)): Path<(String, String)>,
    Query(q): Query<Settings>,
) -> Result<Response, AppError> {
    let ags = ctx.read.ags();
    let b = basis(&st, &ctx)
        .await
        .map_err(|e| no_basis(e, &ctx.auth.tr))?;
    let (_, sc) = resolve(&st, ags, &q, &b).await?;
    let p = run(&sc, RUNS)?;
    let (format, ctype) = match file.as_str() {
        "prognose.csv" => (abbild_export::Format::Csv, "text/csv; charset=utf-8"),
        "prognose.xlsx" => (
            abbild_export::Format::Xlsx,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        "prognose.json" => (abbild_export::Format::Json, "application/json"),
        _ => return Err(AppError::NotFound),
    };
    let body = abbild_export::projection::render(
        &p,
        format,
        abbild_export::CsvStyle::GermanExcel,
        &ctx.auth.tr,
    )
    .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, ctype.to_owned()),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{ags}_{file}\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// The save form: the token, the name and the sliders. Not `#[serde(flatten)]`: with it the
/// urlencoded parser hands every value over as text, and the numbers would not parse.
#[derive(Debug, Deserialize)]
pub struct SaveForm {
    csrf: String,
    name: String,
    growth: Option<f64>,
    hire: Option<f64>,
    exit_with: Option<f64>,
    exit_without: Option<f64>,
    retire: Option<u8>,
    horizon: Option<u16>,
    target: Option<f64>,
}

impl SaveForm {
    fn settings(&self) -> Settings {
        Settings {
            growth: self.growth,
            hire: self.hire,
            exit_with: self.exit_with,
            exit_without: self.exit_without,
            retire: self.retire,
            horizon: self.horizon,
            target: self.target,
            compare: None,
            load: None,
        }
    }
}

/// Saves the current sliders under a name (analysts only).
pub async fn save(
    State(st): State<AppState>,
    wctx: CityWriteCtx,
    Form(f): Form<SaveForm>,
) -> Result<Response, AppError> {
    wctx.auth.check_csrf(&f.csrf)?;
    let ctx = wctx.city_ctx();
    let ags = ctx.read.ags();
    let b = basis(&st, &ctx)
        .await
        .map_err(|e| no_basis(e, &ctx.auth.tr))?;
    let name = f.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 80 || name.chars().any(char::is_control) {
        let msg = ctx.auth.tr.get("plan-name-invalid");
        return render_page(&st, &ctx, &f.settings(), Some(msg)).await;
    }
    let r = Resolved::from(&f.settings(), b.target, b.initial.share);
    let sc = r.scenario(b.start, &b.initial, ags);
    let body = serde_json::to_string(&sc).map_err(|e| AppError::Internal(e.to_string()))?;
    let actor = wctx.auth.account.name.as_str();
    st.store.save_scenario(ags, &name, &body, actor).await?;
    abbild_store::Accounts::audit(
        &st.store,
        abbild_service::accounts::now(),
        actor,
        "scenario.save",
        &format!("Stadt {ags}, Szenario „{name}“"),
    )
    .await?;
    Ok(Redirect::to(&format!("/stadt/{ags}/prognose?{}", r.query())).into_response())
}

#[derive(Debug, Deserialize)]
pub struct DeleteForm {
    csrf: String,
    name: String,
}

pub async fn delete(
    State(st): State<AppState>,
    wctx: CityWriteCtx,
    Form(f): Form<DeleteForm>,
) -> Result<Response, AppError> {
    wctx.auth.check_csrf(&f.csrf)?;
    let ags = wctx.write.ags();
    let actor = wctx.auth.account.name.as_str();
    if st.store.delete_scenario(ags, &f.name).await? {
        abbild_store::Accounts::audit(
            &st.store,
            abbild_service::accounts::now(),
            actor,
            "scenario.delete",
            &format!("Stadt {ags}, Szenario „{}“", f.name),
        )
        .await?;
    }
    Ok(Redirect::to(&format!("/stadt/{ags}/prognose")).into_response())
}

/// Percent-encoding for a scenario name in a link.
fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b))
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
