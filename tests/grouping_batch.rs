//! The batch over the grouper's APC input layout: NHS England's sample file, and damaged files.

mod support;

use codegroup::grouping::batch::{self, BatchError, Options, Summary};
use support::{classification, reference, sources};

fn run(input: &[u8]) -> Result<(Summary, Vec<Vec<String>>), BatchError> {
    let mut out = Vec::new();
    let summary = batch::run(reference(), classification(), input, &mut out, Options::default())?;
    let rows = csv::Reader::from_reader(out.as_slice()).records().map(|r| r.expect("output is valid CSV").iter().map(str::to_string).collect()).collect();
    Ok((summary, rows))
}

fn column(name: &str) -> usize {
    batch::OUTPUT_HEADER.split(',').position(|c| c == name).unwrap()
}

fn sample() -> Vec<u8> {
    std::fs::read(sources().join("ansalls-hrg-grouper-analysis/APC_Sample_Test_Data_2024_25.csv")).unwrap()
}

#[test]
fn nhs_sample_file_gives_one_row_per_episode() {
    let input = sample();
    let episodes = csv::Reader::from_reader(input.as_slice()).records().count();
    let (summary, rows) = run(&input).unwrap();
    assert_eq!(rows.len(), episodes);
    assert_eq!(summary.rows as usize, episodes);
    assert_eq!(summary.per_chapter.values().sum::<u64>() as usize, episodes);
    assert_eq!(summary.rows_with_errors, 0);
    // Every row keeps its episode identifiers and states the price year.
    let first = csv::Reader::from_reader(input.as_slice()).records().next().unwrap().unwrap();
    assert_eq!(rows[0][column("PROVSPNO")], first[1]);
    assert!(rows.iter().all(|r| r[column("PRICE_YEAR")] == "2024/25"));
    let priced: f64 = rows.iter().filter_map(|r| r[column("INDICATIVE_PRICE_GBP")].parse::<f64>().ok()).sum();
    assert!((priced - summary.total_gbp).abs() < 0.01);
}

#[test]
fn damaged_rows_become_uz01z_with_a_reason_and_nothing_is_dropped() {
    let sample = sample();
    let text = String::from_utf8(sample).unwrap();
    let mut lines: Vec<Vec<u8>> = text.lines().take(6).map(|l| l.as_bytes().to_vec()).collect();
    lines[1] = text.lines().nth(1).unwrap().replacen("ZZZ", "\"ZZZ", 1).into_bytes(); // unbalanced quote
    lines[2].truncate(30); // missing columns
    lines[3].extend_from_slice(b"\xff\xfe"); // not UTF-8
    lines[4] = b"ZZZ,1,1,abc,1,1,51,81,19,1,13,430,8,430,I214".to_vec();
    let input = lines.join(&b"\n"[..]);
    let (summary, rows) = run(&input).unwrap();
    assert_eq!(rows.len(), 5);
    assert_eq!(summary.rows_with_errors, 4);
    let error = column("REASON");
    let hrg = column("INDICATIVE_HRG");
    for (row, expect) in rows.iter().zip(["unbalanced quote", "fields but the header has", "not UTF-8", "fields but the header has"]) {
        assert_eq!(row[hrg], "UZ01Z");
        assert_eq!(row[column("INDICATIVE_PRICE_GBP")], "0");
        assert!(row[error].contains(expect), "{:?} should mention {expect}", row[error]);
    }
    assert!(rows[0][error].starts_with("line 2:"), "{}", rows[0][error]);
    assert!(!rows[4][error].starts_with("line "), "an intact row groups normally: {:?}", rows[4]);
}

#[test]
fn a_file_that_is_not_the_grouper_layout_is_refused_as_a_whole() {
    let err = run(b"").unwrap_err().to_string();
    assert!(err.contains("empty"), "{err}");
    let err = run(b"code,age\nI214,70\n").unwrap_err().to_string();
    assert!(err.contains("PROCODET") && err.contains("line 1"), "{err}");
    let err = run(b"PROCODET,\"PROVSPNO\n").unwrap_err().to_string();
    assert!(err.contains("unbalanced quote"), "{err}");
}

#[test]
fn the_batch_index_groups_exactly_as_a_single_case_does() {
    use codegroup::grouping::{apc, Grouper};
    let input = sample();
    let text = String::from_utf8(input).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let layout = apc::ApcLayout::from_header(&header).unwrap();
    let (plain, indexed) = (Grouper::new(reference(), classification()), Grouper::indexed(reference(), classification()));
    let mut compared = 0;
    for line in lines {
        let fields: Vec<&str> = line.split(',').collect();
        let case = layout.case(&fields, false).unwrap();
        assert_eq!(plain.group(&case), indexed.group(&case), "{line}");
        compared += 1;
    }
    assert!(compared > 700);
}
