//! The anonymous staff survey (SPEC §6): access codes and the questionnaire's answers.
//!
//! An access code only proves eligibility; it is checked, marked used and forgotten in the
//! same transaction that stores the answers, which carry nothing derived from it.

use crate::answers::{Answer, Answers, Item};
use crate::dims::{parse_yes_no, AgeBand, Ags, Level, SegmentKey, Sex, Status, Wave};
use crate::field::FieldCatalog;
use crate::records::{Lang, ResponseRecord};
use crate::ParseError;
use std::fmt;

/// Code alphabet: digits 2–9 and capital letters without I and O, 32 symbols (5 bits each).
/// Nothing here can be mistaken for 0/O or 1/I/l when typed from a letter.
pub const CODE_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// Symbols per code: 15 × 5 = 75 bits (the issue asks for at least 60).
pub const CODE_LEN: usize = 15;
/// Random bytes needed for one code (75 bits rounded up).
pub const CODE_RANDOM_BYTES: usize = 10;

/// A single-use access code, e.g. `K7QM4-XW9PA-3HTRC`. Stored only as a hash, never logged.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct AccessCode(String);

impl AccessCode {
    /// A code from 10 random bytes (the caller draws them from a CSPRNG: the core has no IO).
    pub fn from_random(bytes: [u8; CODE_RANDOM_BYTES]) -> Self {
        let mut bits: u128 = 0;
        for b in bytes {
            bits = (bits << 8) | u128::from(b);
        }
        let mut s = String::with_capacity(CODE_LEN);
        for i in 0..CODE_LEN {
            let v = ((bits >> (5 * i)) & 31) as usize;
            s.push(char::from(CODE_ALPHABET[v]));
        }
        AccessCode(s)
    }

    /// Accepts what people type: any case, spaces or dashes between groups, and the
    /// look-alikes `O`→`0`… are not in the alphabet, so they are rejected with a clear message.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let s: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let ok = s.len() == CODE_LEN && s.bytes().all(|b| CODE_ALPHABET.contains(&b));
        if ok {
            Ok(AccessCode(s))
        } else {
            Err(ParseError::new(
                "(Zugangscode, nicht angezeigt)",
                abbild_i18n::Message::new("exp-code"),
            ))
        }
    }

    /// Grouped for letters and screens: `XXXXX-XXXXX-XXXXX`.
    pub fn grouped(&self) -> String {
        let b = self.0.as_bytes();
        b.chunks(5)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join("-")
    }

    /// The canonical form (no dashes), for hashing.
    pub fn canonical(&self) -> &str {
        &self.0
    }
}

/// Never prints the code: it must not reach a log by accident.
impl fmt::Debug for AccessCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessCode(***)")
    }
}

/// The questionnaire as submitted: every question optional. Built from form fields or JSON by
/// [`SurveyAnswers::parse_field`]; `into_record` makes the stored response.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SurveyAnswers {
    pub answers: Answers,
    pub key: SegmentKey,
    pub languages: Vec<Lang>,
}

/// Names of the questionnaire's fields (form and JSON), in the order of the questionnaire.
pub const SEGMENT_FIELDS: [&str; 7] = [
    "field",
    "level",
    "status",
    "leadership",
    "age_from",
    "age_to",
    "sex",
];

impl SurveyAnswers {
    /// Sets one answer from its field name and raw value. Empty values and
    /// `unknown` / `weiß nicht` / `keine Angabe` leave the question unanswered.
    pub fn parse_field(
        &mut self,
        name: &str,
        raw: &str,
        catalog: &FieldCatalog,
    ) -> Result<(), ParseError> {
        let v = raw.trim();
        let unanswered = v.is_empty()
            || matches!(
                crate::fold(v).as_str(),
                "unknown" | "weiss nicht" | "keine angabe" | "x-none"
            );
        if let Some(item) = Item::ALL.into_iter().find(|i| i.code() == name) {
            let a = if unanswered {
                Answer::Unknown
            } else {
                Answer::parse(v)?
            };
            self.answers = self.answers.with(item, a);
            return Ok(());
        }
        if unanswered {
            return match name {
                "field" | "level" | "status" | "leadership" | "sex" | "age" | "age_from"
                | "age_to" | "languages" => Ok(()),
                _ => Err(ParseError::new(
                    name,
                    abbild_i18n::Message::new("exp-question"),
                )),
            };
        }
        match name {
            "field" => self.key.field = Some(catalog.parse(v)?),
            "level" => self.key.level = Some(Level::parse(v)?),
            "status" => self.key.status = Some(Status::parse(v)?),
            "leadership" => self.key.leadership = Some(parse_yes_no(v)?),
            "sex" => self.key.sex = Some(Sex::parse(v)?),
            "age" => {
                // One choice "25-34" from the form.
                let (f, t) = v.split_once(['-', '–']).ok_or_else(|| {
                    ParseError::new(v, abbild_i18n::Message::new("exp-age-group"))
                })?;
                self.key.age = Some(
                    AgeBand::new(AgeBand::parse_bound(f)?, AgeBand::parse_bound(t)?).map_err(
                        |_| ParseError::new(v, abbild_i18n::Message::new("exp-age-group")),
                    )?,
                );
            }
            "languages" => {
                for part in v.split([';', ',', ' ']).filter(|p| !p.is_empty()) {
                    let l = Lang::parse(part)?;
                    if !self.languages.contains(&l) {
                        self.languages.push(l);
                    }
                }
            }
            _ => {
                return Err(ParseError::new(
                    name,
                    abbild_i18n::Message::new("exp-question"),
                ))
            }
        }
        Ok(())
    }

    /// The stored response: answers and coarse segment only.
    pub fn into_record(self, ags: Ags, wave: Wave) -> ResponseRecord {
        let mut languages = self.languages;
        languages.sort();
        ResponseRecord {
            ags,
            wave,
            key: self.key,
            answers: self.answers,
            languages,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_75_bits_typable_and_roundtrip() {
        let c = AccessCode::from_random([0xff; CODE_RANDOM_BYTES]);
        assert_eq!(c.canonical().len(), CODE_LEN);
        let g = c.grouped();
        assert_eq!(g.len(), 17);
        assert_eq!(AccessCode::parse(&g).unwrap(), c);
        assert_eq!(AccessCode::parse(&g.to_lowercase()).unwrap(), c);
        assert_eq!(
            AccessCode::parse(&format!(" {} ", g.replace('-', " "))).unwrap(),
            c
        );
        assert!(
            AccessCode::parse("K7QM4-XW9PA-3HTRO").is_err(),
            "O is no symbol"
        );
        assert!(AccessCode::parse("K7QM4-XW9PA-3HTR").is_err(), "too short");
        assert_eq!(format!("{c:?}"), "AccessCode(***)");
        // Different random bytes, different codes (all 75 bits are used).
        let mut b = [0u8; CODE_RANDOM_BYTES];
        let a0 = AccessCode::from_random(b);
        b[0] = 0x04; // bit 74, the highest one used
        assert_ne!(AccessCode::from_random(b), a0);
        b = [0; CODE_RANDOM_BYTES];
        b[9] = 1;
        assert_ne!(AccessCode::from_random(b), a0);
        assert!(!CODE_ALPHABET.iter().any(|c| b"01IOl".contains(c)));
    }

    #[test]
    fn answers_parse_and_everything_is_optional() {
        let cat = FieldCatalog::default();
        let mut a = SurveyAnswers::default();
        for (k, v) in [
            ("self_born_abroad", "ja"),
            ("mother_born_abroad", "weiß nicht"),
            ("field", "kita"),
            ("level", "mittel"),
            ("leadership", "nein"),
            ("age", "25-34"),
            ("languages", "tr;ar;tr"),
            ("sex", ""),
            ("status", ""),
        ] {
            a.parse_field(k, v, &cat).unwrap();
        }
        let r = a.into_record(
            Ags::parse("05916000").unwrap(),
            Wave::parse("2027").unwrap(),
        );
        assert_eq!(r.answers.get(Item::SelfBornAbroad), Answer::Yes);
        assert_eq!(r.answers.get(Item::MotherBornAbroad), Answer::Unknown);
        assert_eq!(r.key.leadership, Some(false));
        assert_eq!(r.key.sex, None);
        assert_eq!(r.languages.len(), 2);
        let mut e = SurveyAnswers::default();
        assert!(e
            .parse_field("self_born_abroad", "vielleicht", &cat)
            .is_err());
        assert!(
            e.parse_field("name", "Erika", &cat).is_err(),
            "no free text"
        );
        // A browser sends every select, empty when unanswered.
        for f in [
            "field",
            "level",
            "status",
            "leadership",
            "age",
            "sex",
            "languages",
        ] {
            e.parse_field(f, "", &cat).unwrap();
        }
        assert_eq!(e, SurveyAnswers::default());
    }
}
