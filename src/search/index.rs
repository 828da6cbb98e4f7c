//! The search index: written by [`IndexBuilder`] during the data build, stored as the bundle
//! section `"search"`, read back by [`Index::from_bytes`].
//!
//! Stored form (postcard):
//! - `words`: fst Map from index word → number of its posting list. Each title word is stored
//!   as written (folded, see `text`) and, when different, in its canonical spelling and as
//!   its stem.
//! - `postings`: per list, varint length then varint gaps between increasing concept ids.
//! - `synonyms`: fst Map from a synonym term's phrase key (`heart attack`, `fracture nof`), the
//!   term as written when its spelling differs (`appendicectomy`), and its loose key (any order and inflection, see `text::loose_key`) → number of its target list; `synonym_targets`: per list, varint length then the concept ids
//!   in table order (the order matters for ranking).
//! - `systems`: one byte per concept (0 = ICD-10, 1 = OPCS-4) for the system filter.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use levenshtein_automata::LevenshteinAutomatonBuilder;
use serde::{Deserialize, Serialize};

use super::bitset::ConceptSet;
use super::synonyms::SynonymRow;
use super::text;
use crate::bundle::{self, BundleError};
use crate::model::{Classification, ConceptId, System};

/// Section name in the data bundle.
pub const SECTION: &str = "search";

#[derive(Serialize, Deserialize)]
struct Stored {
    concept_count: u32,
    words: Vec<u8>,
    postings: Vec<u8>,
    synonyms: Vec<u8>,
    synonym_targets: Vec<u8>,
    systems: Vec<u8>,
}

/// Collects index words and synonyms for one classification, then writes the section bytes.
pub struct IndexBuilder<'a> {
    classification: &'a Classification,
    words: BTreeMap<String, Vec<ConceptId>>,
    synonyms: BTreeMap<String, Vec<ConceptId>>,
}

impl<'a> IndexBuilder<'a> {
    /// Starts with every concept's display title indexed.
    pub fn new(classification: &'a Classification) -> IndexBuilder<'a> {
        let mut builder = IndexBuilder { classification, words: BTreeMap::new(), synonyms: BTreeMap::new() };
        for (id, concept) in classification.concepts().iter().enumerate() {
            builder.add_alt_text(id as ConceptId, &concept.title);
        }
        builder
    }

    /// Make `id` findable by the words of `text` too, e.g. the UK Biobank or WHO title when it
    /// differs from the displayed NHS title. Ids outside the classification are ignored.
    pub fn add_alt_text(&mut self, id: ConceptId, text: &str) {
        if self.classification.get(id).is_none() {
            return;
        }
        let written = text::words(text).into_iter().filter(|w| !text::is_joining_word(w));
        for word in written.chain(text::joined_hyphenations(text)) {
            let canonical = text::canonical(&word).into_owned();
            if let Some(stem) = text::stem(&canonical) {
                self.words.entry(stem).or_default().push(id);
            }
            if canonical != word {
                self.words.entry(canonical).or_default().push(id);
            }
            self.words.entry(word).or_default().push(id);
        }
    }

    /// Add synonym rows. Every target must be a code of the row's system in this
    /// classification; otherwise nothing is added and the error lists each unknown target.
    pub fn add_synonyms(&mut self, rows: &[SynonymRow]) -> Result<(), String> {
        let mut resolved = Vec::new();
        let mut unknown = Vec::new();
        for row in rows {
            let mut ids = Vec::new();
            for target in &row.targets {
                match self.classification.find(row.system, target) {
                    Some(id) => ids.push(id),
                    None => unknown.push(format!("`{}` → {} {}", row.term, row.system.as_str(), target)),
                }
            }
            let key = text::phrase_key(&row.term);
            let words: Vec<String> = key.split(' ').map(str::to_string).collect();
            resolved.push((text::loose_key(&words), ids.clone()));
            // As written too, so typos are measured against the spelling people type.
            let written = text::content_words(&row.term).join(" ");
            if written != key {
                resolved.push((written, ids.clone()));
            }
            resolved.push((key, ids));
        }
        if !unknown.is_empty() {
            return Err(format!("synonym targets not in the classification: {}", unknown.join(", ")));
        }
        for (key, ids) in resolved {
            let targets = self.synonyms.entry(key).or_default();
            for id in ids {
                if !targets.contains(&id) {
                    targets.push(id);
                }
            }
        }
        Ok(())
    }

    /// The section bytes.
    pub fn build(&self) -> Vec<u8> {
        let mut postings = Vec::new();
        let mut words = fst::MapBuilder::memory();
        for (n, (word, ids)) in self.words.iter().enumerate() {
            let mut ids = ids.clone();
            ids.sort_unstable();
            ids.dedup();
            write_varint(&mut postings, ids.len() as u32);
            let mut previous = 0;
            for id in ids {
                write_varint(&mut postings, id - previous);
                previous = id;
            }
            words.insert(word, n as u64).expect("BTreeMap keys are sorted and unique");
        }
        let mut synonym_targets = Vec::new();
        let mut synonyms = fst::MapBuilder::memory();
        for (n, (key, ids)) in self.synonyms.iter().enumerate() {
            write_varint(&mut synonym_targets, ids.len() as u32);
            ids.iter().for_each(|&id| write_varint(&mut synonym_targets, id));
            synonyms.insert(key, n as u64).expect("BTreeMap keys are sorted and unique");
        }
        let systems = self
            .classification
            .concepts()
            .iter()
            .map(|c| match c.system {
                System::Icd10 => 0,
                System::Opcs4 => 1,
            })
            .collect();
        bundle::encode(&Stored {
            concept_count: self.classification.len() as u32,
            words: words.into_inner().expect("in-memory fst"),
            postings,
            synonyms: synonyms.into_inner().expect("in-memory fst"),
            synonym_targets,
            systems,
        })
    }
}

/// Concatenated id lists with their start offsets.
pub(super) struct Lists {
    starts: Vec<u32>,
    ids: Vec<ConceptId>,
}

impl Lists {
    pub(super) fn get(&self, n: u64) -> &[ConceptId] {
        self.get_range(n..n.saturating_add(1))
    }

    /// The ids of lists `range.start` up to (not including) `range.end`, concatenated.
    pub(super) fn get_range(&self, range: std::ops::Range<u64>) -> &[ConceptId] {
        let at = |n: u64| usize::try_from(n).ok().and_then(|n| self.starts.get(n)).map(|&s| s as usize);
        match (at(range.start), at(range.end)) {
            (Some(a), Some(b)) if a <= b => &self.ids[a..b],
            _ => &[],
        }
    }

    /// Decode `count` lists; `gaps` says whether ids are stored as gaps. Checks every id.
    fn decode(bytes: &[u8], count: usize, gaps: bool, concept_count: u32) -> Result<Lists, String> {
        let mut at = 0;
        let mut starts = Vec::with_capacity(count + 1);
        let mut ids = Vec::new();
        starts.push(0);
        for _ in 0..count {
            let len = read_varint(bytes, &mut at)?;
            let mut previous = 0u32;
            for _ in 0..len {
                let value = read_varint(bytes, &mut at)?;
                let id = if gaps { previous.checked_add(value).ok_or("id overflow")? } else { value };
                if id >= concept_count {
                    return Err(format!("concept id {id} beyond {concept_count} concepts"));
                }
                ids.push(id);
                previous = id;
            }
            starts.push(ids.len() as u32);
        }
        if at != bytes.len() {
            return Err("trailing bytes after the lists".into());
        }
        Ok(Lists { starts, ids })
    }
}

/// The loaded index. Search lives in `engine`.
pub struct Index {
    pub(super) concept_count: u32,
    pub(super) words: fst::Map<Vec<u8>>,
    pub(super) postings: Lists,
    pub(super) synonyms: fst::Map<Vec<u8>>,
    pub(super) synonym_targets: Lists,
    /// Concepts of each system, indexed like `System::ALL`.
    pub(super) systems: [ConceptSet; 2],
    /// Levenshtein DFA builders for distance 1 and 2, built on the first typo search
    /// (a few milliseconds) rather than at load.
    typo_builders: OnceLock<[LevenshteinAutomatonBuilder; 2]>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("concepts", &self.concept_count)
            .field("words", &self.words.len())
            .field("synonyms", &self.synonyms.len())
            .finish()
    }
}

impl Index {
    /// Load section bytes. Checks the fst checksums and every concept id; never panics.
    pub fn from_bytes(bytes: &[u8]) -> Result<Index, BundleError> {
        let stored: Stored = bundle::decode(SECTION, bytes)?;
        let bad = |why: String| BundleError::Corrupted(format!("section `{SECTION}`: {why}"));
        let map = |bytes: Vec<u8>, what: &str| -> Result<fst::Map<Vec<u8>>, BundleError> {
            let map = fst::Map::new(bytes).map_err(|e| bad(format!("{what}: {e}")))?;
            map.as_fst().verify().map_err(|e| bad(format!("{what}: {e}")))?;
            Ok(map)
        };
        let words = map(stored.words, "word index")?;
        let synonyms = map(stored.synonyms, "synonym index")?;
        let n = stored.concept_count;
        let postings = Lists::decode(&stored.postings, words.len(), true, n).map_err(|e| bad(format!("postings: {e}")))?;
        let synonym_targets =
            Lists::decode(&stored.synonym_targets, synonyms.len(), false, n).map_err(|e| bad(format!("synonym targets: {e}")))?;
        if stored.systems.len() != n as usize {
            return Err(bad("system table does not cover every concept".into()));
        }
        let mut systems = [ConceptSet::empty(n as usize), ConceptSet::empty(n as usize)];
        for (id, &s) in stored.systems.iter().enumerate() {
            let set = systems.get_mut(s as usize).ok_or_else(|| bad(format!("unknown system {s}")))?;
            set.insert(id as ConceptId);
        }
        Ok(Index { concept_count: n, words, postings, synonyms, synonym_targets, systems, typo_builders: OnceLock::new() })
    }

    /// Number of concepts the index was built for; must equal the classification's.
    pub fn concept_count(&self) -> usize {
        self.concept_count as usize
    }

    /// The concepts of one system; `None` for both, which is every concept.
    pub(super) fn system_set(&self, system: Option<System>) -> Option<&ConceptSet> {
        system.map(|s| &self.systems[usize::from(s == System::Opcs4)])
    }

    /// Builder for typo automata of `distance` 1 or 2 (transposition counts as one edit).
    pub(super) fn typo_builder(&self, distance: u8) -> &LevenshteinAutomatonBuilder {
        let builders = self
            .typo_builders
            .get_or_init(|| [LevenshteinAutomatonBuilder::new(1, true), LevenshteinAutomatonBuilder::new(2, true)]);
        &builders[usize::from(distance >= 2)]
    }
}

fn write_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn read_varint(bytes: &[u8], at: &mut usize) -> Result<u32, String> {
    let mut value = 0u32;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(*at).ok_or("truncated list")?;
        *at += 1;
        value |= u32::from(byte & 0x7f).checked_shl(shift).ok_or("varint too long")?;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err("varint too long".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip_and_reject_truncation() {
        let mut out = Vec::new();
        for v in [0, 127, 128, 300_000, u32::MAX] {
            write_varint(&mut out, v);
        }
        let mut at = 0;
        let back: Vec<u32> = (0..5).map(|_| read_varint(&out, &mut at).unwrap()).collect();
        assert_eq!(back, vec![0, 127, 128, 300_000, u32::MAX]);
        assert!(read_varint(&[0x80], &mut 0).is_err());
    }
}
