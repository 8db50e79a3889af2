//! The report for the state government: `/region/bericht` (coordinator, all cities) and
//! `/stadt/{ags}/bericht` (the city's own). One button per format; the file is built from
//! the same protected results as every page (`abbild_service::report`).

use crate::auth::{CityCtx, RegionCtx};
use crate::error::AppError;
use crate::i18n::Tr;
use crate::pages::Layout;
use crate::state::AppState;
use crate::views;
use abbild_core::{Ags, Year};
use abbild_service::report::{self, Lang, Report, ReportFormat, ReportRequest, Scope};
use abbild_service::ServiceError;
use abbild_store::Store;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use tokio::sync::Semaphore;

/// One report at a time: building one takes a few seconds of both cores, and a queue is
/// fairer to the next person than two halves.
static BUILDING: Semaphore = Semaphore::const_new(1);

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    l: Layout,
    heading: String,
    intro: String,
    action: String,
    years: Vec<(String, bool)>,
    lang: &'static str,
}

/// `?jahr=2024&sprache=de&format=pdf`
#[derive(Debug, Deserialize, Default)]
pub struct FileQuery {
    jahr: Option<String>,
    sprache: Option<String>,
    format: Option<String>,
}

async fn years<S: Store>(store: &S, cities: &[Ags]) -> Result<Vec<Year>, AppError> {
    let mut all = Vec::new();
    for &a in cities {
        all.extend(store.staff_years(a).await.map_err(ServiceError::from)?);
    }
    all.sort();
    all.dedup();
    Ok(all)
}

fn page(
    tr: &Tr,
    l: Layout,
    heading: String,
    intro: String,
    action: String,
    ys: &[Year],
) -> Result<Response, AppError> {
    let latest = ys.last().copied();
    let years = ys
        .iter()
        .rev()
        .map(|y| (y.to_string(), Some(*y) == latest))
        .collect();
    let p = ReportPage {
        l,
        heading,
        intro,
        action,
        years,
        lang: tr.lang.code(),
    };
    Ok(Html(p.render()?).into_response())
}

pub async fn region_page(State(st): State<AppState>, ctx: RegionCtx) -> Result<Response, AppError> {
    let tr = &ctx.auth.tr;
    let heading = tr.get("report-region-title");
    let l = Layout::new(
        tr,
        Some(&ctx.auth),
        heading.clone(),
        "/region/bericht",
        None,
    );
    let cities = st.store.cities().await.map_err(ServiceError::from)?;
    let ys = years(&st.store, &cities).await?;
    page(
        tr,
        l,
        heading,
        tr.get("report-region-intro"),
        "/region/bericht/datei".into(),
        &ys,
    )
}

pub async fn city_page(State(st): State<AppState>, ctx: CityCtx) -> Result<Response, AppError> {
    let tr = &ctx.auth.tr;
    let ags = ctx.read.ags();
    let heading = tr.arg("report-city-title", "city", &views::city_name(ags));
    let base = format!("/stadt/{ags}/bericht");
    let l = Layout::new(tr, Some(&ctx.auth), heading.clone(), &base, Some(ags));
    let ys = years(&st.store, &[ags]).await?;
    page(
        tr,
        l,
        heading,
        tr.get("report-city-intro"),
        format!("{base}/datei"),
        &ys,
    )
}

struct Wanted {
    req: ReportRequest,
    format: ReportFormat,
}

fn wanted(q: &FileQuery, tr: &Tr) -> Result<Wanted, AppError> {
    let bad = |_| AppError::BadRequest(tr.get("report-bad-request"));
    let year = q
        .jahr
        .as_deref()
        .ok_or(AppError::BadRequest(tr.get("report-bad-request")))
        .and_then(|y| Year::parse(y).map_err(bad))?;
    let lang = match q.sprache.as_deref() {
        None => match tr.lang {
            crate::i18n::Lang::De => Lang::De,
            crate::i18n::Lang::En => Lang::En,
        },
        Some(s) => Lang::parse(s).map_err(bad)?,
    };
    let format = ReportFormat::parse(q.format.as_deref().unwrap_or("pdf")).map_err(bad)?;
    Ok(Wanted {
        req: ReportRequest { year, lang },
        format,
    })
}

fn file(report: &Report, w: &Wanted, scope: Scope) -> Result<Response, AppError> {
    let stem = report::stem(scope, w.req.year, w.req.lang);
    let mut files = report::render(report, &[w.format], &stem)?;
    let f = files
        .pop()
        .ok_or_else(|| AppError::Internal("kein Bericht".into()))?;
    Ok((
        [
            (header::CONTENT_TYPE, f.format.content_type().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", f.name),
            ),
        ],
        f.bytes,
    )
        .into_response())
}

/// Who took which publication out of the system: for the data-protection officer's log.
async fn audit(st: &AppState, actor: &str, w: &Wanted, scope: Scope) -> Result<(), AppError> {
    let who = match scope {
        Scope::Region => "Region".to_owned(),
        Scope::City(a) => format!("Stadt {a}"),
    };
    abbild_store::Accounts::audit(
        &st.store,
        abbild_service::accounts::now(),
        actor,
        "report.create",
        &format!(
            "{who}, Berichtsjahr {}, {}, {}",
            w.req.year,
            w.format.extension(),
            w.req.lang.code()
        ),
    )
    .await?;
    Ok(())
}

async fn render_blocking(report: Report, w: Wanted, scope: Scope) -> Result<Response, AppError> {
    tokio::task::spawn_blocking(move || file(&report, &w, scope))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
}

pub async fn region_file(
    State(st): State<AppState>,
    ctx: RegionCtx,
    Query(q): Query<FileQuery>,
) -> Result<Response, AppError> {
    let w = wanted(&q, &ctx.auth.tr)?;
    let _turn = BUILDING
        .acquire()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let report = report::regional(&st.store, &ctx.cap, &w.req, &[], &st.catalog).await?;
    audit(&st, ctx.auth.account.name.as_str(), &w, Scope::Region).await?;
    render_blocking(report, w, Scope::Region).await
}

pub async fn city_file(
    State(st): State<AppState>,
    ctx: CityCtx,
    Query(q): Query<FileQuery>,
) -> Result<Response, AppError> {
    let w = wanted(&q, &ctx.auth.tr)?;
    let _turn = BUILDING
        .acquire()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let report = report::city(&st.store, &ctx.read, &w.req, &st.catalog).await?;
    let scope = Scope::City(ctx.read.ags());
    audit(&st, ctx.auth.account.name.as_str(), &w, scope).await?;
    render_blocking(report, w, scope).await
}
