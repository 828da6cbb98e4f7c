//! Coding edits: warnings about the code set, never silent fixes.

use serde::{Deserialize, Serialize};

use super::case::{Case, Sex};
use super::engine::Grouper;
use crate::code;
use crate::model::{Classification, Concept, ConceptId, Kind, System};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Edit {
    UnknownCode,
    NeedsFourthCharacter,
    AsteriskPrimary,
    ExternalCausePrimary,
    SupplementaryPrimary,
    SexConflict,
    PerinatalAfterFirstYear,
    MethodOrSiteFirst,
    DuplicateCode,
    LateralityWithoutProcedure,
    DayCaseWithStay,
    UnknownProvider,
    AgeUnknown,
    NoSplitFits,
    RootNotPriced,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub edit: Edit,
    /// The code the warning is about, dotted.
    pub code: Option<String>,
    pub message: String,
}

/// A compact code (X filler removed) held inline: a batch reads ~10 codes per episode, and
/// comparing and hashing these must not allocate.
#[derive(Debug, Clone, Eq)]
pub(crate) enum Key {
    Short { bytes: [u8; 8], len: u8 },
    /// Longer than any code: never found, kept for messages.
    Long(String),
}

impl Key {
    pub fn read(written: &str) -> Key {
        let mut bytes = [0u8; 8];
        let mut len = 0;
        let w = written.as_bytes();
        if w.len() <= 8 && w.iter().all(u8::is_ascii_alphanumeric) {
            // Already compact but for case (`I214`, `k401`): how files write nearly every code.
            bytes[..w.len()].copy_from_slice(w);
            bytes.make_ascii_uppercase();
            len = w.len();
        } else {
            for ch in code::compact_chars(written) {
                if len == 8 || !ch.is_ascii() {
                    return Key::Long(code::compact(written));
                }
                bytes[len] = ch as u8;
                len += 1;
            }
        }
        let key = Key::Short { bytes, len: len as u8 };
        if code::strip_x_filler(key.as_str()).is_some() {
            // The filler's byte is cleared too: keys compare all 8 bytes, so `G20X` equals `G20`.
            bytes[3..].fill(0);
            return Key::Short { bytes, len: 3 };
        }
        key
    }

    pub fn as_str(&self) -> &str {
        match self {
            // SAFETY: `Key::read` stores only ASCII bytes in `Short` (anything else becomes `Long`),
            // so every prefix is valid UTF-8. Checking again on each use cost ~5% of a batch.
            Key::Short { bytes, len } => unsafe { std::str::from_utf8_unchecked(&bytes[..*len as usize]) },
            Key::Long(s) => s,
        }
    }
}

/// Compared as one integer: a batch compares each secondary diagnosis with the others.
impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        match (self, other) {
            (Key::Short { bytes: a, len: m }, Key::Short { bytes: b, len: n }) => m == n && u64::from_ne_bytes(*a) == u64::from_ne_bytes(*b),
            (Key::Long(a), Key::Long(b)) => a == b,
            _ => false,
        }
    }
}

impl std::ops::Deref for Key {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

/// A code of the case, looked up once.
pub(crate) struct Coded<'a> {
    pub written: &'a str,
    /// Compact, X filler removed: the key for every table.
    pub key: Key,
    /// Only codes a coder can assign (category or below), not chapters or blocks.
    pub concept: Option<(ConceptId, &'a Concept)>,
}

impl<'a> Coded<'a> {
    pub fn read(grouper: &Grouper<'a>, system: System, written: &'a str) -> Coded<'a> {
        let cls = grouper.classification;
        let key = Key::read(written);
        let concept = match &key {
            Key::Short { .. } => grouper.find(system, &key),
            Key::Long(_) => None,
        }
        .and_then(|id| cls.get(id).map(|c| (id, c)))
        .filter(|(_, c)| matches!(c.kind, Kind::Category | Kind::Subcategory | Kind::Extension));
        Coded { written, key, concept }
    }

    pub fn dotted(&self) -> String {
        code::dotted(&self.key)
    }

    /// Nothing written (`written.trim().is_empty()` without trimming).
    pub fn is_blank(&self) -> bool {
        self.written.chars().all(char::is_whitespace)
    }

    /// Y (methods) and Z (sites) qualify the procedure before them.
    pub fn is_method_or_site(&self) -> bool {
        self.key.starts_with(['Y', 'Z'])
    }
}

/// ICD-10 chapter XX (V01-Y98): external causes.
pub(crate) fn is_external_cause(key: &str) -> bool {
    match key.as_bytes().first() {
        Some(b'V' | b'W' | b'X') => true,
        Some(b'Y') => key.get(1..3).is_some_and(|n| n <= "98"),
        _ => false,
    }
}

/// Asterisk (manifestation) codes are titled "<manifestation> in <...> diseases classified
/// elsewhere" (also "... in conditions classified elsewhere"); dagger codes such as B22.7 "HIV
/// disease resulting in multiple diseases classified elsewhere" are not. A 4-character title may
/// be relative to its category, so the category is read too.
pub(crate) fn is_asterisk(cls: &Classification, id: ConceptId) -> bool {
    fn manifestation_title(title: &str) -> bool {
        // Titles are in sentence case, so the phrase is lower case wherever it appears. Found
        // by its first letter rather than `str::find`, whose searcher set-up cost more than the
        // scan: a batch asks this of every ICD-10 code once.
        const PHRASE: &[u8] = b"classified elsewhere";
        let t = title.as_bytes();
        let Some(end) = (0..t.len()).find(|&i| t[i] == PHRASE[0] && t[i..].starts_with(PHRASE)) else { return false };
        title[..end].rfind(" in ").is_some_and(|at| !title[..at].ends_with("resulting"))
    }
    let Some(c) = cls.get(id) else { return false };
    manifestation_title(&c.title)
        || (matches!(c.kind, Kind::Subcategory | Kind::Extension)
            && c.parent.and_then(|p| cls.get(p)).is_some_and(|p| p.kind == Kind::Category && manifestation_title(&p.title)))
}

/// Whether the grouper accepts this compact ICD-10 code as a primary diagnosis at all: not an
/// external cause and not an asterisk code. (A code missing from the classification is not
/// refused here; coverage counts it against the maps.)
pub fn can_be_primary(cls: &Classification, key: &str) -> bool {
    !is_external_cause(key) && !cls.find(System::Icd10, key).is_some_and(|id| is_asterisk(cls, id))
}

/// ICD-10 blocks whose notes in the WHO tabular list (Volume 1) say they are never used in
/// primary coding: they add the organism or the drug resistance to a condition coded before them.
const SUPPLEMENTARY_BLOCKS: [(&str, &str, &str); 2] = [
    ("B95", "B98", "bacterial, viral and other infectious agents (B95-B98)"),
    ("U82", "U85", "resistance to antimicrobial and antineoplastic drugs (U82-U85)"),
];

/// The supplementary block (see [`SUPPLEMENTARY_BLOCKS`]) this compact ICD-10 code is in, if any.
pub fn supplementary_block(key: &str) -> Option<&'static str> {
    let category = key.get(..3)?;
    SUPPLEMENTARY_BLOCKS.iter().find(|(from, to, _)| category >= *from && category <= *to).map(|(_, _, what)| *what)
}

/// Sex-specific ICD-10 ranges (DOMAIN.md), by 3-character category.
const SEX_RULES: [(&str, &str, Sex, &str); 5] = [
    ("O00", "O99", Sex::Female, "pregnancy, childbirth and the puerperium (O00-O99)"),
    ("N40", "N51", Sex::Male, "diseases of male genital organs (N40-N51)"),
    ("N70", "N98", Sex::Female, "diseases of female pelvic organs (N70-N98)"),
    ("C51", "C58", Sex::Female, "malignant neoplasms of female genital organs (C51-C58)"),
    ("C60", "C63", Sex::Male, "malignant neoplasms of male genital organs (C60-C63)"),
];

fn warn(out: &mut Vec<Warning>, edit: Edit, code: Option<String>, message: String) {
    out.push(Warning { edit, code, message });
}

fn needs_fourth_character(c: &Coded) -> bool {
    c.concept.is_some_and(|(_, concept)| concept.kind == Kind::Category && !concept.complete)
}

/// Every edit on the case's diagnoses (primary first) and procedures.
pub(crate) fn check<S>(case: &Case<S>, diagnoses: &[Coded], procedures: &[Coded], out: &mut Vec<Warning>) {
    for (i, d) in diagnoses.iter().enumerate() {
        let role = if i == 0 { "primary diagnosis" } else { "secondary diagnosis" };
        if d.is_blank() {
            continue;
        }
        if d.concept.is_none() {
            warn(out, Edit::UnknownCode, Some(d.written.trim().to_string()), format!("{role} `{}` is not an ICD-10 code in the loaded classification", d.written.trim()));
            continue;
        }
        if needs_fourth_character(d) {
            warn(out, Edit::NeedsFourthCharacter, Some(d.dotted()), format!("{role} {} is a 3-character category with subcategories: a 4th character is needed", d.dotted()));
        }
        if let Some(block) = supplementary_block(&d.key).filter(|_| i == 0) {
            let message = format!("{} is in {block}, which ICD-10 says is never the primary diagnosis: code the condition first and this after it", d.dotted());
            warn(out, Edit::SupplementaryPrimary, Some(d.dotted()), message);
        }
        if diagnoses[..i].iter().any(|e| e.key == d.key) {
            warn(out, Edit::DuplicateCode, Some(d.dotted()), format!("{} is coded more than once; it counts once", d.dotted()));
        }
        if let Some(cat) = d.key.get(..3).filter(|_| case.sex != Sex::Unknown && d.key.starts_with(['O', 'N', 'C'])) {
            for (from, to, sex, what) in SEX_RULES {
                if cat >= from && cat <= to && case.sex != sex {
                    warn(out, Edit::SexConflict, Some(d.dotted()), format!("{} is in {what}, for {} patients; the patient is {}", d.dotted(), sex.label(), case.sex.label()));
                }
            }
        }
        if d.key.starts_with('P') && case.age.years().is_some_and(|y| y >= 1) {
            warn(out, Edit::PerinatalAfterFirstYear, Some(d.dotted()), format!("{} is a perinatal condition (P00-P96) but the patient is {} old", d.dotted(), case.age.label()));
        }
    }
    let mut seen_procedure = false;
    for (i, p) in procedures.iter().enumerate() {
        if p.concept.is_none() {
            warn(out, Edit::UnknownCode, Some(p.written.trim().to_string()), format!("procedure `{}` is not an OPCS-4 code in the loaded classification; it is ignored", p.written.trim()));
            continue;
        }
        if needs_fourth_character(p) {
            warn(out, Edit::NeedsFourthCharacter, Some(p.dotted()), format!("procedure {} is a 3-character category with subcategories: a 4th character is needed", p.dotted()));
        }
        // Method and site codes repeat legitimately, once per procedure they qualify.
        if !p.is_method_or_site() && procedures[..i].iter().any(|e| e.key == p.key) {
            warn(out, Edit::DuplicateCode, Some(p.dotted()), format!("procedure {} is coded more than once", p.dotted()));
        }
        if p.is_method_or_site() {
            if i == 0 {
                let only = if procedures.len() == 1 { "the only" } else { "the first" };
                warn(out, Edit::MethodOrSiteFirst, Some(p.dotted()), format!("{} is {only} procedure, but Y (method) and Z (site) codes only qualify the procedure before them", p.dotted()));
            }
            if p.key.starts_with("Z94") && !seen_procedure {
                warn(out, Edit::LateralityWithoutProcedure, Some(p.dotted()), format!("laterality {} has no procedure before it to qualify", p.dotted()));
            }
        } else {
            seen_procedure = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_with_x_filler_is_the_same_key_as_without() {
        assert_eq!(Key::read("G20X"), Key::read("G20"));
        assert_eq!(Key::read("g20x"), Key::read("G20"));
        assert_eq!(Key::read("I10X"), Key::read("I10"));
        assert_ne!(Key::read("G20X"), Key::read("G20.1"));
        assert_eq!(&*Key::read("G20X"), "G20");
    }

    fn concept(code: &str, title: &str, kind: Kind, parent: Option<u32>) -> Concept {
        Concept { system: System::Icd10, code: code.into(), title: title.into(), kind, parent, complete: true, usage: 0, sources: 0 }
    }

    #[test]
    fn asterisk_titles_and_not_dagger_titles() {
        let cls = Classification::new(vec![
            concept("G01", "Meningitis in bacterial diseases classified elsewhere", Kind::Category, None),
            concept("B22", "HIV disease resulting in other specified diseases", Kind::Category, None),
            concept("B22.7", "HIV disease resulting in multiple diseases classified elsewhere", Kind::Subcategory, Some(1)),
            concept("F54", "Psychological and behavioural factors associated with disorders or diseases classified elsewhere", Kind::Category, None),
            concept("M01", "Direct infections of joint in infectious and parasitic diseases classified elsewhere", Kind::Category, None),
            concept("M01.4", "Rubella arthritis", Kind::Subcategory, Some(4)),
            concept("J91", "Pleural effusion in conditions classified elsewhere", Kind::Category, None),
        ]);
        let asterisk = |code: &str| is_asterisk(&cls, cls.find(System::Icd10, code).unwrap());
        assert!(asterisk("G01") && asterisk("M01.4") && asterisk("J91"));
        assert!(!asterisk("B22.7") && !asterisk("F54"));
    }

    #[test]
    fn primary_candidates_exclude_external_causes_and_asterisks() {
        let cls = Classification::new(vec![
            concept("G01", "Meningitis in bacterial diseases classified elsewhere", Kind::Category, None),
            concept("I21", "Acute myocardial infarction", Kind::Category, None),
            concept("W19", "Unspecified fall", Kind::Category, None),
        ]);
        assert!(can_be_primary(&cls, "I21") && can_be_primary(&cls, "Z99"));
        assert!(!can_be_primary(&cls, "G01") && !can_be_primary(&cls, "W19"));
    }

    #[test]
    fn external_causes_are_v01_to_y98() {
        for k in ["V01", "W19", "X599", "Y98", "Y831"] {
            assert!(is_external_cause(k), "{k}");
        }
        for k in ["Y99", "I214", "Z501", "U071", ""] {
            assert!(!is_external_cause(k), "{k}");
        }
    }
}
