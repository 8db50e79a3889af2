//! Errors of the protection step; their words are in the catalogue (`err-sdc-*`).

/// Why the protection step refused.
#[derive(Debug, Clone, PartialEq)]
pub enum SdcError {
    KTooSmall(u64),
    BadProtection(f64),
    UnknownDim(String),
    DimIndex(usize),
    NothingToPublish,
    RowLength {
        expected: usize,
        found: usize,
    },
    UnknownValue {
        dim: String,
        index: u32,
    },
    DuplicateCell {
        key: Vec<String>,
    },
    TooLarge,
    ClassDim(usize),
    PriorMismatch {
        dims: Vec<String>,
        key: Vec<String>,
        prior: u64,
        actual: u64,
    },
    PriorDiscloses {
        dims: Vec<String>,
        key: Vec<String>,
        min: f64,
        max: f64,
        required: f64,
    },
    UnknownCell {
        dims: Vec<usize>,
        key: Vec<u32>,
    },
    Solver(String),
    InvalidInput(String),
}

impl abbild_i18n::Described for SdcError {
    fn message(&self) -> abbild_i18n::Message {
        use abbild_i18n::Message;
        match self {
            SdcError::KTooSmall(k) => Message::new("err-sdc-k-too-small").with("k", k),
            SdcError::BadProtection(w) => Message::new("err-sdc-bad-protection").with("width", w),
            SdcError::UnknownDim(d) => Message::new("err-sdc-unknown-dim").with("dim", d),
            SdcError::DimIndex(i) => Message::new("err-sdc-dim-index").with("index", i),
            SdcError::NothingToPublish => Message::new("err-sdc-nothing"),
            SdcError::RowLength { expected, found } => Message::new("err-sdc-row-length")
                .with("expected", expected)
                .with("found", found),
            SdcError::UnknownValue { dim, index } => Message::new("err-sdc-unknown-value")
                .with("dim", dim)
                .with("index", index),
            SdcError::DuplicateCell { key } => {
                Message::new("err-sdc-duplicate-cell").with("key", format!("{key:?}"))
            }
            SdcError::TooLarge => Message::new("err-sdc-too-large"),
            SdcError::ClassDim(i) => Message::new("err-sdc-class-dim").with("index", i),
            SdcError::PriorMismatch {
                dims,
                key,
                prior,
                actual,
            } => Message::new("err-sdc-prior-mismatch")
                .with("dims", format!("{dims:?}"))
                .with("key", format!("{key:?}"))
                .with("prior", prior)
                .with("actual", actual),
            SdcError::PriorDiscloses {
                dims,
                key,
                min,
                max,
                required,
            } => Message::new("err-sdc-prior-discloses")
                .with("dims", format!("{dims:?}"))
                .with("key", format!("{key:?}"))
                .with("min", min)
                .with("max", max)
                .with("required", required),
            SdcError::UnknownCell { dims, key } => Message::new("err-sdc-unknown-cell")
                .with("dims", format!("{dims:?}"))
                .with("key", format!("{key:?}")),
            SdcError::Solver(d) => Message::new("err-sdc-solver").with("detail", d),
            SdcError::InvalidInput(d) => Message::new("err-sdc-invalid-input").with("detail", d),
        }
    }
}
abbild_i18n::described_error!(SdcError);
