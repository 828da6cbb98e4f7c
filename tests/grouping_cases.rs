//! The reference cases in `tests/cases/grouping_reference.json`, and engine behaviour that
//! needs the real reference data.

mod support;

use codegroup::grouping::{self, Admission, Age, Case, CodeMap, DrivenBy, Sex};
use support::{classification, reference, repo};
use serde::Deserialize;

#[derive(Deserialize)]
struct CaseFile {
    cases: Vec<ReferenceCase>,
}

#[derive(Deserialize)]
struct ReferenceCase {
    name: String,
    diagnoses: Vec<String>,
    procedures: Vec<String>,
    #[serde(default)]
    age: Option<u16>,
    #[serde(default)]
    age_days: Option<u16>,
    sex: String,
    admission: String,
    los_days: u32,
    #[serde(default)]
    provider: Option<String>,
    expect: Expect,
}

#[derive(Deserialize)]
struct Expect {
    hrg: Option<String>,
    root: Option<String>,
    price_gbp: Option<f64>,
    cc_at_least: Option<u32>,
    excess_bed_days: Option<u32>,
    /// Name of an earlier case whose price this one must exceed.
    above: Option<String>,
    #[serde(default)]
    warnings: Vec<String>,
}

fn to_case(c: &ReferenceCase) -> Case {
    Case {
        primary: c.diagnoses.first().cloned().unwrap_or_default(),
        secondary: c.diagnoses.iter().skip(1).cloned().collect(),
        procedures: c.procedures.clone(),
        age: match (c.age, c.age_days) {
            (Some(y), _) => Age::Years(y),
            (None, Some(d)) => Age::Days(d),
            (None, None) => Age::Unknown,
        },
        sex: Sex::parse(&c.sex).expect("sex"),
        admission: Admission::parse(&c.admission).expect("admission"),
        los_days: c.los_days,
        provider: c.provider.clone(),
        excess_day_rate_gbp: None,
    }
}

fn simple(diagnoses: &[&str], procedures: &[&str]) -> Case {
    Case {
        primary: diagnoses[0].into(),
        secondary: diagnoses[1..].iter().map(|s| s.to_string()).collect(),
        procedures: procedures.iter().map(|s| s.to_string()).collect(),
        age: Age::Years(70),
        sex: Sex::Male,
        admission: Admission::NonElective,
        los_days: 3,
        provider: None,
        excess_day_rate_gbp: None,
    }
}

#[test]
fn reference_cases_group_as_written() {
    let text = std::fs::read_to_string(repo().join("tests/cases/grouping_reference.json")).unwrap();
    let file: CaseFile = serde_json::from_str(&text).unwrap();
    assert!(file.cases.len() >= 5);
    let mut prices = std::collections::BTreeMap::new();
    let mut failures = Vec::new();
    for c in &file.cases {
        let g = grouping::group(reference(), classification(), &to_case(c));
        let e = &c.expect;
        let mut check = |what: &str, ok: bool, got: String| {
            if !ok {
                failures.push(format!("{}: {what}: got {got}\n  trace: {:?}\n  warnings: {:?}", c.name, g.trace, g.warnings));
            }
        };
        if let Some(h) = &e.hrg {
            check("hrg", g.hrg.as_ref() == Some(h), format!("{:?}", g.hrg));
        }
        if let Some(r) = &e.root {
            check("root", g.root.as_ref() == Some(r), format!("{:?}", g.root));
        }
        if let Some(p) = e.price_gbp {
            check("price", g.price_gbp.is_some_and(|x| (x - p).abs() < 0.005), format!("{:?}", g.price_gbp));
        }
        if let Some(n) = e.cc_at_least {
            check("cc", g.cc_score.at_least == n, format!("{}", g.cc_score.at_least));
        }
        if let Some(n) = e.excess_bed_days {
            check("excess bed days", g.excess_bed_days == n, format!("{}", g.excess_bed_days));
        }
        if let Some(other) = &e.above {
            let base: Option<f64> = prices.get(other).copied().flatten();
            check("above", matches!((g.price_gbp, base), (Some(a), Some(b)) if a > b), format!("{:?} vs {other} {base:?}", g.price_gbp));
        }
        for w in &e.warnings {
            let kinds: Vec<String> = g.warnings.iter().map(|x| serde_json::to_value(x.edit).unwrap().as_str().unwrap().to_string()).collect();
            check(&format!("warning {w}"), kinds.contains(w), format!("{kinds:?}"));
        }
        check("indicative note", g.indicative.contains("Indicative") && g.price_year == "2024/25", g.indicative.clone());
        prices.insert(c.name.clone(), g.price_gbp);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn trace_names_the_data_each_step_used() {
    let g = grouping::group(reference(), classification(), &simple(&["I21.4", "N18.4", "E11.9", "I48.9", "J44.9"], &[]));
    let trace = g.trace.join("\n");
    assert!(trace.contains("primary I21.4 → root EB10"), "{trace}");
    assert!(trace.contains("N18.4 +1 (EB CC list)"), "{trace}");
    assert!(trace.contains("CC ≥ 4 → band 4-6 → EB10D"), "{trace}");
    assert!(trace.contains("non-elective 2024/25 £2,336"), "{trace}");
}

#[test]
fn what_if_regroups_without_each_code() {
    let g = grouping::group(reference(), classification(), &simple(&["I21.4", "N18.4", "E11.9", "I48.9", "J44.9"], &[]));
    assert_eq!(g.marginal.len(), 4);
    for m in &g.marginal {
        // Dropping any one of four CCs leaves 3: band 0-3.
        assert_eq!(m.hrg.as_deref(), Some("EB10E"), "{m:?}");
        assert_eq!(m.change_gbp, Some(1754.0 - 2336.0), "{m:?}");
        assert_eq!(m.role, "secondary diagnosis");
    }
    assert_eq!(g.marginal[0].without, "N18.4");
    let appendix = grouping::group(reference(), classification(), &simple(&["K35.8"], &["H01.9"]));
    let without_procedure = &appendix.marginal[0];
    assert_eq!(without_procedure.role, "procedure");
    assert_ne!(without_procedure.hrg.as_deref().map(|h| &h[..4]), Some("FF37"), "{without_procedure:?}");
}

#[test]
fn y_and_z_codes_never_drive() {
    let mut r = reference().clone();
    let (from, to) = grouping::code_map::parse_codes("Y75").unwrap();
    let mut rows = r.procedure_map.rows().to_vec();
    rows.push(grouping::MapRow { from, to, root: "FF37".into(), rank: 1000, basis: "test".into() });
    r.procedure_map = CodeMap::new(rows);
    let g = grouping::group(&r, classification(), &simple(&["I21.4"], &["Y75.2"]));
    assert_eq!(g.driven_by, DrivenBy::Diagnosis);
    assert_eq!(g.root.as_deref(), Some("EB10"));
}

#[test]
fn unmapped_primary_offers_candidates_without_choosing() {
    let mut r = reference().clone();
    r.diagnosis_map = CodeMap::default();
    let g = grouping::group(&r, classification(), &simple(&["I21.4"], &[]));
    assert_eq!(g.driven_by, DrivenBy::Unmapped);
    assert_eq!(g.hrg, None);
    assert_eq!(g.price_gbp, None);
    assert!(g.candidates.iter().any(|c| c.root == "EB10"), "{:?}", g.candidates);
    assert!(g.trace.iter().any(|t| t.contains("no HRG is chosen")), "{:?}", g.trace);
}

#[test]
fn every_priced_root_has_a_fitting_split_for_an_adult_without_ccs() {
    // Guards the description parsing: a root whose splits cannot be told apart would make the
    // choice arbitrary.
    let r = reference();
    let mut ambiguous = Vec::new();
    for root in r.roots() {
        let hrgs = r.root_hrgs(root);
        assert!(hrgs.len() <= 64, "{root} has {} HRGs; split selection handles 64", hrgs.len());
        let keys: std::collections::BTreeSet<String> = hrgs.iter().map(|h| format!("{:?}{:?}{:?}{:?}", h.cc, h.age, h.interventions, h.los)).collect();
        if keys.len() < hrgs.len() {
            ambiguous.push(root.to_string());
        }
    }
    // Splits on facts this model does not read (gestation, trauma scores, delivery type) stay ambiguous.
    assert!(ambiguous.len() < 60, "{} roots whose splits look identical: {ambiguous:?}", ambiguous.len());
}

#[test]
fn reference_round_trips_through_the_bundle_encoding() {
    let r = reference();
    let bytes = codegroup::bundle::encode(r);
    let back: grouping::Reference = codegroup::bundle::decode(grouping::SECTION, &bytes).unwrap();
    assert_eq!(&back, r);
    assert_eq!(back.diagnosis_map.lookup("I214").map(|row| row.root.as_str()), Some("EB10"));
}

#[test]
fn a_minor_procedure_on_a_stay_counts_as_an_intervention() {
    // Controlled maps: diverticular disease → FD10; diagnostic colonoscopy → FE32 ranked by its
    // lowest elective price, as the authored map ranks procedures.
    let mut r = reference().clone();
    let row = |codes: &str, root: &str, rank: i32| {
        let (from, to) = grouping::code_map::parse_codes(codes).unwrap();
        grouping::MapRow { from, to, root: root.into(), rank, basis: "test".into() }
    };
    let colonoscopy_rank = r.root_hrgs("FE32").iter().filter_map(|h| h.price).map(|p| p.elective_gbp).fold(f64::MAX, f64::min) as i32;
    let fd10_lowest_non_elective = r.root_hrgs("FD10").iter().filter_map(|h| h.price).map(|p| p.non_elective_gbp).filter(|p| *p > 0.0).fold(f64::MAX, f64::min);
    assert!(f64::from(colonoscopy_rank) < fd10_lowest_non_elective);
    r.diagnosis_map = CodeMap::new(vec![row("K57", "FD10", 0)]);
    r.procedure_map = CodeMap::new(vec![row("H22", "FE32", colonoscopy_rank)]);
    let mut case = simple(&["K57.3"], &["H22.9"]);
    let stay = grouping::group(&r, classification(), &case);
    assert_eq!((stay.root.as_deref(), stay.driven_by), (Some("FD10"), DrivenBy::Diagnosis), "{:?}", stay.trace);
    assert!(stay.description.unwrap().contains("Single Intervention"));
    case.los_days = 0;
    let same_day = grouping::group(&r, classification(), &case);
    assert_eq!((same_day.root.as_deref(), same_day.driven_by), (Some("FE32"), DrivenBy::Procedure));
    case.los_days = 3;
    r.minor_procedure_rule = false;
    assert_eq!(grouping::group(&r, classification(), &case).root.as_deref(), Some("FE32"));
}

#[test]
fn a_root_without_a_national_price_says_so_instead_of_showing_zero() {
    // F32.9 → WD06, a 2024/25 mental-health HRG that the admitted-patient tariff does not price.
    let g = grouping::group(reference(), classification(), &simple(&["F32.9"], &[]));
    assert_eq!((g.hrg.as_deref(), g.driven_by), (Some("WD06Z"), DrivenBy::Diagnosis), "{:?}", g.trace);
    assert_eq!(g.price_gbp, None);
    let message = "no 2024/25 admitted-patient price for WD06; indicative price not available";
    assert_eq!(g.reason.as_deref(), Some(message));
    assert!(g.warnings.iter().any(|w| w.edit == grouping::Edit::RootNotPriced && w.message == message), "{:?}", g.warnings);
    assert!(g.trace.iter().any(|t| t.contains(message)), "{:?}", g.trace);
    // The price list's £0 rows are not prices either.
    let r = reference();
    for code in ["SB97Z", "RD97Z", "PB03Z", "LA97A"] {
        assert_eq!(r.hrg(code).map(|h| h.price), Some(None), "{code}");
    }
    assert!(r.hrg("EB10E").is_some_and(|h| h.price.is_some()));
}

#[test]
fn mapped_status_and_mental_health_codes_group_to_their_roots() {
    for (primary, root) in [("Z53.8", "WH50"), ("Z38.0", "PB03"), ("F05.9", "WD01"), ("F10.0", "WH21"), ("F10.2", "WD08"), ("U07.1", "DX21"), ("O42.0", "NZ17")] {
        let g = grouping::group(reference(), classification(), &simple(&[primary], &[]));
        assert_eq!((g.root.as_deref(), g.driven_by), (Some(root), DrivenBy::Diagnosis), "{primary}: {:?}", g.trace);
        assert!(g.hrg.is_some() && g.price_gbp.is_none() && g.reason.is_some(), "{primary}: {g:?}");
    }
    // History and status codes stay unmapped: no 2024/25 HRG describes them.
    let g = grouping::group(reference(), classification(), &simple(&["Z86.7"], &[]));
    assert_eq!(g.driven_by, DrivenBy::Unmapped);
}

#[test]
fn unbundled_procedures_are_reported_and_never_drive() {
    // A CT head (U05.1 → RD20) and chemotherapy (X72.4 → SB15) beside a myocardial infarction.
    let g = grouping::group(reference(), classification(), &simple(&["I21.4"], &["U05.1", "X72.4"]));
    assert_eq!((g.root.as_deref(), g.driven_by), (Some("EB10"), DrivenBy::Diagnosis), "{:?}", g.trace);
    let alone = grouping::group(reference(), classification(), &simple(&["I21.4"], &[]));
    assert_eq!((g.hrg.as_deref(), g.price_gbp), (alone.hrg.as_deref(), alone.price_gbp));
    let roots: Vec<&str> = g.unbundled.iter().map(|u| u.root.as_str()).collect();
    assert_eq!(roots, ["RD20", "SB15"], "{:?}", g.unbundled);
    assert!(g.trace.iter().any(|t| t.contains("U05.1 → unbundled HRG root RD20") && t.contains("never drives it")), "{:?}", g.trace);
    assert!(reference().is_unbundled_root("RD20") && !reference().is_unbundled_root("RD97") && !reference().is_unbundled_root("WD06"));
}

#[test]
fn maps_accept_unpriced_roots_and_refuse_unbundled_diagnosis_roots() {
    let dir = std::env::temp_dir().join(format!("codegroup-maps-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |diagnosis: &str, procedure: &str| {
        std::fs::write(dir.join("d.csv"), format!("codes,hrg_root,basis\n{diagnosis}")).unwrap();
        std::fs::write(dir.join("p.csv"), format!("codes,hrg_root,rank,basis\n{procedure}")).unwrap();
        codegroup::build::hrg::read_maps(reference(), &dir.join("d.csv"), &dir.join("p.csv")).map(|_| ())
    };
    assert_eq!(write("F32,WD06,x\n", "U051,RD20,0,x\n"), Ok(()));
    let err = write("Z50,VC42,x\n", "").unwrap_err();
    assert!(err.contains("unbundled") && err.contains("Z50 → VC42"), "{err}");
    let err = write("F32,WD99,x\n", "").unwrap_err();
    assert!(err.contains("WD99"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}
