//! `abbild`: the command line. Parses arguments into domain newtypes, calls the shared
//! services, and renders only released results.

// Printing is this binary's job.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod cli;
mod commands;

use clap::Parser;

fn main() -> std::process::ExitCode {
    // The server's error log on stderr: failures only, never a survey code, an answer or an
    // address (docs/ANONYMITY.md); nothing of a request is logged.
    // `RUST_LOG=debug` etc. raises the level (a plain level only; the default is warnings).
    // Only abbild's own messages: the libraries below log connections with client addresses
    // and SQL at their verbose levels, which must never reach the log.
    use tracing_subscriber::prelude::*;
    let level = std::env::var("RUST_LOG")
        .ok()
        .and_then(|l| l.parse().ok())
        .unwrap_or(tracing_subscriber::filter::LevelFilter::WARN);
    let ours = tracing_subscriber::filter::filter_fn(move |m| {
        m.target().starts_with("abbild") && *m.level() <= level
    });
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_ansi(false)
                .with_filter(ours),
        )
        .init();
    let args = cli::Cli::parse();
    match commands::run(args) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
