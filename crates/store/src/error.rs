//! Errors of the store. Messages are German first: they reach the city's analyst unchanged.

use crate::{ImportId, ImportKind};

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A different file already covers part of the data; nothing was stored.
    #[error(
        "{what} ist bereits durch Import {id} gespeichert (Datei „{file_name}“, importiert am \
         {imported_on}). Es wurde nichts gespeichert. Um die Daten zu ersetzen, zuerst Import \
         {id} löschen und dann erneut importieren."
    )]
    Conflict {
        /// The existing import that covers the overlap.
        id: ImportId,
        kind: ImportKind,
        file_name: String,
        /// Date of the existing import, German `TT.MM.JJJJ`.
        imported_on: String,
        /// The overlapping part in words, e.g. `Personaldaten für 05916000, Jahr 2023`.
        what: String,
    },
    /// No import with this id.
    #[error("Import {0} gibt es nicht.")]
    NotFound(ImportId),
    /// The data handed to the store cannot be stored as given (a bug in the caller or an
    /// out-of-range value); nothing was stored.
    #[error("Import abgelehnt: {0}. Es wurde nichts gespeichert.")]
    Invalid(String),
    /// A stored value does not map back into the domain, e.g. a field code that is no longer
    /// in the installation's catalog.
    #[error("Gespeicherte Daten passen nicht zur Konfiguration: {0}")]
    Inconsistent(String),
    /// Creating the directory of the SQLite file failed.
    #[error("Verzeichnis {path} für die Datenbank kann nicht angelegt werden: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// Creating the SQLite file, or narrowing its access rights, failed.
    #[error("Zugriffsrechte der Datenbankdatei {path} können nicht gesetzt werden: {source}")]
    FileMode {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// The SQLite write-ahead log still holds the last transactions, in order, because
    /// another reader (a backup, a second program) kept a read transaction open.
    #[error(
        "Das Schreibprotokoll der Datenbank (Datei „…-wal“) konnte nicht geleert werden, weil \
         ein anderes Programm die Datenbank gerade liest (zum Beispiel eine Sicherung). Bis es \
         geleert ist, verrät es die Reihenfolge der letzten Antworten. Bitte den Vorgang \
         wiederholen, sobald das andere Programm fertig ist (eine Welle also erneut schließen)."
    )]
    LogBusy,
    /// The import holds the answers of a survey wave that abbild runs itself: the wave's codes
    /// and its release points refer to it.
    #[error(
        "Import {id} kann nicht gelöscht werden: er enthält die Antworten der Befragungswelle \
         {wave} der Stadt {ags}, die mit abbild durchgeführt wurde (Zugangscodes und \
         Freigaben verweisen auf ihn). Die Antworten bleiben erhalten; eine falsche Welle \
         bitte mit der Administration klären."
    )]
    InUse {
        id: ImportId,
        ags: abbild_core::Ags,
        wave: abbild_core::Wave,
    },
    #[error("Datenbankfehler: {0}")]
    Database(#[from] sqlx::Error),
    #[error("Datenbank-Migration fehlgeschlagen: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}
