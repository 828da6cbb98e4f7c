//! `codegroup group`, `group-batch` and `coverage`: thin shells over `codegroup::grouping`.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegroup::build::hrg;
use codegroup::bundle::BundleError;
use codegroup::grouping::{self, batch, money, Admission, Age, Case, Reference, Sex};
use codegroup::{code, Dataset};

use super::common::{fail, load_dataset};

/// Where the tables come from: the bundle, optionally with a trust's own maps.
#[derive(clap::Args)]
pub struct Tables {
    /// Data bundle (default: $CODEGROUP_BUNDLE or data/out/codegroup.bundle).
    #[arg(long)]
    bundle: Option<PathBuf>,
    /// Folder with diagnosis_roots.csv and procedure_roots.csv to use instead of the bundle's
    /// maps (e.g. a trust's official Code-to-Group extract; format in docs/hrg-tables.md).
    #[arg(long, value_name = "DIR")]
    maps: Option<PathBuf>,
    /// Let every mapped procedure drive, however minor (for maps whose ranks are not in pounds;
    /// see docs/hrg-tables.md).
    #[arg(long)]
    no_minor_procedure_rule: bool,
}

impl Tables {
    fn load(&self) -> Result<(Dataset, Reference), String> {
        let dataset = load_dataset(self.bundle.as_deref())?;
        let mut reference = match dataset.hrg() {
            Ok(reference) => reference.clone(),
            Err(BundleError::MissingSection(_)) => return Err("the data bundle has no HRG reference data (section `hrg`): rebuild it with `codegroup build-data` where ../shared/data/sources is present".into()),
            Err(e) => return Err(e.to_string()),
        };
        if let Some(dir) = &self.maps {
            let (diagnosis, procedure, _) = hrg::read_maps(&reference, &dir.join("diagnosis_roots.csv"), &dir.join("procedure_roots.csv"))?;
            reference.diagnosis_map = diagnosis;
            reference.procedure_map = procedure;
            reference.maps_label = format!("the code → root tables in {}", dir.display());
        }
        if self.no_minor_procedure_rule {
            reference.minor_procedure_rule = false;
        }
        Ok((dataset, reference))
    }
}

fn parse_sex(s: &str) -> Result<Sex, String> {
    Sex::parse(s).ok_or_else(|| format!("`{s}` is not a sex: use male, female or unknown"))
}

fn parse_admission(s: &str) -> Result<Admission, String> {
    Admission::parse(s).ok_or_else(|| format!("`{s}` is not an admission type: use elective, non-elective or day-case"))
}

#[derive(clap::Args)]
pub struct GroupArgs {
    /// ICD-10 diagnoses; the first is the primary. Repeat the flag or list several.
    #[arg(long = "diag", value_name = "CODE", required = true, num_args = 1.., action = clap::ArgAction::Append)]
    diagnoses: Vec<String>,
    /// OPCS-4 procedures in coded order. Repeat the flag or list several.
    #[arg(long = "proc", value_name = "CODE", num_args = 1.., action = clap::ArgAction::Append)]
    procedures: Vec<String>,
    /// Age in years.
    #[arg(long, conflicts_with = "age_days")]
    age: Option<u16>,
    /// Age in days, for infants.
    #[arg(long)]
    age_days: Option<u16>,
    #[arg(long, default_value = "unknown", value_parser = parse_sex, value_name = "male|female|unknown")]
    sex: Sex,
    #[arg(long, value_parser = parse_admission, value_name = "elective|non-elective|day-case")]
    admission: Admission,
    /// Length of stay in days.
    #[arg(long, value_name = "DAYS", default_value_t = 0)]
    los: u32,
    /// Provider (ODS code) whose Market Forces Factor to apply.
    #[arg(long, value_name = "PROVIDER")]
    mff: Option<String>,
    /// £ per excess bed day beyond the trim point (the sources here have none).
    #[arg(long, value_name = "GBP")]
    excess_day_rate: Option<f64>,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    tables: Tables,
}

pub fn run_group(args: GroupArgs) -> ExitCode {
    let (dataset, reference) = match args.tables.load() {
        Ok(x) => x,
        Err(e) => return fail(e),
    };
    let case = Case {
        primary: args.diagnoses[0].clone(),
        secondary: args.diagnoses[1..].to_vec(),
        procedures: args.procedures,
        age: match (args.age, args.age_days) {
            (Some(y), _) => Age::Years(y),
            (None, Some(d)) => Age::Days(d),
            (None, None) => Age::Unknown,
        },
        sex: args.sex,
        admission: args.admission,
        los_days: args.los,
        provider: args.mff,
        excess_day_rate_gbp: args.excess_day_rate,
    };
    let g = grouping::group(&reference, &dataset.classification, &case);
    if args.json {
        match serde_json::to_string_pretty(&g) {
            Ok(text) => println!("{text}"),
            Err(e) => return fail(format!("cannot write JSON: {e}")),
        }
        return ExitCode::SUCCESS;
    }
    match (&g.hrg, &g.description) {
        (Some(h), Some(d)) => println!("Indicative HRG: {h} {d}"),
        _ => println!("Indicative HRG: none ({})", g.reason.as_deref().unwrap_or("not grouped")),
    }
    if let Some(root) = &g.root {
        let by = g.driver_code.as_deref().map(|c| format!(" by {c}")).unwrap_or_default();
        println!("Root: {root} {} ({}-driven{by})", reference.root_name(root), serde_json::to_value(g.driven_by).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default());
    }
    match g.price_gbp {
        Some(p) => println!("Price: {} ({}, {}{})", money(p), g.price_basis, g.price_year, g.mff_factor.map(|f| format!(", MFF {} ×{f}", reference.mff_year)).unwrap_or_default()),
        None => println!("Price: none{}", g.reason.as_deref().map(|r| format!(" ({r})")).unwrap_or_default()),
    }
    println!("CC score: at least {}", g.cc_score.at_least);
    if g.excess_bed_days > 0 {
        println!("Excess bed days: {}", g.excess_bed_days);
    }
    println!("\nHow it was grouped:");
    for (i, step) in g.trace.iter().enumerate() {
        println!("  {}. {step}", i + 1);
    }
    if !g.warnings.is_empty() {
        println!("\nWarnings:");
        for w in &g.warnings {
            println!("  - {}", w.message);
        }
    }
    if !g.marginal.is_empty() {
        println!("\nWhat if a code were left out:");
        for m in &g.marginal {
            let price = m.price_gbp.map(money).unwrap_or_else(|| "no price".into());
            let change = m.change_gbp.map(|c| if c == 0.0 { " (no change)".to_string() } else { format!(" ({}{})", if c > 0.0 { "+" } else { "" }, money(c)) }).unwrap_or_default();
            println!("  - without {} ({}): {} {price}{change}", m.without, m.role, m.hrg.as_deref().unwrap_or("no HRG"));
        }
    }
    if !g.unbundled.is_empty() {
        println!("\nUnbundled HRG roots (beside the core HRG, not priced here):");
        for u in &g.unbundled {
            println!("  - {} {} (from {})", u.root, u.name, u.code);
        }
    }
    if !g.candidates.is_empty() {
        println!("\nCandidate roots to check (none chosen):");
        for c in &g.candidates {
            println!("  - {} {} ({})", c.root, c.name, c.why);
        }
    }
    println!("\n{}", g.indicative);
    ExitCode::SUCCESS
}

#[derive(clap::Args)]
pub struct BatchArgs {
    /// CSV in the HRG4+ grouper APC input layout (PROCODET, PROVSPNO, EPIORDER, STARTAGE, SEX, ADMIMETH, EPIDUR, DIAG_01.., OPER_01..).
    input: PathBuf,
    /// Output CSV (default: standard output, with the summary on standard error).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Apply each row's PROCODET Market Forces Factor.
    #[arg(long)]
    mff: bool,
    #[command(flatten)]
    tables: Tables,
}

pub fn run_batch(args: BatchArgs) -> ExitCode {
    let (dataset, reference) = match args.tables.load() {
        Ok(x) => x,
        Err(e) => return fail(e),
    };
    let input = match File::open(&args.input) {
        Ok(f) => BufReader::with_capacity(1 << 16, f),
        Err(e) => return fail(format!("cannot read {} ({e})", args.input.display())),
    };
    let output: Box<dyn Write> = match &args.output {
        Some(path) => match File::create(path) {
            Ok(f) => Box::new(BufWriter::with_capacity(1 << 16, f)),
            Err(e) => return fail(format!("cannot create {} ({e})", path.display())),
        },
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let started = std::time::Instant::now();
    let summary = match batch::run(&reference, &dataset.classification, input, output, batch::Options { mff: args.mff }) {
        Ok(s) => s,
        Err(e) => return fail(format!("{}: {e}", args.input.display())),
    };
    let seconds = started.elapsed().as_secs_f64();
    let mut text = String::new();
    text.push_str(&format!("Grouped {} episodes from {} in {seconds:.2} s", summary.rows, args.input.display()));
    if let Some(path) = &args.output {
        text.push_str(&format!(" → {} ({} rows)", path.display(), summary.rows));
    }
    text.push_str("\n\nEpisodes per HRG chapter:\n");
    for (chapter, n) in &summary.per_chapter {
        let name = if chapter == "-" { "no HRG (unmapped)".to_string() } else { reference.chapter_name(chapter).unwrap_or("").to_string() };
        text.push_str(&format!("  {chapter:<2} {n:>8}  {name}\n"));
    }
    text.push_str(&format!(
        "\nIndicative total: {} ({} prices{})\nRows with warnings: {}\nUnreadable rows (UZ01Z, see REASON): {}\nInvalid for grouping (UZ01Z): {}\nUnmapped (no HRG): {}\n",
        money(summary.total_gbp),
        reference.price_year,
        if args.mff { format!(", MFF {} by PROCODET", reference.mff_year) } else { ", before MFF".to_string() },
        summary.rows_with_warnings,
        summary.rows_with_errors,
        summary.invalid,
        summary.unmapped
    ));
    if summary.blank_lines > 0 {
        text.push_str(&format!("Blank lines skipped: {}\n", summary.blank_lines));
    }
    text.push_str(&format!("\n{}\n", reference.indicative_note()));
    if args.output.is_some() {
        print!("{text}");
    } else {
        eprint!("{text}");
    }
    ExitCode::SUCCESS
}

#[derive(clap::Args)]
pub struct CoverageArgs {
    /// Reference data sources (for the HES usage tables).
    #[arg(long, default_value = "../shared/data/sources")]
    sources: PathBuf,
    /// How many of the largest unmapped codes to list.
    #[arg(long, default_value_t = 20)]
    top: usize,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    tables: Tables,
}

const HES_FOLDER: &str = "hes-code-usage-opencodecounts";
const SAMPLE_FILE: &str = "ansalls-hrg-grouper-analysis/APC_Sample_Test_Data_2024_25.csv";

/// Volume of one table's latest year, and the part a map covers, by the kind of root.
#[derive(serde::Serialize)]
struct Coverage {
    table: String,
    year: String,
    total: u64,
    covered: u64,
    percent: f64,
    /// Part of `covered` whose root has a national admitted-patient price in the price year.
    covered_priced: u64,
    percent_priced: f64,
    /// Part of `covered` whose root is unbundled (procedures only: never drives the core HRG).
    covered_unbundled: u64,
    percent_unbundled: f64,
    target_percent: Option<f64>,
    /// Volume of codes left out of the share (OPCS-4 Y/Z, which never drive; ICD-10 codes the
    /// grouper refuses as primary, for the primary measure).
    excluded: u64,
    excluded_what: &'static str,
    largest_unmapped: Vec<(String, String, u64)>,
}

/// Codes a measure leaves out of its denominator, and how the output names them.
struct LeftOut<'a> {
    test: &'a dyn Fn(&str) -> bool,
    what: &'static str,
}

/// Codes with their volume in one table and year.
#[derive(Clone)]
struct Volumes {
    table: String,
    year: String,
    /// (code as written, title, volume)
    rows: Vec<(String, String, u64)>,
}

/// Codes with their volume → the covered share by kind of root.
fn measure(volumes: Volumes, reference: &Reference, map: &grouping::CodeMap, left_out: Option<LeftOut>, target: Option<f64>, top: usize) -> Coverage {
    let (mut total, mut covered, mut priced, mut unbundled, mut excluded) = (0, 0, 0, 0, 0);
    let mut unmapped = Vec::new();
    let Volumes { table, year, rows } = volumes;
    for (written, title, usage) in rows {
        let compact = code::compact(&written);
        let key = code::strip_x_filler(&compact).unwrap_or(&compact);
        if left_out.as_ref().is_some_and(|l| (l.test)(key)) {
            excluded += usage;
            continue;
        }
        total += usage;
        match map.lookup(key).filter(|_| !key.is_empty()) {
            Some(row) => {
                covered += usage;
                if reference.is_unbundled_root(&row.root) {
                    unbundled += usage;
                } else if reference.is_priced_root(&row.root) {
                    priced += usage;
                }
            }
            None => unmapped.push((code::dotted(key), title, usage)),
        }
    }
    unmapped.sort_by_key(|u| std::cmp::Reverse(u.2));
    unmapped.truncate(top);
    let share = |n: u64| if total == 0 { 0.0 } else { 100.0 * n as f64 / total as f64 };
    Coverage {
        table,
        year,
        total,
        covered,
        percent: share(covered),
        covered_priced: priced,
        percent_priced: share(priced),
        covered_unbundled: unbundled,
        percent_unbundled: share(unbundled),
        target_percent: target,
        excluded,
        excluded_what: left_out.map_or("", |l| l.what),
        largest_unmapped: unmapped,
    }
}

/// The latest year of a HES usage table: code, title, episodes or mentions.
fn hes_latest_year(path: &Path, column: &str) -> Result<Volumes, String> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| format!("cannot read {} ({e})", path.display()))?;
    let header = reader.headers().map_err(|e| format!("{}: {e}", path.display()))?.clone();
    let at = |n: &str| header.iter().position(|h| h == n).ok_or_else(|| format!("{}: no `{n}` column", path.display()));
    let (start, code_at, title_at, usage_at) = (at("start_date")?, at(column)?, at("description")?, at("usage")?);
    let mut years: BTreeMap<String, Vec<(String, String, u64)>> = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("{}: {e}", path.display()))?;
        let usage = record[usage_at].trim().parse::<u64>().unwrap_or(0);
        years.entry(record[start].to_string()).or_default().push((record[code_at].to_string(), record[title_at].to_string(), usage));
    }
    let (year, rows) = years.pop_last().ok_or_else(|| format!("{}: no rows", path.display()))?;
    Ok(Volumes { table: path.display().to_string(), year, rows })
}

/// The primary diagnoses (DIAG_01) of NHS England's grouper sample input, one per episode:
/// the only primary-position counts in the sources (a test file, not a national sample).
fn sample_primaries(path: &Path) -> Result<Volumes, String> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| format!("cannot read {} ({e})", path.display()))?;
    let header = reader.headers().map_err(|e| format!("{}: {e}", path.display()))?.clone();
    let at = header.iter().position(|h| h == "DIAG_01").ok_or_else(|| format!("{}: no `DIAG_01` column", path.display()))?;
    let mut episodes: BTreeMap<String, u64> = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("{}: {e}", path.display()))?;
        *episodes.entry(record.get(at).unwrap_or("").trim().to_string()).or_default() += 1;
    }
    let rows = episodes.into_iter().map(|(code, n)| (code, String::new(), n)).collect();
    Ok(Volumes { table: path.display().to_string(), year: "HRG4+ 2024/25 sample test data".into(), rows })
}

pub fn run_coverage(args: CoverageArgs) -> ExitCode {
    let (dataset, reference) = match args.tables.load() {
        Ok(x) => x,
        Err(e) => return fail(e),
    };
    let hes = args.sources.join(HES_FOLDER);
    let not_primary = |key: &str| !grouping::edits::can_be_primary(&dataset.classification, key) || grouping::edits::supplementary_block(key).is_some();
    let method_or_site = |key: &str| key.starts_with(['Y', 'Z']);
    let icd10 = match hes_latest_year(&hes.join("icd10_usage.csv"), "icd10_code") {
        Ok(x) => x,
        Err(e) => return fail(e),
    };
    let opcs4 = match hes_latest_year(&hes.join("opcs4_usage.csv"), "opcs4_code") {
        Ok(x) => x,
        Err(e) => return fail(e),
    };
    let sample = match sample_primaries(&args.sources.join(SAMPLE_FILE)) {
        Ok(x) => x,
        Err(e) => return fail(e),
    };
    let r = &reference;
    let out = [
        ("diagnoses_primary", "diagnoses that can be primary (ICD-10, HES episodes with the code in any position; external causes V01-Y98, asterisk codes and the supplementary blocks B95-B98 and U82-U85 left out; the issue's primary-diagnosis measure as far as HES usage allows)", measure(icd10.clone(), r, &r.diagnosis_map, Some(LeftOut { test: &not_primary, what: "external-cause, asterisk and supplementary (B95-B98, U82-U85) mentions left out (never a primary diagnosis)" }), Some(80.0), args.top)),
        ("diagnoses", "diagnoses, all codes (ICD-10, HES episodes with the code in any position)", measure(icd10, r, &r.diagnosis_map, None, Some(80.0), args.top)),
        ("procedures", "procedures (OPCS-4, HES mentions; chapters Y and Z left out)", measure(opcs4, r, &r.procedure_map, Some(LeftOut { test: &method_or_site, what: "Y/Z mentions left out (methods and sites never drive)" }), Some(70.0), args.top)),
        ("sample_primary", "primary diagnoses (DIAG_01) of NHS England's HRG4+ 2024/25 grouper sample input: real primary positions, but a test file of episodes, not national volume (no target)", measure(sample, r, &r.diagnosis_map, None, None, args.top)),
    ];
    if args.json {
        let value: BTreeMap<&str, &Coverage> = out.iter().map(|(key, _, c)| (*key, c)).collect();
        println!("{}", serde_json::to_string_pretty(&value).unwrap_or_default());
        return ExitCode::SUCCESS;
    }
    println!("Coverage of national HES volume by {}\n", reference.maps_label);
    for (_, what, c) in &out {
        let year = if c.year.starts_with(|ch: char| ch.is_ascii_digit()) && c.year.contains('-') { format!("year from {}", c.year) } else { c.year.clone() };
        println!("{what}, {year}:");
        let verdict = c.target_percent.map(|t| format!("; target {t:.0}%: {}", if c.percent >= t { "meets" } else { "below" })).unwrap_or_default();
        println!("  {:.1}% covered ({} of {}){verdict}", c.percent, c.covered, c.total);
        let unpriced = c.covered - c.covered_priced - c.covered_unbundled;
        let share = |n: u64| if c.total == 0 { 0.0 } else { 100.0 * n as f64 / c.total as f64 };
        print!("  of which {:.1}% a root with a {} admitted-patient price, {:.1}% a core root without one", c.percent_priced, reference.price_year, share(unpriced));
        if c.covered_unbundled > 0 {
            print!(", {:.1}% an unbundled root only (never drives the core HRG)", c.percent_unbundled);
        }
        println!();
        if c.excluded > 0 {
            println!("  {} {}", c.excluded, c.excluded_what);
        }
        println!("  largest unmapped:");
        for (code, title, usage) in &c.largest_unmapped {
            println!("    {code:<7} {usage:>9}  {title}");
        }
        println!();
    }
    ExitCode::SUCCESS
}
