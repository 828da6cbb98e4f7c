//! Adapter for UK Biobank codings 19 (ICD-10) and 240 (OPCS-4) from the fmrib-unpack wheel:
//! tab-separated `coding, meaning, node_id, parent_id, selectable`, a tree with 0 as the root.

use std::collections::HashMap;

use super::draft::{Draft, DraftConcept};
use crate::code;
use crate::model::{source, Kind, System};

pub const ICD10_MEMBER: &str = "funpack/schema/hierarchy/coding19.tsv";
pub const OPCS4_MEMBER: &str = "funpack/schema/hierarchy/coding240.tsv";

struct Row<'a> {
    coding: &'a str,
    meaning: &'a str,
    node: u32,
    parent: u32,
}

/// Add every row of one coding to the draft, parents first.
pub fn read(system: System, tsv: &str, draft: &mut Draft) -> Result<(), String> {
    let mut rows = Vec::new();
    for (n, line) in tsv.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let (Some(coding), Some(meaning), Some(node), Some(parent)) = (f.first(), f.get(1), f.get(2), f.get(3)) else {
            return Err(format!("{system} coding line {}: expected 5 tab-separated fields", n + 1));
        };
        let number = |s: &str| s.trim().parse::<u32>().map_err(|_| format!("{system} coding line {}: bad node id {s:?}", n + 1));
        rows.push(Row { coding: coding.trim(), meaning: meaning.trim(), node: number(node)?, parent: number(parent)? });
    }
    // Parents first: the file is sorted by code, not by tree.
    let depth_of = {
        let parent_of: HashMap<u32, u32> = rows.iter().map(|r| (r.node, r.parent)).collect();
        move |mut node: u32| {
            let mut depth = 0;
            while let Some(&p) = parent_of.get(&node) {
                if p == 0 || depth > 10 {
                    break;
                }
                node = p;
                depth += 1;
            }
            depth
        }
    };
    rows.sort_by_key(|r| (depth_of(r.node), r.node));

    let mut at_node: HashMap<u32, usize> = HashMap::new();
    for r in rows {
        let (kind, code, title) = parse_meaning(system, r.coding, r.meaning)?;
        let parent = match r.parent {
            0 => None,
            p => Some(*at_node.get(&p).ok_or_else(|| format!("{system} {code}: parent node {p} is missing"))?),
        };
        let title = match parent {
            Some(p) if kind >= Kind::Subcategory && is_relative_title(&title) => {
                compose_title(&draft.concepts[p].title, &title)
            }
            _ => title,
        };
        let at = draft.add(DraftConcept {
            system,
            code,
            title,
            kind,
            parent,
            usage: 0,
            sources: source::UK_BIOBANK,
            alt_titles: Vec::new(),
        });
        at_node.insert(r.node, at);
    }
    Ok(())
}

/// `Chapter IX` / `Chapter IX Diseases of …`, `Block A00-A09` / `A00-A09 Intestinal …`,
/// `I214` / `I21.4 Acute subendocardial …`, `Chapter A` / `Chapter A - Nervous System`.
fn parse_meaning(system: System, coding: &str, meaning: &str) -> Result<(Kind, String, String), String> {
    let fail = || format!("{system} coding {coding:?}: cannot read {meaning:?}");
    if let Some(numeral) = coding.strip_prefix("Chapter ") {
        let title = meaning
            .strip_prefix(coding)
            .map(|t| t.trim_start_matches([' ', '-']).trim())
            .ok_or_else(fail)?;
        return Ok((Kind::Chapter, numeral.to_string(), title.to_string()));
    }
    if let Some(range) = coding.strip_prefix("Block ") {
        let title = meaning.strip_prefix(range).map(str::trim).ok_or_else(fail)?;
        return Ok((Kind::Block, range.to_string(), title.to_string()));
    }
    let (written, title) = meaning.split_once(' ').ok_or_else(fail)?;
    // The `coding` column is authoritative: one source row writes S52.2 as "S52.22".
    if !code::looks_like_code(written) || !code::compact(written).starts_with(coding) {
        return Err(fail());
    }
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let kind = match coding.len() {
        3 => Kind::Category,
        4 => Kind::Subcategory,
        5 => Kind::Extension,
        _ => return Err(fail()),
    };
    Ok((kind, code::dotted(coding), title))
}

/// Titles that only make sense after the parent's ("E11.9 Without complications", "W00.0 Home").
fn is_relative_title(title: &str) -> bool {
    const STARTS: [&str; 13] = [
        "With ", "Without ", "Home", "Residential institution", "School, other institution",
        "Sports and athletics area", "Street and highway", "Trade and service area",
        "Industrial and construction area", "Farm", "Other specified place", "Unspecified place", "During ",
    ];
    STARTS.iter().any(|s| title.starts_with(s)) || matches!(title, "Unspecified" | "Other" | "Other specified")
}

fn compose_title(parent: &str, relative: &str) -> String {
    let mut chars = relative.chars();
    let first = chars.next().map(|c| c.to_lowercase().collect::<String>()).unwrap_or_default();
    format!("{parent}, {first}{}", chars.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "coding\tmeaning\tnode_id\tparent_id\tselectable\n\
        E11\tE11 Non-insulin-dependent diabetes mellitus\t23560\t690\tY\n\
        E119\tE11.9 Without complications\t23660\t23560\tY\n\
        Block E10-E14\tE10-E14 Diabetes mellitus\t690\t40\tN\n\
        Chapter IV\tChapter IV Endocrine, nutritional and metabolic diseases\t40\t0\tN\n";

    #[test]
    fn reads_the_tree_parents_first_and_composes_relative_titles() {
        let mut draft = Draft::default();
        read(System::Icd10, SAMPLE, &mut draft).unwrap();
        let frozen = draft.freeze();
        let codes: Vec<_> = frozen.concepts.iter().map(|c| (c.code.as_str(), c.kind)).collect();
        assert_eq!(
            codes,
            vec![("IV", Kind::Chapter), ("E10-E14", Kind::Block), ("E11", Kind::Category), ("E11.9", Kind::Subcategory)]
        );
        assert_eq!(frozen.concepts[3].title, "Non-insulin-dependent diabetes mellitus, without complications");
        assert_eq!(frozen.concepts[3].parent, Some(2));
        assert!(frozen.concepts[3].complete && !frozen.concepts[2].complete);
    }

    #[test]
    fn opcs_chapter_titles_drop_the_dash() {
        let (kind, code, title) = parse_meaning(System::Opcs4, "Chapter A", "Chapter A - Nervous System").unwrap();
        assert_eq!((kind, code.as_str(), title.as_str()), (Kind::Chapter, "A", "Nervous System"));
    }

    #[test]
    fn malformed_rows_are_reported_not_panicked() {
        let mut draft = Draft::default();
        let err = read(System::Icd10, "h\nE11\tE11 X\tnot-a-number\t0\tY\n", &mut draft).unwrap_err();
        assert!(err.contains("bad node id"), "{err}");
        let err = read(System::Icd10, "h\nE11\tE11 X\t5\t99\tY\n", &mut draft).unwrap_err();
        assert!(err.contains("parent node 99 is missing"), "{err}");
    }
}
