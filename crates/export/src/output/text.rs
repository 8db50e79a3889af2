//! How a cell and a protection status read for people; the words come from the catalogue,
//! the numbers from `abbild_i18n::fmt`.

use super::{Cell, Withheld};
use abbild_core::disclosure::{AuditKind, Protection};
use abbild_i18n::{fmt, Tr};

pub(super) fn for_people(c: &Cell, tr: &Tr) -> String {
    let lang = tr.lang;
    let dash = || "–".to_owned();
    match c {
        Cell::Text(s) | Cell::Term { words: s, .. } => s.clone(),
        Cell::Int(v) => v.map_or_else(dash, |x| fmt::int(x, lang)),
        Cell::Signed(v) => v.map_or_else(dash, |x| fmt::signed(x, lang)),
        Cell::Interval(v) => v.map_or_else(dash, |(l, h)| fmt::interval(Some(l), Some(h), lang)),
        Cell::Pct(v) => fmt::pct(*v, lang),
        Cell::Num(v) => v.map_or_else(dash, |x| fmt::dec(x, 2, lang).replace('−', "-")),
        Cell::P(v) => match v {
            None => dash(),
            Some(p) if *p < 0.0001 => format!("< {}", fmt::dec(0.0001, 4, lang)),
            Some(p) => fmt::dec(*p, 4, lang),
        },
        Cell::Bool(v) => match v {
            None => dash(),
            Some(true) => tr.get("out-yes"),
            Some(false) => tr.get("out-no"),
        },
        Cell::Withheld(Withheld::Protected) => tr.get("out-withheld"),
    }
}

/// The protection step in a statistician's words (threshold, primary and secondary
/// suppressions, the audit): the command line's protection line and the report's source
/// notes. Pages use the plain wording of `protection-plain`.
pub fn protection_technical(p: &Protection, tr: &Tr) -> String {
    match p {
        Protection::Unprotected { warning } => warning.clone(),
        Protection::Protected {
            k,
            primary,
            secondary,
            audit_cells,
            audit_min_width,
            audit_method,
        } => {
            let width = match audit_min_width {
                None => "–".to_owned(),
                // No published figure bounds the cell at all (e.g. every segment withheld).
                Some(w) if w.is_infinite() => tr.get("out-protection-unbounded"),
                Some(w) => fmt::dec(*w, 1, tr.lang),
            };
            let key = match audit_method {
                AuditKind::ExactLp => "out-protection-technical-lp",
                AuditKind::Proven => "out-protection-technical-proof",
            };
            tr.args(
                key,
                &[
                    ("k", k.to_string()),
                    ("primary", primary.to_string()),
                    ("secondary", secondary.to_string()),
                    ("checked", audit_cells.to_string()),
                    ("width", width),
                ],
            )
        }
    }
}
