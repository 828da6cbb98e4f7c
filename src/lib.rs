//! Codegroup core: ICD-10 / OPCS-4 classification model, data bundle, search, and indicative
//! HRG4+ grouping and tariff. No browser or operating-system dependencies outside `build`
//! (the native-only data pipeline), so the same code runs in the CLI, the tests and WebAssembly.

pub mod bundle;
pub mod code;
pub mod dataset;
pub mod grouping;
pub mod model;
pub mod search;

#[cfg(feature = "native")]
pub mod build;

pub use dataset::Dataset;
pub use model::{Classification, Concept, ConceptId, Kind, System};
