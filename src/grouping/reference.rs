//! The HRG reference model: everything the grouper reads, normalised from the sources by the
//! native build (`build::hrg`) and stored in the bundle section `"hrg"`.

use serde::{Deserialize, Serialize};

use super::code_map::CodeMap;

/// An inclusive range; `max: None` means open-ended ("CC Score 13+", "19 years and over").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    pub min: u16,
    pub max: Option<u16>,
}

impl Band {
    pub fn contains(&self, value: u32) -> bool {
        value >= self.min as u32 && self.max.is_none_or(|m| value <= m as u32)
    }

    /// `4-6`, `13+`, `0`.
    pub fn label(&self) -> String {
        match self.max {
            None => format!("{}+", self.min),
            Some(m) if m == self.min => m.to_string(),
            Some(m) => format!("{}-{}", self.min, m),
        }
    }
}

/// The interventions split an HRG's description names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Interventions {
    /// "with Interventions": one or more.
    With,
    /// "with Single Intervention": exactly one.
    Single,
    /// "with Multiple Interventions": two or more.
    Multiple,
    /// "without Interventions": none.
    Without,
}

impl Interventions {
    pub fn admits(self, count: u32) -> bool {
        match self {
            Interventions::With => count >= 1,
            Interventions::Single => count == 1,
            Interventions::Multiple => count >= 2,
            Interventions::Without => count == 0,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Interventions::With => "with interventions",
            Interventions::Single => "with single intervention",
            Interventions::Multiple => "with multiple interventions",
            Interventions::Without => "without interventions",
        }
    }
}

/// A spell price of the price year, before MFF.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SpellPrices {
    pub day_case_gbp: f64,
    pub elective_gbp: f64,
    pub non_elective_gbp: f64,
}

/// Subchapters whose HRGs are unbundled in the HRG4+ design: the grouper emits them beside a
/// spell's core HRG (imaging, nuclear medicine, chemotherapy, radiotherapy, renal dialysis,
/// rehabilitation, specialist palliative care, critical care, high-cost drugs), so they never
/// are the core HRG. Their "Admission or Attendance" HRGs (RD97 "Same Day Diagnostic Imaging
/// Admission or Attendance", SB97, ...) are core HRGs.
pub const UNBUNDLED_SUBCHAPTERS: [&str; 12] = ["LD", "LE", "RD", "RN", "SB", "SC", "SD", "VC", "XA", "XB", "XC", "XD"];

/// One HRG of the price year's design: from the admitted-patient price list, or a 2024/25 HRG
/// that list does not price (mental health WD, unbundled imaging RD, ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hrg {
    /// `EB10E`.
    pub code: String,
    pub description: String,
    /// `EB10`.
    pub root: String,
    /// CC score band, from "with CC Score a-b".
    pub cc: Option<Band>,
    /// Age band in years, from "19 years and over", "between 6 and 18 years", ...
    pub age: Option<Band>,
    pub interventions: Option<Interventions>,
    /// Length-of-stay band in days, from "with length of stay ...".
    pub los: Option<Band>,
    /// `None` when the price year has no national admitted-patient price for it (not in the
    /// price list, or £0 there in every column, as LA97A, PB03Z, RD97Z and SB97Z are).
    pub price: Option<SpellPrices>,
    /// Trim points in days (source year unstated).
    pub trim_elective_days: Option<u16>,
    pub trim_non_elective_days: Option<u16>,
}

impl Hrg {
    pub fn chapter(&self) -> &str {
        &self.code[..1]
    }

    pub fn subchapter(&self) -> &str {
        &self.code[..2]
    }

    /// An unbundled HRG (see `UNBUNDLED_SUBCHAPTERS`): never a spell's core HRG.
    pub fn is_unbundled(&self) -> bool {
        UNBUNDLED_SUBCHAPTERS.contains(&self.subchapter()) && !self.description.contains("Admission or Attendance")
    }
}

/// A named HRG chapter (`E`) or subchapter (`EB`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupName {
    pub code: String,
    pub name: String,
}

/// Secondary diagnoses that changed the split of some HRG in a subchapter (lower bound: each
/// counts as at least one CC point).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CcList {
    /// `EB`.
    pub subchapter: String,
    /// Sorted compact ICD-10 codes, X filler removed.
    pub codes: Vec<String>,
}

/// An Ambulatory Emergency Care directory condition: primary diagnoses (patterns over compact,
/// X-filled codes) that the directory places in these HRGs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AecCondition {
    pub specialty: String,
    pub condition: String,
    /// Literal characters and `[...]` classes, e.g. `I80[123]`.
    pub icd10_patterns: Vec<String>,
    /// Same syntax over HRG codes, e.g. `EB10[CDE]`.
    pub hrg_patterns: Vec<String>,
}

impl AecCondition {
    pub fn matches_diagnosis(&self, compact: &str) -> bool {
        // The directory writes 3-character codes X-filled (J22X).
        let filled = (compact.len() == 3).then(|| format!("{compact}X"));
        self.icd10_patterns
            .iter()
            .any(|p| fits(p, compact, true) || filled.as_deref().is_some_and(|f| fits(p, f, true)))
    }

    /// Whether any HRG pattern fits the given root (the pattern's first four positions).
    pub fn names_root(&self, root: &str) -> bool {
        self.hrg_patterns.iter().any(|p| fits(p, root, false))
    }

    /// The 4-character roots the directory's HRG patterns spell out.
    pub fn roots(&self) -> Vec<String> {
        let mut roots = Vec::new();
        for p in &self.hrg_patterns {
            expand_prefix(p, 4, &mut String::new(), &mut roots);
        }
        roots.sort();
        roots.dedup();
        roots
    }
}

/// Parse a pattern into positions, each a set of allowed bytes.
fn pattern_positions(pattern: &str) -> Vec<Vec<u8>> {
    let b = pattern.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'[' {
            let mut set = Vec::new();
            i += 1;
            while i < b.len() && b[i] != b']' {
                if i + 2 < b.len() && b[i + 1] == b'-' && b[i + 2] != b']' {
                    set.extend(b[i]..=b[i + 2]);
                    i += 3;
                } else {
                    set.push(b[i]);
                    i += 1;
                }
            }
            out.push(set);
        } else {
            out.push(vec![b[i]]);
        }
        i += 1;
    }
    out
}

/// Whether `text` matches the pattern's first positions (`whole`: all of them, no more).
fn fits(pattern: &str, text: &str, whole: bool) -> bool {
    let positions = pattern_positions(pattern);
    let t = text.as_bytes();
    let length_ok = if whole { positions.len() == t.len() } else { positions.len() >= t.len() };
    length_ok && !t.is_empty() && positions.iter().zip(t).all(|(set, ch)| set.contains(ch))
}

fn expand_prefix(pattern: &str, len: usize, prefix: &mut String, out: &mut Vec<String>) {
    let positions = pattern_positions(pattern);
    fn walk(positions: &[Vec<u8>], len: usize, prefix: &mut String, out: &mut Vec<String>) {
        if prefix.len() == len || prefix.len() == positions.len() {
            out.push(prefix.clone());
            return;
        }
        for &ch in &positions[prefix.len()] {
            prefix.push(ch as char);
            walk(positions, len, prefix, out);
            prefix.pop();
        }
    }
    walk(&positions, len, prefix, out);
}

/// Market Forces Factor of one provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mff {
    /// ODS code, e.g. `RCF`.
    pub provider: String,
    pub name: String,
    pub factor: f64,
}

/// Everything the grouper reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    /// Year of the prices, e.g. `2024/25`.
    pub price_year: String,
    /// Year of the MFF values, e.g. `2026/27`.
    pub mff_year: String,
    /// Where the trim points come from, including that their year is unstated.
    pub trim_point_label: String,
    /// Sorted by code, so one root's HRGs are contiguous.
    pub hrgs: Vec<Hrg>,
    pub chapters: Vec<GroupName>,
    pub subchapters: Vec<GroupName>,
    /// Sorted by subchapter.
    pub cc_lists: Vec<CcList>,
    pub aec: Vec<AecCondition>,
    /// Sorted by provider.
    pub mff: Vec<Mff>,
    pub diagnosis_map: CodeMap,
    pub procedure_map: CodeMap,
    /// Which tables the maps are (authored here, or a trust's official extract).
    pub maps_label: String,
    /// Apply the minor-procedure rule (a mapped procedure whose rank is below the diagnosis
    /// root's lowest non-elective price, on a stay of a day or more, counts as an intervention
    /// and the diagnosis drives). Needs procedure ranks in pounds, as the authored map has them.
    pub minor_procedure_rule: bool,
}

impl Reference {
    /// Sort the tables the lookups binary-search. The build calls this once.
    pub fn normalise(&mut self) {
        self.hrgs.sort_by(|a, b| a.code.cmp(&b.code));
        self.cc_lists.sort_by(|a, b| a.subchapter.cmp(&b.subchapter));
        for list in &mut self.cc_lists {
            list.codes.sort();
            list.codes.dedup();
        }
        self.mff.sort_by(|a, b| a.provider.cmp(&b.provider));
        self.chapters.sort_by(|a, b| a.code.cmp(&b.code));
        self.subchapters.sort_by(|a, b| a.code.cmp(&b.code));
    }

    pub fn hrg(&self, code: &str) -> Option<&Hrg> {
        self.hrgs.binary_search_by(|h| h.code.as_str().cmp(code)).ok().map(|i| &self.hrgs[i])
    }

    /// The HRGs of one root (`EB10` → EB10A..EB10E), in code order.
    pub fn root_hrgs(&self, root: &str) -> &[Hrg] {
        let start = self.hrgs.partition_point(|h| h.code.as_str() < root);
        let len = self.hrgs[start..].iter().take_while(|h| h.code.starts_with(root)).count();
        &self.hrgs[start..start + len]
    }

    /// Whether a root's HRGs are unbundled (never a core HRG).
    pub fn is_unbundled_root(&self, root: &str) -> bool {
        self.root_hrgs(root).first().is_some_and(Hrg::is_unbundled)
    }

    /// Whether any HRG of a root has a national admitted-patient price in the price year.
    pub fn is_priced_root(&self, root: &str) -> bool {
        self.root_hrgs(root).iter().any(|h| h.price.is_some())
    }

    /// Every root in the catalogue, in order.
    pub fn roots(&self) -> impl Iterator<Item = &str> {
        let mut last = "";
        self.hrgs.iter().filter_map(move |h| {
            let root = h.root.as_str();
            (root != last).then(|| {
                last = root;
                root
            })
        })
    }

    /// The words a root's HRG descriptions share: `EB10` → "Actual or Suspected Myocardial Infarction".
    pub fn root_name(&self, root: &str) -> String {
        let hrgs = self.root_hrgs(root);
        let Some(first) = hrgs.first() else { return String::new() };
        let mut words: Vec<&str> = first.description.split_whitespace().collect();
        for h in &hrgs[1..] {
            let common = words.iter().zip(h.description.split_whitespace()).take_while(|(a, b)| *a == b).count();
            words.truncate(common);
        }
        // Keep the words before the split ("..., with CC Score 4-6", "..., 19 years and over").
        if let Some(comma) = words.iter().position(|w| w.ends_with(',')) {
            words.truncate(comma + 1);
        }
        loop {
            if words.ends_with(&["with", "CC", "Score"]) {
                words.truncate(words.len() - 3);
            } else if words.last().is_some_and(|w| matches!(*w, "with" | "without" | "and" | "or" | "for")) {
                words.pop();
            } else {
                break;
            }
        }
        words.join(" ").trim_end_matches([',', ' ']).to_string()
    }

    pub fn chapter_name(&self, code: &str) -> Option<&str> {
        find_name(&self.chapters, code)
    }

    pub fn subchapter_name(&self, code: &str) -> Option<&str> {
        find_name(&self.subchapters, code)
    }

    /// Whether a compact ICD-10 code (X filler removed) is on a subchapter's CC list.
    pub fn is_cc(&self, subchapter: &str, compact: &str) -> bool {
        self.cc_lists
            .binary_search_by(|l| l.subchapter.as_str().cmp(subchapter))
            .ok()
            .is_some_and(|i| self.cc_lists[i].codes.binary_search_by(|c| c.as_str().cmp(compact)).is_ok())
    }

    pub fn has_cc_list(&self, subchapter: &str) -> bool {
        self.cc_lists.binary_search_by(|l| l.subchapter.as_str().cmp(subchapter)).is_ok()
    }

    pub fn mff(&self, provider: &str) -> Option<&Mff> {
        let key = provider.trim().to_ascii_uppercase();
        self.mff.binary_search_by(|m| m.provider.as_str().cmp(&key)).ok().map(|i| &self.mff[i])
    }

    /// What every estimate must say about itself.
    pub fn indicative_note(&self) -> String {
        format!(
            "Indicative only, not the NHS England grouper: HRG roots from {}; CC score is a lower bound \
             (1 point per code on the subchapter's CC list, from black-box probing); prices {} (SUS \
             reference data, before MFF unless stated); trim points: {}.",
            self.maps_label, self.price_year, self.trim_point_label
        )
    }
}

fn find_name<'a>(names: &'a [GroupName], code: &str) -> Option<&'a str> {
    names.binary_search_by(|n| n.code.as_str().cmp(code)).ok().map(|i| names[i].name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aec_patterns_match_codes_and_roots() {
        let c = AecCondition {
            specialty: "General Medicine".into(),
            condition: "Pleural effusions".into(),
            icd10_patterns: vec!["C782".into(), "J9[01]X".into(), "J15[3-9]".into()],
            hrg_patterns: vec!["DZ16[QR]".into(), "NZ1[89][AB]".into()],
        };
        assert!(c.matches_diagnosis("C782"));
        assert!(c.matches_diagnosis("J90"));
        assert!(c.matches_diagnosis("J157"));
        assert!(!c.matches_diagnosis("J152"));
        assert!(!c.matches_diagnosis("J92"));
        assert!(!c.matches_diagnosis("C78"));
        assert!(c.names_root("DZ16"));
        assert!(c.names_root("NZ19"));
        assert!(!c.names_root("DZ17"));
        assert_eq!(c.roots(), vec!["DZ16", "NZ18", "NZ19"]);
    }

    #[test]
    fn bands_read_as_the_price_list_writes_them() {
        let b = Band { min: 4, max: Some(6) };
        assert!(b.contains(4) && b.contains(6) && !b.contains(7) && !b.contains(3));
        assert_eq!(b.label(), "4-6");
        assert_eq!(Band { min: 13, max: None }.label(), "13+");
        assert!(Band { min: 13, max: None }.contains(40));
    }
}
