//! Code lookup for batches. `Classification::find` binary-searches strings, which dominated a
//! batch profile (≈10 codes per episode); here each code is packed into one integer and found
//! with one hash probe. Per-concept facts (asterisk title, winning map row, CC lists as a bit
//! mask) are worked out once, so a batch reads them by concept id.

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

/// No map row for this concept.
const UNMAPPED: u32 = u32::MAX;

/// Every concept by (system, compact code); which are asterisk codes; each concept's winning
/// map row; each root's HRGs and whether they are unbundled; CC list membership.
pub struct CodeIndex {
    map: PackedMap<ConceptId>,
    asterisk: Vec<bool>,
    /// Per concept: its row in the diagnosis map (ICD-10) or procedure map (OPCS-4).
    map_rows: Vec<u32>,
    /// Root → (start, length) in `Reference::hrgs`, and whether the root is unbundled.
    roots: PackedMap<(u32, u32, bool)>,
    /// Two-letter subchapters with a CC list as integers, sorted, each with its list's bit:
    /// bit `i` of a concept's mask is list `i`. (Comparing names as strings was a dozen
    /// `memcmp` calls per episode.)
    cc_subchapters: Vec<(u16, u32)>,
    /// Per concept: which CC lists hold it (empty when there are more than 64 lists).
    cc_masks: Vec<u64>,
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

fn pack_root(root: &str) -> Option<u64> {
    (root.len() == 4).then(|| root.bytes().fold(4u64, |key, b| (key << 8) | b as u64))
}

fn pack_subchapter(subchapter: &str) -> Option<u16> {
    Some(u16::from_be_bytes(subchapter.as_bytes().try_into().ok()?))
}

impl CodeIndex {
    pub fn new(reference: &Reference, classification: &Classification) -> CodeIndex {
        let mut map = HashMap::with_capacity_and_hasher(classification.len(), Default::default());
        let mut asterisk = Vec::with_capacity(classification.len());
        let mut map_rows = Vec::with_capacity(classification.len());
        let mut compact = String::new();
        for (id, concept) in classification.concepts().iter().enumerate() {
            compact.clear();
            compact.extend(code::compact_chars(&concept.code));
            if let Some(key) = pack(concept.system, &compact) {
                map.insert(key, id as ConceptId);
            }
            asterisk.push(concept.system == System::Icd10 && is_asterisk(classification, id as ConceptId));
            let code_map = match concept.system {
                System::Icd10 => &reference.diagnosis_map,
                System::Opcs4 => &reference.procedure_map,
            };
            map_rows.push(code_map.position(&compact).map_or(UNMAPPED, |i| i as u32));
        }
        let mut roots = PackedMap::default();
        let mut start = 0;
        while start < reference.hrgs.len() {
            let root = &reference.hrgs[start].root;
            let len = reference.hrgs[start..].iter().take_while(|h| &h.root == root).count();
            if let Some(key) = pack_root(root) {
                roots.insert(key, (start as u32, len as u32, reference.hrgs[start].is_unbundled()));
            }
            start += len;
        }
        let mut cc_masks = Vec::new();
        if reference.cc_lists.len() <= 64 {
            cc_masks = vec![0u64; classification.len()];
            for (bit, list) in reference.cc_lists.iter().enumerate() {
                for code in &list.codes {
                    if let Some(&id) = pack(System::Icd10, code).and_then(|key| map.get(&key)) {
                        cc_masks[id as usize] |= 1 << bit;
                    }
                }
            }
        }
        let mut cc_subchapters: Vec<(u16, u32)> =
            reference.cc_lists.iter().enumerate().filter_map(|(bit, l)| Some((pack_subchapter(&l.subchapter)?, bit as u32))).collect();
        cc_subchapters.sort();
        CodeIndex { map, asterisk, map_rows, roots, cc_subchapters, cc_masks }
    }

    /// The concept's winning row in its system's map.
    pub fn map_row(&self, id: ConceptId) -> Option<usize> {
        self.map_rows.get(id as usize).copied().filter(|&r| r != UNMAPPED).map(|r| r as usize)
    }

    /// `None` when the root does not pack (then ask the reference).
    pub fn root_range(&self, root: &str) -> Option<std::ops::Range<usize>> {
        let key = pack_root(root)?;
        Some(self.roots.get(&key).map_or(0..0, |&(start, len, _)| start as usize..(start + len) as usize))
    }

    /// Whether the root's HRGs are unbundled; `None` when the root does not pack.
    pub fn is_unbundled_root(&self, root: &str) -> Option<bool> {
        let key = pack_root(root)?;
        Some(self.roots.get(&key).is_some_and(|&(_, _, unbundled)| unbundled))
    }

    pub fn is_asterisk(&self, id: ConceptId) -> bool {
        self.asterisk.get(id as usize).copied().unwrap_or(false)
    }

    /// The subchapter's CC list as a bit of the concepts' masks (0 when it has no list), for
    /// `is_cc`; `None` without masks or for a subchapter that is not two letters.
    pub fn cc_list(&self, subchapter: &str) -> Option<u64> {
        if self.cc_masks.is_empty() {
            return None;
        }
        let key = pack_subchapter(subchapter)?;
        Some(self.cc_subchapters.binary_search_by_key(&key, |&(s, _)| s).map_or(0, |at| 1 << self.cc_subchapters[at].1))
    }

    /// Whether the concept is on the CC list `cc_list` returned.
    pub fn is_cc(&self, list: u64, id: ConceptId) -> bool {
        self.cc_masks.get(id as usize).is_some_and(|mask| mask & list != 0)
    }

    /// The concept of a compact code, as `Classification::find` would return it.
    pub fn find(&self, classification: &Classification, system: System, compact: &str) -> Option<ConceptId> {
        match pack(system, compact) {
            Some(key) => self.map.get(&key).copied(),
            None => classification.find(system, compact),
        }
    }
}
