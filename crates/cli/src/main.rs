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
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing_subscriber::filter::LevelFilter::WARN)
        .with_ansi(false)
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
