//! Server-rendered pages. Every handler that shows city data takes a capability extractor
//! (`CityCtx`, `CityWriteCtx`, `RegionCtx`, `AdminCtx`); everything shown has passed the
//! disclosure-control gate in `abbild_service::scoped`.

use crate::auth::{
    cookie, lang_of, same_token, session_cookie_name, set_cookie, AdminCtx, Auth, CityCtx,
    CityWriteCtx, RegionCtx, SecretCookie, Ui, LANG_COOKIE,
};
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::state::AppState;
use crate::views::{self, View};
use crate::waves::{WaveChoice, WaveQuery};
use abbild_core::access::{CityRead, Password, Role, UserName};
use abbild_core::disclosure::Released;
use abbild_core::representation::RepresentationReport;
use abbild_core::{Ags, DimSet, Wave};
use abbild_export::chart::{self, ShareChart, TrendChart, TrendPoint};
use abbild_import::Kind;
use abbild_service::releases::Channel;
use abbild_service::{accounts, scoped, ServiceError};
use abbild_store::{Accounts, ImportId, ImportKind, Store};
use askama::Template;
use axum::extract::{ConnectInfo, Multipart, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use std::net::SocketAddr;
use std::sync::Arc;

// ---------------------------------------------------------------------------------------------
// Layout

#[derive(Debug, Clone)]
pub struct NavItem {
    pub href: String,
    pub label: String,
    pub current: bool,
}

/// What the base template needs on every page.
#[derive(Debug, Clone)]
pub struct Layout {
    pub tr: Tr,
    pub lang: &'static str,
    pub other_lang: &'static str,
    pub title: String,
    pub nav: Vec<NavItem>,
    pub csrf: String,
    pub user: Option<String>,
    /// Current path, for the language switch to come back to.
    pub path: String,
}

impl Layout {
    pub(crate) fn new(
        tr: &Tr,
        auth: Option<&Auth>,
        title: String,
        path: &str,
        city: Option<Ags>,
    ) -> Self {
        let mut nav = Vec::new();
        let mut item = |href: String, key: &str| {
            let current = href == path;
            nav.push(NavItem {
                label: tr.get(key),
                href,
                current,
            });
        };
        if let Some(a) = auth {
            let acc = &a.account;
            if acc.region_read().is_some() {
                item("/region".to_owned(), "nav-region");
                item("/region/bericht".to_owned(), "nav-report-region");
            }
            if let Some(c) = city.or(acc.home_city()) {
                if acc.city_read(c).is_some() {
                    let base = format!("/stadt/{c}");
                    item(base.clone(), "nav-overview");
                    for v in View::ALL {
                        item(format!("{base}/ansicht/{}", v.slug()), v.nav_key());
                    }
                    item(format!("{base}/ausbildung"), "nav-funnel");
                    item(format!("{base}/verbleib"), "nav-exits");
                    item(format!("{base}/prognose"), "nav-plan");
                    item(format!("{base}/bericht"), "nav-report");
                    item(format!("{base}/daten"), "nav-data");
                    item(format!("{base}/befragung"), "nav-survey");
                }
            }
            if acc.admin().is_some() {
                item("/admin".to_owned(), "nav-admin");
            }
        }
        Layout {
            tr: tr.clone(),
            lang: tr.lang.code(),
            other_lang: tr.lang.other().code(),
            title,
            nav,
            csrf: auth.map(|a| a.csrf.clone()).unwrap_or_default(),
            user: auth.map(|a| {
                tr.args(
                    "logged-in-as",
                    &[
                        ("name", a.account.name.to_string()),
                        ("role", tr.get(&format!("role-{}", a.account.role.code()))),
                    ],
                )
            }),
            path: path.to_owned(),
        }
    }
}

fn page<T: Template>(t: &T) -> Result<Response, AppError> {
    Ok(Html(t.render()?).into_response())
}

// ---------------------------------------------------------------------------------------------
// Start, login, logout, language

pub async fn home(State(st): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let Some(token) = cookie(&headers, session_cookie_name(&st)) else {
        return Ok(Redirect::to("/anmelden").into_response());
    };
    let Some(s) = accounts::session(&st.store, token).await? else {
        return Ok(Redirect::to("/anmelden").into_response());
    };
    let acc = s.account;
    let to = if acc.region_read().is_some() {
        "/region".to_owned()
    } else if acc.admin().is_some() {
        "/admin".to_owned()
    } else if let Some(c) = acc.home_city() {
        format!("/stadt/{c}")
    } else {
        "/ueber".to_owned()
    };
    Ok(Redirect::to(&to).into_response())
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    l: Layout,
    csrf: String,
    error: Option<String>,
    name: String,
}

fn login_page(
    st: &AppState,
    tr: &Tr,
    error: Option<String>,
    name: String,
    status: StatusCode,
) -> Result<Response, AppError> {
    let csrf = accounts::random_token();
    let p = LoginPage {
        l: Layout::new(tr, None, tr.get("login-title"), "/anmelden", None),
        csrf: csrf.clone(),
        error,
        name,
    };
    let mut r = page(&p)?;
    *r.status_mut() = status;
    if let Ok(v) = set_cookie(st, SecretCookie::LoginCsrf.name(st), &csrf, Some(3600)).parse() {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(r)
}

pub async fn login_form(State(st): State<AppState>, Ui(tr): Ui) -> Result<Response, AppError> {
    login_page(&st, &tr, None, String::new(), StatusCode::OK)
}

#[derive(Deserialize)]
pub struct LoginForm {
    name: String,
    password: String,
    csrf: String,
}

impl std::fmt::Debug for LoginForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginForm")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

pub async fn login(
    State(st): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Ui(tr): Ui,
    Form(f): Form<LoginForm>,
) -> Result<Response, AppError> {
    // Double-submit token: the form's hidden field must equal the cookie set with the form.
    let expected = cookie(&headers, SecretCookie::LoginCsrf.name(&st)).unwrap_or_default();
    if !same_token(expected, &f.csrf) {
        return Err(AppError::Csrf);
    }
    let ip = Some(addr.ip());
    if !st.limiter.allowed(ip, &f.name) {
        let msg = tr.arg(
            "login-limited",
            "minutes",
            &(crate::state::LOGIN_WINDOW.as_secs() / 60).to_string(),
        );
        return login_page(&st, &tr, Some(msg), f.name, StatusCode::TOO_MANY_REQUESTS);
    }
    match accounts::login(&st.store, &f.name, &f.password).await? {
        None => {
            st.limiter.failed(ip, &f.name);
            login_page(
                &st,
                &tr,
                Some(tr.get("login-failed")),
                f.name,
                StatusCode::UNAUTHORIZED,
            )
        }
        Some(s) => {
            let mut r = Redirect::to("/").into_response();
            let c = set_cookie(
                &st,
                session_cookie_name(&st),
                &s.token,
                Some(accounts::SESSION_SECONDS),
            );
            if let Ok(v) = c.parse() {
                r.headers_mut().insert(header::SET_COOKIE, v);
            }
            Ok(r)
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

impl CsrfForm {
    pub fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// A form for an action that cannot be undone (deleting an import, closing a wave): the
/// person ticks "bestätigen" next to the button; without it nothing happens.
#[derive(Debug, Deserialize)]
pub struct ConfirmForm {
    csrf: String,
    #[serde(default)]
    bestaetigt: Option<String>,
}

impl ConfirmForm {
    pub fn csrf(&self) -> &str {
        &self.csrf
    }
    pub fn confirmed(&self) -> bool {
        self.bestaetigt.as_deref() == Some("ja")
    }
}

pub async fn logout(
    State(st): State<AppState>,
    auth: Auth,
    Form(f): Form<CsrfForm>,
) -> Result<Response, AppError> {
    auth.check_csrf(&f.csrf)?;
    accounts::logout(&st.store, &auth.token).await?;
    let mut r = Redirect::to("/anmelden").into_response();
    if let Ok(v) = set_cookie(&st, session_cookie_name(&st), "", Some(0)).parse() {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(r)
}

#[derive(Debug, Deserialize)]
pub struct Back {
    zurueck: Option<String>,
}

/// A same-site relative path, the only place the language switch sends the reader back to
/// (no open redirect). Browsers drop tabs and line breaks from a URL and read `\` as `/`, so
/// `/\t/evil.example` would become `//evil.example`: control characters, white space and
/// backslashes are refused outright, as is anything that is not a path and query.
fn is_local_path(p: &str) -> bool {
    p.starts_with('/')
        && !p.starts_with("//")
        && !p
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
        && p.parse::<axum::http::uri::PathAndQuery>().is_ok()
}

pub async fn language(
    State(st): State<AppState>,
    Path(lang): Path<String>,
    Query(q): Query<Back>,
) -> Result<Response, AppError> {
    let lang = Lang::parse(&lang).ok_or(AppError::NotFound)?;
    let back = q
        .zurueck
        .filter(|p| is_local_path(p))
        .unwrap_or_else(|| "/".to_owned());
    let mut r = Redirect::to(&back).into_response();
    let c = set_cookie(&st, LANG_COOKIE, lang.code(), Some(365 * 24 * 3600));
    if let Ok(v) = c.parse() {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(r)
}

// ---------------------------------------------------------------------------------------------
// City pages

/// A protected report for one city, from the cache or computed. `Ok(None)`: not enough data.
pub(crate) async fn city_report(
    st: &AppState,
    cap: &CityRead,
    by: DimSet,
    wave: Option<Wave>,
) -> Result<Option<Arc<Released<RepresentationReport>>>, AppError> {
    let key = (Some(cap.ags()), by, wave);
    if let Some(hit) = st.cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(Some(hit));
    }
    match scoped::city_representation(&st.store, cap, by, wave, &st.catalog, Channel::Page).await {
        Ok(rel) => {
            let rel = Arc::new(rel);
            if let Ok(mut c) = st.cache.lock() {
                c.insert(key, rel.clone());
            }
            Ok(Some(rel))
        }
        Err(ServiceError::Analysis(_) | ServiceError::Benchmark(_) | ServiceError::Input(_)) => {
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "city.html")]
struct CityPage {
    l: Layout,
    heading: String,
    /// "A survey wave is running …" with the city-wide count rounded down to tens.
    running: Option<String>,
    has_data: bool,
    caption: String,
    kpis: Vec<(String, String)>,
    trend_svg: String,
    /// The trend table (every wave's overall figures).
    table: views::PageTable,
    protection: String,
    waves: WaveChoice,
}

/// The notice of a running survey wave: its results are not shown until a release point
/// (SPEC §6), only the city-wide number of answers, rounded down to tens.
async fn running_wave(st: &AppState, ags: Ags, tr: &Tr) -> Result<Option<String>, AppError> {
    use abbild_store::Survey;
    let open = st
        .store
        .survey_waves(ags)
        .await?
        .into_iter()
        .rfind(|w| w.open);
    Ok(open.map(|w| {
        let n = abbild_service::survey::rounded_count(w.used);
        if n == 0 {
            tr.arg("city-wave-running-few", "wave", &w.wave.to_string())
        } else {
            tr.args(
                "city-wave-running",
                &[
                    ("wave", w.wave.to_string()),
                    ("count", views::int(n, tr.lang)),
                ],
            )
        }
    }))
}

fn confidence_pct(rel: &Released<RepresentationReport>) -> String {
    let c = rel.body().confidence.get() * 100.0;
    format!("{c:.0}")
}

pub async fn city(
    State(st): State<AppState>,
    ctx: CityCtx,
    Query(q): Query<WaveQuery>,
) -> Result<Response, AppError> {
    let tr = &ctx.auth.tr;
    let lang = tr.lang;
    let ags = ctx.read.ags();
    let name = views::city_name(ags);
    let path = format!("/stadt/{ags}");
    let heading = tr.arg("city-title", "city", &name);
    let l = Layout::new(tr, Some(&ctx.auth), heading.clone(), &path, Some(ags));
    let running = running_wave(&st, ags, tr).await?;
    let waves = crate::waves::choose(&st, &ctx.read, &q, tr).await?;
    let rel = match waves.shown {
        Some(w) => city_report(&st, &ctx.read, views::overview_dims(), Some(w)).await?,
        None => None,
    };
    let Some(rel) = rel else {
        return page(&CityPage {
            l,
            heading,
            running,
            has_data: false,
            caption: String::new(),
            kpis: Vec::new(),
            trend_svg: String::new(),
            table: views::PageTable::default(),
            protection: String::new(),
            waves,
        });
    };
    let Some(c) = views::only_city(&rel) else {
        return Err(AppError::NotFound);
    };
    let m = &c.overall.metrics;
    let conf = confidence_pct(&rel);
    let kpis = vec![
        (tr.get("kpi-share"), views::pct(m.share, lang)),
        (
            tr.arg("kpi-interval", "level", &conf),
            views::interval(m.ci_low, m.ci_high, lang),
        ),
        (
            tr.get("kpi-benchmark"),
            views::pct(Some(m.benchmark_total), lang),
        ),
        (
            tr.get("kpi-benchmark-std"),
            views::pct(m.benchmark_standardized, lang),
        ),
        (tr.get("kpi-ratio"), views::ratio(m.ratio, lang)),
        (tr.get("kpi-response"), views::pct(m.response_rate, lang)),
        (
            tr.get("kpi-gap"),
            m.gap_heads
                .map_or("–".to_owned(), |g| views::signed(g, lang)),
        ),
        (tr.get("kpi-headcount"), views::int(m.headcount, lang)),
        (
            tr.get("kpi-respondents"),
            m.respondents
                .map_or("–".to_owned(), |v| views::int(v, lang)),
        ),
        (
            tr.get("kpi-assessment"),
            views::assessment(m.assessment, lang),
        ),
    ];
    let caption = tr.args(
        "kpi-caption",
        &[
            ("city", name.clone()),
            ("year", c.year.to_string()),
            ("wave", c.wave.to_string()),
        ],
    );
    // Trend: the overall of every wave.
    let mut trend = Vec::new();
    let mut points = Vec::new();
    for w in scoped::city_waves(&st.store, &ctx.read).await? {
        if let Some(r) = city_report(&st, &ctx.read, views::overview_dims(), Some(w)).await? {
            if let Some(cw) = views::only_city(&r) {
                let m = &cw.overall.metrics;
                trend.push((w.to_string(), m.clone()));
                points.push(TrendPoint {
                    label: w.to_string(),
                    share: m.share,
                    lo: m.ci_low,
                    hi: m.ci_high,
                    benchmark: m.benchmark_standardized.or(Some(m.benchmark_total)),
                });
            }
        }
    }
    let trend_svg = chart::trend_lines(&TrendChart {
        id: "trend".to_owned(),
        title: tr.get("trend-title"),
        desc: tr.get("trend-desc"),
        points,
        labels: views::chart_labels(tr, &conf),
    });
    let protection = views::protection_note(&rel, lang);
    page(&CityPage {
        l,
        heading,
        running,
        has_data: true,
        caption,
        kpis,
        trend_svg,
        table: {
            let rows: Vec<(String, &abbild_core::representation::Metrics)> =
                trend.iter().map(|(w, m)| (w.clone(), m)).collect();
            let sheet = abbild_export::representation::metrics_sheet(
                abbild_export::output::col("wave", "col-wave"),
                &rows,
                &["share", "interval", "benchmark_standardized", "ratio"],
                tr,
            );
            views::PageTable::of(&sheet, tr)
        },
        protection,
        waves,
    })
}

#[derive(Template)]
#[template(path = "view.html")]
struct ViewPage {
    l: Layout,
    heading: String,
    has_data: bool,
    chart_svg: String,
    table: views::PageTable,
    protection: String,
    downloads: Vec<(String, String)>,
    waves: WaveChoice,
}

pub async fn city_view(
    State(st): State<AppState>,
    ctx: CityCtx,
    Path((_, view)): Path<(String, String)>,
    Query(q): Query<WaveQuery>,
) -> Result<Response, AppError> {
    let view = View::parse(&view).ok_or(AppError::NotFound)?;
    let tr = &ctx.auth.tr;
    let lang = tr.lang;
    let ags = ctx.read.ags();
    let name = views::city_name(ags);
    let base = format!("/stadt/{ags}/ansicht/{}", view.slug());
    let heading = tr.arg(view.title_key(), "city", &name);
    let l = Layout::new(tr, Some(&ctx.auth), heading.clone(), &base, Some(ags));
    let waves = crate::waves::choose(&st, &ctx.read, &q, tr).await?;
    let rel = match waves.shown {
        Some(w) => city_report(&st, &ctx.read, view.dims(), Some(w)).await?,
        None => None,
    };
    let Some((rel, c)) = rel
        .as_ref()
        .and_then(|r| views::only_city(r).map(|c| (r, c)))
    else {
        return page(&ViewPage {
            l,
            heading,
            has_data: false,
            chart_svg: String::new(),
            table: views::PageTable::default(),
            protection: String::new(),
            downloads: Vec::new(),
            waves,
        });
    };
    let label =
        |k: &abbild_core::representation::SegmentLabel| views::segment_label(k, &st.catalog, lang);
    let bars = c
        .segments
        .iter()
        .map(|s| views::share_row(label(&s.key), &s.metrics))
        .collect();
    let table = views::PageTable::of(
        &abbild_export::representation::segment_sheet(c, label, tr),
        tr,
    );
    let chart_svg = chart::share_bars(&ShareChart {
        axis_max: None,
        id: format!("chart-{}", view.slug()),
        title: heading.clone(),
        desc: tr.get("view-chart-desc"),
        rows: bars,
        labels: views::chart_labels(tr, &confidence_pct(rel)),
    });
    let wq = waves.query();
    let downloads = vec![
        (format!("{base}/tabelle.csv{wq}"), tr.get("download-csv")),
        (format!("{base}/tabelle.xlsx{wq}"), tr.get("download-xlsx")),
        (format!("{base}/tabelle.json{wq}"), tr.get("download-json")),
    ];
    page(&ViewPage {
        l,
        heading,
        has_data: true,
        chart_svg,
        table,
        protection: views::protection_note(rel, lang),
        downloads,
        waves,
    })
}

/// A protected report as a file.
fn download(
    rel: &Released<RepresentationReport>,
    file: &str,
    stem: &str,
    tr: &Tr,
) -> Result<Response, AppError> {
    let internal = |e: abbild_export::ExportError| AppError::Internal(e.to_string());
    let (ctype, body): (&str, Vec<u8>) = match file.rsplit_once('.').map(|(_, e)| e) {
        Some("csv") => {
            let mut out = Vec::new();
            abbild_export::representation::csv(rel, abbild_export::CsvStyle::GermanExcel, &mut out)
                .map_err(internal)?;
            ("text/csv; charset=utf-8", out)
        }
        Some("xlsx") => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            abbild_export::representation::xlsx(rel, tr).map_err(internal)?,
        ),
        Some("json") => (
            "application/json",
            abbild_export::representation::json(rel)
                .map_err(internal)?
                .into_bytes(),
        ),
        _ => return Err(AppError::NotFound),
    };
    let ext = file.rsplit_once('.').map_or("", |(_, e)| e);
    Ok((
        [
            (header::CONTENT_TYPE, ctype.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{stem}.{ext}\""),
            ),
        ],
        body,
    )
        .into_response())
}

pub async fn city_download(
    State(st): State<AppState>,
    ctx: CityCtx,
    Path((_, view, file)): Path<(String, String, String)>,
    Query(q): Query<WaveQuery>,
) -> Result<Response, AppError> {
    let view = View::parse(&view).ok_or(AppError::NotFound)?;
    let ags = ctx.read.ags();
    let waves = crate::waves::choose(&st, &ctx.read, &q, &ctx.auth.tr).await?;
    let wave = waves.shown.ok_or(AppError::NotFound)?;
    let rel = city_report(&st, &ctx.read, view.dims(), Some(wave))
        .await?
        .ok_or(AppError::NotFound)?;
    download(
        &rel,
        &file,
        &format!("abbild_{ags}_{}", view.slug()),
        &ctx.auth.tr,
    )
}

// ---------------------------------------------------------------------------------------------
// Data

#[derive(Debug, Clone)]
struct ImportRow {
    id: i64,
    kind: String,
    file: String,
    rows: String,
    periods: String,
    date: String,
    deletable: bool,
    delete_label: String,
    /// How many cities the import covers (shown for the installation's shared files).
    cities: String,
}

#[derive(Template)]
#[template(path = "data.html")]
struct DataPage {
    l: Layout,
    heading: String,
    base: String,
    can_write: bool,
    message: Option<String>,
    errors: Vec<String>,
    kinds: Vec<(String, String)>,
    imports: Vec<ImportRow>,
    shared: Vec<ImportRow>,
}

fn kind_label(tr: &Tr, k: ImportKind) -> String {
    tr.get(match k {
        ImportKind::Staff => "kind-staff",
        ImportKind::Responses => "kind-responses",
        ImportKind::Population => "kind-population",
        ImportKind::Pipeline => "kind-pipeline",
        ImportKind::Exits => "kind-exits",
    })
}

async fn data_page(
    st: &AppState,
    ctx: &CityCtx,
    message: Option<String>,
    errors: Vec<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let tr = &ctx.auth.tr;
    let ags = ctx.read.ags();
    let base = format!("/stadt/{ags}");
    let heading = tr.arg("data-title", "city", &views::city_name(ags));
    // The city's own imports, and apart from them the installation's files that cover every
    // city (the demo's region-wide files): those are not the city's to delete.
    let (imports, shared): (Vec<ImportRow>, Vec<ImportRow>) =
        scoped::city_imports(&st.store, &ctx.read)
            .await?
            .into_iter()
            .map(|i| ImportRow {
                id: i.id.0,
                kind: kind_label(tr, i.kind),
                file: i.file_name,
                rows: views::int(i.rows, tr.lang),
                periods: i
                    .periods
                    .iter()
                    .map(u16::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                date: crate::i18n::fmt::date(&i.imported_on, tr.lang),
                deletable: i.cities == [ags],
                delete_label: tr.arg("data-delete-label", "id", &i.id.0.to_string()),
                cities: views::int(i.cities.len() as u64, tr.lang),
            })
            .partition(|i| i.deletable);
    let kinds = ImportKind::ALL
        .into_iter()
        .map(|k| (k.code().to_owned(), kind_label(tr, k)))
        .collect();
    let p = DataPage {
        l: Layout::new(
            tr,
            Some(&ctx.auth),
            heading.clone(),
            &format!("{base}/daten"),
            Some(ags),
        ),
        heading,
        base,
        can_write: ctx.write.is_some(),
        message,
        errors,
        kinds,
        imports,
        shared,
    };
    let mut r = page(&p)?;
    *r.status_mut() = status;
    Ok(r)
}

pub async fn data(State(st): State<AppState>, ctx: CityCtx) -> Result<Response, AppError> {
    data_page(&st, &ctx, None, Vec::new(), StatusCode::OK).await
}

/// Reads the upload form: CSRF token, kind, file. Fields may come in any order.
async fn read_upload(
    mut mp: Multipart,
) -> Result<(String, Option<String>, Option<(String, Vec<u8>)>), AppError> {
    let too_large = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge
        } else {
            AppError::BadRequest(e.body_text())
        }
    };
    let (mut csrf, mut kind, mut file) = (String::new(), None, None);
    while let Some(field) = mp.next_field().await.map_err(too_large)? {
        match field.name().unwrap_or_default() {
            "csrf" => csrf = field.text().await.map_err(too_large)?,
            "kind" => kind = Some(field.text().await.map_err(too_large)?),
            "file" => {
                let name = field
                    .file_name()
                    .map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n).to_owned())
                    .unwrap_or_else(|| "upload".to_owned());
                let bytes = field.bytes().await.map_err(too_large)?;
                file = Some((name, bytes.to_vec()));
            }
            _ => {}
        }
    }
    Ok((csrf, kind, file))
}

pub async fn upload(
    State(st): State<AppState>,
    wctx: CityWriteCtx,
    mp: Multipart,
) -> Result<Response, AppError> {
    let (csrf, kind, file) = read_upload(mp).await?;
    wctx.auth.check_csrf(&csrf)?;
    let kind = kind
        .as_deref()
        .and_then(|k| Kind::parse(k).ok())
        .ok_or_else(|| AppError::BadRequest("kind".to_owned()))?;
    let (name, bytes) = file.ok_or_else(|| AppError::BadRequest("file".to_owned()))?;
    let ctx = wctx.city_ctx();
    let tr = &ctx.auth.tr;
    let result = abbild_service::import::import_upload(
        &st.store,
        &wctx.write,
        kind,
        &name,
        &bytes,
        &st.catalog,
    )
    .await;
    match result {
        Ok((outcome, rows)) => {
            let msg = match outcome {
                abbild_store::ImportOutcome::Imported { id, .. } => {
                    st.invalidate();
                    st.store
                        .audit(
                            accounts::now(),
                            ctx.auth.account.name.as_str(),
                            "import.add",
                            &format!(
                                "Import {id} ({}, „{name}“, {rows} Zeilen), Stadt {}",
                                kind.code(),
                                wctx.write.ags()
                            ),
                        )
                        .await?;
                    tr.args(
                        "data-imported",
                        &[
                            ("rows", views::int(rows, tr.lang)),
                            ("file", name.clone()),
                            ("id", id.to_string()),
                        ],
                    )
                }
                abbild_store::ImportOutcome::AlreadyImported { id } => {
                    tr.arg("data-already", "id", &id.to_string())
                }
            };
            data_page(&st, &ctx, Some(msg), Vec::new(), StatusCode::OK).await
        }
        Err(ServiceError::Import(e)) => {
            // Every message names the file, in the reader's language.
            let errors = e.messages_in(tr);
            data_page(&st, &ctx, None, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => {
            // Conflicts and refusals describe the file: show them in the page.
            let err = AppError::Service(e);
            if !err.is_user_facing() {
                return Err(err);
            }
            let status = err.status();
            data_page(&st, &ctx, None, vec![err.message(tr)], status).await
        }
    }
}

pub async fn delete_import(
    State(st): State<AppState>,
    wctx: CityWriteCtx,
    Path((_, id)): Path<(String, i64)>,
    Form(f): Form<ConfirmForm>,
) -> Result<Response, AppError> {
    wctx.auth.check_csrf(f.csrf())?;
    if !f.confirmed() {
        let ctx = wctx.city_ctx();
        // Another city's import stays "not found", confirmed or not.
        let own = scoped::city_imports(&st.store, &ctx.read).await?;
        if !own.iter().any(|i| i.id == ImportId(id)) {
            return Err(AppError::NotFound);
        }
        let msg = ctx
            .auth
            .tr
            .arg("data-confirm-missing", "id", &id.to_string());
        return data_page(&st, &ctx, None, vec![msg], StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let done = scoped::delete_city_import(
        &st.store,
        &wctx.write,
        wctx.auth.account.name.as_str(),
        ImportId(id),
    )
    .await;
    let ctx = wctx.city_ctx();
    if let Err(e) = done {
        // A refusal (a survey wave's answers, another city's data) is said on the data page.
        let err = AppError::from(e);
        if !err.is_user_facing() {
            return Err(err);
        }
        let status = err.status();
        return data_page(&st, &ctx, None, vec![err.message(&ctx.auth.tr)], status).await;
    }
    st.invalidate();
    let msg = ctx.auth.tr.arg("data-deleted", "id", &id.to_string());
    data_page(&st, &ctx, Some(msg), Vec::new(), StatusCode::OK).await
}

pub async fn template_file(
    State(st): State<AppState>,
    _auth: Auth,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let code = file.strip_suffix(".xlsx").ok_or(AppError::NotFound)?;
    let kind = Kind::parse(code).map_err(|_| AppError::NotFound)?;
    let bytes = abbild_import::template::write_template_bytes(kind, &st.catalog)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"vorlage_{code}.xlsx\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

// ---------------------------------------------------------------------------------------------
// Region

#[derive(Template)]
#[template(path = "region.html")]
struct RegionPage {
    l: Layout,
    chart_svg: String,
    table: views::PageTable,
    protection: String,
    downloads: Vec<(String, String)>,
    waves: WaveChoice,
    /// Which waves the table shows (cities differ).
    wave_note: String,
}

/// Every city's waves with released answers, ascending.
type CityWaves = std::collections::BTreeMap<Ags, Vec<Wave>>;

async fn city_waves_of_region(st: &AppState, ctx: &RegionCtx) -> Result<CityWaves, AppError> {
    let mut have = CityWaves::new();
    for ags in st.store.cities().await? {
        have.insert(
            ags,
            scoped::city_waves(&st.store, &ctx.cap.city(ags)).await?,
        );
    }
    Ok(have)
}

/// The region's table: each city at the asked wave if it has one, else at its latest wave
/// with a published overall share (`crate::waves`). Found by stepping back only the cities
/// whose newest wave publishes no share, so the usual case is one protection run, and only
/// what is shown is recorded as released.
async fn region_report(
    st: &AppState,
    ctx: &RegionCtx,
    have: &CityWaves,
    asked: Option<Wave>,
) -> Result<Arc<Released<RepresentationReport>>, AppError> {
    let key = (None, views::overview_dims(), asked);
    if let Some(hit) = st.cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(hit);
    }
    let mut waves: std::collections::BTreeMap<Ags, Wave> = have
        .iter()
        .filter_map(|(ags, ws)| Some((*ags, asked.filter(|w| ws.contains(w))?)))
        .collect();
    let rel = loop {
        let rel = scoped::region_representation_of(
            &st.store,
            &ctx.cap,
            views::overview_dims(),
            &waves,
            &st.catalog,
            Channel::Page,
        )
        .await?;
        let mut stepped = false;
        for c in &rel.body().cities {
            if c.overall.metrics.share.is_some() || asked == Some(c.wave) {
                continue;
            }
            let earlier = have
                .get(&c.ags)
                .and_then(|ws| ws.iter().rev().find(|w| **w < c.wave).copied());
            if let Some(w) = earlier {
                waves.insert(c.ags, w);
                stepped = true;
            }
        }
        if !stepped {
            break Arc::new(rel);
        }
    };
    if let Ok(mut c) = st.cache.lock() {
        c.insert(key, rel.clone());
    }
    Ok(rel)
}

pub async fn region(
    State(st): State<AppState>,
    ctx: RegionCtx,
    Query(q): Query<WaveQuery>,
) -> Result<Response, AppError> {
    let tr = &ctx.auth.tr;
    let lang = tr.lang;
    let asked = q.asked();
    let have = city_waves_of_region(&st, &ctx).await?;
    let rel = region_report(&st, &ctx, &have, asked).await?;
    let mut cities: Vec<_> = rel.body().cities.iter().collect();
    // Ranked by ratio, lowest first: where the gap is largest. Suppressed ratios last.
    cities.sort_by(|a, b| {
        let ra = a.overall.metrics.ratio.unwrap_or(f64::INFINITY);
        let rb = b.overall.metrics.ratio.unwrap_or(f64::INFINITY);
        ra.total_cmp(&rb)
    });
    let mut rows = Vec::new();
    let mut links = Vec::new();
    let mut bars = Vec::new();
    for c in &cities {
        // A city shown at another wave than the one asked for says which.
        let name = match asked {
            Some(w) if w != c.wave => tr.args(
                "region-city-wave",
                &[
                    ("city", views::city_name(c.ags)),
                    ("wave", c.wave.to_string()),
                ],
            ),
            _ => views::city_name(c.ags),
        };
        bars.push(views::share_row(name.clone(), &c.overall.metrics));
        links.push(match asked {
            Some(_) => format!("/stadt/{}?welle={}", c.ags, c.wave),
            None => format!("/stadt/{}", c.ags),
        });
        rows.push((name, &c.overall.metrics));
    }
    let sheet = abbild_export::representation::metrics_sheet(
        abbild_export::output::col("city", "col-city"),
        &rows,
        &[
            "headcount",
            "response_rate",
            "share",
            "interval",
            "benchmark_standardized",
            "ratio",
            "gap_heads",
            "assessment",
        ],
        tr,
    );
    let table = views::PageTable::of(&sheet, tr)
        .ranked(tr.get("col-rank"))
        .linked(links);
    let title = tr.get("region-title");
    let chart_svg = chart::share_bars(&ShareChart {
        axis_max: None,
        id: "region".to_owned(),
        title: title.clone(),
        desc: tr.get("region-chart-desc"),
        rows: bars,
        labels: views::chart_labels(tr, &confidence_pct(&rel)),
    });
    let all: std::collections::BTreeSet<Wave> = rel.body().cities.iter().map(|c| c.wave).collect();
    let known: Vec<Wave> = have
        .values()
        .flatten()
        .copied()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let waves = WaveChoice {
        shown: asked,
        options: if known.len() > 1 {
            crate::waves::options(&known, asked, &[], tr)
        } else {
            Vec::new()
        },
    };
    let wq = waves.query();
    let downloads = vec![
        (format!("/region/tabelle.csv{wq}"), tr.get("download-csv")),
        (format!("/region/tabelle.xlsx{wq}"), tr.get("download-xlsx")),
        (format!("/region/tabelle.json{wq}"), tr.get("download-json")),
    ];
    let wave_note = tr.arg(
        "region-waves-shown",
        "waves",
        &all.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    );
    page(&RegionPage {
        l: Layout::new(tr, Some(&ctx.auth), title, "/region", None),
        chart_svg,
        table,
        protection: views::protection_note(&rel, lang),
        downloads,
        waves,
        wave_note,
    })
}

pub async fn region_download(
    State(st): State<AppState>,
    ctx: RegionCtx,
    Path(file): Path<String>,
    Query(q): Query<WaveQuery>,
) -> Result<Response, AppError> {
    let have = city_waves_of_region(&st, &ctx).await?;
    let rel = region_report(&st, &ctx, &have, q.asked()).await?;
    download(&rel, &file, "abbild_region", &ctx.auth.tr)
}

// ---------------------------------------------------------------------------------------------
// Administration

#[derive(Debug, Clone)]
struct UserRow {
    name: String,
    role: String,
    city: String,
    state: String,
    toggle_action: &'static str,
    toggle_label: String,
}

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    l: Layout,
    message: Option<String>,
    error: Option<String>,
    users: Vec<UserRow>,
    roles: Vec<(String, String)>,
    /// Time, actor, action code, action in words, detail.
    audit: Vec<(String, String, String, String, String)>,
    /// The release registry for the data-protection officer: what left, never a figure.
    releases: Vec<[String; 7]>,
}

/// `YYYY-MM-DD HH:MM UTC` from unix seconds, without a date library.
fn utc(ts: i64) -> String {
    let days = ts.div_euclid(86_400);
    let secs = ts.rem_euclid(86_400);
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        secs / 3600,
        (secs % 3600) / 60
    )
}

async fn admin_page(
    st: &AppState,
    ctx: &AdminCtx,
    message: Option<String>,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let tr = &ctx.auth.tr;
    let users = st
        .store
        .list_users()
        .await?
        .into_iter()
        .map(|u| UserRow {
            name: u.name.to_string(),
            role: tr.get(&format!("role-{}", u.role.code())),
            city: u.city.map_or("–".to_owned(), views::city_name),
            state: tr.get(if u.disabled {
                "state-disabled"
            } else {
                "state-active"
            }),
            toggle_action: if u.disabled { "entsperren" } else { "sperren" },
            toggle_label: tr.get(if u.disabled {
                "admin-enable"
            } else {
                "admin-disable"
            }),
        })
        .collect();
    let audit = st
        .store
        .audit_log(200)
        .await?
        .into_iter()
        .map(|e| {
            // Actions are stored as codes; the reader sees them in words.
            let words = tr
                .try_get(&format!("audit-{}", e.action.replace('.', "-")))
                .unwrap_or_else(|| e.action.clone());
            (utc(e.at), e.actor, e.action, words, e.detail)
        })
        .collect();
    let roles = Role::ALL
        .into_iter()
        .map(|r| (r.code().to_owned(), tr.get(&format!("role-{}", r.code()))))
        .collect();
    let releases = abbild_service::releases::list(&st.store, None)
        .await?
        .into_iter()
        .take(500)
        .map(|r| {
            [
                r.id.to_string(),
                r.released_on.clone(),
                views::city_name(r.ags),
                r.scope.clone(),
                if r.dims.is_empty() {
                    tr.get("releases-total")
                } else {
                    r.dims.clone()
                },
                r.channel.clone(),
                abbild_service::releases::cell_count(&r).to_string(),
            ]
        })
        .collect();
    let mut r = page(&AdminPage {
        l: Layout::new(tr, Some(&ctx.auth), tr.get("admin-title"), "/admin", None),
        message,
        error,
        users,
        roles,
        audit,
        releases,
    })?;
    *r.status_mut() = status;
    Ok(r)
}

pub async fn admin(State(st): State<AppState>, ctx: AdminCtx) -> Result<Response, AppError> {
    admin_page(&st, &ctx, None, None, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct NewUser {
    csrf: String,
    name: String,
    role: String,
    city: Option<String>,
    password: String,
}

impl std::fmt::Debug for NewUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser")
            .field("name", &self.name)
            .field("role", &self.role)
            .field("city", &self.city)
            .finish_non_exhaustive()
    }
}

pub async fn admin_add_user(
    State(st): State<AppState>,
    ctx: AdminCtx,
    Form(f): Form<NewUser>,
) -> Result<Response, AppError> {
    ctx.auth.check_csrf(&f.csrf)?;
    let parsed = (|| -> Result<_, String> {
        let name = UserName::parse(&f.name).map_err(|e| e.to_string())?;
        let role = Role::parse(&f.role).map_err(|e| e.to_string())?;
        let city = match f.city.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(c) => Some(Ags::parse(c).map_err(|e| e.to_string())?),
        };
        let pw = Password::parse(&f.password).map_err(|e| e.to_string())?;
        Ok((name, role, city, pw))
    })();
    let (name, role, city, pw) = match parsed {
        Ok(v) => v,
        Err(e) => return admin_page(&st, &ctx, None, Some(e), StatusCode::BAD_REQUEST).await,
    };
    match accounts::add_user(
        &st.store,
        ctx.auth.account.name.as_str(),
        &name,
        &pw,
        role,
        city,
    )
    .await
    {
        Ok(_) => {
            let msg = ctx.auth.tr.arg("admin-created", "name", name.as_str());
            admin_page(&st, &ctx, Some(msg), None, StatusCode::OK).await
        }
        Err(
            e
            @ (ServiceError::Input(_) | ServiceError::Store(abbild_store::StoreError::Invalid(_))),
        ) => {
            admin_page(
                &st,
                &ctx,
                None,
                Some(AppError::Service(e).message(&ctx.auth.tr)),
                StatusCode::BAD_REQUEST,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn admin_toggle_user(
    State(st): State<AppState>,
    ctx: AdminCtx,
    Path((name, action)): Path<(String, String)>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, AppError> {
    ctx.auth.check_csrf(&f.csrf)?;
    let name = UserName::parse(&name).map_err(|_| AppError::NotFound)?;
    let disable = match action.as_str() {
        "sperren" => true,
        "entsperren" => false,
        _ => return Err(AppError::NotFound),
    };
    if disable && name == ctx.auth.account.name {
        return admin_page(
            &st,
            &ctx,
            None,
            Some(ctx.auth.tr.get("admin-cannot-block-self")),
            StatusCode::BAD_REQUEST,
        )
        .await;
    }
    accounts::set_disabled(&st.store, ctx.auth.account.name.as_str(), &name, disable).await?;
    admin_page(&st, &ctx, None, None, StatusCode::OK).await
}

// ---------------------------------------------------------------------------------------------
// About, errors

#[derive(Template)]
#[template(path = "about_de.html")]
struct AboutDe {
    l: Layout,
}

#[derive(Template)]
#[template(path = "about_en.html")]
struct AboutEn {
    l: Layout,
}

pub async fn about(
    State(st): State<AppState>,
    headers: HeaderMap,
    Ui(tr): Ui,
) -> Result<Response, AppError> {
    let auth = match cookie(&headers, session_cookie_name(&st)) {
        Some(t) => accounts::session(&st.store, t).await?.map(|s| Auth {
            account: s.account,
            csrf: s.csrf,
            token: t.to_owned(),
            tr: tr.clone(),
        }),
        None => None,
    };
    let l = Layout::new(&tr, auth.as_ref(), tr.get("about-title"), "/ueber", None);
    match lang_of(&headers) {
        Lang::De => page(&AboutDe { l }),
        Lang::En => page(&AboutEn { l }),
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    l: Layout,
    status: u16,
    message: String,
}

/// The error message of a failed request in both languages, kept on the response so that
/// `crate::localise_errors` can show it in the reader's language (`IntoResponse` does not see
/// the request).
#[derive(Debug, Clone)]
pub struct ErrorMessages {
    pub status: StatusCode,
    pub de: String,
    pub en: String,
}

/// The error page in one language.
pub fn error_page(lang: Lang, status: StatusCode, message: String) -> Response {
    let tr = Tr::new(crate::i18n::I18n::global(), lang);
    let p = ErrorPage {
        l: Layout::new(&tr, None, tr.get("error-title"), "/", None),
        status: status.as_u16(),
        message,
    };
    match p.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => status.into_response(),
    }
}

/// A short random id for one internal error: on the page and in the log line with the cause.
fn error_id() -> String {
    use rand::Rng;
    let n: u64 = rand::rng().random();
    format!("{:012x}", n & 0xffff_ffff_ffff)
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if matches!(self, AppError::Unauthenticated) {
            return Redirect::to("/anmelden").into_response();
        }
        let status = self.status();
        let global = crate::i18n::I18n::global();
        let (de, en) = if status == StatusCode::INTERNAL_SERVER_ERROR {
            // The cause goes to the operator's log, never to the page; the page carries an id
            // that finds it there. Internal errors carry database and template messages, never
            // a survey code or an answer.
            let id = error_id();
            tracing::error!(error_id = %id, status = status.as_u16(), error = %self, "interner Fehler");
            let say = |lang| Tr::new(global.clone(), lang).arg("error-internal-id", "id", &id);
            (say(Lang::De), say(Lang::En))
        } else {
            (
                self.message(&Tr::new(global.clone(), Lang::De)),
                self.message(&Tr::new(global, Lang::En)),
            )
        };
        let mut r = error_page(Lang::De, status, de.clone());
        r.extensions_mut().insert(ErrorMessages { status, de, en });
        r
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// An internal error shows an id and never its cause; the English page names the same id.
    #[tokio::test]
    async fn internal_errors_carry_an_id_not_their_cause() {
        let r = AppError::Internal("Datenbank weg: /srv/abbild.sqlite".into()).into_response();
        assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let en = r.extensions().get::<ErrorMessages>().unwrap().en.clone();
        let body = axum::body::to_bytes(r.into_body(), 1 << 20).await.unwrap();
        let html = String::from_utf8(body.to_vec()).unwrap();
        assert!(
            !html.contains("Datenbank weg") && !en.contains("Datenbank weg"),
            "{html}"
        );
        let id = html
            .split("Fehler-ID ")
            .nth(1)
            .and_then(|t| t.get(..12))
            .unwrap();
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
        assert!(en.contains(&format!("error id {id}")), "{en}");
    }
}
