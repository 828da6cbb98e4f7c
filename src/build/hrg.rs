//! Adapter: the HRG sources in `../shared/data/sources/` and the code → root maps in `data/hrg/`
//! → `grouping::Reference`, with the manifest input of every file read.

use std::collections::BTreeMap;
use std::path::Path;

use crate::bundle::Input;
use crate::code;
use crate::grouping::code_map::parse_codes;
use crate::grouping::{AecCondition, Band, CcList, CodeMap, GroupName, Hrg, Interventions, MapRow, Mff, Reference, SpellPrices};

/// The authored maps, relative to the repository's `data/` folder.
pub const DIAGNOSIS_MAP: &str = "hrg/diagnosis_roots.csv";
pub const PROCEDURE_MAP: &str = "hrg/procedure_roots.csv";

struct Source {
    folder: &'static str,
    file: &'static str,
    name: &'static str,
    version: &'static str,
    role: &'static str,
}

const PRICE_LIST: Source = Source {
    folder: "derived-apc-hrg-price-list-2024-25",
    file: "apc_hrg_price_list_2024_25.csv",
    name: "HRG4+ 2024/25 APC price list with descriptions (derived from NHSE SUS tariff reference data and NCC 2024/25)",
    version: "2024/25 (ansalls d6e2266, COSTmos 6a11fa0)",
    role: "HRG catalogue, split attributes and elective / day case / non-elective prices",
};
const HIERARCHY: Source = Source {
    folder: "strategy-unit-nhp-data",
    file: "hrg_hierarchy.csv",
    name: "HRG chapter and subchapter names (The-Strategy-Unit/nhp_data hrgs.json, flattened)",
    version: "nhp_data cff9dde",
    role: "HRG chapter and subchapter names; descriptions the price list lacks",
};
const COST_COLLECTION: Source = Source {
    folder: "nice-costmos-ncc",
    file: "ncc_2024_25.csv",
    name: "National Cost Collection 2024/25 national schedule (NICE COSTmos, from NHSE NCC_National-Schedule_2024_25)",
    version: "2024/25 (COSTmos 6a11fa0)",
    role: "2024/25 HRGs the price list does not price (mental health WD, unbundled imaging, chemotherapy, dialysis, rehabilitation, ...): catalogued as unpriced",
};
const CC_LISTS: Source = Source {
    folder: "ansalls-hrg-grouper-analysis",
    file: "cc_membership_by_subchapter_2024_25.csv",
    name: "CC list membership per HRG subchapter, 2024/25 Local Payment Grouper probing (ansalls/HRG-Grouper-Analysis)",
    version: "ansalls d6e2266",
    role: "CC scoring (lower bound: 1 point per listed code)",
};
const TRIM_POINTS: Source = Source {
    folder: "strategy-unit-nhp-data",
    file: "hrg_trimpoints.csv",
    name: "HRG trim points (The-Strategy-Unit/nhp_data)",
    version: "nhp_data 8a13906, tariff year unstated",
    role: "excess bed days beyond the trim point",
};
const AEC: Source = Source {
    folder: "strategy-unit-nhp-data",
    file: "aec_directory.json",
    name: "Ambulatory Emergency Care directory (The-Strategy-Unit/nhp_data)",
    version: "nhp_data 1ff270b",
    role: "diagnosis → HRG root evidence in the trace; candidate roots for unmapped diagnoses",
};
const MFF: Source = Source {
    folder: "ncl-icb-mff-2627",
    file: "nhse_provider_mff_2627.csv",
    name: "Market Forces Factor 2026/27 by provider (ncl-icb-analytics seed of the NHSE template)",
    version: "2026/27 (dbt-ncl-analytics ec0379f)",
    role: "MFF applied to indicative prices when a provider is given",
};

pub const PRICE_YEAR: &str = "2024/25";
pub const MFF_YEAR: &str = "2026/27";
pub const TRIM_POINT_LABEL: &str = "Strategy Unit table, tariff year unstated, unverified";
pub const AUTHORED_MAPS_LABEL: &str = "the authored maps in data/hrg/ (not NHS England's Code-to-Group tables)";

/// Read every HRG source and the two maps into the reference model.
pub fn read_reference(shared_sources_dir: &Path, data_dir: &Path) -> Result<(Reference, Vec<Input>), String> {
    let mut inputs = Vec::new();
    let mut read = |s: &Source| -> Result<Vec<u8>, String> {
        let path = shared_sources_dir.join(s.folder).join(s.file);
        let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {} ({e})", path.display()))?;
        inputs.push(Input { name: s.name.into(), version: s.version.into(), sha256: super::wheels::sha256_hex(&bytes), role: s.role.into() });
        Ok(bytes)
    };
    let hierarchy = read_hierarchy(&read(&HIERARCHY)?)?;
    let trims = read_trim_points(&read(&TRIM_POINTS)?)?;
    let mut hrgs = read_price_list(&read(&PRICE_LIST)?, &hierarchy.descriptions, &trims)?;
    let unpriced = read_unpriced(&read(&COST_COLLECTION)?, &hrgs, &hierarchy.descriptions, &trims)?;
    hrgs.extend(unpriced);
    let cc_lists = read_cc_lists(&read(&CC_LISTS)?)?;
    let aec = read_aec(&read(&AEC)?)?;
    let mff = read_mff(&read(&MFF)?)?;

    let mut reference = Reference {
        price_year: PRICE_YEAR.into(),
        mff_year: MFF_YEAR.into(),
        trim_point_label: TRIM_POINT_LABEL.into(),
        hrgs,
        chapters: hierarchy.chapters,
        subchapters: hierarchy.subchapters,
        cc_lists,
        aec,
        mff,
        diagnosis_map: CodeMap::default(),
        procedure_map: CodeMap::default(),
        maps_label: AUTHORED_MAPS_LABEL.into(),
        minor_procedure_rule: true,
    };
    reference.normalise();
    let (diagnosis_map, procedure_map, map_inputs) = read_maps(&reference, &data_dir.join(DIAGNOSIS_MAP), &data_dir.join(PROCEDURE_MAP))?;
    reference.diagnosis_map = diagnosis_map;
    reference.procedure_map = procedure_map;
    inputs.extend(map_inputs);
    Ok((reference, inputs))
}

/// Read a diagnosis and a procedure map in the normalised format (`docs/hrg-tables.md`):
/// the authored ones, or a trust's official Code-to-Group extract. Every root must be an HRG of
/// the price year (priced or not); a diagnosis may not name an unbundled root.
pub fn read_maps(reference: &Reference, diagnosis: &Path, procedure: &Path) -> Result<(CodeMap, CodeMap, Vec<Input>), String> {
    let mut inputs = Vec::new();
    let mut maps = Vec::new();
    for (path, with_rank) in [(diagnosis, false), (procedure, true)] {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {} ({e})", path.display()))?;
        inputs.push(Input {
            name: format!("code → HRG root map {}", file_name(path)),
            version: "authored in this repository".into(),
            sha256: super::wheels::sha256_hex(&bytes),
            role: if with_rank { "procedure → HRG root with dominance rank" } else { "primary diagnosis → HRG root" }.into(),
        });
        let rows = parse_map(&bytes, with_rank).map_err(|e| format!("{}: {e}", path.display()))?;
        let unknown: Vec<String> = rows
            .iter()
            .filter(|r| reference.root_hrgs(&r.root).is_empty())
            .map(|r| format!("{} → {}", r.codes(), r.root))
            .collect();
        if !unknown.is_empty() {
            return Err(format!(
                "{}: these rows name an HRG root that is in neither the {} price list nor the {} HRGs of the National Cost Collection: {}",
                path.display(),
                reference.price_year,
                reference.price_year,
                unknown.join(", ")
            ));
        }
        // A diagnosis drives the core HRG; unbundled HRGs (imaging, chemotherapy, ...) come from procedures beside it.
        let unbundled: Vec<String> = rows
            .iter()
            .filter(|r| !with_rank && reference.is_unbundled_root(&r.root))
            .map(|r| format!("{} → {}", r.codes(), r.root))
            .collect();
        if !unbundled.is_empty() {
            return Err(format!("{}: these rows send a diagnosis to an unbundled HRG root, which is never a core HRG: {}", path.display(), unbundled.join(", ")));
        }
        maps.push(CodeMap::new(rows));
    }
    let procedure_map = maps.pop().expect("two maps");
    let diagnosis_map = maps.pop().expect("two maps");
    Ok((diagnosis_map, procedure_map, inputs))
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

fn reader(bytes: &[u8]) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new().has_headers(true).from_reader(bytes)
}

/// Column positions by name, or an error naming the missing ones.
fn columns<const N: usize>(r: &mut csv::Reader<&[u8]>, names: [&str; N]) -> Result<[usize; N], String> {
    let header = r.headers().map_err(|e| format!("unreadable header ({e})"))?.clone();
    let mut out = [0; N];
    for (k, name) in names.iter().enumerate() {
        out[k] = header.iter().position(|h| h.trim() == *name).ok_or_else(|| format!("no `{name}` column (header: {})", header.iter().collect::<Vec<_>>().join(",")))?;
    }
    Ok(out)
}

/// The map rows; errors name the line.
pub fn parse_map(bytes: &[u8], with_rank: bool) -> Result<Vec<MapRow>, String> {
    let mut r = reader(bytes);
    let names: &[&str] = if with_rank { &["codes", "hrg_root", "rank", "basis"] } else { &["codes", "hrg_root", "basis"] };
    let header = r.headers().map_err(|e| format!("unreadable header ({e})"))?.clone();
    let at: Vec<usize> = names
        .iter()
        .map(|n| header.iter().position(|h| h.trim() == *n).ok_or_else(|| format!("the header must be `{}`", names.join(","))))
        .collect::<Result<_, _>>()?;
    let mut rows = Vec::new();
    for (i, record) in r.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| format!("line {line}: {e}"))?;
        let cell = |k: usize| record.get(at[k]).unwrap_or("").trim();
        let (from, to) = parse_codes(cell(0)).map_err(|e| format!("line {line}: {e}"))?;
        let root = cell(1).to_ascii_uppercase();
        if root.len() != 4 || !root.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(format!("line {line}: hrg_root `{root}` is not a 4-character HRG root"));
        }
        let rank = if with_rank { cell(2).parse::<i32>().map_err(|_| format!("line {line}: rank `{}` is not a whole number", cell(2)))? } else { 0 };
        let basis = cell(names.len() - 1).to_string();
        rows.push(MapRow { from, to, root, rank, basis });
    }
    Ok(rows)
}

struct Hierarchy {
    chapters: Vec<GroupName>,
    subchapters: Vec<GroupName>,
    descriptions: BTreeMap<String, String>,
}

fn read_hierarchy(bytes: &[u8]) -> Result<Hierarchy, String> {
    let mut r = reader(bytes);
    let [ch, chd, sub, subd, code, desc] =
        columns(&mut r, ["chapter", "chapter_description", "subchapter", "subchapter_description", "hrg_code", "hrg_description"]).map_err(|e| format!("{}: {e}", HIERARCHY.file))?;
    let mut chapters = BTreeMap::new();
    let mut subchapters = BTreeMap::new();
    let mut descriptions = BTreeMap::new();
    for record in r.records() {
        let record = record.map_err(|e| format!("{}: {e}", HIERARCHY.file))?;
        chapters.entry(record[ch].to_string()).or_insert_with(|| record[chd].to_string());
        subchapters.entry(record[sub].to_string()).or_insert_with(|| record[subd].to_string());
        descriptions.insert(record[code].to_string(), record[desc].to_string());
    }
    let named = |m: BTreeMap<String, String>| m.into_iter().map(|(code, name)| GroupName { code, name }).collect();
    Ok(Hierarchy { chapters: named(chapters), subchapters: named(subchapters), descriptions })
}

/// HRG → (elective, non-elective) trim point in days.
type TrimPoints = BTreeMap<String, (Option<u16>, Option<u16>)>;

fn read_trim_points(bytes: &[u8]) -> Result<TrimPoints, String> {
    let mut r = reader(bytes);
    let [hrg, el, em] = columns(&mut r, ["sushrg", "elective", "emergency"]).map_err(|e| format!("{}: {e}", TRIM_POINTS.file))?;
    let days = |s: &str| s.trim().parse::<u16>().ok(); // '-' = none
    let mut out = BTreeMap::new();
    for record in r.records() {
        let record = record.map_err(|e| format!("{}: {e}", TRIM_POINTS.file))?;
        out.insert(record[hrg].to_string(), (days(&record[el]), days(&record[em])));
    }
    Ok(out)
}

fn read_price_list(bytes: &[u8], descriptions: &BTreeMap<String, String>, trims: &TrimPoints) -> Result<Vec<Hrg>, String> {
    let mut r = reader(bytes);
    let [code, desc, root, cc_min, cc_max, dc, el, ne] = columns(
        &mut r,
        ["hrg_code", "hrg_description", "root", "cc_min", "cc_max", "day_case_elective_gbp", "ordinary_elective_gbp", "non_elective_gbp"],
    )
    .map_err(|e| format!("{}: {e}", PRICE_LIST.file))?;
    let mut hrgs = Vec::new();
    for (i, record) in r.records().enumerate() {
        let record = record.map_err(|e| format!("{}: {e}", PRICE_LIST.file))?;
        let line = i + 2;
        let gbp = |k: usize| record[k].trim().parse::<f64>().map_err(|_| format!("{} line {line}: price `{}` is not a number", PRICE_LIST.file, &record[k]));
        let number = |k: usize| record[k].trim().parse::<u16>().ok();
        let hrg_code = record[code].trim().to_string();
        let description = match record[desc].trim() {
            "" => descriptions.get(&hrg_code).cloned().unwrap_or_default(),
            d => d.to_string(),
        };
        let lower = description.to_ascii_lowercase();
        let (trim_el, trim_ne) = trims.get(&hrg_code).copied().unwrap_or((None, None));
        let prices = SpellPrices { day_case_gbp: gbp(dc)?, elective_gbp: gbp(el)?, non_elective_gbp: gbp(ne)? };
        // £0 in every column (LA97A, PB03Z, RD97Z, SB97Z, ...) means no national price, not a free spell.
        let unpaid = prices.day_case_gbp == 0.0 && prices.elective_gbp == 0.0 && prices.non_elective_gbp == 0.0;
        hrgs.push(Hrg {
            root: record[root].trim().to_string(),
            cc: number(cc_min).map(|min| Band { min, max: number(cc_max) }),
            age: age_band(&lower),
            interventions: interventions(&lower),
            los: stay_band(&lower),
            price: (!unpaid).then_some(prices),
            trim_elective_days: trim_el,
            trim_non_elective_days: trim_ne,
            code: hrg_code,
            description,
        });
    }
    Ok(hrgs)
}

/// Whether a code has the shape of an HRG (`WD01Z`), not another NCC currency.
fn is_hrg_code(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 5 && b[..2].iter().all(u8::is_ascii_uppercase) && b[2..4].iter().all(u8::is_ascii_digit) && b[4].is_ascii_uppercase()
}

/// The HRGs of the 2024/25 design that the price list leaves out: codes the 2024/25 National
/// Cost Collection reports that the HRG names source also knows (so retired and foreign
/// currencies stay out). None of them belongs to a priced root; they carry no price.
fn read_unpriced(bytes: &[u8], priced: &[Hrg], names: &BTreeMap<String, String>, trims: &TrimPoints) -> Result<Vec<Hrg>, String> {
    let mut r = reader(bytes);
    let [code, desc] = columns(&mut r, ["currency_code", "currency_desc"]).map_err(|e| format!("{}: {e}", COST_COLLECTION.file))?;
    let listed: std::collections::BTreeSet<&str> = priced.iter().map(|h| h.code.as_str()).collect();
    let mut found: BTreeMap<String, String> = BTreeMap::new();
    for record in r.records() {
        let record = record.map_err(|e| format!("{}: {e}", COST_COLLECTION.file))?;
        let c = record[code].trim();
        if is_hrg_code(c) && !listed.contains(c) && names.contains_key(c) {
            found.entry(c.to_string()).or_insert_with(|| record[desc].trim().to_string());
        }
    }
    let priced_roots: std::collections::BTreeSet<&str> = priced.iter().map(|h| h.root.as_str()).collect();
    let mut out = Vec::new();
    for (hrg_code, description) in found {
        let root = hrg_code[..4].to_string();
        if priced_roots.contains(root.as_str()) {
            return Err(format!("{}: {hrg_code} belongs to root {root}, which the price list prices, but is not in it", COST_COLLECTION.file));
        }
        let lower = description.to_ascii_lowercase();
        let cc = cc_band(&lower);
        let (trim_el, trim_ne) = trims.get(&hrg_code).copied().unwrap_or((None, None));
        out.push(Hrg {
            root,
            cc,
            age: age_band(&lower),
            interventions: interventions(&lower),
            los: stay_band(&lower),
            price: None,
            trim_elective_days: trim_el,
            trim_non_elective_days: trim_ne,
            code: hrg_code,
            description,
        });
    }
    Ok(out)
}

/// "with CC Score 4-6", "CC Score 13+", "CC Score 0" → band (the price list has it parsed; the
/// cost collection does not).
fn cc_band(lower: &str) -> Option<Band> {
    let at = lower.find("cc score ")?;
    let rest = &lower[at + 9..];
    let token: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == '-' || *c == '+').collect();
    if let Some(min) = token.strip_suffix('+') {
        return Some(Band { min: min.parse().ok()?, max: None });
    }
    match token.split_once('-') {
        Some((a, b)) => Some(Band { min: a.parse().ok()?, max: Some(b.parse().ok()?) }),
        None => {
            let n = token.parse().ok()?;
            Some(Band { min: n, max: Some(n) })
        }
    }
}

/// The number just before `at` in `text` ("... 19 years and over" → 19).
fn number_before(text: &str, at: usize) -> Option<u16> {
    let head = text[..at].trim_end();
    let start = head.rfind(|c: char| !c.is_ascii_digit()).map_or(0, |k| k + 1);
    head[start..].parse().ok()
}

/// "between A and B <unit>" → (A, B).
fn between(text: &str, unit: &str) -> Option<Band> {
    let at = text.find("between ")?;
    let rest = &text[at + 8..];
    let (a, rest) = rest.split_once(" and ")?;
    let b = rest.strip_suffix(unit).or_else(|| rest.split_once(&format!(" {unit}")).map(|(b, _)| b))?;
    Some(Band { min: a.trim().parse().ok()?, max: Some(b.trim().parse().ok()?) })
}

/// Age bands the 2024/25 descriptions use: "19 years and over", "18 years and under",
/// "1 year and under", "between 6 and 18 years".
fn age_band(lower: &str) -> Option<Band> {
    for (phrase, over) in [(" years and over", true), (" year and over", true), (" years and under", false), (" year and under", false)] {
        if let Some(at) = lower.find(phrase) {
            let n = number_before(lower, at)?;
            return Some(if over { Band { min: n, max: None } } else { Band { min: 0, max: Some(n) } });
        }
    }
    between(lower, "years").filter(|_| lower.contains(" years"))
}

/// Length-of-stay splits: "with length of stay 1 day or more", "... 4 days or less",
/// "... 0 days", "... between 5 and 8 days".
fn stay_band(lower: &str) -> Option<Band> {
    let at = lower.find("length of stay ")?;
    let rest = &lower[at + 15..];
    if rest.starts_with("between") {
        return between(rest, "days");
    }
    let (n, tail) = rest.split_once(' ')?;
    let n: u16 = n.parse().ok()?;
    if tail.contains("or more") {
        Some(Band { min: n, max: None })
    } else if tail.contains("or less") {
        Some(Band { min: 0, max: Some(n) })
    } else {
        Some(Band { min: n, max: Some(n) })
    }
}

/// The interventions split, only as a whole phrase ("with Interventions", not "with Imaging
/// Intervention" or "Intervention Score").
fn interventions(lower: &str) -> Option<Interventions> {
    let phrase = |p: &str| {
        lower.match_indices(p).any(|(at, _)| matches!(lower[at + p.len()..].chars().next(), None | Some(',')))
    };
    if phrase("without interventions") {
        Some(Interventions::Without)
    } else if phrase("with multiple interventions") {
        Some(Interventions::Multiple)
    } else if phrase("with single intervention") {
        Some(Interventions::Single)
    } else if phrase("with interventions") || phrase("with intervention") {
        Some(Interventions::With)
    } else {
        None
    }
}

fn read_cc_lists(bytes: &[u8]) -> Result<Vec<CcList>, String> {
    let mut r = reader(bytes);
    let [sub, icd] = columns(&mut r, ["hrg_subchapter", "icd10_code"]).map_err(|e| format!("{}: {e}", CC_LISTS.file))?;
    let mut lists: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for record in r.records() {
        let record = record.map_err(|e| format!("{}: {e}", CC_LISTS.file))?;
        let compact = code::compact(&record[icd]);
        let key = code::strip_x_filler(&compact).map(str::to_string).unwrap_or(compact);
        lists.entry(record[sub].trim().to_string()).or_default().push(key);
    }
    Ok(lists.into_iter().map(|(subchapter, codes)| CcList { subchapter, codes }).collect())
}

fn read_aec(bytes: &[u8]) -> Result<Vec<AecCondition>, String> {
    let json: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| format!("{}: {e}", AEC.file))?;
    let strings = |v: &serde_json::Value| -> Vec<String> { v.as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect()).unwrap_or_default() };
    let mut out = Vec::new();
    for (specialty, conditions) in json.as_object().ok_or_else(|| format!("{}: expected an object of specialties", AEC.file))? {
        for (condition, entry) in conditions.as_object().ok_or_else(|| format!("{}: `{specialty}` is not an object", AEC.file))? {
            out.push(AecCondition {
                specialty: specialty.clone(),
                condition: condition.clone(),
                icd10_patterns: strings(&entry["icd10_codes"]),
                hrg_patterns: strings(&entry["hrg_codes"]),
            });
        }
    }
    Ok(out)
}

fn read_mff(bytes: &[u8]) -> Result<Vec<Mff>, String> {
    let mut r = reader(bytes);
    let [code, name, factor] = columns(&mut r, ["provider_code", "provider_name", "mff_factor"]).map_err(|e| format!("{}: {e}", MFF.file))?;
    let mut out = Vec::new();
    for record in r.records() {
        let record = record.map_err(|e| format!("{}: {e}", MFF.file))?;
        let f = record[factor].trim().parse::<f64>().map_err(|_| format!("{}: MFF `{}` is not a number", MFF.file, &record[factor]))?;
        out.push(Mff { provider: record[code].trim().to_ascii_uppercase(), name: record[name].trim().to_string(), factor: f });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_give_age_stay_and_interventions() {
        let b = |min, max| Some(Band { min, max });
        assert_eq!(age_band("appendicectomy procedures, 19 years and over, with cc score 0"), b(19, None));
        assert_eq!(age_band("x, 18 years and under, with cc score 3+"), b(0, Some(18)));
        assert_eq!(age_band("x, 1 year and under"), b(0, Some(1)));
        assert_eq!(age_band("insertion of grommets, between 2 and 18 years"), b(2, Some(18)));
        assert_eq!(age_band("from 14 to 20 weeks gestation"), None);
        assert_eq!(stay_band("respite care with length of stay between 5 and 8 days"), b(5, Some(8)));
        assert_eq!(stay_band("copd, with length of stay 1 day or less"), b(0, Some(1)));
        assert_eq!(stay_band("x with length of stay 29 days or more"), b(29, None));
        assert_eq!(stay_band("paediatric neoplasm diagnoses with length of stay 0 days"), b(0, Some(0)));
        assert_eq!(interventions("copd or bronchitis, without interventions, with cc score 9+"), Some(Interventions::Without));
        assert_eq!(interventions("copd, with multiple interventions, with cc score 9+"), Some(Interventions::Multiple));
        assert_eq!(interventions("kidney, with interventions, with cc score 9+"), Some(Interventions::With));
        assert_eq!(interventions("pacemaker with other percutaneous intervention, with cc score 6+"), None);
        assert_eq!(interventions("multiple trauma, with intervention score 0"), None);
        assert_eq!(cc_band("neonatal diagnoses, with cc score 6+"), b(6, None));
        assert_eq!(cc_band("x, with cc score 2-5"), b(2, Some(5)));
        assert_eq!(cc_band("x with cc score 0"), b(0, Some(0)));
        assert_eq!(cc_band("rehabilitation for stroke"), None);
        assert!(is_hrg_code("WD01Z") && !is_hrg_code("SCRT") && !is_hrg_code("01") && !is_hrg_code("wd01z"));
    }

    #[test]
    fn map_rows_are_checked_line_by_line() {
        let rows = parse_map(b"codes,hrg_root,rank,basis\nH01-H02,FF37,50,appendicectomy\n", true).unwrap();
        assert_eq!((rows[0].from.as_str(), rows[0].to.as_str(), rows[0].rank), ("H01", "H02", 50));
        let err = parse_map(b"codes,hrg_root,rank,basis\nH01,FF37,high,x\n", true).unwrap_err();
        assert!(err.contains("line 2") && err.contains("rank"), "{err}");
        let err = parse_map(b"codes,root\nH01,FF37\n", false).unwrap_err();
        assert!(err.contains("codes,hrg_root,basis"), "{err}");
    }
}
