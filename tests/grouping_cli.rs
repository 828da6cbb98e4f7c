//! The `group`, `group-batch` and `coverage` commands as a user runs them (needs the bundle from
//! `codegroup build-data`).

mod support;

use support::{repo, sources};
use std::process::Command;

fn codegroup(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_codegroup")).args(args).current_dir(repo()).output().expect("runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn group_json_has_the_documented_fields() {
    let (status, out, err) = codegroup(&["group", "--diag", "I21.4", "--age", "70", "--sex", "male", "--admission", "non-elective", "--los", "3", "--json"]);
    assert_eq!(status, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["hrg"], "EB10E");
    assert_eq!(v["root"], "EB10");
    assert_eq!(v["price_gbp"], 1754.0);
    assert_eq!(v["price_year"], "2024/25");
    assert_eq!(v["cc_score"]["at_least"], 0);
    assert!(v["description"].as_str().unwrap().starts_with("Actual or Suspected Myocardial Infarction"));
    for list in ["trace", "warnings", "marginal"] {
        assert!(v[list].is_array(), "{list}");
    }
    assert!(v["indicative"].as_str().unwrap().contains("Indicative"));
}

#[test]
fn group_text_says_indicative_and_the_price_year() {
    let (status, out, _) = codegroup(&["group", "--diag", "I21.4", "N18.4", "E11.9", "I48.9", "J44.9", "--age", "70", "--admission", "non-elective", "--los", "3"]);
    assert_eq!(status, 0);
    assert!(out.contains("EB10D") && out.contains("£2,336") && out.contains("2024/25"), "{out}");
    assert!(out.contains("Indicative only"), "{out}");
}

#[test]
fn group_rejects_malformed_options_as_usage_errors() {
    let (status, _, err) = codegroup(&["group", "--diag", "I21.4", "--admission", "sometimes"]);
    assert_eq!(status, 2);
    assert!(err.contains("elective, non-elective or day-case"), "{err}");
}

#[test]
fn group_batch_writes_one_row_per_input_row() {
    let input = sources().join("ansalls-hrg-grouper-analysis/APC_Sample_Test_Data_2024_25.csv");
    let output = std::env::temp_dir().join(format!("codegroup-batch-{}.csv", std::process::id()));
    let (status, out, err) = codegroup(&["group-batch", input.to_str().unwrap(), "-o", output.to_str().unwrap()]);
    assert_eq!(status, 0, "{err}");
    let rows_in = csv::Reader::from_path(&input).unwrap().records().count();
    let rows_out = csv::Reader::from_path(&output).unwrap().records().count();
    std::fs::remove_file(&output).ok();
    assert_eq!(rows_in, rows_out);
    assert!(out.contains(&format!("Grouped {rows_in} episodes")), "{out}");
    assert!(out.contains("Episodes per HRG chapter") && out.contains("Rows with warnings") && out.contains("Indicative total"), "{out}");
}

#[test]
fn group_batch_refuses_a_file_without_the_grouper_header() {
    let input = std::env::temp_dir().join(format!("codegroup-bad-{}.csv", std::process::id()));
    std::fs::write(&input, "code,age\nI214,70\n").unwrap();
    let (status, _, err) = codegroup(&["group-batch", input.to_str().unwrap()]);
    std::fs::remove_file(&input).ok();
    assert_eq!(status, 1);
    assert!(err.contains("PROCODET"), "{err}");
}

#[test]
fn coverage_reports_both_shares_against_their_targets() {
    let (status, out, err) = codegroup(&["coverage", "--json"]);
    assert_eq!(status, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for (table, target) in [("diagnoses", 80.0), ("diagnoses_primary", 80.0), ("procedures", 70.0)] {
        let percent = v[table]["percent"].as_f64().unwrap();
        assert!(percent > 0.0 && percent <= 100.0, "{table} {percent}");
        assert_eq!(v[table]["target_percent"], target);
        assert!(v[table]["covered"].as_u64().unwrap() <= v[table]["total"].as_u64().unwrap());
    }
}

#[test]
fn primary_diagnosis_coverage_leaves_out_codes_that_cannot_be_primary() {
    let (status, out, err) = codegroup(&["coverage", "--json", "--top", "200"]);
    assert_eq!(status, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let (all, primary) = (&v["diagnoses"], &v["diagnoses_primary"]);
    let n = |x: &serde_json::Value, k: &str| x[k].as_u64().unwrap();
    // Same table, split in two: what is left out plus what is measured is the whole volume.
    assert!(n(primary, "excluded") > 0);
    assert_eq!(n(primary, "excluded") + n(primary, "total"), n(all, "total"));
    // Some asterisk codes sit inside mapped ranges, so the covered volume can only shrink.
    assert!(n(primary, "covered") <= n(all, "covered"));
    assert!(primary["percent"].as_f64().unwrap() > all["percent"].as_f64().unwrap());
    for (code, _, _) in primary["largest_unmapped"].as_array().unwrap().iter().map(|u| (u[0].as_str().unwrap(), &u[1], &u[2])) {
        assert!(!code.starts_with(['V', 'W', 'X']), "{code} is an external cause");
    }
}
