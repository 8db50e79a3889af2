//! JSON API under `/api/v1` for scripts: the same protected results as the pages, with a
//! bearer token (`abbild user token NAME`). Documented as OpenAPI at `/api/v1/openapi.json`.

use crate::auth::ApiAuth;
use crate::error::AppError;
use crate::state::AppState;
use abbild_core::{Ags, DimSet};
use abbild_service::releases::Channel;
use abbild_service::scoped;
use abbild_store::Store;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;

/// An API error: status plus `{"error": …, "status": n}`.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl From<abbild_service::ServiceError> for ApiError {
    fn from(e: abbild_service::ServiceError) -> Self {
        ApiError(e.into())
    }
}

impl From<abbild_store::StoreError> for ApiError {
    fn from(e: abbild_store::StoreError) -> Self {
        ApiError(e.into())
    }
}

/// The body of every API error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: String,
    pub status: u16,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        let error = if self.0.is_user_facing() {
            self.0.to_string()
        } else {
            "interner Fehler".to_owned()
        };
        (
            status,
            Json(ErrorBody {
                error,
                status: status.as_u16(),
            }),
        )
            .into_response()
    }
}

/// One city the token may read.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CityEntry {
    /// Amtlicher Gemeindeschlüssel, 8 digits.
    pub ags: String,
    pub name: String,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ByQuery {
    /// Comma-separated dimensions (`field,level`, `age`, `status`, `leadership`, `sex`);
    /// default `field,level`.
    pub by: Option<String>,
    /// Survey wave (year); default: the latest wave with published results, as on the pages
    /// (a wave just opened has none yet). City endpoint only.
    pub welle: Option<String>,
}

fn by_of(q: &ByQuery) -> Result<DimSet, ApiError> {
    match q.by.as_deref() {
        None | Some("") => Ok(crate::views::overview_dims()),
        Some(s) => DimSet::parse(s).map_err(|e| ApiError(AppError::BadRequest(e.to_string()))),
    }
}

fn json_body(s: String) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], s).into_response()
}

/// Cities the caller may read.
#[utoipa::path(get, path = "/api/v1/cities", tag = "abbild",
    responses((status = 200, body = [CityEntry]), (status = 401, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn cities(
    State(st): State<AppState>,
    auth: ApiAuth,
) -> Result<Json<Vec<CityEntry>>, ApiError> {
    let all = st.store.cities().await?;
    Ok(Json(
        all.into_iter()
            .filter(|c| auth.account.city_read(*c).is_some())
            .map(|c| CityEntry {
                ags: c.to_string(),
                name: crate::views::city_name(c),
            })
            .collect(),
    ))
}

/// Representation of one city by the requested dimensions, protected (SPEC §4, §5). The body
/// has the shape of `abbild analyze representation --format json`.
#[utoipa::path(get, path = "/api/v1/cities/{ags}/representation", tag = "abbild",
    params(("ags" = String, Path, description = "8-digit AGS"), ByQuery),
    responses((status = 200, description = "Protected representation report (JSON)"),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn city_representation(
    State(st): State<AppState>,
    auth: ApiAuth,
    Path(ags): Path<String>,
    Query(q): Query<ByQuery>,
) -> Result<Response, ApiError> {
    let ags = Ags::parse(&ags).map_err(|_| ApiError(AppError::NotFound))?;
    let cap = auth
        .account
        .city_read(ags)
        .ok_or(ApiError(AppError::Forbidden))?;
    let asked = crate::waves::WaveQuery {
        welle: q.welle.clone(),
    };
    let tr = crate::i18n::Tr::new(crate::i18n::I18n::global(), crate::i18n::Lang::De);
    let wave = crate::waves::choose(&st, &cap, &asked, &tr).await?.shown;
    let rel =
        scoped::city_representation(&st.store, &cap, by_of(&q)?, wave, &st.catalog, Channel::Api)
            .await?;
    let body = abbild_export::representation::json(&rel)
        .map_err(|e| ApiError(AppError::Internal(e.to_string())))?;
    Ok(json_body(body))
}

/// All cities side by side (coordinator), each city's table protected.
#[utoipa::path(get, path = "/api/v1/region/representation", tag = "abbild",
    params(ByQuery),
    responses((status = 200, description = "Protected representation report of all cities (JSON)"),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn region_representation(
    State(st): State<AppState>,
    auth: ApiAuth,
    Query(q): Query<ByQuery>,
) -> Result<Response, ApiError> {
    let cap = auth
        .account
        .region_read()
        .ok_or(ApiError(AppError::Forbidden))?;
    let rel = scoped::region_representation(&st.store, &cap, by_of(&q)?, &st.catalog, Channel::Api)
        .await?;
    let body = abbild_export::representation::json(&rel)
        .map_err(|e| ApiError(AppError::Internal(e.to_string())))?;
    Ok(json_body(body))
}

#[derive(Debug)]
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        if let Some(c) = openapi.components.as_mut() {
            c.add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

#[derive(Debug, OpenApi)]
#[openapi(
    info(title = "abbild API", description = "Protected representation figures of the cooperation's cities. Every number has passed disclosure control (SPEC §5)."),
    paths(cities, city_representation, region_representation, crate::survey::api_submit),
    components(schemas(CityEntry, ErrorBody, crate::survey::SubmitBody)),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
