//! `codegroup`: the native command line, a thin shell over the core library.
//! Each subcommand lives in its own module with its clap `Args` and a `run` function.

mod build_data;
mod common;
mod group;
mod search;
mod show;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "codegroup", version, about = "Offline ICD-10 / OPCS-4 code search and indicative HRG4+ grouping")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Download and verify the classification packages, read the reference data and write the bundle.
    BuildData(build_data::Args),
    /// Search ICD-10 and OPCS-4 by code, words, abbreviation or synonym.
    Search(search::Args),
    /// Show one code: title, hierarchy path and children.
    Show(show::Args),
    /// Group one case to an indicative HRG and price.
    Group(group::GroupArgs),
    /// Group every episode of an HRG4+ grouper input CSV.
    GroupBatch(group::BatchArgs),
    /// Share of national activity whose codes the authored HRG maps cover.
    Coverage(group::CoverageArgs),
}

fn main() -> ExitCode {
    // Behave like other Unix tools when piped into `head`: stop quietly instead of panicking.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match cli.command {
        Command::BuildData(args) => build_data::run(args),
        Command::Search(args) => search::run(args),
        Command::Show(args) => show::run(args),
        Command::Group(args) => group::run_group(args),
        Command::GroupBatch(args) => group::run_batch(args),
        Command::Coverage(args) => group::run_coverage(args),
    }
}
