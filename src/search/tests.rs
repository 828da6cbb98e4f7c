//! Ranking behaviour on a small hand-made classification (real codes and titles): each test
//! shows why one result beats another.

use super::*;
use crate::model::{source, Classification, Concept, ConceptId, Kind, System};

/// `(system, code, title, usage)`; parents are found by code, so list parents first.
const SAMPLE: &[(System, &str, &str, u32)] = &[
    (System::Icd10, "IX", "Diseases of the circulatory system", 0),
    (System::Icd10, "I21", "Acute myocardial infarction", 0),
    (System::Icd10, "I21.4", "Acute subendocardial myocardial infarction", 149_340),
    (System::Icd10, "I21.9", "Acute myocardial infarction, unspecified", 50_000),
    (System::Icd10, "I50", "Heart failure", 0),
    (System::Icd10, "I50.9", "Heart failure, unspecified", 400_000),
    (System::Icd10, "I60", "Subarachnoid haemorrhage", 0),
    (System::Icd10, "I60.9", "Subarachnoid haemorrhage, unspecified", 5_000),
    (System::Icd10, "N18", "Chronic renal failure", 0),
    (System::Icd10, "N18.4", "Chronic kidney disease, stage 4", 172_057),
    (System::Icd10, "N18.5", "Chronic kidney disease, stage 5", 50_000),
    (System::Icd10, "S72", "Fracture of femur", 0),
    (System::Icd10, "S72.0", "Fracture of neck of femur", 86_524),
    (System::Icd10, "S72.2", "Subtrochanteric fracture", 4_884),
    (System::Icd10, "M06", "Other rheumatoid arthritis", 0),
    (System::Icd10, "M06.9", "Rheumatoid arthritis, unspecified", 328_983),
    (System::Icd10, "M06.94", "Rheumatoid arthritis, unspecified (Hand)", 0),
    (System::Icd10, "R12", "Heartburn", 900_000),
    (System::Icd10, "R07", "Pain in throat and chest", 0),
    (System::Icd10, "R07.0", "Pain in throat", 90_000),
    (System::Icd10, "J18", "Pneumonia, organism unspecified", 0),
    (System::Icd10, "J18.9", "Pneumonia, unspecified", 355_133),
    (System::Icd10, "G20", "Parkinson's disease", 182_594),
    (System::Icd10, "K40", "Inguinal hernia", 0),
    (System::Icd10, "K40.9", "Unilateral or unspecified inguinal hernia, without obstruction or gangrene", 60_000),
    (System::Icd10, "H26", "Other cataract", 0),
    (System::Icd10, "H26.9", "Cataract, unspecified", 20_000),
    (System::Icd10, "M72", "Fibroblastic disorders", 0),
    (System::Icd10, "M72.0", "Palmar fascial fibromatosis [Dupuytren]", 10_000),
    (System::Icd10, "O70", "Perineal laceration during delivery", 0),
    (System::Icd10, "O70.1", "Second degree perineal laceration during delivery", 20_000),
    (System::Icd10, "O70.2", "Third degree perineal laceration during delivery", 10_000),
    (System::Icd10, "M17", "Gonarthrosis [arthrosis of knee]", 0),
    (System::Icd10, "M17.9", "Gonarthrosis, unspecified", 400_000),
    (System::Icd10, "M89", "Other disorders of bone", 0),
    (System::Icd10, "M89.4", "Other hypertrophic osteoarthropathy", 1_000),
    (System::Icd10, "T22", "Burn and corrosion of shoulder and upper limb, except wrist and hand", 5_000),
    (System::Icd10, "Z95", "Presence of cardiac and vascular implants and grafts", 0),
    (System::Icd10, "Z95.0", "Presence of cardiac pacemaker", 30_000),
    (System::Icd10, "D05", "Carcinoma in situ of breast", 0),
    (System::Icd10, "D05.1", "Intraductal carcinoma in situ", 9_000),
    (System::Icd10, "S32", "Fracture of lumbar spine and pelvis", 0),
    (System::Icd10, "S32.0", "Fracture of lumbar vertebra", 8_000),
    (System::Icd10, "N17", "Acute renal failure", 0),
    (System::Icd10, "N17.9", "Acute renal failure, unspecified", 150_000),
    (System::Icd10, "N17.0", "Acute renal failure with tubular necrosis", 2_000),
    (System::Icd10, "K80", "Cholelithiasis", 0),
    (System::Icd10, "K80.2", "Calculus of gallbladder without cholecystitis", 100_000),
    (System::Icd10, "K56", "Paralytic ileus and intestinal obstruction without hernia", 0),
    (System::Icd10, "K56.3", "Gallstone ileus", 1_000),
    (System::Icd10, "K81", "Cholecystitis", 0),
    (System::Icd10, "K81.0", "Acute cholecystitis", 30_000),
    (System::Icd10, "U07", "Emergency use of U07", 0),
    (System::Icd10, "U07.1", "Emergency use of U07.1", 288_305),
    (System::Opcs4, "K", "Heart", 0),
    (System::Opcs4, "K40", "Saphenous vein graft replacement of coronary artery", 0),
    (System::Opcs4, "K40.1", "Saphenous vein graft replacement of one coronary artery", 4_120),
    (System::Opcs4, "K40.9", "Unspecified saphenous vein graft replacement of coronary artery", 100),
    (System::Opcs4, "H01", "Emergency excision of appendix", 0),
    (System::Opcs4, "H01.1", "Emergency excision of abnormal appendix and drainage HFQ", 6_934),
    (System::Opcs4, "H01.9", "Unspecified emergency excision of appendix", 30_000),
    (System::Opcs4, "H02", "Other excision of appendix", 0),
    (System::Opcs4, "H02.9", "Unspecified other excision of appendix", 20_000),
    (System::Opcs4, "W37", "Total prosthetic replacement of hip joint using cement", 0),
    (System::Opcs4, "W37.1", "Primary total prosthetic replacement of hip joint using cement", 21_208),
    (System::Opcs4, "G43", "Fibreoptic endoscopic extirpation of lesion of upper gastrointestinal tract", 0),
    (System::Opcs4, "G43.7", "Fibreoptic endoscopic rubber band ligation of upper gastrointestinal tract varices", 8_000),
    (System::Opcs4, "Q12", "Intrauterine contraceptive device", 0),
    (System::Opcs4, "Q12.1", "Introduction of intrauterine contraceptive device", 5_000),
    (System::Opcs4, "Q12.4", "Removal of intrauterine contraceptive device NEC", 9_000),
    (System::Opcs4, "C75", "Prosthesis of lens", 0),
    (System::Opcs4, "C75.1", "Insertion of prosthetic replacement for lens NEC", 300_000),
    (System::Opcs4, "F09", "Surgical removal of tooth", 0),
    (System::Opcs4, "F09.4", "Surgical removal of tooth NEC", 19_330),
    (System::Opcs4, "F10", "Simple extraction of tooth", 0),
    (System::Opcs4, "F10.9", "Unspecified simple extraction of tooth", 22_182),
    (System::Opcs4, "K60", "Cardiac pacemaker system introduced through vein", 0),
    (System::Opcs4, "K60.2", "Resiting of lead of intravenous cardiac pacemaker system", 1_500),
    (System::Opcs4, "F42", "Other operations on mouth", 0),
    (System::Opcs4, "F42.1", "Biopsy of lesion of mouth NEC", 2_000),
    (System::Opcs4, "M47", "Urethral catheterisation of bladder", 0),
    (System::Opcs4, "M47.3", "Removal of urethral catheter from bladder", 100_000),
    (System::Opcs4, "M34", "Total excision of bladder", 0),
    (System::Opcs4, "M34.3", "Cystectomy NEC", 1_000),
    (System::Opcs4, "H33", "Excision of rectum", 0),
    (System::Opcs4, "H33.1", "Abdominoperineal excision of rectum and end colostomy", 2_000),
    (System::Opcs4, "V33", "Primary excision of lumbar intervertebral disc", 0),
    (System::Opcs4, "V33.9", "Unspecified primary excision of lumbar intervertebral disc", 3_000),
    (System::Opcs4, "W90", "Puncture of joint", 0),
    (System::Opcs4, "W90.1", "Aspiration of joint", 500_000),
];

const SYNONYMS: &str = "term,system,targets,basis
THR,opcs4,W37,abbreviation
heart attack,icd10,I21,lay term
NSTEMI,icd10,I21.4,abbreviation
appendicectomy,opcs4,H01 H02,UK operation name
cataract,opcs4,C75,operation name
CKD,icd10,N18,abbreviation
osteoarthritis,icd10,M17,clinical term
arthritis,icd10,M17,clinical term
PPM,icd10,Z95.0,abbreviation
hip fracture,icd10,S72.0,clinical term
acute kidney injury,icd10,N17,clinical term
gallstones,icd10,K80,lay term
discectomy,opcs4,V33,operation name
";

fn sample() -> Classification {
    let mut concepts: Vec<Concept> = Vec::new();
    for &(system, code, title, usage) in SAMPLE {
        let kind = match code.len() {
            1 | 2 => Kind::Chapter,
            3 => Kind::Category,
            _ => Kind::Subcategory,
        };
        let parent = match kind {
            Kind::Subcategory => concepts.iter().position(|c| c.system == system && c.code == code[..3]),
            Kind::Category if system == System::Opcs4 => concepts.iter().position(|c| c.system == system && c.kind == Kind::Chapter),
            Kind::Category => Some(0),
            _ => None,
        };
        concepts.push(Concept {
            system,
            code: code.into(),
            title: title.into(),
            kind,
            parent: parent.map(|p| p as ConceptId),
            complete: false,
            usage,
            sources: source::UK_BIOBANK,
        });
    }
    let has_children: Vec<bool> = (0..concepts.len()).map(|i| concepts.iter().any(|c| c.parent == Some(i as ConceptId))).collect();
    for (c, children) in concepts.iter_mut().zip(has_children) {
        c.complete = !children && matches!(c.kind, Kind::Category | Kind::Subcategory);
    }
    Classification::new(concepts)
}

fn index(classification: &Classification) -> Index {
    let mut builder = IndexBuilder::new(classification);
    builder.add_synonyms(&load_synonyms(SYNONYMS).unwrap()).unwrap();
    let covid = classification.find(System::Icd10, "U07.1").unwrap();
    builder.add_alt_text(covid, "COVID-19 virus identified");
    Index::from_bytes(&builder.build()).unwrap()
}

/// `(code, rule)` of the hits, e.g. `["I21.4 synonym", ...]`.
fn search(text: &str, system: Option<System>) -> Vec<String> {
    let c = sample();
    let results = index(&c).search(&c, &Query { text, system, limit: 10 });
    results
        .hits
        .iter()
        .map(|h| format!("{} {}", c.get(h.id).unwrap().code, h.rule.as_str()))
        .collect()
}

fn position(hits: &[String], code: &str) -> usize {
    hits.iter()
        .position(|h| h.split(' ').next() == Some(code))
        .unwrap_or_else(|| panic!("{code} not in {hits:?}"))
}

#[test]
fn exact_code_beats_code_prefix_and_both_systems_answer() {
    let hits = search("k40", None);
    assert_eq!(&hits[..2], ["K40 exact-code", "K40 exact-code"]);
    assert!(hits[2..].iter().all(|h| h.ends_with("code-prefix")), "{hits:?}");
    // Among the children, the complete code with more usage comes first.
    assert_eq!(hits[2], "K40.9 code-prefix"); // ICD-10 K40.9: 60,000 episodes
}

#[test]
fn a_code_that_exists_gets_no_guesses_around_it() {
    assert_eq!(search("I21.4", None), ["I21.4 exact-code"]);
}

#[test]
fn codes_are_found_in_any_written_form() {
    for written in ["I21.4", "i214", "I21 .4", " i21.4 "] {
        assert_eq!(search(written, None)[0], "I21.4 exact-code", "{written}");
    }
    assert_eq!(search("G20X", None)[0], "G20 exact-code");
    assert_eq!(search("k40", Some(System::Opcs4))[..2], ["K40 exact-code", "K40.1 code-prefix"]);
}

#[test]
fn code_prefix_puts_categories_before_their_subcategories() {
    let hits = search("i2", None);
    assert_eq!(hits[0], "I21 code-prefix");
    assert!(position(&hits, "I21") < position(&hits, "I21.4"));
}

#[test]
fn whole_words_beat_prefixes_even_with_less_usage() {
    // "heart" is a whole word of I50.9 but only the start of "heartburn" (R12, more usage).
    let hits = search("heart", Some(System::Icd10));
    assert_eq!(hits[0], "I50.9 all-words");
    assert!(position(&hits, "I50.9") < position(&hits, "R12"));
    assert!(hits[position(&hits, "R12")].ends_with("all-prefixes"));
}

#[test]
fn a_whole_query_synonym_target_beats_all_words_but_its_descendants_do_not() {
    // "cataract" is a word of the ICD-10 title (H26.9, more usage) and a synonym term whose
    // target is the OPCS-4 operation C75: the table's reading of the whole query comes first,
    // then the all-words hits, then the target's subcategory C75.1 (300,000 episodes).
    let hits = search("cataract", None);
    assert_eq!(hits[0], "C75 synonym");
    assert_eq!(hits[1], "H26.9 all-words");
    assert!(position(&hits, "H26.9") < position(&hits, "C75.1"));
    assert_eq!(hits[position(&hits, "C75.1")], "C75.1 synonym");
    // Without the synonym, the same words rank as before.
    assert_eq!(search("cataract unspecified", None)[0], "H26.9 all-words");
}

#[test]
fn an_inflection_finds_a_title_word_that_has_no_ending_to_remove() {
    // "Dupuytren" has no stem key of its own; "dupuytrens" (possessive written without the
    // apostrophe) has the stem "dupuytren", looked up as a word too.
    assert_eq!(search("dupuytrens", None)[0], "M72.0 fuzzy");
    // A word with a removable ending meets it the same way: "bands" → "band".
    assert_eq!(search("bands ligation", None)[0], "G43.7 fuzzy");
}

#[test]
fn title_equivalents_reach_the_words_titles_use() {
    // "3rd" is written "Third", a tear is a laceration.
    assert_eq!(search("3rd degree tear", None)[0], "O70.2 all-words");
    // Insertion is "Introduction" in OPCS-4 titles.
    assert_eq!(search("contraceptive device insertion", None)[0], "Q12.1 all-words");
    // Pacing is "pacemaker", oral is "mouth" in OPCS-4 titles.
    assert_eq!(search("pacing lead", Some(System::Opcs4))[0], "K60.2 all-words");
    assert_eq!(search("oral biopsy", Some(System::Opcs4))[0], "F42.1 all-words");
}

#[test]
fn synonym_beats_word_prefixes() {
    // THR would otherwise be the start of "throat".
    let hits = search("THR", None);
    assert_eq!(hits[0], "W37 synonym");
    assert_eq!(hits[1], "W37.1 synonym");
    assert!(position(&hits, "W37") < position(&hits, "R07.0"));
    assert!(hits[position(&hits, "R07.0")].ends_with("all-prefixes"));
}

#[test]
fn synonym_targets_come_before_their_children() {
    let hits = search("appendicectomy", None);
    assert_eq!(&hits[..2], ["H01 synonym", "H02 synonym"]);
    assert_eq!(hits[2], "H01.9 synonym");
    // The American spelling finds the same rows.
    assert_eq!(search("appendectomy", None), hits);
    // A known term is not also read as a typo of another ("STEMI").
    assert_eq!(search("NSTEMI", None), ["I21.4 synonym"]);
}

#[test]
fn a_plural_abbreviation_finds_the_singular_term() {
    // "NSTEMIs" as written in notes is the synonym NSTEMI; in lower case it is only a prefix guess.
    assert_eq!(search("NSTEMIs", None)[0], "I21.4 synonym");
    assert_eq!(search("previous NSTEMIs", None), search("previous NSTEMI", None));
}

#[test]
fn laterality_is_dropped_only_when_the_words_find_nothing_together() {
    // No title says "left pneumonia": the search runs again without the side, and says so.
    let c = sample();
    let results = index(&c).search(&c, &Query { text: "left pneumonia", system: None, limit: 10 });
    assert_eq!(c.get(results.hits[0].id).unwrap().code, "J18.9");
    assert_eq!(results.hits[0].rule, Rule::AllWords);
    assert!(results.notice.unwrap().contains("without \"left\""));
    // Where a title has the words, nothing is dropped: "unilateral" is in K40.9.
    assert_eq!(search("unilateral inguinal hernia", None)[0], "K40.9 all-words");
}

#[test]
fn the_patient_is_dropped_when_the_words_find_nothing_together() {
    let c = sample();
    let results = index(&c).search(&c, &Query { text: "pneumonia in child", system: None, limit: 10 });
    assert_eq!(c.get(results.hits[0].id).unwrap().code, "J18.9");
    assert!(results.notice.unwrap().contains("without \"child\""));
}

#[test]
fn a_title_that_is_the_query_heads_the_all_words_hits() {
    // "heartburn" is all of R12's title; the sample has no other title with the word, so check
    // with two words both titles share: "inguinal hernia" is all of K40's title, while K40.9
    // (complete, 60,000 episodes) only contains it.
    let hits = search("inguinal hernia", Some(System::Icd10));
    assert_eq!(&hits[..2], ["K40 all-words", "K40.9 all-words"]);
}

#[test]
fn all_prefixes_beat_synonym_prefixes() {
    // "hear" starts "heart" in titles (I50.9) and starts the synonym "heart attack" (I21).
    let hits = search("hear", Some(System::Icd10));
    assert_eq!(hits[0], "R12 all-prefixes"); // heartburn: most usage among prefix matches
    assert!(position(&hits, "I50.9") < position(&hits, "I21"));
    assert_eq!(hits[position(&hits, "I21")], "I21 synonym-prefix");
    assert_eq!(search("heart att", None)[0], "I21 synonym-prefix");
}

#[test]
fn a_long_word_that_starts_a_synonym_term_puts_its_targets_before_prefix_titles() {
    // "osteoarth" starts "osteoarthropathy" (M89.4) and the synonym "osteoarthritis" (M17):
    // a word this long is the term half typed, so its target comes first.
    let hits = search("osteoarth", Some(System::Icd10));
    assert_eq!(hits[0], "M17 synonym-prefix");
    assert!(position(&hits, "M17") < position(&hits, "M89.4"), "{hits:?}");
    // Short prefixes keep title prefixes first (`hear`: above).
    assert_eq!(search("hear", Some(System::Icd10))[0], "R12 all-prefixes");
}

#[test]
fn arm_and_forearm_find_titles_that_say_upper_limb() {
    assert_eq!(search("burn of forearm", Some(System::Icd10))[0], "T22 all-words");
    assert_eq!(search("scald to arm", Some(System::Icd10))[0], "T22 all-words");
}

#[test]
fn words_match_in_any_order_as_prefixes() {
    // I60's title is these two words: it heads its code I60.9.
    assert_eq!(search("haemorrhage subarachnoid", None)[..2], ["I60 all-words", "I60.9 all-words"]);
    assert_eq!(search("subarach haem", None)[0], "I60.9 all-prefixes");
    assert_eq!(search("append excis emerg", None)[..2], ["H01 all-prefixes", "H01.9 all-prefixes"]);
}

#[test]
fn british_and_american_spellings_find_each_other() {
    assert_eq!(search("hemorrhage subarachnoid", None)[..2], ["I60 all-words", "I60.9 all-words"]);
    assert_eq!(search("subarachnoid hemorr", None)[0], "I60.9 all-prefixes");
    // A half-typed British prefix still matches the title as written.
    assert_eq!(search("subarachnoid hae", None)[0], "I60.9 all-prefixes");
}

#[test]
fn prefixes_beat_typos_and_typos_are_found() {
    assert_eq!(search("pnuemonia", None)[0], "J18.9 fuzzy");
    // "heartb" starts heartburn; it is one edit from "heart" (I50.9, which has more usage
    // than nothing but less than a prefix match is worth).
    let hits = search("heartb", Some(System::Icd10));
    assert_eq!(hits[0], "R12 all-prefixes");
    assert_eq!(hits[position(&hits, "I50.9")], "I50.9 fuzzy");
    // Short words get no typo allowance.
    assert!(search("hrt", None).is_empty());
}

#[test]
fn a_misspelt_synonym_finds_its_targets() {
    // One letter from the term as written ("appendicectomy"); three from its canonical form.
    let hits = search("apendicectomy", None);
    assert!(!hits.is_empty() && hits.iter().all(|h| h.starts_with('H') && h.ends_with("fuzzy")), "{hits:?}");
}

#[test]
fn other_inflections_match_as_near_matches() {
    // "fractured" is not a title word nor the start of one; it shares the stem of "fracture".
    assert_eq!(search("fractured neck of femur", None)[0], "S72.0 fuzzy");
    // A whole word still beats an inflection: "fracture femur" finds S72 and S72.0 as all-words,
    // before S72.2, whose title says femur only through its category.
    let hits = search("fracture femur", None);
    assert!(hits[..2].iter().all(|h| h.ends_with("all-words")), "{hits:?}");
    assert!(hits[2..].iter().all(|h| !h.ends_with("all-words")), "{hits:?}");
}

#[test]
fn a_synonym_inside_a_longer_query_counts_as_its_words() {
    let hits = search("ckd stage 4", None);
    assert_eq!(hits[0], "N18.4 all-words");
    assert_eq!(search("stage 4 CKD", None)[0], "N18.4 all-words");
}

#[test]
fn alternative_titles_are_searchable() {
    assert_eq!(search("covid", None)[0], "U07.1 all-words");
    assert_eq!(search("covi", None)[0], "U07.1 all-prefixes");
    assert_eq!(search("covid 19", None)[0], "U07.1 all-words");
}

#[test]
fn partial_matches_are_the_fallback_and_say_so() {
    let c = sample();
    let results = index(&c).search(&c, &Query { text: "pneumonia appendix", system: None, limit: 10 });
    assert!(results.partial);
    assert!(results.hits.iter().all(|h| h.rule == Rule::Partial));
    let full = index(&c).search(&c, &Query { text: "pneumonia", system: None, limit: 10 });
    assert!(!full.partial);
}

#[test]
fn a_qualifier_weighs_less_than_the_condition_in_partial_matches() {
    // No title has both words. "Acute" reaches the busier I21 codes and "chronic" the N18 codes
    // (as in `chronic migraine`), but the condition is subarachnoid haemorrhage: I60.9 leads, and
    // a code matched by the qualifier alone is no match at all.
    for (text, qualifier_only) in [("acute subarachnoid", "I21"), ("chronic subarachnoid", "N18")] {
        let hits = search(text, Some(System::Icd10));
        assert!(hits.iter().all(|h| h.ends_with("partial")), "{text}: {hits:?}");
        assert_eq!(hits[0], "I60.9 partial", "{text}");
        assert!(!hits.iter().any(|h| h.starts_with(qualifier_only)), "{text}: {hits:?}");
    }
}

#[test]
fn a_word_typed_in_two_parts_finds_the_joined_word() {
    // "heart" and "burn" are in no title together; joined they are R12 "Heartburn".
    assert_eq!(search("heart burn", None)[0], "R12 all-words");
    // `cata ract` spells the one-word term `cataract` (C75 in OPCS-4).
    assert!(search("cata ract", Some(System::Opcs4))[0].starts_with("C75"));
}

#[test]
fn a_known_abbreviation_in_a_partial_match_is_not_a_prefix() {
    // `THR` is a synonym term: in a partial match it means W37, not "throat" (R07.0, busier).
    let hits = search("THR seizure", None);
    assert!(hits[0].starts_with("W37"), "{hits:?}");
    assert!(!hits.iter().any(|h| h.starts_with("R07")), "{hits:?}");
}

#[test]
fn a_misspelt_one_word_term_leads_the_typo_matches() {
    // `arthritus` is one edit from the term `arthritis` and from the title word in M06: the
    // term's target comes first, before the busier rheumatoid arthritis codes.
    let hits = search("arthritus", Some(System::Icd10));
    assert_eq!(hits[0], "M17 fuzzy");
    assert!(position(&hits, "M17") < position(&hits, "M06.9"));
}

#[test]
fn ties_go_to_complete_codes_then_usage() {
    // J18 has one listed code: complete J18.9 first.
    let hits = search("pneumonia", None);
    assert_eq!(&hits[..2], ["J18.9 all-words", "J18 all-words"]);
    // Usage orders codes of the same rule: I21.4 before I21.9.
    let hits = search("myocardial infarction", None);
    assert!(position(&hits, "I21.4") < position(&hits, "I21.9"));
}

#[test]
fn a_category_heads_its_listed_codes() {
    // Both I21 codes match, so I21 comes just before the first of them, though not complete.
    let hits = search("myocardial infarction", None);
    assert_eq!(&hits[..3], ["I21 all-words", "I21.4 all-words", "I21.9 all-words"]);
}

#[test]
fn system_filter_keeps_one_classification() {
    assert!(search("k40", Some(System::Icd10)).iter().all(|h| h.starts_with("K40")));
    assert_eq!(search("k40", Some(System::Icd10)).len(), 2);
    assert!(search("THR", Some(System::Icd10)).iter().all(|h| !h.starts_with('W')));
}

#[test]
fn bad_input_gives_a_notice_not_a_panic() {
    let c = sample();
    let idx = index(&c);
    let run = |text: &str| idx.search(&c, &Query { text, system: None, limit: 10 });
    assert_eq!(run("").notice.as_deref(), Some("empty query"));
    assert_eq!(run(" \t\n").notice.as_deref(), Some("empty query"));
    assert!(run("🙂🙂").notice.unwrap().contains("no letters"));
    let long = "heart ".repeat(2000);
    let results = run(&long);
    assert!(results.notice.unwrap().contains("first 200 characters"));
    assert_eq!(c.get(results.hits[0].id).unwrap().code, "I50.9");
    assert!(!run("heart\u{0}\u{7}failure").hits.is_empty());
    assert_eq!(idx.search(&c, &Query { text: "heart", system: None, limit: 0 }).hits.len(), 1);
}

#[test]
fn index_for_another_classification_is_refused() {
    let c = sample();
    let idx = index(&c);
    let other = Classification::new(c.concepts()[..5].to_vec());
    let results = idx.search(&other, &Query { text: "heart", system: None, limit: 10 });
    assert!(results.hits.is_empty() && results.notice.unwrap().contains("rebuild"));
}

#[test]
fn unknown_synonym_targets_are_reported() {
    let c = sample();
    let rows = load_synonyms("term,system,targets,basis\nMI,icd10,I21 I22,abbreviation\n").unwrap();
    let err = IndexBuilder::new(&c).add_synonyms(&rows).unwrap_err();
    assert!(err.contains("I22") && !err.contains("I21 "), "{err}");
}

#[test]
fn damaged_section_bytes_are_errors() {
    let c = sample();
    let mut builder = IndexBuilder::new(&c);
    builder.add_synonyms(&load_synonyms(SYNONYMS).unwrap()).unwrap();
    let bytes = builder.build();
    assert!(Index::from_bytes(&bytes).is_ok());
    assert!(Index::from_bytes(&[]).is_err());
    assert!(Index::from_bytes(&bytes[..bytes.len() / 2]).is_err());
    for at in (0..bytes.len()).step_by(7) {
        let mut damaged = bytes.clone();
        damaged[at] ^= 0x5a;
        // Either refused or loaded; a loaded index must still answer without panicking.
        if let Ok(idx) = Index::from_bytes(&damaged) {
            idx.search(&c, &Query { text: "heart hip", system: None, limit: 5 });
        }
    }
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn on_any_text(text in "\\PC{0,60}|[a-zA-Z0-9 .#'-]{0,30}", limit in 0usize..50) {
            let c = sample();
            let idx = index(&c);
            let results = idx.search(&c, &Query { text: &text, system: None, limit });
            prop_assert!(results.hits.len() <= limit.max(1));
            prop_assert!(results.hits.iter().all(|h| c.get(h.id).is_some()));
        }
    }
}

#[test]
fn a_used_code_beats_its_unused_site_subdivisions() {
    // M06.9 has fifth-character site codes, so it is not complete; but England codes M06.9
    // (329,000 episodes) and never M06.94 (none): the unused site code ranks with the
    // incomplete codes, by usage, after M06.9.
    let hits = search("rheumatoid arthritis", None);
    assert!(position(&hits, "M06.9") < position(&hits, "M06.94"), "{hits:?}");
}

#[test]
fn a_category_word_counts_for_its_codes_before_typo_guesses() {
    // S72.2 "Subtrochanteric fracture" does not say femur; its category S72 "Fracture of femur" does.
    let hits = search("subtrochanteric fracture of femur", None);
    assert_eq!(hits[0], "S72.2 fuzzy", "{hits:?}");
}

#[test]
fn a_misspelt_word_in_a_phrase_synonym_still_finds_its_targets() {
    // `atack` is no title word; the whole query is within one edit of the term `heart attack`.
    let hits = search("heart atack", None);
    assert_eq!(hits[0], "I21 fuzzy", "{hits:?}");
}

#[test]
fn a_synonym_with_a_generic_noun_after_it_finds_the_synonym() {
    // `NSTEMI episode`: no title holds both words; NSTEMI is a term of the table (I21.4), and
    // "episode" after it adds nothing, so I21.4 comes first, as for `NSTEMI`.
    let hits = search("NSTEMI episode", None);
    assert_eq!(hits[0], "I21.4 synonym", "{hits:?}");
}

#[test]
fn a_generic_procedure_noun_after_a_synonym_finds_the_synonym() {
    // `THR insertion`: no W37 title says insertion (or implantation, introduction), so the words
    // find nothing together; the noun only restates the operation THR names.
    let hits = search("THR insertion", None);
    assert_eq!(hits[0], "W37 synonym", "{hits:?}");
}

#[test]
fn a_treatment_or_tube_after_a_synonym_finds_the_synonym() {
    // `cataract treatment`: no title holds both words; the noun only says the operation is wanted.
    let hits = search("cataract treatment", None);
    assert_eq!(hits[0], "C75 synonym", "{hits:?}");
}

#[test]
fn a_dropped_generic_word_still_orders_the_all_words_hits() {
    // `surgical` is not required of a title, but "Surgical removal of tooth" holds it: it comes
    // before the more used "Unspecified simple extraction of tooth".
    let hits = search("surgical extraction of tooth", None);
    assert!(position(&hits, "F09.4") < position(&hits, "F10.9"), "{hits:?}");
    let hits = search("extraction of tooth", None);
    assert!(position(&hits, "F10.9") < position(&hits, "F09.4"), "{hits:?}");
}

#[test]
fn generic_nouns_and_qualifiers_alone_are_no_partial_match() {
    // A word in no title (an eponym the table does not know) beside `disease` or `acute`: the
    // generic noun or the qualifier alone would list the busiest diseases (G20, N18) or acute
    // conditions (I21). Nothing is the honest answer.
    let c = sample();
    for text in ["zzyzx disease", "acute zzyzx", "acute zzyzx disease"] {
        let results = index(&c).search(&c, &Query { text, system: None, limit: 5 });
        assert!(results.hits.is_empty(), "{text}: {:?}", results.hits);
        // The notice names the word to retype.
        assert_eq!(results.notice.as_deref(), Some("no matches: no title or term has \"zzyzx\""), "{text}");
    }
    // With a real word beside it, the generic noun still counts towards the partial ranking.
    assert!(search("chronic subarachnoid disease", Some(System::Icd10)).iter().any(|h| h.starts_with("I60")));
}

#[test]
fn a_device_in_situ_is_the_device_but_a_carcinoma_in_situ_is_the_title() {
    // `PPM in situ`: no title holds both; only carcinoma titles say "situ". PPM is a term of the
    // table (Z95.0), so it comes first rather than partial matches on "Carcinoma in situ".
    let hits = search("PPM in situ", Some(System::Icd10));
    assert_eq!(hits[0], "Z95.0 synonym", "{hits:?}");
    // When the words find a title together, "situ" is kept: the carcinoma in situ.
    let hits = search("carcinoma in situ", Some(System::Icd10));
    assert_eq!(hits[0], "D05.1 all-words", "{hits:?}");
}

#[test]
fn a_vertebral_level_finds_the_region_titles_name() {
    // `L1 fracture`: the titles say "lumbar vertebra". The busier fracture of neck of femur
    // has no lumbar word, so it is at most a partial match, after them.
    let hits = search("L1 fracture", Some(System::Icd10));
    assert_eq!(hits[0], "S32.0 all-words", "{hits:?}");
    assert!(!hits.contains(&"S72.0 all-words".to_string()), "{hits:?}");
    assert!(position(&hits, "S32.0") < position(&hits, "S72.0"), "{hits:?}");
    // With a word no title has (`compression`), the level still counts for the partial matches:
    // it is not dropped as a level coded apart, which would leave guesses at `fracture` alone.
    let hits = search("L1 compression fracture", Some(System::Icd10));
    assert_eq!(hits[0], "S32.0 partial", "{hits:?}");
}

#[test]
fn note_shorthand_with_a_slash_says_nothing_a_title_says() {
    // `c/o` (complains of) would otherwise be the words `c` and `o`, which no title matches.
    assert_eq!(search("c/o heartburn", None)[0], "R12 all-words");
    assert_eq!(search("c/o heartburn", None), search("heartburn", None));
}

#[test]
fn shorthand_words_read_as_the_full_word_for_synonym_terms() {
    // `fx hip` is the term `hip fracture`: its target first, as for the term itself.
    assert_eq!(search("fx hip", None)[0], "S72.0 synonym");
    assert_eq!(search("hip fx", None)[0], "S72.0 synonym");
}

#[test]
fn every_word_of_a_term_may_be_a_fragment_in_any_order() {
    // No title holds words starting `ac`, `kid` and `inj`; the term `acute kidney injury` does.
    let hits = search("ac kid inj", None);
    assert_eq!(hits[0], "N17 synonym-prefix");
    assert_eq!(search("kid inj ac", None)[0], "N17 synonym-prefix");
}

#[test]
fn a_long_fragment_stands_for_the_one_word_term_it_starts() {
    // `osteoarth` is in no title whole; it starts the term osteoarthritis (M17, "Gonarthrosis
    // [arthrosis of knee]"), so with `knee` every word matches M17 as a prefix: before the
    // partial matches of "osteoarthropathy" alone.
    let hits = search("osteoarth knee", None);
    assert_eq!(hits[0], "M17 all-prefixes");
    assert_eq!(hits[position(&hits, "M89.4")], "M89.4 partial");
}

#[test]
fn a_fragment_reaches_the_title_words_of_the_words_it_starts() {
    // `resect` starts `resection`, which titles call "excision".
    assert_eq!(search("abdominoperin resect", None)[0], "H33.1 all-prefixes");
}

#[test]
fn an_organ_and_an_act_mean_the_compound_word() {
    // `removal of bladder` is cystectomy: M34.3 "Cystectomy NEC" comes before M47.3 "Removal of
    // urethral catheter from bladder", which holds both words and has 100 times the usage.
    let hits = search("removal of bladder", None);
    assert_eq!(hits[0], "M34.3 all-words");
    assert!(position(&hits, "M34.3") < position(&hits, "M47.3"));
    // `inflamed gallbladder` is cholecystitis, which no title calls inflamed. (So is, wrongly,
    // "Calculus of gallbladder without cholecystitis": a title's negation is not read.)
    let hits = search("inflamed gallbladder", None);
    assert_eq!(hits[position(&hits, "K81.0")], "K81.0 all-words");
}

#[test]
fn a_code_among_words_weighs_double_in_partial_matches() {
    // Nothing is both J18 and aspiration: J18's code (355,133 episodes) comes before "Aspiration
    // of joint", which has more usage and matches the word alone.
    let hits = search("J18 aspiration", None);
    assert!(hits[0].starts_with("J18") && hits[0].ends_with("partial"), "{hits:?}");
    assert!(position(&hits, "J18.9") < position(&hits, "W90.1"));
}

#[test]
fn spinal_levels_are_coded_apart() {
    // OPCS-4 codes the level with a site code: `L5/S1 discectomy` is discectomy.
    assert_eq!(search("L5/S1 discectomy", None)[0], search("discectomy", None)[0]);
    assert!(search("L5/S1 discectomy", None)[0].starts_with("V33"));
}

#[test]
fn two_words_joined_meet_a_term_in_another_inflection() {
    // `gall stone` joined is "gallstone" (K56.3 Gallstone ileus) and the term `gallstones` (K80).
    let hits = search("gall stone", None);
    assert!(position(&hits, "K80.2") < position(&hits, "K56.3"), "{hits:?}");
}
