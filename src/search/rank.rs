//! Ranking: each hit is placed by the first rule it satisfies, in the order of [`Rule`];
//! within a rule by a tier the rule defines, then by [`TieBreak`].

use std::cmp::Reverse;

use crate::model::{Classification, ConceptId};

/// Why a concept matched, best first. The order of the variants is the ranking order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// The query is a code in any written form (`I21.4`, `i214`, `G20X`): that concept.
    /// A coder who types a code wants that code before anything else.
    ExactCode,
    /// The query is the start of a code (`I2`, `k40` → its children): shorter codes first,
    /// so a category comes before its subcategories.
    CodePrefix,
    /// Every query word is a whole word of the title or alternative titles, in any order.
    /// Whole words beat prefixes: `hernia` finds hernia repair before "herniated" titles.
    /// A title that is just the query (`eclampsia`: O15 "Eclampsia") heads the others.
    AllWords,
    /// The whole query is a known synonym or abbreviation (`THR`, `MI`, `heart attack`). Its
    /// targets come first of all word rules, before the all-words hits: the table's author read
    /// the term as those codes, while the words alone also reach rare titles (`bowel cancer`:
    /// C18-C20 before "Secondary malignant neoplasm of large intestine"). The targets'
    /// descendants come after the all-words hits and before prefix matches, or `THR` and `MI`
    /// would be buried under "throat" and "migraine". (This variant's place in the enum is that
    /// of the descendants; the engine places the targets ahead of [`Rule::AllWords`].)
    Synonym,
    /// Every query word starts a word of the title (the coder is still typing).
    AllPrefixes,
    /// The query is the start of a synonym term (`heart att` → heart attack).
    SynonymPrefix,
    /// Every word matches, at least one only approximately: first as another inflection of a
    /// title word (`fractured` for "fracture", `infected` for "infection"), then with a word found
    /// only in the title of the code's category (`subtrochanteric fracture of femur`: S72.2
    /// "Subtrochanteric fracture" under S72 "Fracture of femur"), then within the typo
    /// allowance (1 edit for 4–7 letters, 2 from 8), fewer edits first. Inflections rank here,
    /// below synonyms, because stems over-reach (`orif` is also the stem of "orifice").
    Fuzzy,
    /// Nothing matches every word: concepts matching the most query words, marked partial.
    Partial,
}

impl Rule {
    pub const ALL: [Rule; 8] = [
        Rule::ExactCode,
        Rule::CodePrefix,
        Rule::AllWords,
        Rule::Synonym,
        Rule::AllPrefixes,
        Rule::SynonymPrefix,
        Rule::Fuzzy,
        Rule::Partial,
    ];

    /// Kebab-case name used in JSON and the UI.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::ExactCode => "exact-code",
            Rule::CodePrefix => "code-prefix",
            Rule::AllWords => "all-words",
            Rule::Synonym => "synonym",
            Rule::AllPrefixes => "all-prefixes",
            Rule::SynonymPrefix => "synonym-prefix",
            Rule::Fuzzy => "fuzzy",
            Rule::Partial => "partial",
        }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Order among hits of the same rule and tier: complete codes first (a coder can assign them),
/// except a code with no national usage under a parent that has some (ICD-10's fifth-character
/// site codes, `M06.94` "Rheumatoid arthritis, unspecified (Hand)": England codes `M06.9`,
/// 329,000 episodes, and never the site), which ranks with the incomplete codes, by usage;
/// then higher national usage (the likelier answer), then the shorter title (the closer fit
/// to the query), then code order for a stable result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TieBreak {
    incomplete: bool,
    usage: Reverse<u32>,
    title_len: usize,
    id: ConceptId,
}

impl TieBreak {
    pub fn id(&self) -> ConceptId {
        self.id
    }

    pub fn of(classification: &Classification, id: ConceptId) -> TieBreak {
        match classification.get(id) {
            Some(c) => {
                let incomplete = !c.complete || unused_subdivision(classification, c.usage, c.parent);
                TieBreak { incomplete, usage: Reverse(c.usage), title_len: c.title.len(), id }
            }
            None => TieBreak { incomplete: true, usage: Reverse(0), title_len: usize::MAX, id },
        }
    }
}

/// Whether a complete code is a subdivision nobody uses: no national usage while its parent has
/// some. One parent lookup, so the check stays cheap when a rule has thousands of hits.
fn unused_subdivision(classification: &Classification, usage: u32, parent: Option<ConceptId>) -> bool {
    usage == 0 && parent.and_then(|p| classification.get(p)).is_some_and(|p| p.usage > 0)
}
