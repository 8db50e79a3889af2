//! The survey in the browser and over JSON (SPEC §6): the public questionnaire, the analyst's
//! wave management, and `POST /api/v1/survey/responses`.
//!
//! Nothing here logs, and nothing of the request (address, browser, time) reaches the store:
//! the handler passes only the typed code and the parsed answers on. The client address is
//! used, in memory only, to slow down guessing of codes.

use crate::auth::{cookie, same_token, set_cookie, CityCtx, CityWriteCtx, SecretCookie, Ui};
use crate::error::AppError;
use crate::i18n::Tr;
use crate::pages::{ConfirmForm, CsrfForm, Layout};
use crate::state::AppState;
use crate::views;
use abbild_core::answers::Item;
use abbild_core::survey::SurveyAnswers;
use abbild_core::{Level, Sex, Status, Wave};
use abbild_service::{accounts, survey};
use abbild_store::{SubmitOutcome, Survey};
use askama::Template;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::{Form, Json};
use serde::Deserialize;
use std::net::SocketAddr;

/// Age bands offered: unions of the benchmark's 5-year bands, as in the staff files.
pub const AGE_BANDS: [&str; 6] = ["15-24", "25-34", "35-44", "45-54", "55-59", "60-69"];

/// Languages offered as checkboxes (ISO 639-1) with their own names, the most frequent ones
/// in the Ruhr; others by code. Their names in the page's language come from the catalogue.
pub const LANGUAGES: [(&str, &str); 16] = [
    ("ar", "العربية"),
    ("bg", "Български"),
    ("bs", "Bosanski"),
    ("el", "Ελληνικά"),
    ("en", "English"),
    ("es", "Español"),
    ("fa", "فارسی"),
    ("fr", "Français"),
    ("hr", "Hrvatski"),
    ("it", "Italiano"),
    ("ku", "Kurdî"),
    ("pl", "Polski"),
    ("ro", "Română"),
    ("ru", "Русский"),
    ("tr", "Türkçe"),
    ("uk", "Українська"),
];

#[derive(Debug, Clone)]
pub struct SelectQ {
    name: &'static str,
    label: String,
    options: Vec<(String, String)>,
}

/// What went wrong with a submitted questionnaire: the message, and the id of the form
/// field it belongs to (`None`: the whole form, e.g. a closed wave).
#[derive(Debug, Clone)]
pub struct FormError {
    pub field: Option<&'static str>,
    pub message: String,
}

/// A submitted questionnaire as it came in, so that an error never throws an answer away.
#[derive(Debug, Clone, Default)]
struct Filled {
    fields: Vec<(String, String)>,
}

impl Filled {
    fn has(&self, name: &str) -> bool {
        self.fields.iter().any(|(k, v)| k == name && !v.is_empty())
    }
    fn is(&self, name: &str, value: &str) -> bool {
        self.fields.iter().any(|(k, v)| k == name && v == value)
    }
    fn value(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// A language offered as a checkbox: its own name (marked with its language for screen
/// readers, WCAG 3.1.2) and its name in the page's language.
#[derive(Debug, Clone)]
struct LanguageOption {
    code: &'static str,
    native: &'static str,
    name: String,
    /// Right-to-left scripts (Arabic, Persian).
    rtl: bool,
}

#[derive(Template)]
#[template(path = "survey.html")]
struct SurveyPage {
    l: Layout,
    csrf: String,
    code: String,
    errors: Vec<FormError>,
    items: Vec<(&'static str, String)>,
    selects: Vec<SelectQ>,
    languages: Vec<LanguageOption>,
    filled: Filled,
}

impl SurveyPage {
    /// The error message of one field, if any.
    fn error_of(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == Some(field))
            .map(|e| e.message.as_str())
    }
    /// A radio button is checked if it was submitted, or is the default of an unanswered item.
    fn radio_checked(&self, name: &str, value: &str, default: &str) -> bool {
        if self.filled.has(name) {
            self.filled.is(name, value)
        } else {
            value == default
        }
    }
}

#[derive(Template)]
#[template(path = "survey_thanks.html")]
struct ThanksPage {
    l: Layout,
}

fn questionnaire(
    st: &AppState,
    tr: &Tr,
    code: String,
    errors: Vec<FormError>,
    filled: Filled,
    status: StatusCode,
) -> Result<Response, AppError> {
    let csrf = accounts::random_token();
    let en = tr.lang == crate::i18n::Lang::En;
    let items = Item::ALL
        .into_iter()
        .map(|i| (i.code(), tr.get(&format!("survey-q-{}", i.code()))))
        .collect();
    let fields = st
        .catalog
        .iter()
        .map(|(_, d)| {
            (
                d.code.clone(),
                if en { &d.label_en } else { &d.label_de }.clone(),
            )
        })
        .collect();
    let coded = |codes: &[&str], d: abbild_core::Dim| -> Vec<(String, String)> {
        codes
            .iter()
            .map(|c| {
                let key = abbild_core::representation::SegmentLabel(vec![(d, (*c).to_owned())]);
                (
                    (*c).to_owned(),
                    views::segment_label(&key, &st.catalog, tr.lang),
                )
            })
            .collect()
    };
    let level_codes: Vec<&str> = Level::ALL.iter().map(|l| l.code()).collect();
    let status_codes: Vec<&str> = Status::ALL.iter().map(|s| s.code()).collect();
    let sexes: Vec<(String, String)> = Sex::ALL
        .iter()
        .map(|s| (s.code().to_owned(), tr.get(&format!("sex-{}", s.code()))))
        .collect();
    let selects = vec![
        SelectQ {
            name: "field",
            label: tr.get("survey-q-field"),
            options: fields,
        },
        SelectQ {
            name: "level",
            label: tr.get("survey-q-level"),
            options: level_codes
                .iter()
                .map(|c| ((*c).to_owned(), tr.get(&format!("survey-level-{c}"))))
                .collect(),
        },
        SelectQ {
            name: "status",
            label: tr.get("survey-q-status"),
            options: coded(&status_codes, abbild_core::Dim::Status),
        },
        SelectQ {
            name: "age",
            label: tr.get("survey-q-age"),
            options: AGE_BANDS
                .iter()
                .map(|b| ((*b).to_owned(), b.replace('-', "–")))
                .collect(),
        },
        SelectQ {
            name: "sex",
            label: tr.get("survey-q-sex"),
            options: sexes,
        },
    ];
    let p = SurveyPage {
        l: Layout::new(tr, None, tr.get("survey-title"), "/befragung", None),
        csrf: csrf.clone(),
        code,
        errors,
        items,
        selects,
        languages: LANGUAGES
            .iter()
            .map(|(code, native)| LanguageOption {
                code,
                native,
                name: tr.get(&format!("language-{code}")),
                rtl: matches!(*code, "ar" | "fa"),
            })
            .collect(),
        filled,
    };
    let mut r = Html(p.render()?).into_response();
    *r.status_mut() = status;
    if let Ok(v) = set_cookie(st, SecretCookie::SurveyCsrf.name(st), &csrf, Some(4 * 3600)).parse()
    {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(r)
}

#[derive(Debug, Deserialize)]
pub struct Prefill {
    /// From the QR code on the letter.
    code: Option<String>,
}

pub async fn form(
    State(st): State<AppState>,
    Ui(tr): Ui,
    axum::extract::Query(q): axum::extract::Query<Prefill>,
) -> Result<Response, AppError> {
    // Only a well-formed code is echoed into the form.
    let code = q
        .code
        .and_then(|c| abbild_core::survey::AccessCode::parse(&c).ok())
        .map(|c| c.grouped())
        .unwrap_or_default();
    questionnaire(
        &st,
        &tr,
        code,
        Vec::new(),
        Filled::default(),
        StatusCode::OK,
    )
}

/// The id of the form field a submitted name belongs to.
fn field_id(name: &str) -> Option<&'static str> {
    Some(match name {
        "code" => "code",
        "languages" | "languages_other" => "languages-other",
        "field" => "q-field",
        "level" => "q-level",
        "status" => "q-status",
        "age" => "q-age",
        "sex" => "q-sex",
        _ => return None,
    })
}

/// Parses every submitted field; `languages_other` is split into codes (no free text is kept).
/// An error names the field it came from.
fn parse_answers(
    st: &AppState,
    fields: &[(String, String)],
) -> Result<SurveyAnswers, (String, abbild_core::ParseError)> {
    let mut a = SurveyAnswers::default();
    for (k, v) in fields {
        let r = match k.as_str() {
            "csrf" | "code" => Ok(()),
            "languages_other" => a.parse_field("languages", v, &st.catalog),
            _ => a.parse_field(k, v, &st.catalog),
        };
        r.map_err(|e| (k.clone(), e))?;
    }
    Ok(a)
}

pub async fn submit(
    State(st): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Ui(tr): Ui,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let get = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let expected = cookie(&headers, SecretCookie::SurveyCsrf.name(&st)).unwrap_or_default();
    if !same_token(expected, &get("csrf")) {
        return Err(AppError::Csrf);
    }
    let code = get("code");
    // Every answer goes back into the form after an error; the code and the CSRF token do not
    // count as answers.
    let filled = Filled {
        fields: fields
            .iter()
            .filter(|(k, _)| k != "csrf" && k != "code")
            .cloned()
            .collect(),
    };
    let ip = addr.ip();
    if !st.code_limiter.allowed(ip) {
        let msg = tr.arg(
            "survey-err-limited",
            "minutes",
            &(crate::state::LOGIN_WINDOW.as_secs() / 60).to_string(),
        );
        let e = FormError {
            field: None,
            message: msg,
        };
        return questionnaire(
            &st,
            &tr,
            code,
            vec![e],
            filled,
            StatusCode::TOO_MANY_REQUESTS,
        );
    }
    let answers = match parse_answers(&st, &fields) {
        Ok(a) => a,
        Err((name, e)) => {
            let field = field_id(&name);
            let message = match field {
                Some("languages-other") => tr.arg("survey-err-language", "value", &e.value),
                _ => tr.arg("survey-err-invalid", "value", &e.value),
            };
            let e = FormError { field, message };
            return questionnaire(
                &st,
                &tr,
                code,
                vec![e],
                filled,
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    let (status, key) = match st.intake.submit(&code, answers).await? {
        // Stored but not released: nothing published changes, so the cache stays.
        SubmitOutcome::Stored => {
            let p = ThanksPage {
                l: Layout::new(&tr, None, tr.get("survey-thanks-title"), "/befragung", None),
            };
            return Ok(Html(p.render()?).into_response());
        }
        SubmitOutcome::UsedCode => (StatusCode::CONFLICT, "survey-err-used"),
        SubmitOutcome::UnknownCode => {
            st.code_limiter.failed(ip);
            (StatusCode::FORBIDDEN, "survey-err-unknown")
        }
        SubmitOutcome::Closed => (StatusCode::FORBIDDEN, "survey-err-closed"),
    };
    // The code is not echoed back after a failure other than a typo.
    let keep = if status == StatusCode::FORBIDDEN && key == "survey-err-unknown" {
        code
    } else {
        String::new()
    };
    let e = FormError {
        field: (key != "survey-err-closed").then_some("code"),
        message: tr.get(key),
    };
    questionnaire(&st, &tr, keep, vec![e], filled, status)
}

// ---------------------------------------------------------------------------------------------
// JSON

/// `{"code": "…", "answers": {…}}`; every answer key optional.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct SubmitBody {
    pub code: String,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub answers: serde_json::Map<String, serde_json::Value>,
}

impl std::fmt::Debug for SubmitBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SubmitBody(***)")
    }
}

fn json_answers(
    st: &AppState,
    m: &serde_json::Map<String, serde_json::Value>,
) -> Result<SurveyAnswers, String> {
    use serde_json::Value;
    let mut a = SurveyAnswers::default();
    let (mut from, mut to) = (None, None);
    for (k, v) in m {
        match (k.as_str(), v) {
            ("age_from", Value::Number(n)) => from = n.as_u64(),
            ("age_to", Value::Number(n)) => to = n.as_u64(),
            ("languages", Value::Array(xs)) => {
                for x in xs {
                    let s = x.as_str().ok_or("languages: Liste von Sprachkürzeln")?;
                    a.parse_field("languages", s, &st.catalog)
                        .map_err(|e| e.to_string())?;
                }
            }
            ("leadership", Value::Bool(b)) => a
                .parse_field("leadership", if *b { "yes" } else { "no" }, &st.catalog)
                .map_err(|e| e.to_string())?,
            (_, Value::String(s)) => a
                .parse_field(k, s, &st.catalog)
                .map_err(|e| e.to_string())?,
            (_, Value::Null) => {}
            _ => return Err(format!("{k}: unerwarteter Typ")),
        }
    }
    match (from, to) {
        (Some(f), Some(t)) => a
            .parse_field("age", &format!("{f}-{t}"), &st.catalog)
            .map_err(|e| e.to_string())?,
        (None, None) => {}
        _ => return Err("age_from und age_to nur gemeinsam".to_owned()),
    }
    Ok(a)
}

fn json_status(status: StatusCode, msg: &str) -> Response {
    (
        status,
        Json(crate::api::ErrorBody {
            error: msg.to_owned(),
            status: status.as_u16(),
        }),
    )
        .into_response()
}

/// Submits one questionnaire (for other front ends). 201 stored, 409 used code, 403 unknown
/// code or closed wave, 422 invalid answers, 429 rate-limited.
#[utoipa::path(post, path = "/api/v1/survey/responses", tag = "abbild",
    request_body = SubmitBody,
    responses((status = 201, body = crate::api::ErrorBody, description = "stored"), (status = 409, body = crate::api::ErrorBody),
              (status = 403, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody),
              (status = 429, body = crate::api::ErrorBody)))]
pub async fn api_submit(
    State(st): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    body: Result<Json<SubmitBody>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Ok(Json(body)) = body else {
        return json_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            "JSON {\"code\", \"answers\"} erwartet",
        );
    };
    let ip = addr.ip();
    if !st.code_limiter.allowed(ip) {
        return json_status(StatusCode::TOO_MANY_REQUESTS, "zu viele ungültige Codes");
    }
    let answers = match json_answers(&st, &body.answers) {
        Ok(a) => a,
        Err(e) => return json_status(StatusCode::UNPROCESSABLE_ENTITY, &e),
    };
    match st.intake.submit(&body.code, answers).await {
        Ok(SubmitOutcome::Stored) => json_status(StatusCode::CREATED, "gespeichert"),
        Ok(SubmitOutcome::UsedCode) => json_status(StatusCode::CONFLICT, "Code bereits verwendet"),
        Ok(SubmitOutcome::UnknownCode) => {
            st.code_limiter.failed(ip);
            json_status(StatusCode::FORBIDDEN, "unbekannter Code")
        }
        Ok(SubmitOutcome::Closed) => json_status(StatusCode::FORBIDDEN, "Befragung beendet"),
        Err(_) => json_status(StatusCode::INTERNAL_SERVER_ERROR, "interner Fehler"),
    }
}

// ---------------------------------------------------------------------------------------------
// Analyst: waves

#[derive(Debug, Clone)]
struct WaveRow {
    wave: u16,
    open: String,
    is_open: bool,
    codes: String,
    /// Answers so far; while the wave is open rounded down to tens ("≥ 40").
    used: String,
    rate: String,
    /// Answers released so far and the release points.
    released: String,
    opened: String,
    closed: String,
}

#[derive(Template)]
#[template(path = "survey_admin.html")]
struct AdminPage {
    l: Layout,
    heading: String,
    base: String,
    can_write: bool,
    message: Option<String>,
    error: Option<String>,
    waves: Vec<WaveRow>,
    next_wave: u16,
    /// Response rate by field × level of the latest wave with *released* answers, protected
    /// like every table (SPEC §5); `None` until a wave has released answers and the city has
    /// staff figures. An open wave's unreleased answers never appear here (SPEC §6).
    rates: Option<RateTable>,
}

/// The protected response-rate table of one wave.
#[derive(Debug)]
struct RateTable {
    wave: u16,
    caption: String,
    table: views::PageTable,
    protection: String,
}

async fn admin_page(
    st: &AppState,
    ctx: &CityCtx,
    message: Option<String>,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let tr = &ctx.auth.tr;
    let ags = ctx.read.ags();
    let base = format!("/stadt/{ags}");
    let heading = tr.arg("admin-survey-title", "city", &views::city_name(ags));
    let infos = st.store.survey_waves(ags).await?;
    let next_wave = infos.last().map_or(2027, |w| w.wave.get() + 1);
    let mut waves = Vec::with_capacity(infos.len());
    for w in infos {
        // While open, only the city-wide count rounded down to tens (SPEC §6).
        let used = if w.open {
            survey::rounded_count(w.used)
        } else {
            w.used
        };
        let releases = st.store.releases(ags, w.wave).await?;
        let released = match releases.last() {
            None => "–".to_owned(),
            Some(last) => tr.args(
                "admin-survey-released",
                &[
                    ("count", views::int(w.released, tr.lang)),
                    ("points", releases.len().to_string()),
                    ("date", last.released_on.clone()),
                ],
            ),
        };
        waves.push(WaveRow {
            wave: w.wave.get(),
            open: tr.get(if w.open { "survey-yes" } else { "survey-no" }),
            is_open: w.open,
            codes: views::int(w.codes, tr.lang),
            used: if w.open {
                format!("≥ {}", views::int(used, tr.lang))
            } else {
                views::int(used, tr.lang)
            },
            rate: views::pct((w.codes > 0).then(|| used as f64 / w.codes as f64), tr.lang),
            released,
            opened: w.opened_on,
            closed: w.closed_on.unwrap_or_else(|| "–".to_owned()),
        });
    }
    // The latest wave with released answers: the analyses see nothing else.
    let latest = abbild_service::scoped::city_waves(&st.store, &ctx.read)
        .await?
        .into_iter()
        .rfind(|w| waves.iter().any(|r| r.wave == w.get()));
    let mut rates = None;
    if let Some(wave) = latest {
        let by = abbild_core::DimSet::EMPTY
            .with(abbild_core::Dim::Field)
            .with(abbild_core::Dim::Level);
        if let Some(rel) = crate::pages::city_report(st, &ctx.read, by, Some(wave)).await? {
            if let Some(city) = views::only_city(&rel) {
                let rows: Vec<(String, &abbild_core::representation::Metrics)> = city
                    .segments
                    .iter()
                    .map(|s| {
                        let label = views::segment_label(&s.key, &st.catalog, tr.lang);
                        (label, &s.metrics)
                    })
                    .collect();
                let sheet = abbild_export::representation::metrics_sheet(
                    abbild_export::output::col("segment", "col-segment"),
                    &rows,
                    &["headcount", "respondents", "response_rate"],
                    tr,
                );
                rates = Some(RateTable {
                    wave: wave.get(),
                    caption: tr.get("admin-survey-rates-caption"),
                    table: views::PageTable::of(&sheet, tr),
                    protection: views::protection_note(&rel, tr.lang),
                });
            }
        }
    }
    let p = AdminPage {
        l: Layout::new(
            tr,
            Some(&ctx.auth),
            heading.clone(),
            &format!("{base}/befragung"),
            Some(ags),
        ),
        heading,
        base,
        can_write: ctx.write.is_some(),
        message,
        error,
        waves,
        next_wave,
        rates,
    };
    let mut r = Html(p.render()?).into_response();
    *r.status_mut() = status;
    Ok(r)
}

pub async fn waves(State(st): State<AppState>, ctx: CityCtx) -> Result<Response, AppError> {
    admin_page(&st, &ctx, None, None, StatusCode::OK).await
}

#[derive(Debug, Deserialize)]
pub struct OpenForm {
    csrf: String,
    wave: String,
    codes: String,
    format: Option<String>,
    /// A second language for the PDF letters, set beside the reader's (`de` or `en`).
    second: Option<String>,
}

#[derive(Template)]
#[template(path = "letters.html")]
struct Letters {
    lang: &'static str,
    title: String,
    body: String,
    url_label: String,
    url: String,
    code_label: String,
    codes: Vec<String>,
}

pub async fn open(
    State(st): State<AppState>,
    wctx: CityWriteCtx,
    headers: HeaderMap,
    Form(f): Form<OpenForm>,
) -> Result<Response, AppError> {
    wctx.auth.check_csrf(&f.csrf)?;
    let ctx = wctx.city_ctx();
    let parsed = Wave::parse(&f.wave)
        .map_err(|e| e.to_string())
        .and_then(|w| {
            f.codes
                .trim()
                .parse::<usize>()
                .map(|n| (w, n))
                .map_err(|_| {
                    ctx.auth
                        .tr
                        .arg("survey-codes-not-a-number", "value", &f.codes)
                })
        });
    let (wave, n) = match parsed {
        Ok(v) => v,
        Err(e) => return admin_page(&st, &ctx, None, Some(e), StatusCode::BAD_REQUEST).await,
    };
    let actor = wctx.auth.account.name.to_string();
    let (codes, _) = match survey::open_wave(&st.store, &wctx.write, &actor, wave, n).await {
        Ok(v) => v,
        Err(
            e @ (abbild_service::ServiceError::Input(_) | abbild_service::ServiceError::Store(_)),
        ) => {
            let err = AppError::Service(e);
            if !err.is_user_facing() {
                return Err(err);
            }
            let msg = err.message(&ctx.auth.tr);
            return admin_page(&st, &ctx, None, Some(msg), StatusCode::CONFLICT).await;
        }
        Err(e) => return Err(e.into()),
    };
    st.invalidate();
    let ags = wctx.write.ags();
    let tr = &wctx.auth.tr;
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if st.settings.secure_cookies {
        "https"
    } else {
        "http"
    };
    if f.format.as_deref() == Some("pdf") {
        use abbild_report::letters::{letters_pdf, LetterText};
        let second = f
            .second
            .as_deref()
            .and_then(crate::i18n::Lang::parse)
            .filter(|l| *l != tr.lang);
        let texts: Vec<LetterText> = std::iter::once(tr.lang)
            .chain(second)
            .map(LetterText::catalogue)
            .collect();
        let url = format!("{scheme}://{host}/befragung");
        let grouped: Vec<String> = codes.iter().map(|c| c.grouped()).collect();
        // Typst lays out a page per code: off the async workers.
        let pdf = tokio::task::spawn_blocking(move || letters_pdf(&url, &texts, &grouped))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
            .map_err(|e| AppError::Internal(e.to_string()))?;
        return Ok((
            [
                (header::CONTENT_TYPE, "application/pdf".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"briefe_{ags}_{wave}.pdf\""),
                ),
            ],
            pdf,
        )
            .into_response());
    }
    if f.format.as_deref() == Some("letters") {
        let page = Letters {
            lang: tr.lang.code(),
            title: tr.get("letter-title"),
            body: tr.get("letter-body"),
            url_label: tr.get("letter-url"),
            url: format!("{scheme}://{host}/befragung"),
            code_label: tr.get("letter-code"),
            codes: codes.iter().map(|c| c.grouped()).collect(),
        };
        return Ok(Html(page.render()?).into_response());
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"codes_{ags}_{wave}.csv\""),
            ),
        ],
        survey::codes_csv(&codes),
    )
        .into_response())
}

pub async fn close(
    State(st): State<AppState>,
    wctx: CityWriteCtx,
    Path((_, wave)): Path<(String, String)>,
    Form(f): Form<ConfirmForm>,
) -> Result<Response, AppError> {
    wctx.auth.check_csrf(f.csrf())?;
    let wave = Wave::parse(&wave).map_err(|_| AppError::NotFound)?;
    if !f.confirmed() {
        let ctx = wctx.city_ctx();
        let msg = ctx
            .auth
            .tr
            .arg("survey-close-confirm-missing", "wave", &wave.to_string());
        return admin_page(&st, &ctx, None, Some(msg), StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let actor = wctx.auth.account.name.to_string();
    survey::close_wave(&st.store, &wctx.write, &actor, wave).await?;
    // The final release point: the wave's figures appear now.
    st.invalidate();
    let ctx = wctx.city_ctx();
    admin_page(&st, &ctx, None, None, StatusCode::OK).await
}

/// An interim release of an open wave (SPEC §6): refused with the number of segments that
/// gained fewer than k answers since the last release.
pub async fn release(
    State(st): State<AppState>,
    wctx: CityWriteCtx,
    Path((_, wave)): Path<(String, String)>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, AppError> {
    wctx.auth.check_csrf(f.csrf())?;
    let wave = Wave::parse(&wave).map_err(|_| AppError::NotFound)?;
    let actor = wctx.auth.account.name.to_string();
    let ctx = wctx.city_ctx();
    match survey::release_wave(&st.store, &wctx.write, &actor, wave).await {
        Ok(info) => {
            st.invalidate();
            let tr = &wctx.auth.tr;
            let msg = tr.args(
                "admin-survey-release-done",
                &[
                    ("wave", wave.to_string()),
                    ("count", views::int(info.responses, tr.lang)),
                ],
            );
            admin_page(&st, &ctx, Some(msg), None, StatusCode::OK).await
        }
        Err(abbild_service::ServiceError::Store(abbild_store::StoreError::Invalid(reason))) => {
            let reason = reason.render(&wctx.auth.tr);
            admin_page(&st, &ctx, None, Some(reason), StatusCode::CONFLICT).await
        }
        Err(e) => Err(e.into()),
    }
}
