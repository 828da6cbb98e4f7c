//! Group every episode of a file in the grouper's APC input layout, streaming: one line in,
//! one row out, memory independent of the file's length. A row that cannot be read becomes
//! UZ01Z with its reason; nothing is dropped.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};

use super::apc::{split_line, ApcLayout};
use super::engine::{Grouper, INVALID_HRG};
use super::reference::Reference;
use crate::model::Classification;

pub const OUTPUT_HEADER: &str = "ROW,PROCODET,PROVSPNO,EPIORDER,INDICATIVE_HRG,HRG_DESCRIPTION,HRG_ROOT,DRIVEN_BY,CC_AT_LEAST,PRICE_BASIS,INDICATIVE_PRICE_GBP,PRICE_YEAR,EXCESS_BED_DAYS,WARNINGS,REASON";

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Apply the Market Forces Factor of each row's PROCODET.
    pub mff: bool,
}

/// Totals for the summary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Episode rows read (header and blank lines excluded) = rows written.
    pub rows: u64,
    /// Episodes per HRG chapter letter (`U` includes UZ01Z); unmapped episodes under `-`.
    pub per_chapter: BTreeMap<String, u64>,
    pub total_gbp: f64,
    pub rows_with_warnings: u64,
    /// Rows that could not be read (UZ01Z with the reason in REASON).
    pub rows_with_errors: u64,
    /// Episodes grouped to UZ01Z because of their codes.
    pub invalid: u64,
    pub unmapped: u64,
    pub blank_lines: u64,
}

/// Unreadable input as a whole (no header, not the grouper layout) or a failed write.
#[derive(Debug)]
pub enum BatchError {
    Input(String),
    Write(std::io::Error),
}

impl std::fmt::Display for BatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BatchError::Input(why) => write!(f, "{why}"),
            BatchError::Write(e) => write!(f, "cannot write the output: {e}"),
        }
    }
}

fn push_field(out: &mut Vec<u8>, field: &str) {
    if field.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
        out.push(b'"');
        for (i, part) in field.split('"').enumerate() {
            if i > 0 {
                out.extend_from_slice(b"\"\"");
            }
            out.extend_from_slice(part.as_bytes());
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(field.as_bytes());
    }
}

/// Decimal digits without the formatting machinery: a row has four numbers.
fn push_number(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// Keeps the allocation of a vector of a line's fields or codes for the next line: the borrows
/// end with the line, the capacity need not (collecting a vector into one of the same layout
/// reuses it).
fn recycle<'b>(mut borrowed: Vec<&str>) -> Vec<&'b str> {
    borrowed.clear();
    borrowed.into_iter().map(|_| "").collect()
}

/// Read the header, then group line by line.
pub fn run<R: BufRead>(reference: &Reference, classification: &Classification, mut input: R, mut output: impl Write, options: Options) -> Result<Summary, BatchError> {
    let mut line: Vec<u8> = Vec::new();
    let read = |input: &mut R, line: &mut Vec<u8>| -> Result<bool, BatchError> {
        line.clear();
        let n = input.read_until(b'\n', line).map_err(|e| BatchError::Input(format!("cannot read the input: {e}")))?;
        while matches!(line.last(), Some(b'\n' | b'\r')) {
            line.pop();
        }
        Ok(n > 0)
    };
    if !read(&mut input, &mut line)? {
        return Err(BatchError::Input("the input is empty: expected a header row in the HRG4+ APC grouper layout".into()));
    }
    let layout = {
        let mut fields: Vec<&str> = Vec::new();
        let header = line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&line);
        split_line(header, &mut fields).map_err(|e| BatchError::Input(format!("line 1 (header): {e}")))?;
        ApcLayout::from_header(&fields).map_err(|e| BatchError::Input(format!("line 1 (header): {e}")))?
    };

    let grouper = Grouper::indexed(reference, classification);
    writeln!(output, "{OUTPUT_HEADER}").map_err(BatchError::Write)?;
    let mut summary = Summary::default();
    // Episodes by the first byte of the HRG: a map entry per row cost an allocation.
    let mut per_chapter = [0u64; 256];
    // The output row as bytes: it is written as bytes, and digits need no UTF-8 check.
    let (mut row, mut warnings) = (Vec::new(), String::new());
    let mut spare_fields: Vec<&str> = Vec::with_capacity(layout.width);
    let (mut spare_secondary, mut spare_procedures): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    let mut number = 1u64;
    while read(&mut input, &mut line)? {
        number += 1;
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            summary.blank_lines += 1;
            continue;
        }
        summary.rows += 1;
        row.clear();
        push_number(&mut row, number);
        let mut fields = recycle(std::mem::take(&mut spare_fields));
        let parsed = split_line(&line, &mut fields)
            .and_then(|_| layout.read_case(&fields, options.mff, recycle(std::mem::take(&mut spare_secondary)), recycle(std::mem::take(&mut spare_procedures))));
        let id = |i: usize| fields.get(i).copied().unwrap_or("");
        for i in [layout.procodet, layout.provspno, layout.epiorder] {
            row.push(b',');
            push_field(&mut row, id(i));
        }
        match parsed {
            Err(why) => {
                summary.rows_with_errors += 1;
                per_chapter[b'U' as usize] += 1;
                row.extend_from_slice(format!(",{INVALID_HRG},,,invalid,0,,0,{},0,,", reference.price_year).as_bytes());
                push_field(&mut row, &format!("line {number}: {why}"));
            }
            Ok(case) => {
                let g = grouper.outcome(&case);
                per_chapter[g.hrg.map_or(b'-', |h| h.as_bytes()[0]) as usize] += 1;
                summary.total_gbp += g.price_gbp.unwrap_or(0.0);
                if !g.warnings.is_empty() {
                    summary.rows_with_warnings += 1;
                }
                match g.driven_by {
                    super::DrivenBy::Invalid => summary.invalid += 1,
                    super::DrivenBy::Unmapped => summary.unmapped += 1,
                    _ => {}
                }
                let driven = match g.driven_by {
                    super::DrivenBy::Invalid => "invalid",
                    super::DrivenBy::Procedure => "procedure",
                    super::DrivenBy::Diagnosis => "diagnosis",
                    super::DrivenBy::Unmapped => "unmapped",
                };
                row.push(b',');
                row.extend_from_slice(g.hrg.unwrap_or("").as_bytes());
                row.push(b',');
                push_field(&mut row, g.description.unwrap_or(""));
                row.push(b',');
                row.extend_from_slice(g.root.unwrap_or("").as_bytes());
                row.push(b',');
                row.extend_from_slice(driven.as_bytes());
                row.push(b',');
                push_number(&mut row, g.cc_score.at_least.into());
                row.push(b',');
                row.extend_from_slice(g.price_basis.as_bytes());
                row.push(b',');
                if let Some(p) = g.price_gbp {
                    // Whole pence, without the float formatter's exact-decimal path.
                    let pence = (p * 100.0).round() as i64;
                    if pence < 0 {
                        row.push(b'-');
                    }
                    push_number(&mut row, pence.unsigned_abs() / 100);
                    row.push(b'.');
                    let cents = pence.unsigned_abs() % 100;
                    row.push(b'0' + (cents / 10) as u8);
                    row.push(b'0' + (cents % 10) as u8);
                }
                row.push(b',');
                row.extend_from_slice(reference.price_year.as_bytes());
                row.push(b',');
                push_number(&mut row, g.excess_bed_days.into());
                row.push(b',');
                warnings.clear();
                for (i, w) in g.warnings.iter().enumerate() {
                    if i > 0 {
                        warnings.push_str("; ");
                    }
                    warnings.push_str(&w.message);
                }
                push_field(&mut row, &warnings);
                row.push(b',');
                push_field(&mut row, g.reason.as_deref().unwrap_or(""));
                (spare_secondary, spare_procedures) = (recycle(case.secondary), recycle(case.procedures));
            }
        }
        spare_fields = recycle(fields);
        row.push(b'\n');
        output.write_all(&row).map_err(BatchError::Write)?;
    }
    for (byte, &n) in per_chapter.iter().enumerate().filter(|(_, &n)| n > 0) {
        summary.per_chapter.insert((byte as u8 as char).to_string(), n);
    }
    output.flush().map_err(BatchError::Write)?;
    Ok(summary)
}
