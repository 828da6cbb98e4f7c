//! Code lookup for batches. `Classification::find` binary-searches strings, which dominated a
//! batch profile (≈10 codes per episode); here each code is packed into one integer and found
//! with one hash probe. The same goes for CC list membership and asterisk titles.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::edits::is_asterisk;
use super::reference::Reference;
use crate::code;
use crate::model::{Classification, ConceptId, System};

/// SplitMix64's finaliser over one integer key (the keys are not attacker-chosen). Every output
/// bit depends on every input bit: the hash table indexes buckets by the low bits, and the low
/// bits of a packed code are its last, least varied characters.
#[derive(Default)]
struct PackedHasher(u64);

impl Hasher for PackedHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64((self.0 << 8) | b as u64);
        }
    }

    fn write_u64(&mut self, n: u64) {
        let mut z = n.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        self.0 = z ^ (z >> 31);
    }
}

type PackedMap<V> = HashMap<u64, V, BuildHasherDefault<PackedHasher>>;

/// Every concept by (system, compact code); which are asterisk codes; CC list membership.
pub struct CodeIndex {
    map: PackedMap<ConceptId>,
    asterisk: Vec<bool>,
    /// (subchapter, compact ICD-10 code) pairs of the CC lists.
    cc: PackedMap<()>,
}

/// (system, compact code of at most 7 bytes) as one integer.
fn pack(system: System, compact: &str) -> Option<u64> {
    let b = compact.as_bytes();
    if b.is_empty() || b.len() > 7 {
        return None;
    }
    let mut key = match system {
        System::Icd10 => 1u64,
        System::Opcs4 => 2u64,
    };
    for &byte in b {
        key = (key << 8) | byte as u64;
    }
    Some(key)
}

/// (2-character subchapter, code of at most 5 characters) as one integer.
fn pack_cc(subchapter: &str, compact: &str) -> Option<u64> {
    if subchapter.len() != 2 || compact.is_empty() || compact.len() > 5 {
        return None;
    }
    Some(subchapter.bytes().chain(compact.bytes()).fold(3u64, |key, b| (key << 8) | b as u64))
}

impl CodeIndex {
    pub fn new(reference: &Reference, classification: &Classification) -> CodeIndex {
        let mut map = HashMap::with_capacity_and_hasher(classification.len(), Default::default());
        let mut asterisk = Vec::with_capacity(classification.len());
        for (id, concept) in classification.concepts().iter().enumerate() {
            if let Some(key) = pack(concept.system, &code::compact(&concept.code)) {
                map.insert(key, id as ConceptId);
            }
            asterisk.push(concept.system == System::Icd10 && is_asterisk(classification, id as ConceptId));
        }
        let mut cc = PackedMap::default();
        for list in &reference.cc_lists {
            for code in &list.codes {
                if let Some(key) = pack_cc(&list.subchapter, code) {
                    cc.insert(key, ());
                }
            }
        }
        CodeIndex { map, asterisk, cc }
    }

    pub fn is_asterisk(&self, id: ConceptId) -> bool {
        self.asterisk.get(id as usize).copied().unwrap_or(false)
    }

    /// `None` when the pair does not pack (then ask the reference).
    pub fn is_cc(&self, subchapter: &str, compact: &str) -> Option<bool> {
        pack_cc(subchapter, compact).map(|key| self.cc.contains_key(&key))
    }

    /// The concept of a compact code, as `Classification::find` would return it.
    pub fn find(&self, classification: &Classification, system: System, compact: &str) -> Option<ConceptId> {
        match pack(system, compact) {
            Some(key) => self.map.get(&key).copied(),
            None => classification.find(system, compact),
        }
    }
}
