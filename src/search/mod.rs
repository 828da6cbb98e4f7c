//! Search over both classifications: codes in any written form, words as prefixes in any
//! order, typos, British and American spellings, synonyms and abbreviations.
//!
//! Data flows through the modules in this order:
//! - `text`: written text → index words (folding, canonical spelling), shared by build and query;
//! - `synonyms`: the authored synonym table (`data/synonyms.csv`) parser;
//! - `index`: [`IndexBuilder`] writes the bundle section `"search"`, [`Index::from_bytes`] reads it;
//! - `engine`: [`Index::search`] matches each query word as a set of concepts (`bitset`);
//! - `rank`: the named ranking rules ([`Rule`]) and tie-breaks.

mod bitset;
mod engine;
mod index;
mod rank;
mod synonyms;
mod text;

pub use engine::{typo_allowance, Hit, Query, Results, MAX_QUERY_CHARS};
pub use index::{Index, IndexBuilder, SECTION};
pub use rank::Rule;
pub use synonyms::{load_synonyms, SynonymRow};

#[cfg(test)]
mod tests;
