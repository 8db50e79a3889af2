//! Apprentice pipeline (`/stadt/{ags}/ausbildung`) and retention (`/stadt/{ags}/verbleib`):
//! where recruitment loses people with a migration history, and whether they leave more
//! often. Both show only protected reports (SPEC §5).

use crate::auth::CityCtx;
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::pages::Layout;
use crate::state::AppState;
use crate::views;
use abbild_core::disclosure::Released;
use abbild_core::pipeline::{FigureStatus, PipelineReport, Pool};
use abbild_core::retention::RetentionReport;
use abbild_core::DimSet;
use abbild_export::chart::{self, FunnelChart, FunnelLabels, FunnelStage};
use abbild_service::pipeline::{self as service, PipelineRequest};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

#[derive(Debug, Deserialize, Default)]
pub struct PipelineQuery {
    pool: Option<String>,
}

#[derive(Debug)]
struct TransitionRow {
    step: String,
    with: String,
    without: String,
    ratio: String,
    interval: String,
    p: String,
    flag: String,
    shortfall: String,
    cumulative: String,
    suppressed: bool,
}

#[derive(Debug)]
struct Block {
    heading: String,
    outreach: String,
    chart_svg: String,
    rows: Vec<TransitionRow>,
}

#[derive(Template)]
#[template(path = "pipeline.html")]
struct PipelinePage {
    l: Layout,
    heading: String,
    base: String,
    pools: Vec<(String, String, bool)>,
    pool: String,
    blocks: Vec<Block>,
    protection: String,
    has_data: bool,
}

use crate::i18n::fmt::ratio as dec;

/// A stage as the reader says it: the catalogue's name for the usual stages of the demo and
/// the templates (`applied` → "Bewerbung"), else the name from the city's file.
fn stage(tr: &Tr, s: &abbild_core::records::StageName) -> String {
    tr.try_get(&format!("stage-{}", s.as_str().to_lowercase()))
        .unwrap_or_else(|| s.to_string())
}

/// An expected number of persons, whole.
fn persons(v: Option<f64>, lang: Lang) -> String {
    v.map_or_else(|| "–".to_owned(), |x| crate::i18n::fmt::persons(x, lang))
}

fn p_value(v: Option<f64>, lang: Lang) -> String {
    let s = match v {
        None => return "–".to_owned(),
        Some(p) if p < 0.001 => "< 0.001".to_owned(),
        Some(p) => format!("{p:.3}"),
    };
    if lang == Lang::De {
        s.replace('.', ",")
    } else {
        s
    }
}

fn flow(entered: Option<u64>, advanced: Option<u64>, rate: Option<f64>, lang: Lang) -> String {
    let n = |v: Option<u64>| v.map_or("–".to_owned(), |x| views::int(x, lang));
    format!(
        "{} / {} ({})",
        n(advanced),
        n(entered),
        views::pct(rate, lang)
    )
}

fn en_decimal(x: f64) -> String {
    format!("{x:.2}")
}

fn en_count(x: u64) -> String {
    views::int(x, Lang::En)
}

fn funnel_labels(tr: &Tr) -> FunnelLabels {
    let mut l = FunnelLabels::german();
    l.with = tr.get("funnel-with");
    l.without = tr.get("funnel-without");
    l.ratio = tr.get("funnel-ratio");
    l.suppressed = tr.get("suppressed");
    l.four_fifths_flag = tr.get("funnel-flag");
    if tr.lang == Lang::En {
        l.number = en_decimal;
        l.percent = views::en_percent;
        l.count = en_count;
    }
    l
}

fn pool_of(q: &PipelineQuery) -> Pool {
    q.pool
        .as_deref()
        .and_then(|p| Pool::parse(p).ok())
        .unwrap_or_default()
}

async fn pipeline_report(
    st: &AppState,
    ctx: &CityCtx,
    pool: Pool,
) -> Result<Option<Released<PipelineReport>>, AppError> {
    let req = PipelineRequest {
        pool,
        ..PipelineRequest::default()
    };
    Ok(service::city_pipeline(&st.store, &ctx.read, &req).await?)
}

pub async fn pipeline(
    State(st): State<AppState>,
    ctx: CityCtx,
    Query(q): Query<PipelineQuery>,
) -> Result<Response, AppError> {
    let tr = &ctx.auth.tr;
    let lang = tr.lang;
    let ags = ctx.read.ags();
    let base = format!("/stadt/{ags}/ausbildung");
    let heading = tr.arg("funnel-title", "city", &views::city_name(ags));
    let l = Layout::new(tr, Some(&ctx.auth), heading.clone(), &base, Some(ags));
    let pool = pool_of(&q);
    let pools = [Pool::None, Pool::Years, Pool::Occupations, Pool::Both]
        .into_iter()
        .map(|p| {
            (
                p.code().to_owned(),
                tr.get(&format!("funnel-pool-{}", p.code())),
                p == pool,
            )
        })
        .collect();
    let rel = pipeline_report(&st, &ctx, pool).await?;
    let mut blocks = Vec::new();
    if let Some(rel) = &rel {
        for c in &rel.body().cities {
            for (i, o) in c.occupations.iter().enumerate() {
                let title = format!("{} · {}", o.occupation, c.year);
                let stages: Vec<FunnelStage> = o
                    .stages
                    .iter()
                    .enumerate()
                    .map(|(s, st)| FunnelStage {
                        label: stage(tr, &st.stage),
                        with: st.with,
                        without: st.without,
                        ratio: if s == 0 {
                            None
                        } else {
                            o.transitions.get(s - 1).and_then(|t| t.impact_ratio)
                        },
                    })
                    .collect();
                let chart_svg = chart::funnel(&FunnelChart {
                    id: format!("funnel-{i}-{}", c.year),
                    title: title.clone(),
                    desc: tr.arg("funnel-desc", "occupation", &title),
                    stages,
                    labels: funnel_labels(tr),
                });
                let rows = o
                    .transitions
                    .iter()
                    .map(|t| TransitionRow {
                        step: format!("{} → {}", stage(tr, &t.from), stage(tr, &t.to)),
                        with: flow(t.with.entered, t.with.advanced, t.with.rate, lang),
                        without: flow(t.without.entered, t.without.advanced, t.without.rate, lang),
                        ratio: dec(t.impact_ratio, lang),
                        interval: match (t.ci_low, t.ci_high) {
                            (Some(a), Some(b)) => {
                                format!("{} – {}", dec(Some(a), lang), dec(Some(b), lang))
                            }
                            _ => "–".to_owned(),
                        },
                        p: p_value(t.fisher_p_less, lang),
                        flag: match t.four_fifths {
                            Some(true) => tr.get("funnel-flag"),
                            Some(false) => String::new(),
                            None => "–".to_owned(),
                        },
                        shortfall: persons(t.shortfall, lang),
                        cumulative: dec(t.cumulative_impact_ratio, lang),
                        suppressed: t.status == FigureStatus::Suppressed,
                    })
                    .collect();
                blocks.push(Block {
                    heading: title,
                    outreach: tr.args(
                        "funnel-outreach",
                        &[
                            ("applicants", views::pct(o.applicant_share, lang)),
                            ("youth", views::pct(o.outreach_benchmark, lang)),
                        ],
                    ),
                    chart_svg,
                    rows,
                });
            }
        }
    }
    let page = PipelinePage {
        l,
        heading,
        base,
        pools,
        pool: pool.code().to_owned(),
        has_data: !blocks.is_empty(),
        protection: rel
            .as_ref()
            .map_or(String::new(), |r| views::protection_note(r, lang)),
        blocks,
    };
    Ok(Html(page.render()?).into_response())
}

/// A protected report as a file (`ausbildung.csv|xlsx|json`, `verbleib.…`).
fn file_response(name: &str, body: Vec<u8>) -> Response {
    let ctype = match name.rsplit_once('.').map(|(_, e)| e) {
        Some("csv") => "text/csv; charset=utf-8",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/json",
    };
    (
        [
            (header::CONTENT_TYPE, ctype.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

fn format_of(file: &str, stem: &str) -> Result<abbild_export::Format, AppError> {
    match file.strip_prefix(stem).and_then(|r| r.strip_prefix('.')) {
        Some("csv") => Ok(abbild_export::Format::Csv),
        Some("xlsx") => Ok(abbild_export::Format::Xlsx),
        Some("json") => Ok(abbild_export::Format::Json),
        _ => Err(AppError::NotFound),
    }
}

pub async fn pipeline_download(
    State(st): State<AppState>,
    ctx: CityCtx,
    Path((_, file)): Path<(String, String)>,
    Query(q): Query<PipelineQuery>,
) -> Result<Response, AppError> {
    let format = format_of(&file, "ausbildung")?;
    let rel = pipeline_report(&st, &ctx, pool_of(&q))
        .await?
        .ok_or(AppError::NotFound)?;
    let body = abbild_export::pipeline::pipeline(
        &rel,
        format,
        abbild_export::CsvStyle::GermanExcel,
        &ctx.auth.tr,
    )
    .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(file_response(&format!("{}_{file}", ctx.read.ags()), body))
}

#[derive(Debug, Deserialize, Default)]
pub struct RetentionQuery {
    by: Option<String>,
}

#[derive(Debug)]
struct ExitRow {
    segment: String,
    reason: String,
    with: String,
    without: String,
    ratio: String,
    interval: String,
    p: String,
    suppressed: bool,
}

#[derive(Template)]
#[template(path = "retention.html")]
struct RetentionPage {
    l: Layout,
    heading: String,
    base: String,
    bys: Vec<(String, String, bool)>,
    by: String,
    rows: Vec<ExitRow>,
    protection: String,
    has_data: bool,
}

fn by_of(q: &RetentionQuery) -> DimSet {
    q.by.as_deref()
        .and_then(|b| DimSet::parse(b).ok())
        .unwrap_or(DimSet::EMPTY)
}

async fn retention_report(
    st: &AppState,
    ctx: &CityCtx,
    by: DimSet,
) -> Result<Option<Released<RetentionReport>>, AppError> {
    let conf = abbild_core::stats::Confidence::default();
    match service::city_retention(&st.store, &ctx.read, by, conf, &st.catalog).await {
        Ok(r) => Ok(r),
        // A grouping the exits file does not carry: show the page without figures.
        Err(abbild_service::ServiceError::Input(_)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

pub async fn retention(
    State(st): State<AppState>,
    ctx: CityCtx,
    Query(q): Query<RetentionQuery>,
) -> Result<Response, AppError> {
    let tr = &ctx.auth.tr;
    let lang = tr.lang;
    let ags = ctx.read.ags();
    let base = format!("/stadt/{ags}/verbleib");
    let heading = tr.arg("exits-title", "city", &views::city_name(ags));
    let l = Layout::new(tr, Some(&ctx.auth), heading.clone(), &base, Some(ags));
    let by = by_of(&q);
    let bys = [
        ("", "exits-by-none"),
        ("field", "exits-by-field"),
        ("level", "exits-by-level"),
    ]
    .into_iter()
    .map(|(code, key)| (code.to_owned(), tr.get(key), by.to_string() == code))
    .collect();
    let rel = retention_report(&st, &ctx, by).await?;
    let mut rows = Vec::new();
    if let Some(rel) = &rel {
        for c in &rel.body().cities {
            for s in &c.segments {
                let seg = views::segment_label(&s.segment, &st.catalog, lang);
                for line in &s.lines {
                    let g = |x: &abbild_core::retention::GroupExits| {
                        flow(x.headcount, x.exits, x.rate, lang)
                    };
                    rows.push(ExitRow {
                        segment: format!(
                            "{} {}",
                            c.year,
                            if seg.is_empty() {
                                tr.get("exits-all")
                            } else {
                                seg.clone()
                            }
                        ),
                        reason: match line.reason {
                            abbild_core::retention::ReasonLine::All => tr.get("exits-all-reasons"),
                            one => abbild_export::labels::reason(one, tr),
                        },
                        with: g(&line.with),
                        without: g(&line.without),
                        ratio: dec(line.exit_ratio, lang),
                        interval: match (line.ci_low, line.ci_high) {
                            (Some(a), Some(b)) => {
                                format!("{} – {}", dec(Some(a), lang), dec(Some(b), lang))
                            }
                            _ => "–".to_owned(),
                        },
                        p: p_value(line.fisher_p_greater, lang),
                        suppressed: line.status == FigureStatus::Suppressed,
                    });
                }
            }
        }
    }
    let page = RetentionPage {
        l,
        heading,
        base,
        bys,
        by: by.to_string(),
        has_data: !rows.is_empty(),
        rows,
        protection: rel
            .as_ref()
            .map_or(String::new(), |r| views::protection_note(r, lang)),
    };
    Ok(Html(page.render()?).into_response())
}

pub async fn retention_download(
    State(st): State<AppState>,
    ctx: CityCtx,
    Path((_, file)): Path<(String, String)>,
    Query(q): Query<RetentionQuery>,
) -> Result<Response, AppError> {
    let format = format_of(&file, "verbleib")?;
    let rel = retention_report(&st, &ctx, by_of(&q))
        .await?
        .ok_or(AppError::NotFound)?;
    let body = abbild_export::pipeline::retention(
        &rel,
        format,
        abbild_export::CsvStyle::GermanExcel,
        &ctx.auth.tr,
    )
    .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(file_response(&format!("{}_{file}", ctx.read.ags()), body))
}
