//! `codegroup show CODE`: one code with its hierarchy path and children.

use std::path::PathBuf;
use std::process::ExitCode;

use codegroup::{code, Dataset, System};
use serde_json::json;

#[derive(clap::Args)]
pub struct Args {
    /// The code in any form: I21.4, i214, G20X, W37.1.
    code: String,
    /// icd10 or opcs4; without it, both are tried.
    #[arg(long)]
    system: Option<String>,
    #[arg(long)]
    json: bool,
    /// Data bundle (default: data/out/codegroup.bundle or $CODEGROUP_BUNDLE).
    #[arg(long)]
    bundle: Option<PathBuf>,
}

pub fn run(args: Args) -> ExitCode {
    let systems: Vec<System> = match args.system.as_deref() {
        None | Some("all") => System::ALL.to_vec(),
        Some(s) => match System::parse(s) {
            Some(system) => vec![system],
            None => return super::common::usage_error(format!("unknown system {s:?}: use icd10, opcs4 or all")),
        },
    };
    let written = args.code.trim();
    if written.is_empty() || written.len() > 32 || written.chars().any(char::is_control) {
        println!("Not a code: give a code such as I21.4 or W37.1.");
        return ExitCode::SUCCESS;
    }
    let data = match super::common::load_dataset(args.bundle.as_deref()) {
        Ok(data) => data,
        Err(e) => return super::common::fail(e),
    };
    let found: Vec<_> = systems.iter().filter_map(|&s| data.classification.find(s, written)).collect();
    if found.is_empty() {
        let hint = if code::looks_like_code(written) { "" } else { " (codes look like I21.4 or W37.1)" };
        if args.json {
            println!("{}", json!({ "found": [], "message": format!("no code {written:?} in the bundle{hint}") }));
        } else {
            println!("No code {written:?} in ICD-10 or OPCS-4{hint}.");
        }
        return ExitCode::SUCCESS;
    }
    if args.json {
        let found: Vec<_> = found.iter().map(|&id| describe(&data, id)).collect();
        println!("{}", serde_json::to_string_pretty(&json!({ "found": found })).expect("JSON values serialise"));
    } else {
        for (n, &id) in found.iter().enumerate() {
            if n > 0 {
                println!();
            }
            print_text(&data, id);
        }
    }
    ExitCode::SUCCESS
}

fn describe(data: &Dataset, id: u32) -> serde_json::Value {
    let c = data.classification.get(id).expect("found ids exist");
    let children: Vec<_> = data
        .classification
        .children(id)
        .iter()
        .filter_map(|&k| data.classification.get(k))
        .map(|k| json!({ "code": k.display_code(), "title": k.title, "complete": k.complete }))
        .collect();
    json!({
        "system": c.system.as_str(),
        "code": c.display_code(),
        "title": c.title,
        "kind": c.kind.as_str(),
        "complete": c.complete,
        "usage": c.usage,
        "path": data.classification.path_labels(id),
        "children": children,
    })
}

fn print_text(data: &Dataset, id: u32) {
    let c = data.classification.get(id).expect("found ids exist");
    println!("{} {}  {}", c.system.label(), c.display_code(), c.title);
    for (depth, label) in data.classification.path_labels(id).iter().enumerate() {
        println!("  {}{label}", "  ".repeat(depth));
    }
    let status = if c.complete { "complete code" } else { "not a complete code: choose one of its children" };
    println!("  {} · national usage {} (HES latest year)", status, c.usage);
    let children = data.classification.children(id);
    if !children.is_empty() {
        println!("  Children:");
        for &k in children {
            if let Some(k) = data.classification.get(k) {
                println!("    {:<8} {}", k.display_code(), k.title);
            }
        }
    }
}
