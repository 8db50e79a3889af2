//! Percentiles and the per-path / overall summary of a run.

use serde::Serialize;
use std::collections::BTreeMap;

/// Nearest-rank percentile of ascending `sorted` samples: the smallest sample such that at
/// least `p` % of all samples are ≤ it. Always an observed value (no interpolation), so p100
/// is the maximum and small samples are not flattered. `None` for no samples; `p` is clamped
/// to `0..=100` (p0 is the minimum).
pub fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let p = if p.is_nan() {
        100.0
    } else {
        p.clamp(0.0, 100.0)
    };
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted.get(rank.saturating_sub(1)).copied()
}

/// What one session observed for one path.
#[derive(Debug, Default, Clone)]
pub struct PathTally {
    /// Latencies of `200 OK` answers, in milliseconds (body read completely).
    pub ok_ms: Vec<f64>,
    /// Answers with another status, by status code.
    pub non_200: BTreeMap<u16, u64>,
    /// Requests without an answer (connection refused, timeout, broken body).
    pub errors: u64,
}

impl PathTally {
    pub fn merge(&mut self, other: PathTally) {
        self.ok_ms.extend(other.ok_ms);
        for (status, n) in other.non_200 {
            *self.non_200.entry(status).or_default() += n;
        }
        self.errors += other.errors;
    }
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// The path, or `"overall"`.
    pub path: String,
    /// Answers with status 200: the ones the latencies are about.
    pub requests: u64,
    /// Answers with another status (a 303 to `/anmelden` means the session was lost).
    pub non_200: u64,
    /// Requests that got no answer.
    pub errors: u64,
    /// `requests` per second of the measured wall time.
    pub throughput_rps: f64,
    pub p50_ms: Option<f64>,
    pub p95_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub max_ms: Option<f64>,
    /// The non-200 answers by status code.
    pub statuses: BTreeMap<u16, u64>,
}

impl Summary {
    /// Sorts the samples of `tally` and summarises them over `elapsed_s` seconds.
    pub fn new(path: &str, mut tally: PathTally, elapsed_s: f64) -> Self {
        tally.ok_ms.sort_by(f64::total_cmp);
        let s = &tally.ok_ms;
        let requests = s.len() as u64;
        Summary {
            path: path.to_owned(),
            requests,
            non_200: tally.non_200.values().sum(),
            errors: tally.errors,
            throughput_rps: if elapsed_s > 0.0 {
                requests as f64 / elapsed_s
            } else {
                0.0
            },
            p50_ms: percentile(s, 50.0),
            p95_ms: percentile(s, 95.0),
            p99_ms: percentile(s, 99.0),
            max_ms: s.last().copied(),
            statuses: tally.non_200,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank() {
        let s: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&s, 50.0), Some(50.0));
        assert_eq!(percentile(&s, 95.0), Some(95.0));
        assert_eq!(percentile(&s, 99.0), Some(99.0));
        assert_eq!(percentile(&s, 100.0), Some(100.0));
        assert_eq!(percentile(&s, 0.0), Some(1.0));
        assert_eq!(percentile(&s, 99.5), Some(100.0));
    }

    #[test]
    fn small_and_degenerate_samples() {
        assert_eq!(percentile(&[], 50.0), None);
        assert_eq!(percentile(&[7.0], 0.0), Some(7.0));
        assert_eq!(percentile(&[7.0], 99.0), Some(7.0));
        // Ten samples: p95 and p99 are the maximum, p50 the fifth value.
        let s: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(percentile(&s, 50.0), Some(5.0));
        assert_eq!(percentile(&s, 95.0), Some(10.0));
        assert_eq!(percentile(&s, 90.0), Some(9.0));
        // Out-of-range p is clamped.
        assert_eq!(percentile(&s, 150.0), Some(10.0));
        assert_eq!(percentile(&s, -5.0), Some(1.0));
        assert_eq!(percentile(&s, f64::NAN), Some(10.0));
    }

    #[test]
    fn summary_sorts_and_counts() {
        let mut a = PathTally {
            ok_ms: vec![30.0, 10.0, 20.0],
            ..PathTally::default()
        };
        a.non_200.insert(303, 2);
        let mut b = PathTally {
            ok_ms: vec![40.0],
            errors: 1,
            ..PathTally::default()
        };
        b.non_200.insert(303, 1);
        b.non_200.insert(500, 4);
        a.merge(b);
        let s = Summary::new("/stadt/05916000", a, 2.0);
        assert_eq!(s.requests, 4);
        assert_eq!(s.non_200, 7);
        assert_eq!(s.errors, 1);
        assert_eq!(s.throughput_rps, 2.0);
        assert_eq!(s.p50_ms, Some(20.0));
        assert_eq!(s.p95_ms, Some(40.0));
        assert_eq!(s.max_ms, Some(40.0));
        assert_eq!(s.statuses, BTreeMap::from([(303, 3), (500, 4)]));

        let empty = Summary::new("x", PathTally::default(), 0.0);
        assert_eq!(
            (empty.requests, empty.throughput_rps, empty.p50_ms),
            (0, 0.0, None)
        );
    }
}
