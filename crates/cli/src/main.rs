//! `abbild`: the command line. Parses arguments into domain newtypes, calls the shared
//! services, and renders only released results.

// Printing is this binary's job.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod cli;
mod commands;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let args = cli::Cli::parse();
    match commands::run(args) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
