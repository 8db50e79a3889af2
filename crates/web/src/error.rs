//! One error type for every handler, mapped to an HTTP status and a page (or JSON for the API).

use crate::i18n::Tr;
use abbild_i18n::Described;
use abbild_service::ServiceError;
use axum::http::StatusCode;

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Not logged in: pages redirect to the login form, the API answers 401.
    #[error("nicht angemeldet")]
    Unauthenticated,
    /// Logged in, but the role or city does not allow this.
    #[error("keine Berechtigung")]
    Forbidden,
    #[error("nicht gefunden")]
    NotFound,
    /// Missing or wrong CSRF token.
    #[error("ungültiges Formular")]
    Csrf,
    #[error("Datei zu groß")]
    TooLarge,
    /// Bad parameters; the message is shown.
    #[error("{0}")]
    BadRequest(String),
    /// A use case refused the input (import errors, conflicts); the message is shown.
    #[error(transparent)]
    Service(#[from] ServiceError),
    #[error("interner Fehler: {0}")]
    Internal(String),
}

impl From<abbild_store::StoreError> for AppError {
    fn from(e: abbild_store::StoreError) -> Self {
        AppError::Service(ServiceError::Store(e))
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(e.to_string())
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Service(e) => match e {
                ServiceError::Store(abbild_store::StoreError::NotFound(_)) => StatusCode::NOT_FOUND,
                ServiceError::Store(abbild_store::StoreError::Database(_))
                | ServiceError::Store(abbild_store::StoreError::Migrate(_))
                | ServiceError::Store(abbild_store::StoreError::Io { .. })
                | ServiceError::Store(abbild_store::StoreError::FileMode { .. })
                | ServiceError::Store(abbild_store::StoreError::Inconsistent(_)) => {
                    StatusCode::INTERNAL_SERVER_ERROR
                }
                // Another program reads the database; retrying later succeeds.
                ServiceError::Store(abbild_store::StoreError::LogBusy) => {
                    StatusCode::SERVICE_UNAVAILABLE
                }
                ServiceError::Store(
                    abbild_store::StoreError::Conflict { .. }
                    | abbild_store::StoreError::InUse { .. },
                ) => StatusCode::CONFLICT,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            },
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Whether the message may be shown as is (it describes the user's input, not internals).
    pub fn is_user_facing(&self) -> bool {
        self.status() != StatusCode::INTERNAL_SERVER_ERROR
    }

    /// What the reader is told, in the reader's language. Internal causes are never shown.
    pub fn message(&self, tr: &Tr) -> String {
        use abbild_store::StoreError;
        match self {
            AppError::Unauthenticated => tr.get("error-unauthenticated"),
            AppError::Forbidden => tr.get("error-forbidden"),
            AppError::NotFound => tr.get("error-notfound"),
            AppError::Csrf => tr.get("error-csrf"),
            AppError::TooLarge => tr.arg(
                "error-too-large",
                "mb",
                &(crate::MAX_UPLOAD_BYTES / (1024 * 1024)).to_string(),
            ),
            AppError::BadRequest(d) => tr.arg("error-bad-request", "detail", d),
            AppError::Service(ServiceError::Store(StoreError::NotFound(id))) => {
                tr.arg("error-import-not-found", "id", &id.to_string())
            }
            AppError::Service(ServiceError::Store(StoreError::InUse { id, wave, .. })) => tr.args(
                "data-delete-in-use",
                &[("id", id.to_string()), ("wave", wave.to_string())],
            ),
            AppError::Service(ServiceError::Import(e)) => e.messages_in(tr).join("\n"),
            AppError::Service(ServiceError::Store(StoreError::LogBusy)) => tr.get("error-log-busy"),
            AppError::Service(e) if self.is_user_facing() => e.message().render(tr),
            _ => tr.get("error-internal"),
        }
    }
}
