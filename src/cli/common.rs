//! What every subcommand shares: finding and loading the bundle, and reporting failures.

use codegroup::Dataset;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Where `build-data` writes the bundle and every other command reads it, relative to the repository root.
pub const DEFAULT_BUNDLE: &str = "data/out/codegroup.bundle";

/// `--bundle`, else `$CODEGROUP_BUNDLE`, else the default path.
pub fn bundle_path(explicit: Option<&Path>) -> PathBuf {
    explicit
        .map(Path::to_path_buf)
        .or_else(|| std::env::var_os("CODEGROUP_BUNDLE").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(DEFAULT_BUNDLE))
}

/// Load the bundle or explain what to do.
pub fn load_dataset(explicit: Option<&Path>) -> Result<Dataset, String> {
    let path = bundle_path(explicit);
    let bytes = std::fs::read(&path).map_err(|e| {
        format!(
            "cannot read the data bundle at {} ({e}). Build it first with `codegroup build-data`.",
            path.display()
        )
    })?;
    Dataset::from_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// The process could not do its work (not a usage error): message on stderr, exit status 1.
pub fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("codegroup: {message}");
    ExitCode::from(1)
}

/// The user asked for something malformed: message on stderr, exit status 2.
pub fn usage_error(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("codegroup: {message}");
    ExitCode::from(2)
}
