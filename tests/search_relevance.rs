//! Search relevance on the real bundle built by `codegroup build-data`: the examples the product
//! must get right, and a wider set of realistic coder queries (`tests/data/relevance_queries.tsv`).

mod support;

use codegroup::search::{self, Query, Rule};
use codegroup::{Dataset, System};

fn data() -> &'static Dataset {
    support::dataset()
}

/// The top `n` hits as `(code, rule)`.
fn top(text: &str, system: Option<System>, n: usize) -> Vec<(String, Rule)> {
    let d = data();
    d.search
        .search(&d.classification, &Query { text, system, limit: n })
        .hits
        .iter()
        .map(|h| (d.classification.get(h.id).expect("hit ids are concepts").code.clone(), h.rule))
        .collect()
}

/// Whether the top 5 holds a code starting with any of `prefixes`.
fn in_top5(text: &str, system: Option<System>, prefixes: &[&str]) -> bool {
    top(text, system, 5).iter().any(|(code, _)| prefixes.iter().any(|p| code.starts_with(p)))
}

fn assert_top5(text: &str, system: Option<System>, prefixes: &[&str]) {
    assert!(in_top5(text, system, prefixes), "{text:?} ({system:?}): none of {prefixes:?} in the top 5: {:?}", top(text, system, 5));
}

#[test]
fn codes_in_any_form() {
    assert_top5("K40.1", Some(System::Opcs4), &["K40.1"]);
    assert_top5("k401", Some(System::Opcs4), &["K40.1"]);
    assert_eq!(top("k401", Some(System::Opcs4), 1)[0], ("K40.1".to_string(), Rule::ExactCode));
    assert_eq!(top("I21 .4", None, 1)[0].0, "I21.4");
    assert_eq!(top("G20X", Some(System::Icd10), 1)[0].0, "G20");
    // K40 exists in both classifications: both exact codes come before any child.
    let k40 = top("k40", None, 4);
    assert_eq!(k40[..2].iter().filter(|(c, r)| c == "K40" && *r == Rule::ExactCode).count(), 2, "{k40:?}");
}

#[test]
fn appendicectomy_in_both_spellings_finds_h01_itself() {
    for q in ["appendicectomy", "appendectomy"] {
        assert_top5(q, None, &["H01"]);
        assert!(top(q, None, 5).iter().any(|(c, _)| c == "H01"), "{q}: {:?}", top(q, None, 5));
    }
}

#[test]
fn heart_attack_and_nstemi() {
    assert_top5("heart attack", None, &["I21"]);
    assert_top5("NSTEMI", None, &["I21.4"]);
    assert_eq!(top("NSTEMI", None, 1)[0].0, "I21.4");
}

#[test]
fn typos_are_forgiven() {
    assert_top5("pnuemonia", Some(System::Icd10), &["J18"]);
    assert_top5("cholecystecomy", Some(System::Opcs4), &["J18"]);
}

#[test]
fn words_and_synonyms() {
    assert_top5("type 2 diabetes", None, &["E11"]);
    assert_top5("lap chole", Some(System::Opcs4), &["J18"]);
    assert_top5("THR", None, &["W37", "W38", "W39"]);
    assert_top5("CKD stage 4", None, &["N18.4"]);
    assert_top5("#NOF", None, &["S72.0"]);
}

#[test]
fn british_and_american_spellings() {
    assert_top5("haemorrhage subarachnoid", None, &["I60"]);
    assert_top5("hemorrhage subarachnoid", None, &["I60"]);
}

/// Lay names of bones, body parts and injuries reach the words the titles use, with no synonym
/// row for the phrase (none of these queries is a synonym term).
#[test]
fn lay_body_part_and_injury_words() {
    let icd10 = Some(System::Icd10);
    assert_top5("broken kneecap", icd10, &["S82.0"]);
    assert_top5("fractured breastbone", icd10, &["S22.2"]);
    assert_top5("bruised knee", icd10, &["S80.0"]);
    assert_top5("cut to forearm", icd10, &["S51"]);
    assert_top5("heel fracture", icd10, &["S92.0"]);
    assert_top5("burst eardrum", icd10, &["H72", "S09.2"]);
    assert_top5("shin laceration", icd10, &["S81"]);
    assert_top5("motorbike accident", icd10, &["V2"]);
}

#[test]
fn every_synonym_target_is_in_the_bundle() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/synonyms.csv")).unwrap();
    let rows = search::load_synonyms(&text).unwrap();
    assert!(rows.len() >= 200, "only {} synonym rows", rows.len());
    let c = &data().classification;
    let missing: Vec<String> = rows
        .iter()
        .flat_map(|r| r.targets.iter().filter(|t| c.find(r.system, t).is_none()).map(move |t| format!("{} → {}", r.term, t)))
        .collect();
    assert!(missing.is_empty(), "synonym targets not in the bundle: {missing:?}");
}

/// Hit@5 over a relevance table (`query<TAB>system<TAB>prefixes`): the rate and the misses.
fn hit_rate(table: &str) -> (f64, Vec<String>) {
    let mut total = 0;
    let mut misses = Vec::new();
    for line in table.lines().filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        // A comment starts with `#` and is not a query row (`# wrist` is a query: # = fracture).
        if line.starts_with('#') && (cols.len() != 3 || !matches!(cols[1], "all" | "icd10" | "opcs4")) {
            continue;
        }
        assert_eq!(cols.len(), 3, "bad line {line:?}");
        let system = match cols[1] {
            "all" => None,
            s => Some(System::parse(s).unwrap_or_else(|| panic!("bad system in {line:?}"))),
        };
        let prefixes: Vec<&str> = cols[2].split_whitespace().collect();
        total += 1;
        if !in_top5(cols[0], system, &prefixes) {
            misses.push(format!("{:?} [{}] wanted {:?}, got {:?}", cols[0], cols[1], prefixes, top(cols[0], system, 5)));
        }
    }
    let rate = 1.0 - misses.len() as f64 / total as f64;
    println!("hit@5 = {:.1}% ({} of {total})", 100.0 * rate, total - misses.len());
    for m in &misses {
        println!("miss: {m}");
    }
    (rate, misses)
}

/// Fails when a table's hit@5 is below `floor`, listing every miss.
fn assert_hit_rate(name: &str, table: &str, floor: f64) {
    let (rate, misses) = hit_rate(table);
    assert!(rate >= floor, "{name}: hit@5 {:.1}% below {:.0}%:\n{}", 100.0 * rate, 100.0 * floor, misses.join("\n"));
}

#[test]
fn relevance_on_realistic_coder_queries() {
    assert_hit_rate("coder queries", include_str!("data/relevance_queries.tsv"), 0.99);
}

/// Queries written blind (before looking at any result) and never tuned one by one: the
/// honest estimate of relevance on unseen coder queries. Floor 97%: 100% at the last
/// measurement, once tuned on its misses.
#[test]
fn relevance_on_blind_queries() {
    assert_hit_rate("blind", include_str!("data/relevance_blind.tsv"), 0.97);
}

/// A second blind batch, written before any change that was tuned on the first. 78.3% when
/// first measured blind, 81.2% after general fixes, 97.1% once its misses were read and rows
/// added for them (so no longer blind).
#[test]
fn relevance_on_holdout_queries() {
    assert_hit_rate("hold-out", include_str!("data/relevance_holdout.tsv"), 0.95);
}

/// A third blind batch (361 queries), written before any change on the `rel` branch without
/// reading the other tables. 75.1% (271 of 361) when first measured blind, 99.4% once its misses
/// were read and general rules and rows added for them (so no longer blind).
#[test]
fn relevance_on_holdout2_queries() {
    assert_hit_rate("hold-out 2", include_str!("data/relevance_holdout2.tsv"), 0.95);
}

/// A fourth blind batch (248 queries), written after the hold-out 2 fixes and before any search
/// for them. 68.1% (169 of 248) when first measured blind (69.0% with three wrong answer keys
/// corrected), 96.8% once its misses were read and fixed (so no longer blind).
#[test]
fn relevance_on_holdout3_queries() {
    assert_hit_rate("hold-out 3", include_str!("data/relevance_holdout3.tsv"), 0.95);
}

/// A fifth blind batch (361 queries), written on branch `rel2` before any change there and
/// deduplicated against every other table and synonym term. 89.5% (323 of 361) when first
/// measured blind (90.3% with three wrong answer keys corrected), 98.3% once its misses were read
/// and fixed (so no longer blind).
#[test]
fn relevance_on_holdout4_queries() {
    assert_hit_rate("hold-out 4", include_str!("data/relevance_holdout4.tsv"), 0.95);
}

/// A sixth blind batch (220 queries), written on branch `rel3` before any change there and
/// deduplicated against every other table and synonym term. 76.4% (168 of 220) when first
/// measured blind (78.6% with five wrong answer keys corrected), 100% once its misses were read
/// and fixed (so no longer blind).
#[test]
fn relevance_on_holdout5_queries() {
    assert_hit_rate("hold-out 5", include_str!("data/relevance_holdout5.tsv"), 0.95);
}

/// A seventh blind batch (320 ICD-10 queries), written on branch `rel4` before any change there
/// and deduplicated against every other table and synonym term. 78.1% (250 of 320) when first
/// measured blind (78.4% with one answer key widened), 98.4% once its misses were read and general rules and rows added (so no
/// longer blind).
#[test]
fn relevance_on_holdout6_queries() {
    assert_hit_rate("hold-out 6", include_str!("data/relevance_holdout6.tsv"), 0.97);
}

/// An eighth blind batch (120 ICD-10 queries), written with hold-out 6 before any change on
/// `rel4` and kept unmeasured until the hold-out 6 work was done: 83.3% (100 of 120) then, the
/// honest figure for unseen queries after that work; 96.7% once its misses were read and fixed.
#[test]
fn relevance_on_holdout7_queries() {
    assert_hit_rate("hold-out 7", include_str!("data/relevance_holdout7.tsv"), 0.95);
}

/// A ninth blind batch (260 OPCS-4 procedure queries), written on branch `rel5` before any
/// change there and deduplicated against every other table and synonym term. 83.5% (217 of 260)
/// when first measured blind (85.0% with four answer keys widened), 98.8% once its misses were
/// read and fixed (so no longer blind).
#[test]
fn relevance_on_holdout8_queries() {
    assert_hit_rate("hold-out 8", include_str!("data/relevance_holdout8.tsv"), 0.95);
}

/// A tenth blind batch (110 OPCS-4 procedure queries), drawn at random from the hold-out 8
/// draft and set aside unread while hold-out 8's misses were fixed: how those fixes generalise.
/// 81.8% (90 of 110) when first measured blind, after those fixes (80.9% before them), 98.2% once
/// its misses were read and fixed (so no longer blind).
#[test]
fn relevance_on_holdout9_queries() {
    assert_hit_rate("hold-out 9", include_str!("data/relevance_holdout9.tsv"), 0.95);
}

/// An eleventh blind batch (217 OPCS-4 procedure queries), written on branch `rel7` before any
/// change there and deduplicated against every other table and synonym term. 70.5% (153 of 217)
/// when first measured blind (73.7% with ten of my answer keys corrected from the titles), 99.5%
/// once its misses were read and fixed (so no longer blind).
#[test]
fn relevance_on_holdout11_queries() {
    assert_hit_rate("hold-out 11", include_str!("data/relevance_holdout11.tsv"), 0.95);
}

/// A fourteenth blind batch (202 OPCS-4 procedure queries), written on branch `rel9` before any
/// change there and deduplicated against every other table and synonym term. 75.2% (152 of 202)
/// when first measured blind (75.7% with one answer key widened), 99.0% once its misses were read
/// and fixed (so no longer blind).
#[test]
fn relevance_on_holdout14_queries() {
    assert_hit_rate("hold-out 14", include_str!("data/relevance_holdout14.tsv"), 0.97);
}

/// A seventeenth blind batch (117 OPCS-4 procedure queries of the less common vocabulary: eponymous
/// operations, technique and device names, abbreviations), written on branch `rel12` before any
/// change there and deduplicated against every other table and synonym term. 44.4% (52 of 117)
/// when first measured blind; 75.2% (88 of 117) after the OPCS-4 vocabulary sweep, before its own
/// misses were read; 99.1% once they were read and fixed (so no longer blind).
#[test]
fn relevance_on_holdout17_queries() {
    assert_hit_rate("hold-out 17", include_str!("data/relevance_holdout17.tsv"), 0.97);
}

/// A nineteenth blind batch (123 OPCS-4 procedure queries: full procedure names as written in
/// operation notes and paraphrased by coders, less common operations, and diagnostic and therapeutic
/// procedures), written on branch `rel14` before any change there and deduplicated against every
/// other table and synonym term. 81.3% (100 of 123) when first measured blind; 82.1% (101 of 123)
/// after the round-2 OPCS-4 sweep, before its own misses were read; 96.7% (119 of 123) once nine
/// answer keys were widened from the titles and 11 synonym rows added (so no longer blind).
#[test]
fn relevance_on_holdout19_queries() {
    assert_hit_rate("hold-out 19", include_str!("data/relevance_holdout19.tsv"), 0.95);
}

/// A tenth blind batch (197 ICD-10 diagnosis queries), written on branch `rel6` before any
/// change there and deduplicated against every other table and synonym term: the honest estimate
/// after all earlier rounds. 62.9% (124 of 197) when first measured blind, 100% once its misses
/// were read and fixed with 95 synonym rows (so no longer blind).
#[test]
fn relevance_on_holdout10_queries() {
    assert_hit_rate("hold-out 10", include_str!("data/relevance_holdout10.tsv"), 0.98);
}

/// A thirteenth blind batch (220 ICD-10 diagnosis queries), written on branch `rel8` before any
/// change there and deduplicated against every other table and synonym term. 68.6% (151 of 220)
/// when first measured blind, 98.2% once its misses were read and general rules (title words for
/// clinical words, vertebral levels, `hx`, `chronic` as a qualifier, injury kinds and `in situ`
/// after a term) and 69 synonym rows added (so no longer blind).
#[test]
fn relevance_on_holdout13_queries() {
    assert_hit_rate("hold-out 13", include_str!("data/relevance_holdout13.tsv"), 0.96);
}

/// The hold-out 13 reserve (82 ICD-10 queries): the random remainder of the hold-out 13 draft,
/// set aside unread while hold-out 13's misses were fixed, then measured once: 70.7% (58 of 82),
/// the honest figure for unseen queries after those fixes (one query, `domestic abuse`, had been
/// searched by mistake while fixing hold-out 13); 89.0% once 15 synonym rows were added for its
/// misses (so no longer blind).
#[test]
fn relevance_on_holdout13_reserve_queries() {
    assert_hit_rate("hold-out 13 reserve", include_str!("data/relevance_holdout13_reserve.tsv"), 0.87);
}

/// A sixteenth blind batch (120 ICD-10 diagnosis queries: abbreviations, eponyms, syndromes and
/// tumour names), written on branch `rel11` before any change there and deduplicated against every
/// other table and synonym term. Measured once, blind, before any change on `rel11`:
/// 43.3% (52 of 120); 86.7% (104 of 120) after the ICD-10 vocabulary sweep on `rel11` (658 rows
/// written from lists of abbreviations, eponyms, tumour types and ward phrases, not tuned on this
/// table); 100% once its 16 misses were read and fixed (so no longer blind).
#[test]
fn relevance_on_holdout16_queries() {
    assert_hit_rate("hold-out 16", include_str!("data/relevance_holdout16.tsv"), 0.97);
}

/// An eighteenth blind batch (98 ICD-10 diagnosis queries: full clinical names, ward phrasings and
/// less common conditions across every chapter), written on branch `rel13` before any change there
/// and deduplicated against every other table and synonym term. Measured once, blind, before any
/// change on `rel13`: 78.6% (77 of 98); 78.6% (77 of 98) after the ICD-10 sweep on `rel13` (615 synonym
/// rows from 2,479 clinical names and ward phrasings searched chapter by chapter, not tuned on this
/// table); 100% once its 21 misses were read and fixed with synonym rows (so no longer blind).
#[test]
fn relevance_on_holdout18_queries() {
    assert_hit_rate("hold-out 18", include_str!("data/relevance_holdout18.tsv"), 0.97);
}

/// A fifteenth blind batch (282 ICD-10 and OPCS-4 queries) about how coders type: fragments,
/// word order, symbols, shorthand, numbers as words, typos, codes with words. Written on branch
/// `rel10` before any change there and before any search for them: 86.5% (244 of 282) when
/// first measured blind, 98.6% once its misses were read and fixed with general rules in the
/// engine and two synonym rows (so no longer blind).
#[test]
fn relevance_on_holdout15_queries() {
    assert_hit_rate("hold-out 15", include_str!("data/relevance_holdout15.tsv"), 0.96);
}

/// Names coders type for ICD-10 codes ranked about 2,400-4,000 by HES usage, written while adding
/// synonym rows for them (tuned, not blind: 76% before those rows): guards the rows.
#[test]
fn relevance_on_mid_volume_diagnosis_names() {
    assert_hit_rate("ICD-10 volume", include_str!("data/relevance_icd10_volume.tsv"), 0.99);
}

/// Lay and patient phrasings of common diagnoses, symptoms and test results, written after
/// hold-out 10 while adding synonym rows for them, and discharge-summary abbreviations (tuned,
/// not blind: 45% before those rows).
#[test]
fn relevance_on_lay_diagnosis_phrases() {
    assert_hit_rate("ICD-10 lay phrases", include_str!("data/relevance_icd10_lay.tsv"), 0.99);
}

/// A twelfth blind batch (75 ICD-10 lay queries for symptoms and minor injuries), written on
/// branch `rel6` after its synonym rows and lay-word rule, before any search for them: 45.3%
/// (34 of 75) when first measured blind, 100% once its misses were read and fixed.
#[test]
fn relevance_on_holdout12_queries() {
    assert_hit_rate("hold-out 12", include_str!("data/relevance_holdout12.tsv"), 0.97);
}

/// Names coders type for high-volume OPCS-4 procedures beyond the most used, written while adding
/// synonym rows and rules for them (tuned, not blind): guards those rows against later changes.
#[test]
fn relevance_on_high_volume_procedure_names() {
    assert_hit_rate("OPCS-4 volume", include_str!("data/relevance_opcs4_volume.tsv"), 0.99);
}

#[test]
fn odd_input_on_the_real_bundle_gives_results_or_a_notice() {
    let d = data();
    let long_word = "pneumonia".repeat(40);
    let ten_kb = "heart failure ".repeat(750);
    let odd = [
        "",
        "   ",
        "\u{0}\u{1b}[31m\u{7f}",
        "🙂🫀🦴",
        "%%%%",
        "'''",
        "-",
        ".",
        "I21..4",
        "X",
        "XX99.9.9",
        "ﬁbrosis",
        "e\u{301}dema",
        "مرض",
        "心脏病",
        long_word.as_str(),
        ten_kb.as_str(),
        "a b c d e f g h i j k l m n o p q r s t u v w x y z",
    ];
    for text in odd {
        for system in [None, Some(System::Icd10), Some(System::Opcs4)] {
            let results = d.search.search(&d.classification, &Query { text, system, limit: 20 });
            assert!(!results.hits.is_empty() || results.notice.is_some(), "{text:?}: no hits and no notice");
            assert!(results.hits.len() <= 20);
        }
    }
    let results = d.search.search(&d.classification, &Query { text: &ten_kb, system: None, limit: 5 });
    assert!(results.notice.unwrap().contains("first 200 characters"));
    assert!(results.hits.iter().any(|h| d.classification.get(h.id).unwrap().code.starts_with("I50")));
}

/// Natural proportions (250 queries, 150 ICD-10 and 100 OPCS-4): what a coder types in an ordinary
/// week, common and mid-volume work, not deduplicated against anything. Written blind on branch
/// `natural` without opening the synonym table, the other tables or the engine, committed before
/// any search, and measured once: 98.8% (247 of 250); 99.6% with two of its answer keys
/// corrected (PEG is G44.5, DC cardioversion X50.1). Not tuned since: the one real miss,
/// `adverse effect of warfarin` (Y44.2), is left as it is.
#[test]
fn relevance_on_natural_queries() {
    assert_hit_rate("natural", include_str!("data/relevance_natural.tsv"), 0.99);
}
