//! The web application: server-rendered pages (askama, htmx vendored), a JSON API with
//! OpenAPI, accounts with roles as capabilities. The only crate that knows HTTP.
//!
//! Map: [`auth`] (sessions, CSRF, capability extractors), [`pages`] (HTML handlers),
//! [`api`] (JSON), [`views`] (formatting protected results), [`i18n`] (Fluent),
//! [`state`] (shared state, login limiter, result cache).

pub mod api;
pub mod auth;
pub mod error;
pub mod funnel;
/// The catalogue lives in its own crate so that every layer translates the same way.
pub use abbild_i18n as i18n;
pub mod pages;
pub mod plan;
pub mod report;
pub mod state;
pub mod survey;
pub mod views;
pub mod waves;

use crate::state::{AppState, CodeLimiter, Intake, LoginLimiter, Settings};
use abbild_core::FieldCatalog;
use abbild_store::AnyStore;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

pub use error::AppError;

/// Largest upload: a whole city's staff file is a few MB; 64 MB leaves room for XLSX.
pub const MAX_UPLOAD_BYTES: usize = 64 * 1024 * 1024;
/// Largest body of any other request (forms).
pub const MAX_FORM_BYTES: usize = 64 * 1024;

impl AppState {
    /// Needs a running tokio runtime (it starts the survey's writer task).
    pub fn new(store: AnyStore, catalog: FieldCatalog, secure_cookies: bool) -> Self {
        AppState {
            intake: Intake::start(store.clone()),
            store,
            catalog: Arc::new(catalog),
            i18n: i18n::I18n::global(),
            settings: Arc::new(Settings {
                secure_cookies,
                max_upload_bytes: MAX_UPLOAD_BYTES,
            }),
            limiter: Arc::new(LoginLimiter::default()),
            code_limiter: Arc::new(CodeLimiter::default()),
            cache: Arc::new(Mutex::new(Default::default())),
        }
    }
}

async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/app.css"),
    )
}

async fn htmx() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../static/htmx.min.js"),
    )
}

async fn sliders_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/sliders.js"),
    )
}

async fn healthz() -> &'static str {
    "ok"
}

/// Error pages in the reader's language: a handler's error renders in German (it does not see
/// the request), this layer swaps in the English page where the reader chose English.
async fn localise_errors(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let lang = auth::lang_of(req.headers());
    let r = next.run(req).await;
    match (lang, r.extensions().get::<pages::ErrorMessages>()) {
        (i18n::Lang::En, Some(m)) => pages::error_page(i18n::Lang::En, m.status, m.en.clone()),
        _ => r,
    }
}

/// Security headers on every response; behind TLS (secure mode) also HSTS, so a browser that
/// once reached abbild over HTTPS never sends a session cookie over plain HTTP.
async fn headers(
    State(st): State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let mut r = next.run(req).await;
    let h = r.headers_mut();
    if st.settings.secure_cookies {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    for (k, v) in [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
             script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
    ] {
        h.insert(k, HeaderValue::from_static(v));
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    r
}

/// Every route. Tests build the same router.
pub fn router(state: AppState) -> Router {
    let upload = Router::new()
        .route("/stadt/{ags}/daten", post(pages::upload))
        .layer(DefaultBodyLimit::max(state.settings.max_upload_bytes));
    Router::new()
        .route("/", get(pages::home))
        .route("/anmelden", get(pages::login_form).post(pages::login))
        .route("/abmelden", post(pages::logout))
        .route("/sprache/{lang}", get(pages::language))
        .route("/ueber", get(pages::about))
        .route("/stadt/{ags}", get(pages::city))
        .route("/stadt/{ags}/ansicht/{view}", get(pages::city_view))
        .route(
            "/stadt/{ags}/ansicht/{view}/{file}",
            get(pages::city_download),
        )
        .route("/stadt/{ags}/ausbildung", get(funnel::pipeline))
        .route(
            "/stadt/{ags}/ausbildung/{file}",
            get(funnel::pipeline_download),
        )
        .route("/stadt/{ags}/verbleib", get(funnel::retention))
        .route(
            "/stadt/{ags}/verbleib/{file}",
            get(funnel::retention_download),
        )
        .route("/stadt/{ags}/prognose", get(plan::page))
        .route("/stadt/{ags}/prognose/ergebnis", get(plan::result))
        .route("/stadt/{ags}/prognose/speichern", post(plan::save))
        .route("/stadt/{ags}/prognose/loeschen", post(plan::delete))
        .route("/stadt/{ags}/prognose/{file}", get(plan::download))
        .route("/stadt/{ags}/bericht", get(report::city_page))
        .route("/stadt/{ags}/bericht/datei", get(report::city_file))
        .route("/stadt/{ags}/daten", get(pages::data))
        .route(
            "/stadt/{ags}/daten/{id}/loeschen",
            post(pages::delete_import),
        )
        .route("/vorlagen/{file}", get(pages::template_file))
        .route("/befragung", get(survey::form).post(survey::submit))
        .route(
            "/stadt/{ags}/befragung",
            get(survey::waves).post(survey::open),
        )
        .route(
            "/stadt/{ags}/befragung/{wave}/schliessen",
            post(survey::close),
        )
        .route(
            "/stadt/{ags}/befragung/{wave}/freigeben",
            post(survey::release),
        )
        .route("/api/v1/survey/responses", post(survey::api_submit))
        .route("/region", get(pages::region))
        .route("/region/bericht", get(report::region_page))
        .route("/region/bericht/datei", get(report::region_file))
        .route("/region/{file}", get(pages::region_download))
        .route("/admin", get(pages::admin))
        .route("/admin/konten", post(pages::admin_add_user))
        .route(
            "/admin/konten/{name}/{action}",
            post(pages::admin_toggle_user),
        )
        .route("/api/v1/cities", get(api::cities))
        .route(
            "/api/v1/cities/{ags}/representation",
            get(api::city_representation),
        )
        .route(
            "/api/v1/region/representation",
            get(api::region_representation),
        )
        .route("/api/v1/openapi.json", get(api::openapi))
        .route("/static/app.css", get(css))
        .route("/static/htmx.min.js", get(htmx))
        .route("/static/sliders.js", get(sliders_js))
        .route("/healthz", get(healthz))
        .layer(DefaultBodyLimit::max(MAX_FORM_BYTES))
        .merge(upload)
        .fallback(|| async { AppError::NotFound })
        .layer(axum::middleware::from_fn(localise_errors))
        .layer(axum::middleware::from_fn_with_state(state.clone(), headers))
        .with_state(state)
}

/// Serves until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    // Small pages go out at once instead of waiting for Nagle's algorithm.
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
}
