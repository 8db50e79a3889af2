//! The three official definitions of migration history (SPEC §1), derived from the answers.

use crate::answers::{Answer, Answers, Item};
use crate::{fold, ParseError};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Which official definition a number uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Definition {
    /// Migrationshintergrund (Destatis, Mikrozensus until 2022).
    #[serde(rename = "mh")]
    Mh,
    /// Einwanderungsgeschichte (Destatis, since 2023; Zensus 2022).
    #[serde(rename = "eg")]
    Eg,
    /// Einwanderungsgeschichte nach § 4 Teilhabe- und Integrationsgesetz NRW.
    #[serde(rename = "eg_nrw")]
    EgNrw,
}

/// Result of classifying one response under one definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    With,
    Without,
    /// Not classifiable from the answers given: item non-response, excluded from respondents.
    Unknown,
}

impl Class {
    pub fn code(self) -> &'static str {
        match self {
            Class::With => "with",
            Class::Without => "without",
            Class::Unknown => "unknown",
        }
    }
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        match fold(raw).as_str() {
            "with" | "mit" | "mit migrationsgeschichte" | "ja" | "yes" => Ok(Class::With),
            "without" | "ohne" | "ohne migrationsgeschichte" | "nein" | "no" => Ok(Class::Without),
            "unknown" | "unbekannt" | "keine angabe" | "" => Ok(Class::Unknown),
            _ => Err(ParseError::new(raw, abbild_i18n::Message::new("exp-group"))),
        }
    }
}

impl Definition {
    pub const ALL: [Definition; 3] = [Definition::Mh, Definition::Eg, Definition::EgNrw];

    pub fn code(self) -> &'static str {
        match self {
            Definition::Mh => "mh",
            Definition::Eg => "eg",
            Definition::EgNrw => "eg_nrw",
        }
    }

    pub fn label_de(self) -> &'static str {
        match self {
            Definition::Mh => "Migrationshintergrund (Destatis)",
            Definition::Eg => "Einwanderungsgeschichte (Destatis)",
            Definition::EgNrw => "Einwanderungsgeschichte (TIntG NRW § 4)",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        match fold(raw).as_str() {
            "mh" | "migrationshintergrund" => Ok(Definition::Mh),
            "eg" | "einwanderungsgeschichte" => Ok(Definition::Eg),
            "eg_nrw"
            | "eg-nrw"
            | "egnrw"
            | "einwanderungsgeschichte nrw"
            | "tintg"
            | "tintg nrw" => Ok(Definition::EgNrw),
            other => Definition::ALL
                .into_iter()
                .find(|d| fold(d.label_de()) == other)
                .ok_or_else(|| ParseError::new(raw, crate::one_of(&["mh", "eg", "eg_nrw"]))),
        }
    }

    /// Classifies one response. Total: every answer pattern yields exactly one class.
    pub fn classify(self, a: Answers) -> Class {
        use Answer::{No, Unknown, Yes};
        let g = |i| a.get(i);
        match self {
            Definition::Mh => {
                let items = [
                    Item::SelfGermanAtBirth,
                    Item::MotherGermanAtBirth,
                    Item::FatherGermanAtBirth,
                ];
                if items.iter().any(|i| g(*i) == No) {
                    Class::With
                } else if items.iter().all(|i| g(*i) == Yes) {
                    Class::Without
                } else {
                    Class::Unknown
                }
            }
            Definition::Eg => {
                let (me, mo, fa) = (
                    g(Item::SelfBornAbroad),
                    g(Item::MotherBornAbroad),
                    g(Item::FatherBornAbroad),
                );
                if me == Yes || (mo == Yes && fa == Yes) {
                    Class::With
                } else if me == No && (mo == No || fa == No) {
                    Class::Without
                } else {
                    Class::Unknown
                }
            }
            Definition::EgNrw => {
                let now = g(Item::SelfGermanNow);
                let born = [
                    Item::SelfBornAbroad,
                    Item::MotherBornAbroad,
                    Item::FatherBornAbroad,
                ]
                .map(g);
                if now == No || born.contains(&Yes) {
                    Class::With
                } else if now == Yes && born.iter().all(|b| *b == No) {
                    Class::Without
                } else {
                    debug_assert!(now == Unknown || born.contains(&Unknown));
                    Class::Unknown
                }
            }
        }
    }
}

impl fmt::Display for Definition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn answers(items: &[(Item, Answer)]) -> Answers {
        items
            .iter()
            .fold(Answers::default(), |a, (i, v)| a.with(*i, *v))
    }

    #[test]
    fn german_born_child_of_two_immigrants() {
        // Born in Germany as a German, both parents born abroad as foreigners.
        let a = answers(&[
            (Item::SelfBornAbroad, Answer::No),
            (Item::SelfGermanAtBirth, Answer::Yes),
            (Item::SelfGermanNow, Answer::Yes),
            (Item::MotherBornAbroad, Answer::Yes),
            (Item::FatherBornAbroad, Answer::Yes),
            (Item::MotherGermanAtBirth, Answer::No),
            (Item::FatherGermanAtBirth, Answer::No),
        ]);
        assert_eq!(Definition::Mh.classify(a), Class::With);
        assert_eq!(Definition::Eg.classify(a), Class::With);
        assert_eq!(Definition::EgNrw.classify(a), Class::With);
    }

    #[test]
    fn one_parent_born_abroad_differs_by_definition() {
        let a = answers(&[
            (Item::SelfBornAbroad, Answer::No),
            (Item::SelfGermanAtBirth, Answer::Yes),
            (Item::SelfGermanNow, Answer::Yes),
            (Item::MotherBornAbroad, Answer::Yes),
            (Item::FatherBornAbroad, Answer::No),
            (Item::MotherGermanAtBirth, Answer::Yes),
            (Item::FatherGermanAtBirth, Answer::Yes),
        ]);
        // Mother born abroad as a German (e.g. Spätaussiedlerin): no MH, no EG, but EG NRW.
        assert_eq!(Definition::Mh.classify(a), Class::Without);
        assert_eq!(Definition::Eg.classify(a), Class::Without);
        assert_eq!(Definition::EgNrw.classify(a), Class::With);
    }

    #[test]
    fn all_unknown_is_unknown_everywhere() {
        for d in Definition::ALL {
            assert_eq!(d.classify(Answers::default()), Class::Unknown);
        }
    }

    fn any_answers() -> impl Strategy<Value = Answers> {
        proptest::collection::vec(0usize..3, 7)
            .prop_map(|v| Answers::from_fn(|i| Answer::ALL[v[i as usize]]))
    }

    proptest! {
        /// Every `eg` with is also `eg_nrw` with; every `eg_nrw` without is also `eg` without.
        #[test]
        fn eg_nests_in_eg_nrw(a in any_answers()) {
            if Definition::Eg.classify(a) == Class::With {
                prop_assert_eq!(Definition::EgNrw.classify(a), Class::With);
            }
            if Definition::EgNrw.classify(a) == Class::Without {
                prop_assert_eq!(Definition::Eg.classify(a), Class::Without);
            }
        }

        /// Knowing more never flips a class: replacing an unknown answer keeps a decided class.
        #[test]
        fn classification_is_monotone_in_information(a in any_answers(), item in 0usize..7, v in 0usize..2) {
            let item = Item::ALL[item];
            prop_assume!(a.get(item) == Answer::Unknown);
            let b = a.with(item, Answer::ALL[v]);
            for d in Definition::ALL {
                let before = d.classify(a);
                if before != Class::Unknown {
                    prop_assert_eq!(d.classify(b), before);
                }
            }
        }

        /// Fully answered questionnaires are always classifiable.
        #[test]
        fn complete_answers_classify(v in proptest::collection::vec(0usize..2, 7)) {
            let a = Answers::from_fn(|i| Answer::ALL[v[i as usize]]);
            for d in Definition::ALL {
                prop_assert_ne!(d.classify(a), Class::Unknown);
            }
        }
    }
}
