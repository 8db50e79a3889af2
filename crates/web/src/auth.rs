//! Sessions, CSRF and capabilities as request extractors.
//!
//! A handler that needs a city takes [`CityCtx`] (read) or [`CityWriteCtx`] (change): the
//! extractor reads the city from the path, asks the account for the capability and rejects
//! the request otherwise, so no handler body ever runs for a city the user may not see.

use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::state::AppState;
use abbild_core::access::{Account, AdminCap, CityRead, CityWrite, RegionRead};
use abbild_core::Ags;
use abbild_service::accounts;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use std::collections::HashMap;

pub const LANG_COOKIE: &str = "abbild_lang";

/// The value of cookie `name`.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The cookies that carry a secret. In secure mode their names carry the `__Host-` prefix:
/// a browser then takes them only over HTTPS, for this host and path `/`, so no sibling
/// subdomain of the city can plant or overwrite a session or a CSRF token.
#[derive(Debug, Clone, Copy)]
pub enum SecretCookie {
    Session,
    LoginCsrf,
    SurveyCsrf,
}

impl SecretCookie {
    pub fn name(self, st: &AppState) -> &'static str {
        match (self, st.settings.secure_cookies) {
            (SecretCookie::Session, false) => "abbild_session",
            (SecretCookie::Session, true) => "__Host-abbild_session",
            (SecretCookie::LoginCsrf, false) => "abbild_login_csrf",
            (SecretCookie::LoginCsrf, true) => "__Host-abbild_login_csrf",
            (SecretCookie::SurveyCsrf, false) => "abbild_survey_csrf",
            (SecretCookie::SurveyCsrf, true) => "__Host-abbild_survey_csrf",
        }
    }
}

pub fn session_cookie_name(st: &AppState) -> &'static str {
    SecretCookie::Session.name(st)
}

/// `Set-Cookie` value with the installation's security attributes.
pub fn set_cookie(st: &AppState, name: &str, value: &str, max_age: Option<i64>) -> String {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if st.settings.secure_cookies {
        c.push_str("; Secure");
    }
    if let Some(a) = max_age {
        c.push_str(&format!("; Max-Age={a}"));
    }
    c
}

/// Constant-time comparison of two tokens.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && !a.is_empty()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The interface language of a request: cookie, else German.
pub fn lang_of(headers: &HeaderMap) -> Lang {
    cookie(headers, LANG_COOKIE)
        .and_then(Lang::parse)
        .unwrap_or_default()
}

/// Translator for a request.
#[derive(Debug, Clone)]
pub struct Ui(pub Tr);

impl FromRequestParts<AppState> for Ui {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, AppError> {
        Ok(Ui(Tr::new(st.i18n.clone(), lang_of(&parts.headers))))
    }
}

/// A logged-in browser session.
#[derive(Debug, Clone)]
pub struct Auth {
    pub account: Account,
    pub csrf: String,
    pub token: String,
    pub tr: Tr,
}

impl Auth {
    /// Checks the CSRF token of a submitted form.
    pub fn check_csrf(&self, submitted: &str) -> Result<(), AppError> {
        if same_token(&self.csrf, submitted) {
            Ok(())
        } else {
            Err(AppError::Csrf)
        }
    }
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, AppError> {
        let token = cookie(&parts.headers, session_cookie_name(st))
            .ok_or(AppError::Unauthenticated)?
            .to_owned();
        let s = accounts::session(&st.store, &token)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        Ok(Auth {
            account: s.account,
            csrf: s.csrf,
            token,
            tr: Tr::new(st.i18n.clone(), lang_of(&parts.headers)),
        })
    }
}

async fn path_ags(parts: &mut Parts, st: &AppState) -> Result<Ags, AppError> {
    let Path(p) = Path::<HashMap<String, String>>::from_request_parts(parts, st)
        .await
        .map_err(|_| AppError::NotFound)?;
    let raw = p.get("ags").ok_or(AppError::NotFound)?;
    // Exactly 8 digits in URLs: one spelling per city.
    if raw.len() != 8 {
        return Err(AppError::NotFound);
    }
    Ags::parse(raw).map_err(|_| AppError::NotFound)
}

/// Read access to the city in the path.
#[derive(Debug, Clone)]
pub struct CityCtx {
    pub auth: Auth,
    pub read: CityRead,
    /// Present when the account may also change this city's data.
    pub write: Option<CityWrite>,
}

impl FromRequestParts<AppState> for CityCtx {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, AppError> {
        let auth = Auth::from_request_parts(parts, st).await?;
        let ags = path_ags(parts, st).await?;
        let read = auth.account.city_read(ags).ok_or(AppError::Forbidden)?;
        let write = auth.account.city_write(ags);
        Ok(CityCtx { auth, read, write })
    }
}

/// Write access to the city in the path.
#[derive(Debug, Clone)]
pub struct CityWriteCtx {
    pub auth: Auth,
    pub write: CityWrite,
}

impl FromRequestParts<AppState> for CityWriteCtx {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, AppError> {
        let auth = Auth::from_request_parts(parts, st).await?;
        let ags = path_ags(parts, st).await?;
        let write = auth.account.city_write(ags).ok_or(AppError::Forbidden)?;
        Ok(CityWriteCtx { auth, write })
    }
}

impl CityWriteCtx {
    /// The same request as a read context (write implies read), for rendering the page.
    pub fn city_ctx(&self) -> CityCtx {
        CityCtx {
            auth: self.auth.clone(),
            read: self.write.read(),
            write: Some(self.write),
        }
    }
}

/// The regional comparison.
#[derive(Debug, Clone)]
pub struct RegionCtx {
    pub auth: Auth,
    pub cap: RegionRead,
}

impl FromRequestParts<AppState> for RegionCtx {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, AppError> {
        let auth = Auth::from_request_parts(parts, st).await?;
        let cap = auth.account.region_read().ok_or(AppError::Forbidden)?;
        Ok(RegionCtx { auth, cap })
    }
}

/// Administration.
#[derive(Debug, Clone)]
pub struct AdminCtx {
    pub auth: Auth,
    pub cap: AdminCap,
}

impl FromRequestParts<AppState> for AdminCtx {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, AppError> {
        let auth = Auth::from_request_parts(parts, st).await?;
        let cap = auth.account.admin().ok_or(AppError::Forbidden)?;
        Ok(AdminCtx { auth, cap })
    }
}

/// An API client: `Authorization: Bearer <token>`.
#[derive(Debug, Clone)]
pub struct ApiAuth {
    pub account: Account,
}

impl FromRequestParts<AppState> for ApiAuth {
    type Rejection = crate::api::ApiError;
    async fn from_request_parts(
        parts: &mut Parts,
        st: &AppState,
    ) -> Result<Self, crate::api::ApiError> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or(crate::api::ApiError(AppError::Unauthenticated))?;
        let account = accounts::api_account(&st.store, token.trim())
            .await
            .map_err(|e| crate::api::ApiError(e.into()))?
            .ok_or(crate::api::ApiError(AppError::Unauthenticated))?;
        Ok(ApiAuth { account })
    }
}
