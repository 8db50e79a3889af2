//! The behavioural model behind the synthetic data: how staff spread over fields, levels,
//! statuses, ages and sexes; who has which kind of migration history; who answers the survey
//! and what they answer. Every number here is documented in `docs/CALIBRATION.md`.

use crate::math::pick;
use abbild_core::{Answer, Answers, Item, Level, Sex, Status};
use rand::Rng;

/// Field codes in the order of `abbild_core::FieldCatalog::default()`.
pub const FIELD_CODES: [&str; 11] = [
    "verwaltung",
    "finanzen",
    "ordnung",
    "feuerwehr",
    "soziales",
    "kita",
    "bildung_kultur",
    "gesundheit",
    "bauen_umwelt",
    "zentrale_dienste",
    "sonstige",
];
#[cfg(test)]
const VERWALTUNG: usize = 0;
const FEUERWEHR: usize = 3;
const KITA: usize = 5;

pub const LEVELS: [Level; 4] = [Level::Einfach, Level::Mittel, Level::Gehoben, Level::Hoeher];
#[cfg(test)]
const EINFACH: usize = 0;
const GEHOBEN: usize = 2;
const HOEHER: usize = 3;

pub const STATUSES: [Status; 3] = [Status::Beamte, Status::Tarif, Status::Azubi];
const BEAMTE: usize = 0;
const TARIF: usize = 1;
const AZUBI: usize = 2;

/// Staff age bands: each is a union of the benchmark's 5-year bands (15–19 ∪ 20–24, …).
pub const STAFF_AGES: [(u8, u8); 6] = [(15, 24), (25, 34), (35, 44), (45, 54), (55, 59), (60, 69)];

pub const SEXES: [Sex; 3] = [Sex::W, Sex::M, Sex::D];
const SEX_D: usize = 2;

/// Number of segment cells: 11 fields × 4 levels × 3 statuses × 2 leadership × 6 ages × 3 sexes.
pub const CELLS: usize = 11 * 4 * 3 * 2 * 6 * 3;

/// One staff segment (indices into the constant lists above).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub field: usize,
    pub level: usize,
    pub status: usize,
    pub lead: bool,
    pub age: usize,
    pub sex: usize,
}

impl Cell {
    pub fn index(self) -> usize {
        ((((self.field * 4 + self.level) * 3 + self.status) * 2 + usize::from(self.lead)) * 6
            + self.age)
            * 3
            + self.sex
    }
    pub fn from_index(mut i: usize) -> Cell {
        let sex = i % 3;
        i /= 3;
        let age = i % 6;
        i /= 6;
        let lead = i % 2 == 1;
        i /= 2;
        let status = i % 3;
        i /= 3;
        let level = i % 4;
        i /= 4;
        Cell {
            field: i,
            level,
            status,
            lead,
            age,
            sex,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Staff structure
// ---------------------------------------------------------------------------------------------

/// Size class of a municipality: which tasks it carries itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeClass {
    /// ≥ 100,000 inhabitants (Großstadt, usually kreisfrei).
    Large,
    /// 10,000–99,999.
    Medium,
    /// < 10,000: administration, Bauhof, Kitas; no own fire brigade staff or health office.
    Small,
}

impl SizeClass {
    pub fn of(population: u64) -> Self {
        match population {
            p if p >= 100_000 => SizeClass::Large,
            p if p >= 10_000 => SizeClass::Medium,
            _ => SizeClass::Small,
        }
    }
    /// Field mix of the staff (shares sum to 1).
    pub fn field_weights(self) -> [f64; 11] {
        match self {
            SizeClass::Large => [
                0.17, 0.05, 0.06, 0.09, 0.14, 0.16, 0.08, 0.03, 0.12, 0.06, 0.04,
            ],
            SizeClass::Medium => [
                0.22, 0.06, 0.06, 0.05, 0.10, 0.22, 0.08, 0.01, 0.13, 0.05, 0.02,
            ],
            SizeClass::Small => [
                0.36, 0.08, 0.04, 0.01, 0.03, 0.28, 0.06, 0.0, 0.13, 0.01, 0.0,
            ],
        }
    }
}

/// Share of apprentices and Anwärter per field.
const AZUBI_SHARE: [f64; 11] = [
    0.10, 0.07, 0.04, 0.08, 0.03, 0.07, 0.02, 0.02, 0.04, 0.08, 0.02,
];
/// Share of Beamte among the other staff per field (NRW cities; scaled per state in W2).
const BEAMTE_SHARE: [f64; 11] = [
    0.35, 0.45, 0.25, 0.90, 0.15, 0.01, 0.08, 0.10, 0.15, 0.35, 0.10,
];
/// Level mix (einfach, mittel, gehoben, hoeher) of Tarifbeschäftigte per field.
const LEVEL_TARIF: [[f64; 4]; 11] = [
    [0.05, 0.55, 0.33, 0.07],
    [0.03, 0.50, 0.38, 0.09],
    [0.08, 0.62, 0.25, 0.05],
    [0.05, 0.75, 0.17, 0.03],
    [0.04, 0.26, 0.62, 0.08],
    [0.10, 0.78, 0.11, 0.01],
    [0.15, 0.50, 0.28, 0.07],
    [0.05, 0.45, 0.30, 0.20],
    [0.22, 0.40, 0.28, 0.10],
    [0.06, 0.45, 0.37, 0.12],
    [0.30, 0.45, 0.18, 0.07],
];
/// Level mix of Beamte: the einfacher Dienst is almost gone; fire brigade is mittlerer Dienst.
const LEVEL_BEAMTE: [f64; 4] = [0.01, 0.25, 0.61, 0.13];
const LEVEL_BEAMTE_FEUERWEHR: [f64; 4] = [0.0, 0.75, 0.20, 0.05];
/// Level of the career the apprentice trains for.
const LEVEL_AZUBI: [f64; 4] = [0.0, 0.60, 0.38, 0.02];
const LEVEL_AZUBI_KITA: [f64; 4] = [0.0, 0.90, 0.10, 0.0];
const LEVEL_AZUBI_FEUERWEHR: [f64; 4] = [0.0, 0.80, 0.17, 0.03];

/// Age mix (15–24, 25–34, 35–44, 45–54, 55–59, 60–69) of staff other than apprentices.
const AGE_BASE: [f64; 6] = [0.035, 0.205, 0.235, 0.225, 0.150, 0.150];
const AGE_BY_LEVEL: [[f64; 6]; 4] = [
    [1.3, 0.9, 0.9, 1.0, 1.1, 1.2],
    [1.2, 1.0, 1.0, 1.0, 1.0, 1.0],
    [0.6, 1.15, 1.1, 0.95, 0.95, 0.9],
    [0.0, 0.75, 1.15, 1.1, 1.05, 1.0],
];
/// Fire brigade officers retire at 60; Kita staff are younger.
const AGE_FEUERWEHR: [f64; 6] = [1.3, 1.3, 1.2, 1.0, 0.8, 0.1];
const AGE_KITA: [f64; 6] = [1.6, 1.2, 1.0, 0.9, 1.0, 0.8];
/// Apprentices are young: 15–24 and 25–34 only.
const AGE_AZUBI: [f64; 6] = [0.78, 0.22, 0.0, 0.0, 0.0, 0.0];

/// Share of women among Tarifbeschäftigte and apprentices per field.
const WOMEN_TARIF: [f64; 11] = [
    0.72, 0.70, 0.48, 0.25, 0.76, 0.93, 0.62, 0.74, 0.30, 0.52, 0.50,
];
/// Share of women among Beamte (and Anwärter) per field.
const WOMEN_BEAMTE: [f64; 11] = [
    0.58, 0.62, 0.40, 0.02, 0.65, 0.85, 0.50, 0.55, 0.28, 0.45, 0.45,
];
/// Probability of `d` (divers) in the personnel file.
const DIVERS: f64 = 0.0006;

/// Probability of a leadership function by level, times an age factor.
const LEAD_BY_LEVEL: [f64; 4] = [0.004, 0.025, 0.12, 0.36];
const LEAD_KITA_GEHOBEN: f64 = 0.45;
const LEAD_BY_AGE: [f64; 6] = [0.0, 0.35, 0.9, 1.2, 1.3, 1.15];

/// Per-municipality structure parameters.
#[derive(Debug, Clone)]
pub struct Structure {
    pub field_weights: [f64; 11],
    /// Multiplier on the Beamte shares (East German municipalities have few Beamte).
    pub beamte_factor: f64,
}

/// Draws the segment of one staff member.
pub fn draw_cell(rng: &mut impl Rng, s: &Structure) -> Cell {
    let field = pick(rng, &s.field_weights);
    let status = if rng.random::<f64>() < AZUBI_SHARE[field] {
        AZUBI
    } else if rng.random::<f64>() < (BEAMTE_SHARE[field] * s.beamte_factor).min(0.95) {
        BEAMTE
    } else {
        TARIF
    };
    let level = match status {
        BEAMTE if field == FEUERWEHR => pick(rng, &LEVEL_BEAMTE_FEUERWEHR),
        BEAMTE => pick(rng, &LEVEL_BEAMTE),
        AZUBI if field == KITA => pick(rng, &LEVEL_AZUBI_KITA),
        AZUBI if field == FEUERWEHR => pick(rng, &LEVEL_AZUBI_FEUERWEHR),
        AZUBI => pick(rng, &LEVEL_AZUBI),
        _ => pick(rng, &LEVEL_TARIF[field]),
    };
    let age = if status == AZUBI && level == HOEHER {
        // Referendare have a university degree already.
        1
    } else if status == AZUBI {
        pick(rng, &AGE_AZUBI)
    } else {
        let mut w = [0.0; 6];
        for (a, slot) in w.iter_mut().enumerate() {
            let f = match field {
                FEUERWEHR => AGE_FEUERWEHR[a],
                KITA => AGE_KITA[a],
                _ => 1.0,
            };
            *slot = AGE_BASE[a] * AGE_BY_LEVEL[level][a] * f;
        }
        pick(rng, &w)
    };
    let sex = if rng.random::<f64>() < DIVERS {
        SEX_D
    } else {
        let mut women = if status == BEAMTE || (status == AZUBI && field == FEUERWEHR) {
            WOMEN_BEAMTE[field]
        } else {
            WOMEN_TARIF[field]
        };
        if level == HOEHER {
            // Fewer women in the höherer Dienst: odds × 0.75.
            let odds = women / (1.0 - women) * 0.75;
            women = odds / (1.0 + odds);
        }
        usize::from(rng.random::<f64>() >= women)
    };
    let lead = status != AZUBI && {
        let base = if field == KITA && level == GEHOBEN {
            LEAD_KITA_GEHOBEN
        } else {
            LEAD_BY_LEVEL[level]
        };
        rng.random::<f64>() < (base * LEAD_BY_AGE[age]).min(0.9)
    };
    Cell {
        field,
        level,
        status,
        lead,
        age,
        sex,
    }
}

// ---------------------------------------------------------------------------------------------
// Migration history
// ---------------------------------------------------------------------------------------------

/// Logit effects on the probability of an Einwanderungsgeschichte (eg) per segment; the
/// municipality's intercept is solved so that its staff share hits its target.
const EG_FIELD: [f64; 11] = [
    -0.35, -0.45, 0.0, -0.9, 0.15, 1.4, 0.05, 0.1, -0.25, -0.3, 0.1,
];
const EG_LEVEL: [f64; 4] = [0.40, 0.0, 0.2, 0.22];
const EG_STATUS: [f64; 3] = [-0.25, 0.0, 0.5];
const EG_AGE: [f64; 6] = [0.55, 0.45, 0.15, -0.25, -0.7, -1.1];
const EG_LEAD: f64 = -0.15;

/// Logit effect of a segment on having an Einwanderungsgeschichte.
pub fn eg_effect(c: Cell) -> f64 {
    EG_FIELD[c.field]
        + EG_LEVEL[c.level]
        + EG_STATUS[c.status]
        + EG_AGE[c.age]
        + if c.lead { EG_LEAD } else { 0.0 }
}

/// The latent kind of migration history of one person, from which the seven answers follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Latent {
    /// Born in Germany as a German to two parents born in Germany as Germans.
    None,
    /// Immigrated, foreign-born, still a foreign national (e.g. EU citizen).
    ImmigratedForeign,
    /// Immigrated as a German: (Spät-)Aussiedler, or born abroad to German parents.
    ImmigratedGerman,
    /// Immigrated foreign-born and naturalised since.
    Naturalised,
    /// Born in Germany, both parents immigrated.
    SecondGenTwoParents,
    /// Born in Germany, one parent immigrated.
    SecondGenOneParent,
    /// Born in Germany to parents born in Germany as foreign nationals (third generation).
    ThirdGen,
}

impl Latent {
    pub const ALL: [Latent; 7] = [
        Latent::None,
        Latent::ImmigratedForeign,
        Latent::ImmigratedGerman,
        Latent::Naturalised,
        Latent::SecondGenTwoParents,
        Latent::SecondGenOneParent,
        Latent::ThirdGen,
    ];
    /// Counted as Einwanderungsgeschichte (Destatis): self or both parents immigrated.
    pub fn is_eg(self) -> bool {
        matches!(
            self,
            Latent::ImmigratedForeign
                | Latent::ImmigratedGerman
                | Latent::Naturalised
                | Latent::SecondGenTwoParents
        )
    }
    pub fn code(self) -> u8 {
        self as u8
    }
    pub fn from_code(c: u8) -> Latent {
        Latent::ALL
            .get(usize::from(c))
            .copied()
            .unwrap_or(Latent::None)
    }
}

/// Age group for the composition of the eg population: 15–34, 35–54, 55+.
fn cohort(age: usize) -> usize {
    match age {
        0 | 1 => 0,
        2 | 3 => 1,
        _ => 2,
    }
}

/// Composition of the persons with eg: immigrated foreign, immigrated German, naturalised,
/// second generation (two parents) — by cohort.
const EG_MIX: [[f64; 4]; 3] = [
    [0.14, 0.14, 0.26, 0.46],
    [0.22, 0.22, 0.38, 0.18],
    [0.22, 0.33, 0.40, 0.05],
];
/// Among persons without eg: one immigrant parent; third generation — by cohort, at a
/// regional staff eg share of 20 % (scaled with the local share).
const ONE_PARENT: [f64; 3] = [0.08, 0.05, 0.03];
const THIRD_GEN: [f64; 3] = [0.05, 0.02, 0.005];

/// Draws the latent type of a person of segment `c` whose probability of eg is `p_eg`;
/// `local` is the municipality's staff eg target (scales the non-eg migrant types).
pub fn draw_latent(rng: &mut impl Rng, c: Cell, p_eg: f64, local: f64) -> Latent {
    let k = cohort(c.age);
    if rng.random::<f64>() < p_eg {
        let mut mix = EG_MIX[k];
        if c.status == BEAMTE {
            // Beamte must be Germans or EU citizens: most foreign-born ones are naturalised.
            mix[2] += mix[0] * 0.7;
            mix[0] *= 0.3;
        }
        match pick(rng, &mix) {
            0 => Latent::ImmigratedForeign,
            1 => Latent::ImmigratedGerman,
            2 => Latent::Naturalised,
            _ => Latent::SecondGenTwoParents,
        }
    } else {
        let scale = (local / 0.20).clamp(0.1, 2.5);
        let u = rng.random::<f64>();
        let one = ONE_PARENT[k] * scale;
        if u < one {
            Latent::SecondGenOneParent
        } else if u < one + THIRD_GEN[k] * scale {
            Latent::ThirdGen
        } else {
            Latent::None
        }
    }
}

fn yn(b: bool) -> Answer {
    if b {
        Answer::Yes
    } else {
        Answer::No
    }
}

/// Item non-response ("weiß nicht" / left empty) per item, in `Item::ALL` order.
const NONRESPONSE: [f64; 7] = [0.02, 0.025, 0.02, 0.03, 0.03, 0.04, 0.04];

/// The seven answers of a respondent of latent type `t` in segment `c`, including item
/// non-response. The answers are consistent with `t` (before non-response).
pub fn draw_answers(rng: &mut impl Rng, t: Latent, c: Cell) -> Answers {
    let young = c.age == 0;
    let mut p = |x: f64| rng.random::<f64>() < x;
    // (self_born_abroad, self_german_at_birth, self_german_now,
    //  mother_born_abroad, father_born_abroad, mother_german_at_birth, father_german_at_birth)
    let v: [bool; 7] = match t {
        Latent::None => [false, true, true, false, false, true, true],
        Latent::ImmigratedForeign | Latent::Naturalised => {
            let now = t == Latent::Naturalised;
            let m_abroad = p(0.97);
            let f_abroad = p(0.97);
            // A parent born in Germany was usually German at birth.
            let m_ger = if m_abroad { p(0.04) } else { p(0.8) };
            let f_ger = if f_abroad { p(0.04) } else { p(0.8) };
            [true, false, now, m_abroad, f_abroad, m_ger, f_ger]
        }
        Latent::ImmigratedGerman => {
            if p(0.8) {
                // (Spät-)Aussiedler: German status came on admission; about a third answer
                // "German at birth" anyway, and answer for their parents alike.
                let ger = p(0.35);
                [true, ger, true, p(0.97), p(0.97), ger, ger]
            } else {
                // Born abroad to German parents.
                [true, true, true, p(0.25), p(0.25), true, true]
            }
        }
        Latent::SecondGenTwoParents => {
            // Since 2000 most children of immigrants are German at birth (ius soli).
            let ger_birth = if young { p(0.75) } else { p(0.25) };
            let now = ger_birth || p(if c.status == BEAMTE { 0.97 } else { 0.82 });
            // Parents who came as Aussiedler were German at birth in their own view.
            let aussiedler = p(0.1);
            [false, ger_birth, now, true, true, aussiedler, aussiedler]
        }
        Latent::SecondGenOneParent => {
            let mother = p(0.5);
            let parent_ger = p(0.15);
            [
                false,
                true,
                true,
                mother,
                !mother,
                !mother || parent_ger,
                mother || parent_ger,
            ]
        }
        Latent::ThirdGen => {
            let mut f_ger = !p(0.75);
            let m_ger = !p(0.7);
            if f_ger && m_ger {
                f_ger = false;
            }
            let ger_birth = p(0.5);
            let now = ger_birth || p(0.85);
            [false, ger_birth, now, false, false, m_ger, f_ger]
        }
    };
    let mut a = Answers::default();
    for (i, item) in Item::ALL.into_iter().enumerate() {
        let ans = if rng.random::<f64>() < NONRESPONSE[i] {
            Answer::Unknown
        } else {
            yn(v[i])
        };
        a.set(item, ans);
    }
    a
}

// ---------------------------------------------------------------------------------------------
// Survey participation
// ---------------------------------------------------------------------------------------------

const RESPONSE_LEVEL: [f64; 4] = [0.84, 0.97, 1.06, 1.12];
const RESPONSE_STATUS: [f64; 3] = [1.03, 1.0, 1.05];
const RESPONSE_AGE: [f64; 6] = [0.9, 0.95, 1.0, 1.03, 1.05, 1.0];
const RESPONSE_LEAD: f64 = 1.08;
/// Relative propensity to answer by latent type (in `Latent::ALL` order).
const RESPONSE_TYPE: [f64; 7] = [1.0, 0.78, 0.9, 0.88, 0.92, 0.96, 0.94];

/// Relative propensity of a person to take part in the survey (scaled to the municipality's
/// response quota when respondents are drawn).
pub fn response_weight(c: Cell, t: Latent) -> f64 {
    RESPONSE_LEVEL[c.level]
        * RESPONSE_STATUS[c.status]
        * RESPONSE_AGE[c.age]
        * if c.lead { RESPONSE_LEAD } else { 1.0 }
        * RESPONSE_TYPE[usize::from(t.code())]
}

// ---------------------------------------------------------------------------------------------
// Languages
// ---------------------------------------------------------------------------------------------

/// Heritage languages of staff with migration history (other than Aussiedler).
const HERITAGE: [(&str, f64); 24] = [
    ("tr", 24.0),
    ("pl", 11.0),
    ("ru", 8.0),
    ("ar", 9.0),
    ("ro", 4.0),
    ("it", 5.0),
    ("el", 4.0),
    ("ku", 3.0),
    ("uk", 4.0),
    ("bg", 3.0),
    ("hr", 3.0),
    ("sr", 3.0),
    ("bs", 2.0),
    ("sq", 3.0),
    ("fa", 2.0),
    ("es", 2.0),
    ("pt", 1.5),
    ("fr", 1.5),
    ("nl", 1.0),
    ("vi", 1.0),
    ("hu", 1.0),
    ("mk", 1.0),
    ("ti", 0.5),
    ("so", 0.5),
];
/// Languages of (Spät-)Aussiedler families.
const HERITAGE_AUSSIEDLER: [(&str, f64); 4] =
    [("ru", 70.0), ("pl", 20.0), ("kk", 5.0), ("ro", 5.0)];
/// Probability of listing a heritage language, by latent type.
const LISTS_HERITAGE: [f64; 7] = [0.0, 0.92, 0.80, 0.88, 0.75, 0.40, 0.30];
/// English (and other school languages) for advising citizens, by level.
const ENGLISH_BY_LEVEL: [f64; 4] = [0.10, 0.25, 0.40, 0.55];

fn pick_lang(rng: &mut impl Rng, table: &[(&'static str, f64)]) -> &'static str {
    let w: Vec<f64> = table.iter().map(|(_, w)| *w).collect();
    table[pick(rng, &w)].0
}

/// The languages (besides German) a respondent can advise citizens in, sorted and unique.
pub fn draw_languages(rng: &mut impl Rng, t: Latent, c: Cell, out: &mut Vec<&'static str>) {
    out.clear();
    if rng.random::<f64>() < LISTS_HERITAGE[usize::from(t.code())] {
        let table: &[(&str, f64)] = if t == Latent::ImmigratedGerman {
            &HERITAGE_AUSSIEDLER
        } else {
            &HERITAGE
        };
        let first = pick_lang(rng, table);
        out.push(first);
        if first == "tr" && rng.random::<f64>() < 0.15 {
            out.push("ku");
        }
        if rng.random::<f64>() < 0.12 {
            out.push(pick_lang(rng, table));
        }
    }
    if rng.random::<f64>() < ENGLISH_BY_LEVEL[c.level] {
        out.push("en");
    }
    let school = if c.level >= GEHOBEN { 0.10 } else { 0.04 };
    if rng.random::<f64>() < school {
        out.push("fr");
    }
    if rng.random::<f64>() < 0.03 {
        out.push("es");
    }
    if rng.random::<f64>() < 0.015 {
        out.push("nl");
    }
    out.sort_unstable();
    out.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;
    use abbild_core::{Class, Definition, FieldCatalog};
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn cell_index_round_trips() {
        for i in 0..CELLS {
            assert_eq!(Cell::from_index(i).index(), i);
        }
    }

    #[test]
    fn field_codes_follow_the_default_catalog() {
        let cat = FieldCatalog::default();
        assert_eq!(cat.codes(), FIELD_CODES.to_vec());
    }

    #[test]
    fn complete_answers_match_the_latent_type() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let c = Cell {
            field: VERWALTUNG,
            level: 1,
            status: TARIF,
            lead: false,
            age: 2,
            sex: 0,
        };
        for t in Latent::ALL {
            for _ in 0..2000 {
                let a = draw_answers(&mut rng, t, c);
                let eg = Definition::Eg.classify(a);
                if eg != Class::Unknown {
                    assert_eq!(eg == Class::With, t.is_eg(), "{t:?}");
                }
                let nrw = Definition::EgNrw.classify(a);
                if t != Latent::None && t != Latent::ThirdGen && nrw != Class::Unknown {
                    assert_eq!(nrw, Class::With, "{t:?}");
                }
                if t == Latent::None {
                    for d in Definition::ALL {
                        assert_ne!(d.classify(a), Class::With);
                    }
                }
            }
        }
    }

    #[test]
    fn apprentices_are_young_and_never_lead() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let s = Structure {
            field_weights: SizeClass::Large.field_weights(),
            beamte_factor: 1.0,
        };
        for _ in 0..50_000 {
            let c = draw_cell(&mut rng, &s);
            if c.status == AZUBI {
                assert!(c.age <= 1 && !c.lead && c.level != EINFACH);
            }
            if c.level == HOEHER {
                assert_ne!(c.age, 0);
            }
        }
    }
}
