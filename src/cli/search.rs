//! `codegroup search QUERY`: ranked results as a table or JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use codegroup::search::Query;
use codegroup::System;
use serde_json::json;

#[derive(clap::Args)]
pub struct Args {
    /// Words, a code in any form, or an abbreviation.
    query: String,
    /// icd10, opcs4 or all.
    #[arg(long, default_value = "all")]
    system: String,
    /// Most results to show.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    #[arg(long)]
    json: bool,
    /// Data bundle (default: data/out/codegroup.bundle or $CODEGROUP_BUNDLE).
    #[arg(long)]
    bundle: Option<PathBuf>,
}

pub fn run(args: Args) -> ExitCode {
    let system = match args.system.as_str() {
        "all" => None,
        s => match System::parse(s) {
            Some(system) => Some(system),
            None => return super::common::usage_error(format!("unknown system {s:?}: use icd10, opcs4 or all")),
        },
    };
    if !(1..=1000).contains(&args.limit) {
        return super::common::usage_error("--limit must be between 1 and 1000");
    }
    let data = match super::common::load_dataset(args.bundle.as_deref()) {
        Ok(data) => data,
        Err(e) => return super::common::fail(e),
    };
    let results = data.search.search(&data.classification, &Query { text: &args.query, system, limit: args.limit });
    let rows: Vec<_> = results
        .hits
        .iter()
        .filter_map(|hit| Some((hit, data.classification.get(hit.id)?)))
        .collect();
    if args.json {
        let results_json: Vec<_> = rows
            .iter()
            .map(|(hit, c)| {
                json!({
                    "system": c.system.as_str(),
                    "code": c.display_code(),
                    "title": c.title,
                    "path": data.classification.path_labels(hit.id),
                    "usage": c.usage,
                    "complete": c.complete,
                    "match": hit.rule.as_str(),
                })
            })
            .collect();
        let mut out = json!({ "results": results_json, "partial": results.partial });
        if let Some(notice) = &results.notice {
            out["notice"] = json!(notice);
        }
        println!("{out}");
        return ExitCode::SUCCESS;
    }
    if let Some(notice) = &results.notice {
        println!("Note: {notice}");
    }
    if rows.is_empty() {
        println!("No results.");
        return ExitCode::SUCCESS;
    }
    if results.partial {
        println!("No code matches every word; showing the best partial matches.");
    }
    println!("{:<7} {:<9} {:<14} {:>9}  TITLE", "SYSTEM", "CODE", "MATCH", "USAGE");
    for (hit, c) in rows {
        let title: String = if c.title.chars().count() > 90 {
            c.title.chars().take(89).chain(['…']).collect()
        } else {
            c.title.clone()
        };
        println!("{:<7} {:<9} {:<14} {:>9}  {title}", c.system.label(), c.display_code(), hit.rule.as_str(), c.usage);
    }
    ExitCode::SUCCESS
}
