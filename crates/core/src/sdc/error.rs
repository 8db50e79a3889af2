//! Errors of the protection step. Messages German first, then English.

/// Why the protection step refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SdcError {
    #[error("Schwelle k = {0} ist zu klein (mindestens 3) / threshold k = {0} is below 3")]
    KTooSmall(u64),
    #[error("Schutzbreite {0} ungültig (muss endlich und ≥ 0 sein) / protection width {0} must be finite and ≥ 0")]
    BadProtection(f64),
    #[error("unbekannte Dimension {0:?} / unknown dimension {0:?}")]
    UnknownDim(String),
    #[error("Dimension Nr. {0} existiert nicht / dimension index {0} does not exist")]
    DimIndex(usize),
    #[error("keine Tabelle zu veröffentlichen / nothing to publish")]
    NothingToPublish,
    #[error("Zeile hat {found} Werte, erwartet {expected} / row has {found} values, expected {expected}")]
    RowLength { expected: usize, found: usize },
    #[error(
        "Dimension {dim}: Wert Nr. {index} existiert nicht / value index {index} does not exist"
    )]
    UnknownValue { dim: String, index: u32 },
    #[error("Zelle {key:?} kommt doppelt vor / cell {key:?} occurs twice")]
    DuplicateCell { key: Vec<String> },
    #[error("zu viele Dimensionen oder Werte / too many dimensions or values")]
    TooLarge,
    #[error("Klassen-Dimension Nr. {0} existiert nicht / class dimension {0} does not exist")]
    ClassDim(usize),
    #[error(
        "früher veröffentlichte Zelle {dims:?} {key:?} = {prior} passt nicht zu den Daten ({actual}) \
         / previously published cell {dims:?} {key:?} = {prior} does not match the data ({actual})"
    )]
    PriorMismatch {
        dims: Vec<String>,
        key: Vec<String>,
        prior: u64,
        actual: u64,
    },
    #[error(
        "früher veröffentlichte Zahlen legen die sensible Zelle {dims:?} {key:?} schon auf [{min}, {max}] fest \
         (Breite < {required}) / earlier releases already narrow sensitive cell {dims:?} {key:?} to \
         [{min}, {max}] (width < {required})"
    )]
    PriorDiscloses {
        dims: Vec<String>,
        key: Vec<String>,
        min: f64,
        max: f64,
        required: f64,
    },
    #[error("Zelle {dims:?} {key:?} gibt es in den veröffentlichten Tabellen nicht / no such published cell {dims:?} {key:?}")]
    UnknownCell { dims: Vec<usize>, key: Vec<u32> },
    #[error("LP-Löser: {0} / LP solver: {0}")]
    Solver(String),
    #[error("Eingabe der Geheimhaltung widersprüchlich: {0} / inconsistent input to disclosure control: {0}")]
    InvalidInput(String),
}
