//! The one gate through which every table leaves abbild (SPEC §5).
//!
//! Renderers (tables, JSON, CSV, XLSX, pages, API, reports) accept only a [`Released`]
//! value, and only this module can construct one. So an output path that skips disclosure
//! control does not compile. Today the gate has one door: an explicitly acknowledged
//! unprotected release, for an analyst's own files; statistical disclosure control (primary
//! and secondary suppression with an LP audit) becomes the second door and the only one for
//! stored survey data.

use serde::Serialize;

/// How a released table was protected. Renderers must show this to the reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Protection {
    /// No disclosure control. Small cells may identify persons: not for publication.
    Unprotected { warning: String },
}

impl Protection {
    pub fn is_protected(&self) -> bool {
        match self {
            Protection::Unprotected { .. } => false,
        }
    }
    /// The warning a renderer must print next to the table, if any.
    pub fn warning(&self) -> Option<&str> {
        match self {
            Protection::Unprotected { warning } => Some(warning),
        }
    }
}

/// A result that has passed the gate. Fields are private: construct it only here.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Released<T> {
    protection: Protection,
    #[serde(flatten)]
    body: T,
}

impl<T> Released<T> {
    pub fn body(&self) -> &T {
        &self.body
    }
    pub fn protection(&self) -> &Protection {
        &self.protection
    }
}

/// Proof that a person asked for unprotected figures. Creating it is the explicit,
/// greppable act (`--unprotected` on the command line); nothing else yields one.
#[derive(Debug)]
pub struct UnprotectedAck(());

impl UnprotectedAck {
    /// The caller vouches that the figures are for internal checking, not publication.
    pub fn for_internal_use_only() -> Self {
        UnprotectedAck(())
    }
}

/// The German/English warning printed with every unprotected release.
pub const UNPROTECTED_WARNING: &str =
    "UNGESCHÜTZTE ZAHLEN – nicht veröffentlichen: kleine Zellen können Personen \
     erkennbar machen. / UNPROTECTED FIGURES – do not publish: small cells may identify persons.";

/// Releases `body` without disclosure control, carrying the warning with it.
pub fn release_unprotected<T>(body: T, _ack: UnprotectedAck) -> Released<T> {
    Released {
        protection: Protection::Unprotected {
            warning: UNPROTECTED_WARNING.to_owned(),
        },
        body,
    }
}
