//! The real reference figures the generator is calibrated on (Zensus 2022 extracts, see
//! `data/README.md`), embedded at compile time and parsed on use.

use crate::SynthError;
use abbild_core::Ags;

/// `data/ruhr_cities_zensus2022.csv`.
pub const RUHR_CITIES_CSV: &str = include_str!("../data/ruhr_cities_zensus2022.csv");
/// `data/de_nrw_age_einwanderungsgeschichte_zensus2022.csv`.
pub const AGE_PROFILE_CSV: &str =
    include_str!("../data/de_nrw_age_einwanderungsgeschichte_zensus2022.csv");

/// One Ruhr city of the Zensus extract.
#[derive(Debug, Clone, PartialEq)]
pub struct City {
    pub ags: Ags,
    pub name: String,
    /// Zensus 2022 population (15 May 2022).
    pub population: u64,
    /// Share "mit Einwanderungsgeschichte" as a fraction (0.278 for 27.8 %).
    pub share_eg: f64,
    /// Member of the Städtekooperation "Interkulturelle Städteregion Ruhr".
    pub member: bool,
}

fn bad(what: &str, line: usize, detail: &str) -> SynthError {
    SynthError::Data(format!("{what}, Zeile {line}: {detail}"))
}

/// All 11 cities of the extract (members and non-members), in file order.
pub fn ruhr_cities() -> Result<Vec<City>, SynthError> {
    const WHAT: &str = "ruhr_cities_zensus2022.csv";
    let mut out = Vec::new();
    for (i, line) in RUHR_CITIES_CSV.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split(',').collect();
        let [ags, name, pop, share, _foreign, member] = cols.as_slice() else {
            return Err(bad(WHAT, i + 1, "6 Spalten erwartet"));
        };
        let ags = Ags::parse(ags).map_err(|e| bad(WHAT, i + 1, &e.to_string()))?;
        let population = pop
            .parse::<u64>()
            .map_err(|_| bad(WHAT, i + 1, "Einwohnerzahl"))?;
        let share = share
            .parse::<f64>()
            .map_err(|_| bad(WHAT, i + 1, "Anteil in Prozent"))?;
        out.push(City {
            ags,
            name: (*name).to_owned(),
            population,
            share_eg: share / 100.0,
            member: *member == "yes",
        });
    }
    Ok(out)
}

/// Persons and persons with Einwanderungsgeschichte by 10-year age group (0–9, …, 70–79, 80+).
#[derive(Debug, Clone, PartialEq)]
pub struct TenYearProfile {
    pub persons: [f64; 9],
    pub with: [f64; 9],
}

/// The age profile of one region of the extract (`Deutschland` or `Nordrhein-Westfalen`).
pub fn age_profile(region: &str) -> Result<TenYearProfile, SynthError> {
    const WHAT: &str = "de_nrw_age_einwanderungsgeschichte_zensus2022.csv";
    const GROUPS: [&str; 9] = [
        "Unter 10 Jahre",
        "10 bis 19 Jahre",
        "20 bis 29 Jahre",
        "30 bis 39 Jahre",
        "40 bis 49 Jahre",
        "50 bis 59 Jahre",
        "60 bis 69 Jahre",
        "70 bis 79 Jahre",
        "80 Jahre und älter",
    ];
    let mut p = TenYearProfile {
        persons: [f64::NAN; 9],
        with: [f64::NAN; 9],
    };
    for (i, line) in AGE_PROFILE_CSV.lines().enumerate().skip(1) {
        let cols: Vec<&str> = line.split(',').collect();
        let [reg, group, category, persons] = cols.as_slice() else {
            return Err(bad(WHAT, i + 1, "4 Spalten erwartet"));
        };
        if *reg != region {
            continue;
        }
        let Some(g) = GROUPS.iter().position(|x| x == group) else {
            continue;
        };
        let slot = match *category {
            "Insgesamt" => &mut p.persons[g],
            "Mit Einwanderungsgeschichte" => &mut p.with[g],
            _ => continue,
        };
        *slot = persons
            .parse::<f64>()
            .map_err(|_| bad(WHAT, i + 1, "Personenzahl"))?;
    }
    if p.persons
        .iter()
        .chain(p.with.iter())
        .any(|v| !v.is_finite())
    {
        return Err(SynthError::Data(format!(
            "{WHAT}: Altersgruppen für {region} unvollständig"
        )));
    }
    Ok(p)
}
