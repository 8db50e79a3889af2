//! `abbild-survey-load`: survey intake of a running abbild server. Many concurrent clients post
//! one questionnaire each per access code to `POST /api/v1/survey/responses`; the report gives
//! acknowledged submissions per second and the latency percentiles of the acknowledgements.
//!
//! Usage: `abbild-survey-load --base http://127.0.0.1:8080 --codes codes.csv --clients 64`
//! (`codes.csv` as written by `abbild survey open`).

use anyhow::{bail, Context, Result};
use clap::Parser;
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Debug, Parser)]
#[command(
    name = "abbild-survey-load",
    about = "Misst die Annahme von Befragungsantworten"
)]
struct Cli {
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    base: String,
    /// CSV with a `code` header and one access code per line.
    #[arg(long)]
    codes: std::path::PathBuf,
    /// Concurrent clients.
    #[arg(long, default_value_t = 64)]
    clients: usize,
    /// Worker threads of the load generator.
    #[arg(long, default_value_t = 1)]
    threads: usize,
}

/// Nearest-rank percentile of sorted samples.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cli.threads.max(1))
        .enable_all()
        .build()?
        .block_on(run(cli))
}

async fn run(cli: Cli) -> Result<()> {
    let text = std::fs::read_to_string(&cli.codes)
        .with_context(|| format!("{} lesen", cli.codes.display()))?;
    let codes: Vec<String> = text.lines().skip(1).map(str::to_owned).collect();
    if codes.is_empty() {
        bail!("keine Codes in {}", cli.codes.display());
    }
    let url = format!("{}/api/v1/survey/responses", cli.base.trim_end_matches('/'));
    let client = reqwest::Client::builder()
        .tcp_nodelay(true)
        .pool_max_idle_per_host(cli.clients)
        .build()?;
    let codes = Arc::new(codes);
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..cli.clients {
        let (client, url, codes, next) = (client.clone(), url.clone(), codes.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut other: Vec<u16> = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(code) = codes.get(i) else { break };
                let body = format!(
                    "{{\"code\":\"{code}\",\"answers\":{{\"self_born_abroad\":\"{}\",\"field\":\"kita\",\"level\":\"mittel\",\"age_from\":25,\"age_to\":34,\"languages\":[\"tr\"]}}}}",
                    if i % 4 == 0 { "yes" } else { "no" }
                );
                let t = Instant::now();
                let r = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await;
                match r {
                    Ok(r) if r.status().as_u16() == 201 => {
                        let _ = r.bytes().await;
                        lat.push(t.elapsed());
                    }
                    Ok(r) => other.push(r.status().as_u16()),
                    Err(_) => other.push(0),
                }
            }
            (lat, other)
        }));
    }
    let mut lat = Vec::new();
    let mut other = Vec::new();
    for t in tasks {
        let (l, o) = t.await?;
        lat.extend(l);
        other.extend(o);
    }
    let elapsed = start.elapsed();
    lat.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} acknowledged (201) in {:.2} s = {:.0}/s with {} clients; not acknowledged: {}; \
         p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        lat.len(),
        elapsed.as_secs_f64(),
        lat.len() as f64 / elapsed.as_secs_f64(),
        cli.clients,
        other.len(),
        ms(percentile(&lat, 50.0)),
        ms(percentile(&lat, 95.0)),
        ms(percentile(&lat, 99.0)),
        ms(lat.last().copied().unwrap_or_default()),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank() {
        let v: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&v, 50.0), Duration::from_millis(50));
        assert_eq!(percentile(&v, 99.0), Duration::from_millis(99));
        assert_eq!(percentile(&v, 100.0), Duration::from_millis(100));
        assert_eq!(percentile(&[], 50.0), Duration::ZERO);
    }
}
