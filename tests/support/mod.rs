//! What the integration tests share: the bundle built by `codegroup build-data`, and (for the
//! grouping tests) the HRG reference read afresh from `../shared/data/sources` and
//! the maps in `data/hrg/` (so the tests check the maps as they are now).
// Each test crate that includes this module uses only part of it.
#![allow(dead_code)]

use codegroup::grouping::Reference;
use codegroup::{build, Classification, Dataset};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn sources() -> PathBuf {
    repo().join("../shared/data/sources")
}

pub fn reference() -> &'static Reference {
    static R: OnceLock<Reference> = OnceLock::new();
    R.get_or_init(|| build::hrg::read_reference(&sources(), &repo().join("data")).expect("reference data").0)
}

pub fn bundle_path() -> PathBuf {
    repo().join("data/out/codegroup.bundle")
}

/// The real bundle, loaded once per test binary.
pub fn dataset() -> &'static Dataset {
    static D: OnceLock<Dataset> = OnceLock::new();
    D.get_or_init(|| {
        let path = bundle_path();
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}; run `cargo run --release -- build-data` first", path.display()));
        Dataset::from_bytes(&bytes).expect("the built bundle loads")
    })
}

pub fn classification() -> &'static Classification {
    &dataset().classification
}
