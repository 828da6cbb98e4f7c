//! What the grouping tests share: the reference read from `../shared/data/sources` and the
//! authored maps, and a classification (the built bundle's when there is one; otherwise one
//! made from the HES usage tables, which list every 4-character code in use with its title).

use codegroup::grouping::Reference;
use codegroup::model::{source, Classification, Concept, Kind, System};
use codegroup::{build, code, Dataset};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn sources() -> PathBuf {
    repo().join("../shared/data/sources")
}

pub fn reference() -> &'static Reference {
    static R: OnceLock<Reference> = OnceLock::new();
    R.get_or_init(|| build::hrg::read_reference(&sources(), &repo().join("data")).expect("reference data").0)
}

pub fn classification() -> &'static Classification {
    static C: OnceLock<Classification> = OnceLock::new();
    C.get_or_init(|| {
        let bundle = repo().join("data/out/codegroup.bundle");
        match std::fs::read(&bundle).ok().and_then(|b| Dataset::from_bytes(&b).ok()) {
            Some(d) => d.classification,
            None => from_hes(),
        }
    })
}

/// Categories and subcategories from the HES usage tables (any year). A category takes the
/// title of its X-filled code when there is one, else a placeholder.
fn from_hes() -> Classification {
    let mut concepts = Vec::new();
    for (system, file, column) in [(System::Icd10, "icd10_usage.csv", "icd10_code"), (System::Opcs4, "opcs4_usage.csv", "opcs4_code")] {
        let path = sources().join("hes-code-usage-opencodecounts").join(file);
        let mut reader = csv::Reader::from_path(&path).expect("HES usage table");
        let header = reader.headers().unwrap().clone();
        let at = |n: &str| header.iter().position(|h| h == n).unwrap();
        let (code_at, title_at) = (at(column), at("description"));
        let mut titles: BTreeMap<String, String> = BTreeMap::new();
        for record in reader.records() {
            let record = record.unwrap();
            let c = code::compact(&record[code_at]);
            if c.len() >= 3 {
                titles.insert(c, record[title_at].to_string());
            }
        }
        let mut categories: BTreeMap<String, (Option<String>, Vec<(String, String)>)> = BTreeMap::new();
        for (c, title) in titles {
            match code::strip_x_filler(&c) {
                Some(cat) => categories.entry(cat.to_string()).or_default().0 = Some(title),
                None => categories.entry(c[..3].to_string()).or_default().1.push((c.clone(), title)),
            }
        }
        for (cat, (title, children)) in categories {
            let parent = concepts.len() as u32;
            concepts.push(Concept {
                system,
                code: cat.clone(),
                title: title.unwrap_or_else(|| format!("category {cat}")),
                kind: Kind::Category,
                parent: None,
                complete: children.is_empty(),
                usage: 0,
                sources: source::HES,
            });
            for (c, title) in children {
                let kind = if c.len() == 4 { Kind::Subcategory } else { Kind::Extension };
                concepts.push(Concept { system, code: code::dotted(&c), title, kind, parent: Some(parent), complete: true, usage: 0, sources: source::HES });
            }
        }
    }
    Classification::new(concepts)
}
