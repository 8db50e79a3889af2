//! Tätigkeitsfeld: a classification that each installation may configure (SPEC §2).
//!
//! A [`Field`] is an index into a [`FieldCatalog`], so that segment keys stay `Copy` and cheap
//! to hash while the codes and labels stay configurable.

use crate::{fold, ParseError};

/// Index of a field in its [`FieldCatalog`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Field(u8);

impl Field {
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// One entry of the classification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDef {
    pub code: String,
    pub label_de: String,
    pub label_en: String,
    /// Lower-case, umlaut-folded aliases accepted on input (see [`crate::fold`]).
    pub aliases: Vec<String>,
}

/// The installation's list of fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldCatalog {
    defs: Vec<FieldDef>,
    /// `fold(label_de)` per entry, computed once.
    folded_labels: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogError {
    Duplicate(String),
    TooMany,
    BadCode(String),
}

impl abbild_i18n::Described for CatalogError {
    fn message(&self) -> abbild_i18n::Message {
        use abbild_i18n::Message;
        match self {
            CatalogError::Duplicate(c) => Message::new("err-catalog-duplicate").with("code", c),
            CatalogError::TooMany => Message::new("err-catalog-too-many"),
            CatalogError::BadCode(c) => Message::new("err-catalog-bad-code").with("code", c),
        }
    }
}
abbild_i18n::described_error!(CatalogError);

const DEFAULT: &[(&str, &str, &str, &[&str])] = &[
    (
        "verwaltung",
        "Allgemeine Verwaltung, Bürgerdienste",
        "General administration, citizen services",
        &["allgemeine verwaltung", "buergerdienste", "verwaltung"],
    ),
    (
        "finanzen",
        "Finanzen",
        "Finance",
        &["finanzverwaltung", "kaemmerei", "steuern"],
    ),
    (
        "ordnung",
        "Ordnung, Sicherheit",
        "Public order, safety",
        &["ordnungsamt", "sicherheit", "ordnung und sicherheit"],
    ),
    (
        "feuerwehr",
        "Feuerwehr, Rettungsdienst",
        "Fire brigade, rescue service",
        &["rettungsdienst", "feuerwehr und rettungsdienst"],
    ),
    (
        "soziales",
        "Soziales, Jugend",
        "Social services, youth",
        &["jugend", "soziales und jugend", "sozialamt", "jugendamt"],
    ),
    (
        "kita",
        "Kindertagesbetreuung, Erziehung",
        "Childcare, education",
        &[
            "kindertagesbetreuung",
            "kindertagesstaette",
            "erziehung",
            "kitas",
        ],
    ),
    (
        "bildung_kultur",
        "Schule, Bildung, Kultur, Sport",
        "School, education, culture, sport",
        &[
            "bildung",
            "kultur",
            "schule",
            "sport",
            "bildung und kultur",
            "bildung, kultur",
        ],
    ),
    ("gesundheit", "Gesundheit", "Health", &["gesundheitsamt"]),
    (
        "bauen_umwelt",
        "Bauen, Umwelt, Verkehr, Technik",
        "Building, environment, transport, technology",
        &["bauen", "umwelt", "verkehr", "technik", "bauen und umwelt"],
    ),
    (
        "zentrale_dienste",
        "Personal, IT, Organisation",
        "HR, IT, organisation",
        &["zentrale dienste", "personal", "it", "organisation"],
    ),
    ("sonstige", "Sonstige", "Other", &["sonstiges", "andere"]),
];

impl Default for FieldCatalog {
    fn default() -> Self {
        let defs = DEFAULT
            .iter()
            .map(|(code, de, en, aliases)| FieldDef {
                code: (*code).to_owned(),
                label_de: (*de).to_owned(),
                label_en: (*en).to_owned(),
                aliases: aliases.iter().map(|a| fold(a)).collect(),
            })
            .collect();
        Self::from_defs(defs)
    }
}

impl FieldCatalog {
    pub fn new(defs: Vec<FieldDef>) -> Result<Self, CatalogError> {
        if defs.len() > 255 {
            return Err(CatalogError::TooMany);
        }
        for (i, d) in defs.iter().enumerate() {
            if d.code.is_empty() || d.code.contains(char::is_whitespace) {
                return Err(CatalogError::BadCode(d.code.clone()));
            }
            if defs[..i].iter().any(|e| e.code == d.code) {
                return Err(CatalogError::Duplicate(d.code.clone()));
            }
        }
        Ok(Self::from_defs(defs))
    }

    fn from_defs(defs: Vec<FieldDef>) -> Self {
        let folded_labels = defs.iter().map(|d| fold(&d.label_de)).collect();
        FieldCatalog {
            defs,
            folded_labels,
        }
    }

    pub fn parse(&self, raw: &str) -> Result<Field, ParseError> {
        // Fast path: exact code, no allocation (millions of rows in a national file).
        if let Some(f) = self.by_code(raw) {
            return Ok(f);
        }
        let f = fold(raw);
        let hit = self
            .defs
            .iter()
            .zip(&self.folded_labels)
            .position(|(d, l)| f == d.code || f == *l || d.aliases.contains(&f));
        match hit {
            // Index fits: `new` caps the catalog at 255 entries.
            Some(i) => Ok(Field(u8::try_from(i).unwrap_or(u8::MAX))),
            None => Err(ParseError::new(
                raw,
                abbild_i18n::Message::new("exp-field").with("codes", self.codes().join(", ")),
            )),
        }
    }

    pub fn by_code(&self, code: &str) -> Option<Field> {
        self.defs
            .iter()
            .position(|d| d.code == code)
            .and_then(|i| u8::try_from(i).ok())
            .map(Field)
    }

    pub fn def(&self, f: Field) -> &FieldDef {
        &self.defs[f.index()]
    }

    pub fn code(&self, f: Field) -> &str {
        &self.def(f).code
    }

    pub fn codes(&self) -> Vec<&str> {
        self.defs.iter().map(|d| d.code.as_str()).collect()
    }

    pub fn iter(&self) -> impl Iterator<Item = (Field, &FieldDef)> {
        self.defs
            .iter()
            .enumerate()
            .map(|(i, d)| (Field(u8::try_from(i).unwrap_or(u8::MAX)), d))
    }

    pub fn len(&self) -> usize {
        self.defs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_catalog_parses_codes_labels_and_aliases() {
        let c = FieldCatalog::default();
        assert_eq!(c.len(), 11);
        let kita = c.parse("kita").unwrap();
        assert_eq!(c.parse("Kindertagesbetreuung, Erziehung").unwrap(), kita);
        assert_eq!(c.parse(" KITAS ").unwrap(), kita);
        assert_eq!(c.code(c.parse("Bürgerdienste").unwrap()), "verwaltung");
        assert!(c
            .parse("Raumfahrt")
            .unwrap_err()
            .to_string()
            .contains("bauen_umwelt"));
    }

    #[test]
    fn duplicate_codes_are_refused() {
        let mut defs = FieldCatalog::default().defs;
        defs.push(defs[0].clone());
        assert_eq!(
            FieldCatalog::new(defs),
            Err(CatalogError::Duplicate("verwaltung".into()))
        );
    }
}
