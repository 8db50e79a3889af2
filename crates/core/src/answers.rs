//! The seven answer items of SPEC §1. abbild stores answers, never a yes/no flag, and
//! derives each official definition from them (see [`crate::definition`]).

use crate::{fold, ParseError};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One answer: `yes`, `no` or `unknown` ("weiß nicht / keine Angabe", also the empty cell).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Yes,
    No,
    #[default]
    Unknown,
}

impl Answer {
    pub const ALL: [Answer; 3] = [Answer::Yes, Answer::No, Answer::Unknown];
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        match raw {
            "yes" => return Ok(Answer::Yes),
            "no" => return Ok(Answer::No),
            "unknown" | "" => return Ok(Answer::Unknown),
            _ => {}
        }
        match fold(raw).as_str() {
            "yes" | "ja" | "j" | "y" | "1" | "true" | "wahr" => Ok(Answer::Yes),
            "no" | "nein" | "n" | "0" | "false" | "falsch" => Ok(Answer::No),
            ""
            | "unknown"
            | "weiss nicht"
            | "weiss nicht / keine angabe"
            | "keine angabe"
            | "k. a."
            | "ka"
            | "don't know"
            | "dont know"
            | "-"
            | "na"
            | "n/a" => Ok(Answer::Unknown),
            _ => Err(ParseError::new(
                raw,
                abbild_i18n::Message::new("exp-yes-no-unknown"),
            )),
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Unknown => "unknown",
        }
    }
    fn bits(self) -> u16 {
        match self {
            Answer::Unknown => 0,
            Answer::Yes => 1,
            Answer::No => 2,
        }
    }
    fn from_bits(b: u16) -> Self {
        match b & 3 {
            1 => Answer::Yes,
            2 => Answer::No,
            _ => Answer::Unknown,
        }
    }
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The answer items, in the order of SPEC §1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    SelfBornAbroad,
    SelfGermanAtBirth,
    SelfGermanNow,
    MotherBornAbroad,
    FatherBornAbroad,
    MotherGermanAtBirth,
    FatherGermanAtBirth,
}

impl Item {
    pub const ALL: [Item; 7] = [
        Item::SelfBornAbroad,
        Item::SelfGermanAtBirth,
        Item::SelfGermanNow,
        Item::MotherBornAbroad,
        Item::FatherBornAbroad,
        Item::MotherGermanAtBirth,
        Item::FatherGermanAtBirth,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Item::SelfBornAbroad => "self_born_abroad",
            Item::SelfGermanAtBirth => "self_german_at_birth",
            Item::SelfGermanNow => "self_german_now",
            Item::MotherBornAbroad => "mother_born_abroad",
            Item::FatherBornAbroad => "father_born_abroad",
            Item::MotherGermanAtBirth => "mother_german_at_birth",
            Item::FatherGermanAtBirth => "father_german_at_birth",
        }
    }
    /// German column header used by templates (SPEC §3 accepts both).
    pub fn header_de(self) -> &'static str {
        match self {
            Item::SelfBornAbroad => "Selbst im Ausland geboren",
            Item::SelfGermanAtBirth => "Selbst deutsch seit Geburt",
            Item::SelfGermanNow => "Selbst deutsch heute",
            Item::MotherBornAbroad => "Mutter im Ausland geboren",
            Item::FatherBornAbroad => "Vater im Ausland geboren",
            Item::MotherGermanAtBirth => "Mutter deutsch seit Geburt",
            Item::FatherGermanAtBirth => "Vater deutsch seit Geburt",
        }
    }
    /// The question in short (German), for templates and the questionnaire.
    pub fn question_de(self) -> &'static str {
        match self {
            Item::SelfBornAbroad => "Wurden Sie außerhalb des heutigen Deutschlands geboren?",
            Item::SelfGermanAtBirth => {
                "Hatten Sie bei Ihrer Geburt die deutsche Staatsangehörigkeit?"
            }
            Item::SelfGermanNow => "Haben Sie heute die deutsche Staatsangehörigkeit?",
            Item::MotherBornAbroad => {
                "Wurde Ihre Mutter außerhalb des heutigen Deutschlands geboren?"
            }
            Item::FatherBornAbroad => {
                "Wurde Ihr Vater außerhalb des heutigen Deutschlands geboren?"
            }
            Item::MotherGermanAtBirth => {
                "Hatte Ihre Mutter bei ihrer Geburt die deutsche Staatsangehörigkeit?"
            }
            Item::FatherGermanAtBirth => {
                "Hatte Ihr Vater bei seiner Geburt die deutsche Staatsangehörigkeit?"
            }
        }
    }
    fn shift(self) -> u16 {
        2 * self as u16
    }
}

/// All seven answers of one response, packed into 14 bits so that responses aggregate by
/// answer pattern cheaply (there are at most 3^7 = 2187 patterns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Answers(u16);

impl Answers {
    pub fn get(self, item: Item) -> Answer {
        Answer::from_bits(self.0 >> item.shift())
    }
    pub fn set(&mut self, item: Item, a: Answer) {
        let s = item.shift();
        self.0 = (self.0 & !(3 << s)) | (a.bits() << s);
    }
    pub fn with(mut self, item: Item, a: Answer) -> Self {
        self.set(item, a);
        self
    }
    pub fn from_fn(mut f: impl FnMut(Item) -> Answer) -> Self {
        Item::ALL
            .into_iter()
            .fold(Answers::default(), |acc, i| acc.with(i, f(i)))
    }
    /// Stable packed form for storage (2 bits per item: 0 unknown, 1 yes, 2 no).
    pub fn packed(self) -> u16 {
        self.0
    }
    pub fn from_packed(v: u16) -> Option<Self> {
        let valid = v < (1 << 14) && Item::ALL.iter().all(|i| (v >> i.shift()) & 3 != 3);
        valid.then_some(Answers(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_and_english_answers_parse() {
        assert_eq!(Answer::parse("Ja").unwrap(), Answer::Yes);
        assert_eq!(Answer::parse("nein").unwrap(), Answer::No);
        assert_eq!(Answer::parse("weiß nicht").unwrap(), Answer::Unknown);
        assert_eq!(Answer::parse("").unwrap(), Answer::Unknown);
        assert!(Answer::parse("vielleicht").is_err());
    }

    #[test]
    fn packing_round_trips() {
        let a = Answers::from_fn(|i| Answer::ALL[(i as usize) % 3]);
        for i in Item::ALL {
            assert_eq!(a.get(i), Answer::ALL[(i as usize) % 3]);
        }
        assert_eq!(Answers::from_packed(a.packed()), Some(a));
        assert_eq!(Answers::from_packed(3), None);
    }
}
