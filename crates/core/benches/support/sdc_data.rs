//! Deterministic synthetic workloads for the protection step (W1 regional, W2 national).
//!
//! Respondents are drawn one by one from skewed categorical distributions (log-normal weights
//! per city/municipality, field, level within field, age; class share about 20 % varying by
//! field), so there are many small cells, as in real staff surveys. Every combination is a
//! row, also with count 0.

#![allow(dead_code)]

use abbild_core::sdc::{Config, Microdata, Publish};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = rng.random::<f64>().max(1e-12);
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

fn lognormal_weights(rng: &mut ChaCha8Rng, n: usize, sigma: f64) -> Vec<f64> {
    (0..n).map(|_| (sigma * normal(rng)).exp()).collect()
}

/// Cumulative distribution of non-negative weights.
fn cdf(w: &[f64]) -> Vec<f64> {
    let total: f64 = w.iter().sum();
    let mut acc = 0.0;
    w.iter()
        .map(|x| {
            acc += x / total;
            acc
        })
        .collect()
}

fn draw(rng: &mut ChaCha8Rng, cdf: &[f64]) -> usize {
    let u: f64 = rng.random();
    cdf.iter().position(|&c| u < c).unwrap_or(cdf.len() - 1)
}

fn labels(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}{i:02}")).collect()
}

/// W1: 10 cities × 11 fields × 4 levels × 3 statuses × 6 age bands × 2 classes (15,840 cells),
/// about 20,000 respondents; the three published tables of issue 3.
pub fn w1(seed: u64) -> (Microdata, Vec<Publish>) {
    w1_cities(seed, None)
}

/// W1 restricted to one city (its own three tables), or all cities with `None`.
pub fn w1_cities(seed: u64, only: Option<u32>) -> (Microdata, Vec<Publish>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (nc, nf, nl, ns, na) = (10usize, 11usize, 4usize, 3usize, 6usize);
    let city = cdf(&[5.0, 3.5, 3.0, 2.5, 2.0, 1.5, 1.2, 1.0, 0.8, 0.6]);
    let fields: Vec<Vec<f64>> = (0..nc)
        .map(|_| cdf(&lognormal_weights(&mut rng, nf, 1.0)))
        .collect();
    let levels: Vec<Vec<f64>> = (0..nf)
        .map(|_| cdf(&lognormal_weights(&mut rng, nl, 0.8)))
        .collect();
    let status = cdf(&[0.3, 0.62, 0.08]);
    let age = cdf(&[0.08, 0.2, 0.22, 0.22, 0.2, 0.08]);
    let share: Vec<f64> = (0..nc * nf)
        .map(|_| (0.2 * (0.4 * normal(&mut rng)).exp()).min(0.6))
        .collect();
    let mut counts = vec![0u64; nc * nf * nl * ns * na * 2];
    for _ in 0..20_000 {
        let c = draw(&mut rng, &city);
        let f = draw(&mut rng, &fields[c]);
        let l = draw(&mut rng, &levels[f]);
        let s = draw(&mut rng, &status);
        let a = draw(&mut rng, &age);
        let k = usize::from(rng.random::<f64>() < share[c * nf + f]);
        counts[((((c * nf + f) * nl + l) * ns + s) * na + a) * 2 + k] += 1;
    }
    let mut cells = Vec::with_capacity(counts.len());
    let mut i = 0;
    for c in 0..nc {
        for f in 0..nf {
            for l in 0..nl {
                for s in 0..ns {
                    for a in 0..na {
                        for k in 0..2 {
                            if only.is_some_and(|o| o != c as u32) {
                                i += 1;
                                continue;
                            }
                            cells.push((
                                vec![c as u32, f as u32, l as u32, s as u32, a as u32, k as u32],
                                counts[i],
                            ));
                            i += 1;
                        }
                    }
                }
            }
        }
    }
    let dims = ["city", "field", "level", "status", "age", "class"]
        .map(String::from)
        .to_vec();
    let lab = vec![
        labels("c", nc),
        labels("f", nf),
        labels("l", nl),
        labels("s", ns),
        labels("a", na),
        vec!["without".into(), "with".into()],
    ];
    let data = Microdata::from_coded(dims, lab, cells).unwrap();
    let publish = vec![
        Publish::new([0, 1, 2, 5]),
        Publish::new([0, 1, 4, 5]),
        Publish::new([0, 2, 3, 5]),
    ];
    (data, publish)
}

/// W2: `n_muni` municipalities in 16 states (state is a function of municipality),
/// 11 fields × 4 levels × 2 classes, `respondents` respondents; tables municipality × field ×
/// level × class and state × field × level × class with all margins.
pub fn w2(seed: u64, n_muni: usize, respondents: usize) -> (Microdata, Vec<Publish>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (nf, nl, nst) = (11usize, 4usize, 16usize);
    // Municipality sizes: heavy tail (a few big cities, many villages).
    let sizes: Vec<f64> = (0..n_muni)
        .map(|_| (1.6 * normal(&mut rng)).exp())
        .collect();
    let muni = cdf(&sizes);
    let state_of: Vec<u32> = (0..n_muni).map(|m| ((m * 7919) % nst) as u32).collect();
    let fields = cdf(&lognormal_weights(&mut rng, nf, 1.0));
    let levels: Vec<Vec<f64>> = (0..nf)
        .map(|_| cdf(&lognormal_weights(&mut rng, nl, 0.8)))
        .collect();
    let mut counts = vec![0u64; n_muni * nf * nl * 2];
    for _ in 0..respondents {
        let m = draw_bisect(&mut rng, &muni);
        let f = draw(&mut rng, &fields);
        let l = draw(&mut rng, &levels[f]);
        let k = usize::from(rng.random::<f64>() < 0.2);
        counts[((m * nf + f) * nl + l) * 2 + k] += 1;
    }
    let mut cells = Vec::with_capacity(counts.len());
    let mut i = 0;
    for (m, state) in state_of.iter().enumerate().take(n_muni) {
        for f in 0..nf {
            for l in 0..nl {
                for k in 0..2 {
                    cells.push((
                        vec![m as u32, *state, f as u32, l as u32, k as u32],
                        counts[i],
                    ));
                    i += 1;
                }
            }
        }
    }
    let dims = ["municipality", "state", "field", "level", "class"]
        .map(String::from)
        .to_vec();
    let lab = vec![
        labels("m", n_muni),
        labels("st", nst),
        labels("f", nf),
        labels("l", nl),
        vec!["without".into(), "with".into()],
    ];
    let data = Microdata::from_coded(dims, lab, cells).unwrap();
    let publish = vec![Publish::new([0, 2, 3, 4]), Publish::new([1, 2, 3, 4])];
    (data, publish)
}

fn draw_bisect(rng: &mut ChaCha8Rng, cdf: &[f64]) -> usize {
    let u: f64 = rng.random();
    cdf.partition_point(|&c| c <= u).min(cdf.len() - 1)
}

/// The default configuration used in the benchmarks.
pub fn config() -> Config {
    Config::default()
}

/// A random 3-way table with two linked published tables, for baseline comparisons.
pub fn random(seed: u64) -> (Microdata, Vec<Publish>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let sizes = [4usize, 6, 5];
    let mut cells = Vec::new();
    for a in 0..sizes[0] {
        for b in 0..sizes[1] {
            for c in 0..sizes[2] {
                let n = ((1.2 * normal(&mut rng) + 1.0).exp()).floor() as u64;
                cells.push((vec![a as u32, b as u32, c as u32], n));
            }
        }
    }
    let dims = ["a", "b", "c"].map(String::from).to_vec();
    let lab = sizes
        .iter()
        .enumerate()
        .map(|(d, &n)| labels(&format!("v{d}"), n))
        .collect();
    let data = Microdata::from_coded(dims, lab, cells).unwrap();
    (
        data,
        vec![
            Publish::new([0, 1]),
            Publish::new([1, 2]),
            Publish::new([0, 2]),
        ],
    )
}
