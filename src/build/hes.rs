//! Adapter for NHS England HES code usage (opencodecounts): national usage in the latest year,
//! NHS wording of titles, and the OPCS-4.10 codes that the OPCS-4.9 list lacks.

use std::collections::HashMap;
use std::path::Path;

use super::draft::{Draft, DraftConcept};
use crate::code;
use crate::model::{source, Kind, System};

pub const ICD10_FILE: &str = "icd10_usage.csv";
pub const OPCS4_FILE: &str = "opcs4_usage.csv";

pub struct HesOverlay {
    pub latest_year: String,
    pub codes_with_usage: usize,
    pub titles_replaced: usize,
    pub codes_added: usize,
    pub placeholders: Vec<String>,
    pub rows_skipped: usize,
}

struct CodeFacts {
    usage: u32,
    title: String,
    title_year: String,
}

/// HES titles that are not titles (the NHS file's stand-in for U07 codes).
fn is_stand_in(title: &str) -> bool {
    title.trim().is_empty() || title.starts_with("Emergency use of")
}

pub fn overlay(system: System, csv_path: &Path, draft: &mut Draft) -> Result<HesOverlay, String> {
    let mut reader = csv::Reader::from_path(csv_path).map_err(|e| format!("cannot read {}: {e}", csv_path.display()))?;
    let mut facts: HashMap<String, CodeFacts> = HashMap::new();
    let mut latest_year = String::new();
    let mut rows_skipped = 0;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("{}: {e}", csv_path.display()))?;
        let (Some(start), Some(written), Some(title), Some(usage)) = (record.get(0), record.get(2), record.get(3), record.get(4)) else {
            rows_skipped += 1;
            continue;
        };
        let compact = code::compact(written);
        let Ok(usage) = usage.trim().parse::<u32>() else {
            rows_skipped += 1;
            continue;
        };
        if !code::looks_like_code(&compact) || compact.len() < 3 {
            rows_skipped += 1;
            continue;
        }
        if start > latest_year.as_str() {
            latest_year = start.to_string();
        }
        rows.push((start.to_string(), compact, title.trim().to_string(), usage));
    }
    for (year, compact, title, usage) in rows {
        let f = facts.entry(compact).or_insert(CodeFacts { usage: 0, title: String::new(), title_year: String::new() });
        if year == latest_year {
            f.usage = usage;
        }
        if year >= f.title_year && !is_stand_in(&title) {
            f.title = title;
            f.title_year = year;
        }
    }

    let mut report = HesOverlay {
        latest_year: latest_year.clone(),
        codes_with_usage: facts.values().filter(|f| f.usage > 0).count(),
        titles_replaced: 0,
        codes_added: 0,
        placeholders: Vec::new(),
        rows_skipped,
    };
    let mut codes: Vec<_> = facts.into_iter().collect();
    codes.sort_by(|a, b| a.0.cmp(&b.0));
    for (compact, f) in codes {
        // X-filled codes (G20X) are 3-character codes, unless the X is a real 4th character (I21.X).
        let found = draft
            .find(system, &compact)
            .or_else(|| code::strip_x_filler(&compact).and_then(|c| draft.find(system, c)));
        match found {
            Some(at) => {
                let c = draft.get_mut(at);
                c.usage = f.usage;
                c.sources |= source::HES;
                if !f.title.is_empty() && !f.title.eq_ignore_ascii_case(&c.title) {
                    // NHS wording is what coders read in their encoders; keep the other as search text.
                    let previous = std::mem::replace(&mut c.title, f.title);
                    c.alt_titles.push(previous);
                    report.titles_replaced += 1;
                }
            }
            None => {
                let Some(parent) = parent_for(system, &compact, draft, &mut report) else {
                    report.rows_skipped += 1;
                    continue;
                };
                let title = if f.title.is_empty() {
                    format!("Untitled {} code {}: its title is not in the bundled sources", system.label(), code::dotted(&compact))
                } else {
                    f.title
                };
                let kind = if compact.len() == 5 { Kind::Extension } else { Kind::Subcategory };
                let extra = if system == System::Opcs4 { source::OPCS_4_10 } else { 0 };
                draft.add(DraftConcept {
                    system,
                    code: code::dotted(&compact),
                    title,
                    kind,
                    parent: Some(parent),
                    usage: f.usage,
                    sources: source::HES | extra,
                    alt_titles: Vec::new(),
                });
                report.codes_added += 1;
            }
        }
    }
    Ok(report)
}

/// The 3-character category of a new code, created as a flagged placeholder when no source titles it.
fn parent_for(system: System, compact: &str, draft: &mut Draft, report: &mut HesOverlay) -> Option<usize> {
    let category = compact.get(..3)?;
    if compact.len() == 3 {
        return None; // a new category on its own has nothing to hang from
    }
    if let Some(at) = draft.find(system, category) {
        return Some(at);
    }
    let chapter = match system {
        System::Opcs4 => draft.find(system, &category[..1])?,
        System::Icd10 => return None,
    };
    report.placeholders.push(category.to_string());
    Some(draft.add(DraftConcept {
        system,
        code: category.to_string(),
        title: format!("Untitled OPCS-4.10 category {category}: its title is not in the bundled sources"),
        kind: Kind::Category,
        parent: Some(chapter),
        usage: 0,
        sources: source::HES | source::OPCS_4_10 | source::TITLE_PLACEHOLDER,
        alt_titles: Vec::new(),
    }))
}
