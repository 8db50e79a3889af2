//! Errors of the store. Messages are German first: they reach the city's analyst unchanged.

use crate::{ImportId, ImportKind};
use abbild_i18n::{Described, Message};

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A different file already covers part of the data; nothing was stored.
    #[error("{}", self.message())]
    Conflict {
        /// The existing import that covers the overlap.
        id: ImportId,
        kind: ImportKind,
        file_name: String,
        /// Date of the existing import, German `TT.MM.JJJJ`.
        imported_on: String,
        /// The overlapping part, e.g. `Personaldaten für 05916000, Jahr 2023`.
        what: Message,
    },
    /// No import with this id.
    #[error("{}", self.message())]
    NotFound(ImportId),
    /// The data handed to the store cannot be stored as given (a bug in the caller or an
    /// out-of-range value); nothing was stored.
    #[error("{}", self.message())]
    Invalid(Message),
    /// A stored value does not map back into the domain, e.g. a field code that is no longer
    /// in the installation's catalog.
    #[error("{}", self.message())]
    Inconsistent(String),
    /// Creating the directory of the SQLite file failed.
    #[error("{}", self.message())]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// Creating the SQLite file, or narrowing its access rights, failed.
    #[error("{}", self.message())]
    FileMode {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// The SQLite write-ahead log still holds the last transactions, in order, because
    /// another reader (a backup, a second program) kept a read transaction open.
    #[error("{}", self.message())]
    LogBusy,
    /// The import holds the answers of a survey wave that abbild runs itself: the wave's codes
    /// and its release points refer to it.
    #[error("{}", self.message())]
    InUse {
        id: ImportId,
        ags: abbild_core::Ags,
        wave: abbild_core::Wave,
    },
    #[error("{}", self.message())]
    Database(#[from] sqlx::Error),
    #[error("{}", self.message())]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl Described for StoreError {
    fn message(&self) -> Message {
        match self {
            StoreError::Conflict {
                id,
                file_name,
                imported_on,
                what,
                ..
            } => Message::new("err-store-conflict")
                .nested("what", what.clone())
                .with("id", id)
                .with("file", file_name)
                .with("date", imported_on),
            StoreError::NotFound(id) => Message::new("err-store-not-found").with("id", id),
            StoreError::Invalid(m) => Message::new("err-store-invalid").nested("reason", m.clone()),
            StoreError::Inconsistent(d) => Message::new("err-store-inconsistent").with("detail", d),
            StoreError::Io { path, source } => Message::new("err-store-io")
                .with("path", path)
                .with("detail", source),
            StoreError::FileMode { path, source } => Message::new("err-store-file-mode")
                .with("path", path)
                .with("detail", source),
            StoreError::LogBusy => Message::new("err-store-log-busy"),
            StoreError::InUse { id, ags, wave } => Message::new("err-store-in-use")
                .with("id", id)
                .with("ags", ags)
                .with("wave", wave),
            StoreError::Database(e) => Message::new("err-store-database").with("detail", e),
            StoreError::Migrate(e) => Message::new("err-store-migrate").with("detail", e),
        }
    }
}
