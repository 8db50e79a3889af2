//! `abbild-loadgen`: page latency of a running abbild web server, measured with many logged-in
//! sessions at once over loopback.
//!
//! Each of `--sessions` concurrent sessions logs in once (see [`session::login`] for the
//! contract), then, after all logins are done, requests the `--path`s in turn for
//! `--duration` seconds. Only `200` answers give latencies; other statuses and failed
//! requests are counted separately. The report gives per path and overall: requests,
//! non-200, errors, throughput and p50/p95/p99/max in milliseconds.

mod csrf;
mod session;
mod stats;

use anyhow::{bail, Context, Result};
use clap::{Parser, ValueEnum};
use reqwest::Url;
use serde::Serialize;
use session::{Plan, SessionResult};
use stats::{PathTally, Summary};
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{Barrier, Semaphore};

#[derive(Debug, Parser)]
#[command(
    name = "abbild-loadgen",
    version,
    about = "Misst die Antwortzeiten eines laufenden abbild-Webservers mit vielen angemeldeten Sitzungen",
    after_help = "Beispiel:\n  abbild-loadgen --base http://127.0.0.1:8080 --user NAME --password PW \\\n    --sessions 50 --duration 20 --path /stadt/05916000 --path /stadt/05916000/felder"
)]
struct Cli {
    /// Base URL of the web server.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    base: Url,
    /// Login name (all sessions use the same account).
    #[arg(long, env = "ABBILD_LOADGEN_USER")]
    user: String,
    /// Password; prefer the environment variable, which stays out of the process list.
    #[arg(long, env = "ABBILD_LOADGEN_PASSWORD", hide_env_values = true)]
    password: String,
    /// Number of concurrent sessions.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    sessions: u32,
    /// Measurement time in seconds, after all sessions have logged in.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
    duration: u64,
    /// Page to request, relative to --base (repeatable; requested in turn).
    #[arg(long = "path", required = true, value_name = "PATH")]
    paths: Vec<String>,
    /// Output format of the report.
    #[arg(long, value_enum, default_value_t = Output::Text)]
    output: Output,
    /// Timeout per request in seconds.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    timeout: u64,
    /// How many sessions may log in at the same time (password hashing is slow on purpose).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..))]
    login_concurrency: u32,
    /// Worker threads of the load generator; keep it low so it does not take the server's
    /// cores on a small machine.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=64))]
    threads: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Output {
    /// Aligned table for people.
    Text,
    /// One JSON object for scripts.
    Json,
}

/// The machine-readable report (`--output json`).
#[derive(Debug, Serialize)]
struct Report {
    base: String,
    sessions: u32,
    logins_ok: u32,
    logins_failed: u32,
    /// Why the first failed login failed.
    login_error: Option<String>,
    duration_s: u64,
    /// Wall time from the common start until the last session finished its last request.
    elapsed_s: f64,
    paths: Vec<Summary>,
    overall: Summary,
    /// The first request error seen (all of them are counted).
    first_error: Option<String>,
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let plan = plan(&cli)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cli.threads as usize)
        .enable_all()
        .build()
        .context("tokio runtime")?;
    let report = runtime.block_on(measure(&cli, plan))?;
    let mut out = std::io::stdout().lock();
    match cli.output {
        Output::Text => out.write_all(render_text(&report).as_bytes())?,
        Output::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// `{base}{path}`: paths are relative to the base, which may itself have a path prefix.
fn join(base: &Url, path: &str) -> Result<Url> {
    if !path.starts_with('/') {
        bail!("--path {path:?} must start with '/'");
    }
    let raw = format!("{}{path}", base.as_str().trim_end_matches('/'));
    Url::parse(&raw).with_context(|| format!("URL {raw:?}"))
}

fn plan(cli: &Cli) -> Result<Plan> {
    if !matches!(cli.base.scheme(), "http" | "https") {
        bail!("--base must be an http URL, not {}", cli.base);
    }
    Ok(Plan {
        login_url: join(&cli.base, "/anmelden")?,
        user: cli.user.clone(),
        password: cli.password.clone(),
        urls: cli
            .paths
            .iter()
            .map(|p| join(&cli.base, p))
            .collect::<Result<_>>()?,
        duration: Duration::from_secs(cli.duration),
        timeout: Duration::from_secs(cli.timeout),
    })
}

async fn measure(cli: &Cli, plan: Plan) -> Result<Report> {
    let plan = Arc::new(plan);
    let sessions = cli.sessions as usize;
    let logins = Arc::new(Semaphore::new(cli.login_concurrency as usize));
    // Every session plus this task: the clock starts when the last login is done.
    let start = Arc::new(Barrier::new(sessions + 1));
    let mut tasks = tokio::task::JoinSet::new();
    for index in 0..sessions {
        tasks.spawn(session::run(
            index,
            Arc::clone(&plan),
            Arc::clone(&logins),
            Arc::clone(&start),
        ));
    }
    start.wait().await;
    let t0 = Instant::now();
    let mut results = Vec::with_capacity(sessions);
    while let Some(joined) = tasks.join_next().await {
        results.push(joined.context("session task")?);
    }
    let elapsed_s = t0.elapsed().as_secs_f64();
    build_report(cli, &plan, results, elapsed_s)
}

fn build_report(
    cli: &Cli,
    plan: &Plan,
    results: Vec<SessionResult>,
    elapsed_s: f64,
) -> Result<Report> {
    let mut per_path = vec![PathTally::default(); plan.urls.len()];
    let (mut logins_ok, mut logins_failed) = (0, 0);
    let (mut login_error, mut first_error) = (None, None);
    for r in results {
        match r.login {
            Ok(()) => logins_ok += 1,
            Err(e) => {
                logins_failed += 1;
                login_error.get_or_insert(e);
            }
        }
        if first_error.is_none() {
            first_error = r.first_error;
        }
        for (total, tally) in per_path.iter_mut().zip(r.tallies) {
            total.merge(tally);
        }
    }
    if logins_ok == 0 {
        bail!(
            "no session could log in: {}",
            login_error.unwrap_or_default()
        );
    }
    let mut overall = PathTally::default();
    let mut paths = Vec::with_capacity(per_path.len());
    for (path, tally) in cli.paths.iter().zip(per_path) {
        overall.merge(tally.clone());
        paths.push(Summary::new(path, tally, elapsed_s));
    }
    Ok(Report {
        base: cli.base.to_string(),
        sessions: cli.sessions,
        logins_ok,
        logins_failed,
        login_error,
        duration_s: cli.duration,
        elapsed_s,
        paths,
        overall: Summary::new("overall", overall, elapsed_s),
        first_error,
    })
}

fn ms(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_owned(), |x| format!("{x:.1}"))
}

fn render_text(r: &Report) -> String {
    let mut s = format!(
        "abbild-loadgen: {} · {} Sitzungen ({} angemeldet, {} fehlgeschlagen) · {:.2} s gemessen\n",
        r.base, r.sessions, r.logins_ok, r.logins_failed, r.elapsed_s
    );
    if let Some(e) = &r.login_error {
        s.push_str(&format!("Anmeldung fehlgeschlagen: {e}\n"));
    }
    s.push('\n');
    let w = r
        .paths
        .iter()
        .map(|p| p.path.chars().count())
        .chain([7])
        .max()
        .unwrap_or(7);
    s.push_str(&format!(
        "{:<w$}  {:>9}  {:>7}  {:>6}  {:>8}  {:>8}  {:>8}  {:>8}  {:>8}\n",
        "path", "requests", "non-200", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms"
    ));
    for line in r.paths.iter().chain([&r.overall]) {
        s.push_str(&format!(
            "{:<w$}  {:>9}  {:>7}  {:>6}  {:>8.1}  {:>8}  {:>8}  {:>8}  {:>8}\n",
            line.path,
            line.requests,
            line.non_200,
            line.errors,
            line.throughput_rps,
            ms(line.p50_ms),
            ms(line.p95_ms),
            ms(line.p99_ms),
            ms(line.max_ms),
        ));
    }
    if !r.overall.statuses.is_empty() {
        let statuses: Vec<String> = r
            .overall
            .statuses
            .iter()
            .map(|(status, n)| format!("{status} ×{n}"))
            .collect();
        s.push_str(&format!("\nnon-200: {}\n", statuses.join(", ")));
    }
    if let Some(e) = &r.first_error {
        s.push_str(&format!("erster Fehler: {e}\n"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cli(args: &[&str]) -> Cli {
        let mut all = vec!["abbild-loadgen", "--user", "u", "--password", "p"];
        all.extend_from_slice(args);
        Cli::try_parse_from(all).unwrap()
    }

    #[test]
    fn cli_parses_repeated_paths_and_defaults() {
        let c = cli(&[
            "--path",
            "/stadt/05916000",
            "--path",
            "/stadt/05916000/felder",
        ]);
        assert_eq!(c.paths, ["/stadt/05916000", "/stadt/05916000/felder"]);
        assert_eq!((c.sessions, c.duration, c.output), (50, 20, Output::Text));
        let c = cli(&["--path", "/", "--output", "json", "--sessions", "3"]);
        assert_eq!((c.sessions, c.output), (3, Output::Json));
        assert!(Cli::try_parse_from(["abbild-loadgen", "--user", "u", "--password", "p"]).is_err());
        assert!(Cli::try_parse_from([
            "abbild-loadgen",
            "--user",
            "u",
            "--password",
            "p",
            "--path",
            "/",
            "--sessions",
            "0"
        ])
        .is_err());
    }

    #[test]
    fn urls_join_base_and_path() {
        let base = Url::parse("http://127.0.0.1:8080").unwrap();
        assert_eq!(
            join(&base, "/stadt/05916000").unwrap().as_str(),
            "http://127.0.0.1:8080/stadt/05916000"
        );
        let prefixed = Url::parse("http://127.0.0.1:8080/abbild/").unwrap();
        assert_eq!(
            join(&prefixed, "/anmelden").unwrap().as_str(),
            "http://127.0.0.1:8080/abbild/anmelden"
        );
        assert!(join(&base, "stadt").is_err());
    }

    #[test]
    fn report_merges_sessions_and_renders() {
        let c = cli(&["--path", "/a", "--path", "/b", "--sessions", "3"]);
        let p = plan(&c).unwrap();
        let tally = |ok: &[f64], errors| PathTally {
            ok_ms: ok.to_vec(),
            errors,
            ..PathTally::default()
        };
        let mut lost = tally(&[], 0);
        lost.non_200.insert(303, 2);
        let results = vec![
            SessionResult {
                login: Ok(()),
                tallies: vec![tally(&[10.0, 30.0], 0), tally(&[5.0], 1)],
                first_error: Some("GET /b: timeout".to_owned()),
            },
            SessionResult {
                login: Ok(()),
                tallies: vec![tally(&[20.0], 0), lost],
                first_error: None,
            },
            SessionResult {
                login: Err("POST: status 403".to_owned()),
                tallies: vec![],
                first_error: None,
            },
        ];
        let r = build_report(&c, &p, results, 2.0).unwrap();
        assert_eq!((r.logins_ok, r.logins_failed), (2, 1));
        assert_eq!(r.paths[0].requests, 3);
        assert_eq!(r.paths[0].p50_ms, Some(20.0));
        assert_eq!(
            (r.paths[1].requests, r.paths[1].non_200, r.paths[1].errors),
            (1, 2, 1)
        );
        assert_eq!(r.overall.requests, 4);
        assert_eq!(r.overall.throughput_rps, 2.0);
        assert_eq!(r.overall.max_ms, Some(30.0));
        let text = render_text(&r);
        assert!(text.contains("overall"), "{text}");
        assert!(text.contains("non-200: 303 ×2"), "{text}");
        assert!(text.contains("POST: status 403"), "{text}");
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["overall"]["requests"], 4);
        assert_eq!(json["paths"][1]["statuses"]["303"], 2);

        let none_logged_in = vec![SessionResult {
            login: Err("refused".to_owned()),
            tallies: vec![],
            first_error: None,
        }];
        let e = build_report(&c, &p, none_logged_in, 1.0).unwrap_err();
        assert!(e.to_string().contains("refused"));
    }
}
