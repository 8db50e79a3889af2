//! Turns a list of municipalities into the CSV files, one municipality at a time.

use crate::flows::Flows;
use crate::math::{bisect, logistic};
use crate::model::{
    draw_answers, draw_cell, draw_languages, draw_latent, eg_effect, response_weight, Cell, Latent,
    Structure, CELLS, FIELD_CODES, LEVELS, SEXES, STAFF_AGES, STATUSES,
};
use crate::population::{benchmark, FiveYearProfile};
use crate::{Generated, Progress, SynthError, Workload};
use abbild_core::records::Source;
use abbild_core::{Ags, Definition, Item};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Reference year of the staff file, survey wave, and year of the population benchmark.
pub const STAFF_YEAR: u16 = 2024;
pub const WAVE: u16 = 2024;
pub const POPULATION_YEAR: u16 = 2022;

/// One municipality as the driver needs it.
#[derive(Debug, Clone)]
pub struct Municipality {
    pub ags: Ags,
    /// Benchmark population (Zensus 2022).
    pub population: u64,
    /// Share with Einwanderungsgeschichte in the population.
    pub share: f64,
    /// Age-profile tilt of the population (> 0: older than the reference profile).
    pub age_tilt: f64,
    /// Headcount.
    pub staff: u64,
    /// Expected share with Einwanderungsgeschichte among the staff.
    pub staff_target: f64,
    /// Number of survey responses.
    pub responses: u64,
    pub structure: Structure,
}

/// The RNG of one workload and stream: the same (workload, seed, stream) gives the same draws.
pub fn rng_for(workload: Workload, seed: u64, stream: u64) -> ChaCha8Rng {
    let salt = match workload {
        Workload::W1 => 0x5731_a7e5_0000_0001,
        Workload::W2 => 0x5732_a7e5_0000_0002,
    };
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ salt);
    rng.set_stream(stream);
    rng
}

pub(crate) struct Csv {
    path: PathBuf,
    out: BufWriter<File>,
}

impl Csv {
    pub(crate) fn create(dir: &Path, name: &str, header: &str) -> Result<Self, SynthError> {
        let path = dir.join(name);
        let file = File::create(&path).map_err(|source| SynthError::Write {
            path: path.clone(),
            source,
        })?;
        let mut csv = Csv {
            path,
            out: BufWriter::with_capacity(1 << 20, file),
        };
        csv.write(header.as_bytes())?;
        csv.write(b"\n")?;
        Ok(csv)
    }
    pub(crate) fn write(&mut self, bytes: &[u8]) -> Result<(), SynthError> {
        self.out
            .write_all(bytes)
            .map_err(|source| SynthError::Write {
                path: self.path.clone(),
                source,
            })
    }
    pub(crate) fn finish(mut self) -> Result<PathBuf, SynthError> {
        self.out.flush().map_err(|source| SynthError::Write {
            path: self.path.clone(),
            source,
        })?;
        let file = self.out.into_inner().map_err(|e| SynthError::Write {
            path: self.path.clone(),
            source: e.into_error(),
        })?;
        file.sync_all().map_err(|source| SynthError::Write {
            path: self.path.clone(),
            source,
        })?;
        Ok(self.path)
    }
}

fn push_u64(buf: &mut Vec<u8>, mut v: u64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        // v % 10 < 10, so the cast keeps the digit.
        tmp[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

/// `field,level,status,leadership,age_from,age_to,sex` of every cell.
fn segment_strings() -> Vec<String> {
    (0..CELLS)
        .map(|i| {
            let c = Cell::from_index(i);
            let (from, to) = STAFF_AGES[c.age];
            format!(
                "{},{},{},{},{},{},{}",
                FIELD_CODES[c.field],
                LEVELS[c.level].code(),
                STATUSES[c.status].code(),
                if c.lead { "yes" } else { "no" },
                from,
                to,
                SEXES[c.sex].code()
            )
        })
        .collect()
}

/// One person of a municipality while respondents are drawn.
#[derive(Clone, Copy)]
struct Person {
    cell: u16,
    latent: u8,
    weight: f32,
}

/// Selects exactly `k` of `persons` with inclusion probabilities proportional to their
/// weights (capped at 1), by systematic sampling over the (shuffled) list.
fn select(rng: &mut impl Rng, persons: &[Person], k: usize) -> Vec<usize> {
    let n = persons.len();
    if k >= n {
        return (0..n).collect();
    }
    if k == 0 {
        return Vec::new();
    }
    let mut pi: Vec<f64> = persons.iter().map(|p| f64::from(p.weight)).collect();
    // Cap at 1 and redistribute until no probability exceeds 1.
    let mut fixed = vec![false; n];
    loop {
        let free_sum: f64 = pi
            .iter()
            .zip(&fixed)
            .filter(|(_, f)| !**f)
            .map(|(w, _)| *w)
            .sum();
        let fixed_count = fixed.iter().filter(|f| **f).count();
        let room = (k - fixed_count) as f64;
        let mut changed = false;
        for i in 0..n {
            if !fixed[i] {
                let p = pi[i] * room / free_sum;
                if p >= 1.0 {
                    fixed[i] = true;
                    pi[i] = 1.0;
                    changed = true;
                }
            }
        }
        if !changed {
            for i in 0..n {
                if !fixed[i] {
                    pi[i] = pi[i] * room / free_sum;
                }
            }
            break;
        }
    }
    let mut chosen = Vec::with_capacity(k);
    let mut is_chosen = vec![false; n];
    let mut next = rng.random::<f64>();
    let mut cum = 0.0;
    for (i, p) in pi.iter().enumerate() {
        cum += p;
        if next < cum && chosen.len() < k {
            chosen.push(i);
            is_chosen[i] = true;
            next += 1.0;
        }
    }
    // Floating error can leave the last point just beyond the sum: fill from the end.
    for i in (0..n).rev() {
        if chosen.len() >= k {
            break;
        }
        if !is_chosen[i] {
            chosen.push(i);
        }
    }
    chosen
}

pub fn run(
    workload: Workload,
    seed: u64,
    munis: &[Municipality],
    profile: &FiveYearProfile,
    out_dir: &Path,
    progress: &mut dyn FnMut(Progress),
) -> Result<Generated, SynthError> {
    let segment_header = "field,level,status,leadership,age_from,age_to,sex";
    let items: Vec<&str> = Item::ALL.iter().map(|i| i.code()).collect();
    let mut staff = Csv::create(
        out_dir,
        "staff.csv",
        &format!("ags,year,{segment_header},headcount"),
    )?;
    let mut resp = Csv::create(
        out_dir,
        "responses.csv",
        &format!("ags,wave,{segment_header},{},languages", items.join(",")),
    )?;
    let mut pop = Csv::create(
        out_dir,
        "population.csv",
        "ags,year,definition,source,age_from,age_to,sex,persons,with_migration",
    )?;
    // The pipeline and exits files belong to the regional demo; W2 stays as SPEC §7 defines it.
    let mut flows = match workload {
        Workload::W1 => Some(Flows::create(out_dir)?),
        Workload::W2 => None,
    };
    let segments = segment_strings();
    let pop_prefix = format!(
        ",{},{},{},",
        POPULATION_YEAR,
        Definition::Eg.code(),
        Source::Zensus2022.code()
    );

    let mut g = Generated {
        files: Vec::new(),
        staff_rows: 0,
        headcount: 0,
        responses: 0,
        population_rows: 0,
        pipeline_rows: 0,
        exit_rows: 0,
        municipalities: munis.len() as u64,
    };
    let mut counts = vec![0u32; CELLS];
    let mut line: Vec<u8> = Vec::with_capacity(256);
    let mut langs: Vec<&'static str> = Vec::new();
    let mut persons: Vec<Person> = Vec::new();

    for (idx, m) in munis.iter().enumerate() {
        let mut rng = rng_for(workload, seed, 1 + idx as u64);
        let ags = m.ags.to_string();

        // Population benchmark.
        for cell in benchmark(profile, m.population, m.share, m.age_tilt) {
            line.clear();
            line.extend_from_slice(ags.as_bytes());
            line.extend_from_slice(pop_prefix.as_bytes());
            push_u64(&mut line, u64::from(cell.band.from));
            line.push(b',');
            push_u64(&mut line, u64::from(cell.band.to));
            line.push(b',');
            line.extend_from_slice(cell.sex.code().as_bytes());
            line.push(b',');
            push_u64(&mut line, cell.persons);
            line.push(b',');
            push_u64(&mut line, cell.with);
            line.push(b'\n');
            pop.write(&line)?;
            g.population_rows += 1;
        }

        // Staff segments.
        counts.iter_mut().for_each(|c| *c = 0);
        for _ in 0..m.staff {
            counts[draw_cell(&mut rng, &m.structure).index()] += 1;
        }
        let occupied: Vec<usize> = (0..CELLS).filter(|i| counts[*i] > 0).collect();
        for &i in &occupied {
            line.clear();
            line.extend_from_slice(ags.as_bytes());
            line.push(b',');
            push_u64(&mut line, u64::from(STAFF_YEAR));
            line.push(b',');
            line.extend_from_slice(segments[i].as_bytes());
            line.push(b',');
            push_u64(&mut line, u64::from(counts[i]));
            line.push(b'\n');
            staff.write(&line)?;
            g.staff_rows += 1;
            g.headcount += u64::from(counts[i]);
        }

        // Migration history: the intercept makes the expected staff share hit the target.
        let effects: Vec<(f64, f64)> = occupied
            .iter()
            .map(|&i| (f64::from(counts[i]), eg_effect(Cell::from_index(i))))
            .collect();
        let target = m.staff_target * m.staff as f64;
        let intercept = bisect(
            |l| {
                effects
                    .iter()
                    .map(|(n, e)| n * logistic(l + e))
                    .sum::<f64>()
                    - target
            },
            -15.0,
            15.0,
        );
        persons.clear();
        for (&i, (n, e)) in occupied.iter().zip(&effects) {
            let c = Cell::from_index(i);
            let p = logistic(intercept + e);
            for _ in 0..(*n as u32) {
                let t = draw_latent(&mut rng, c, p, m.staff_target);
                persons.push(Person {
                    // CELLS < 2^16.
                    cell: i as u16,
                    latent: t.code(),
                    weight: response_weight(c, t) as f32,
                });
            }
        }

        if let Some(f) = flows.as_mut() {
            f.pipeline(seed, idx, m)?;
            let people = persons.iter().map(|p| {
                (
                    Cell::from_index(usize::from(p.cell)),
                    Latent::from_code(p.latent).is_eg(),
                )
            });
            f.exits(seed, idx, m, people)?;
        }

        // Survey: exactly `responses` respondents, more likely where the weight is higher.
        persons.shuffle(&mut rng);
        let k = usize::try_from(m.responses)
            .unwrap_or(usize::MAX)
            .min(persons.len());
        let mut chosen = select(&mut rng, &persons, k);
        chosen.sort_by_key(|&j| (persons[j].cell, j));
        for j in chosen {
            let p = persons[j];
            let c = Cell::from_index(usize::from(p.cell));
            let t = Latent::from_code(p.latent);
            let a = draw_answers(&mut rng, t, c);
            draw_languages(&mut rng, t, c, &mut langs);
            line.clear();
            line.extend_from_slice(ags.as_bytes());
            line.push(b',');
            push_u64(&mut line, u64::from(WAVE));
            line.push(b',');
            line.extend_from_slice(segments[usize::from(p.cell)].as_bytes());
            for item in Item::ALL {
                line.push(b',');
                line.extend_from_slice(a.get(item).code().as_bytes());
            }
            line.push(b',');
            for (n, l) in langs.iter().enumerate() {
                if n > 0 {
                    line.push(b';');
                }
                line.extend_from_slice(l.as_bytes());
            }
            line.push(b'\n');
            resp.write(&line)?;
            g.responses += 1;
        }

        progress(Progress {
            municipalities_done: idx as u64 + 1,
            municipalities_total: munis.len() as u64,
            staff_rows: g.staff_rows,
            responses: g.responses,
        });
    }
    g.files = vec![staff.finish()?, resp.finish()?, pop.finish()?];
    if let Some(f) = flows {
        g.pipeline_rows = f.pipeline_rows;
        g.exit_rows = f.exit_rows;
        g.files.extend(f.finish()?);
    }
    Ok(g)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_u64_formats_like_display() {
        for v in [0u64, 7, 10, 99, 12_345, u64::MAX] {
            let mut b = Vec::new();
            push_u64(&mut b, v);
            assert_eq!(String::from_utf8(b).expect("ASCII digits"), v.to_string());
        }
    }

    #[test]
    fn select_takes_exactly_k() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for n in [1usize, 2, 3, 10, 101] {
            let persons: Vec<Person> = (0..n)
                .map(|i| Person {
                    cell: 0,
                    latent: 0,
                    weight: 1.0 + (i % 3) as f32,
                })
                .collect();
            for k in 0..=n {
                let mut s = select(&mut rng, &persons, k);
                assert_eq!(s.len(), k);
                s.sort_unstable();
                s.dedup();
                assert_eq!(s.len(), k);
            }
        }
    }
}
