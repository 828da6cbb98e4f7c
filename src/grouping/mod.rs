//! Indicative HRG4+ grouping and tariff.
//!
//! Data flows: `Reference` (built natively by `build::hrg`, stored in the bundle section
//! `"hrg"`), `Classification` and `Case` go into `engine::group`, which returns a `Grouping`
//! (HRG, price, trace, edits, what-if), or into `Grouper::outcome` (HRG, price, edits: what a
//! batch writes). The official Code-to-Group tables are not available, so roots come from code → root
//! maps in a normalised form (`code_map`, documented in `docs/hrg-tables.md`) that a trust can
//! replace with its own extract. Everything here is pure: no files, no clock, builds for wasm32.

pub mod apc;
pub mod batch;
pub mod case;
pub mod code_map;
pub mod edits;
pub mod engine;
pub mod index;
pub mod reference;

pub use case::{Admission, Age, Case, Sex};
pub use code_map::{CodeMap, MapRow};
pub use edits::{Edit, Warning};
pub use engine::{group, money, Candidate, CcScore, DrivenBy, Grouper, Grouping, Marginal, Outcome, Unbundled, INVALID_HRG};
pub use reference::{AecCondition, Band, CcList, GroupName, Hrg, Interventions, Mff, Reference, SpellPrices};

/// Bundle section holding the `Reference`.
pub const SECTION: &str = "hrg";
