//! Integration tests on the real bundle built by `codegroup build-data`.

mod support;

use codegroup::model::source;
use codegroup::{Classification, Dataset, Kind, System};

fn data() -> &'static Dataset {
    support::dataset()
}

fn count(system: System, kind: Kind) -> usize {
    data().classification.concepts().iter().filter(|c| c.system == system && c.kind == kind).count()
}

#[test]
fn no_concept_has_a_blank_title() {
    let blank: Vec<_> = data()
        .classification
        .concepts()
        .iter()
        .filter(|c| c.title.trim().is_empty())
        .map(|c| format!("{} {}", c.system, c.code))
        .collect();
    assert!(blank.is_empty(), "blank titles: {blank:?}");
}

#[test]
fn model_invariants_hold() {
    assert_eq!(data().classification.validate(), Vec::<String>::new());
}

/// The column-per-field stored form gives back every concept as it was.
#[test]
fn stored_classification_round_trips() {
    let c = &data().classification;
    let back = Classification::from_section(&c.to_section()).expect("reads back");
    assert_eq!(back.concepts(), c.concepts());
}

#[test]
fn counts_match_the_sources() {
    // PROVENANCE / DOMAIN: coding 19 has 22 chapters, 264 blocks, 2,066 categories, 12,409 subcategories.
    assert_eq!(count(System::Icd10, Kind::Chapter), 22);
    assert_eq!(count(System::Icd10, Kind::Block), 264);
    assert_eq!(count(System::Icd10, Kind::Category), 2066);
    assert_eq!(count(System::Icd10, Kind::Subcategory), 12409);
    // Coding 240: 25 chapters, 1,566 categories + 34 untitled OPCS-4.10 categories; 9,697 codes + 219 from HES.
    assert_eq!(count(System::Opcs4, Kind::Chapter), 25);
    assert_eq!(count(System::Opcs4, Kind::Category), 1566 + 34);
    assert_eq!(count(System::Opcs4, Kind::Subcategory), 9697 + 219);
}

#[test]
fn untitled_opcs_4_10_categories_are_flagged_placeholders() {
    let placeholders: Vec<_> = data()
        .classification
        .concepts()
        .iter()
        .filter(|c| c.has_source(source::TITLE_PLACEHOLDER))
        .collect();
    assert_eq!(placeholders.len(), 34);
    for c in placeholders {
        assert_eq!(c.system, System::Opcs4);
        assert!(c.title.contains("not in the bundled sources"), "{}", c.title);
        assert!(!data().classification.children(data().classification.find(c.system, &c.code).unwrap()).is_empty());
    }
}

#[test]
fn x_filled_and_dotless_codes_resolve() {
    let c = &data().classification;
    let g20 = c.find(System::Icd10, "G20X").expect("G20X is G20");
    assert_eq!(c.get(g20).unwrap().code, "G20");
    assert!(c.get(g20).unwrap().complete);
    let i214 = c.find(System::Icd10, "i214").unwrap();
    assert_eq!(c.get(i214).unwrap().title, "Acute subendocardial myocardial infarction");
    assert_eq!(c.path_labels(i214)[1], "I20-I25 Ischaemic heart diseases");
    // K40 is a category in both classifications.
    assert!(c.find(System::Icd10, "K40").is_some() && c.find(System::Opcs4, "K40").is_some());
}

#[test]
fn nhs_titles_and_usage_come_from_hes() {
    let c = &data().classification;
    let e119 = c.get(c.find(System::Icd10, "E11.9").unwrap()).unwrap();
    assert_eq!(e119.title, "Type 2 diabetes mellitus - Without complications");
    assert!(e119.usage > 100_000, "E11.9 is among the most used codes, got {}", e119.usage);
    // HES's latest year writes "Emergency use of U07.1": a real title is kept instead.
    let u071 = c.get(c.find(System::Icd10, "U07.1").unwrap()).unwrap();
    assert!(u071.title.starts_with("COVID-19"), "{}", u071.title);
    // A category's usage is the sum of its codes'.
    let i21 = c.find(System::Icd10, "I21").unwrap();
    let sum: u32 = c.children(i21).iter().map(|&k| c.get(k).unwrap().usage).sum();
    assert_eq!(c.get(i21).unwrap().usage, sum);
}

#[test]
fn manifest_records_every_input_with_its_checksum() {
    let m = &data().manifest;
    assert!(m.inputs.len() >= 2);
    for input in &m.inputs {
        assert_eq!(input.sha256.len(), 64, "{}", input.name);
        assert!(!input.version.is_empty(), "{}", input.name);
    }
    assert!(m.inputs.iter().any(|i| i.sha256 == "5f98e250b6bbff5781f4c6051fd8d2b87186f2f941a3abff2029d0cc5c384d78"));
}

#[test]
fn a_corrupted_bundle_is_refused_with_a_message() {
    let mut bytes = std::fs::read(support::bundle_path()).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    let err = Dataset::from_bytes(&bytes).err().expect("damaged bundle refused");
    assert!(err.to_string().contains("damaged"), "{err}");
    assert!(Dataset::from_bytes(&bytes[..10]).is_err());
}
