//! The synonym and abbreviation table (`data/synonyms.csv`): terms coders and clinicians type
//! (`NSTEMI`, `heart attack`, `#NOF`, `lap chole`) and the codes they mean.
//!
//! Columns `term,system,targets,basis`: `targets` are space-separated codes in any written form
//! (dotted codes or 3-character categories); `basis` says what the row rests on. The parser is
//! pure (no file access) so the web app and the tests can read the same text.

use crate::model::System;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynonymRow {
    pub term: String,
    pub system: System,
    /// Codes as written in the table, e.g. `["I21", "I22"]`.
    pub targets: Vec<String>,
    pub basis: String,
}

/// Parse the table. Errors name the line and say what is wrong.
pub fn load_synonyms(csv_text: &str) -> Result<Vec<SynonymRow>, String> {
    let mut rows = Vec::new();
    let mut lines = csv_text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    match lines.next() {
        Some((_, header)) if split_csv_line(header).map(|h| h == ["term", "system", "targets", "basis"]).unwrap_or(false) => {}
        _ => return Err("synonyms: the first line must be the header `term,system,targets,basis`".into()),
    }
    // One row per term and system, so a term's codes are read in one place.
    let mut first_line = std::collections::HashMap::new();
    for (i, line) in lines {
        let at = |why: String| format!("synonyms line {}: {why}", i + 1);
        let fields = split_csv_line(line).map_err(at)?;
        let [term, system, targets, basis]: [String; 4] =
            fields.try_into().map_err(|f: Vec<String>| at(format!("expected 4 columns, found {}", f.len())))?;
        let system = System::parse(&system).ok_or_else(|| at(format!("unknown system `{system}` (use icd10 or opcs4)")))?;
        if term.trim().is_empty() || super::text::phrase_key(&term).is_empty() {
            return Err(at("the term has no letters or digits".into()));
        }
        let targets: Vec<String> = targets.split_whitespace().map(str::to_string).collect();
        if targets.is_empty() {
            return Err(at(format!("`{term}` has no target codes")));
        }
        if basis.trim().is_empty() {
            return Err(at(format!("`{term}` does not say what it rests on (basis)")));
        }
        if let Some(first) = first_line.insert((term.trim().to_lowercase(), system), i + 1) {
            return Err(at(format!("`{}` ({}) is already on line {first}: one row per term", term.trim(), system.as_str())));
        }
        rows.push(SynonymRow { term: term.trim().to_string(), system, targets, basis });
    }
    Ok(rows)
}

/// One CSV record on one line: commas separate, double quotes enclose, `""` is a quote.
fn split_csv_line(line: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.trim_end_matches('\r').chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (_, c) => field.push(c),
        }
    }
    if quoted {
        return Err("a quoted field is not closed".into());
    }
    fields.push(field);
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_quoted_fields() {
        let rows = load_synonyms("term,system,targets,basis\nheart attack,icd10,I21 I22,\"lay term, for \"\"acute MI\"\"\"\n").unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].targets, vec!["I21", "I22"]);
        assert_eq!(rows[0].basis, "lay term, for \"acute MI\"");
        assert_eq!(rows[0].system, System::Icd10);
    }

    #[test]
    fn errors_name_the_line() {
        let err = load_synonyms("term,system,targets,basis\nMI,icd11,I21,x\n").unwrap_err();
        assert!(err.contains("line 2") && err.contains("icd11"), "{err}");
        let err = load_synonyms("term,system,targets,basis\nMI,icd10,,x\n").unwrap_err();
        assert!(err.contains("no target"), "{err}");
        let err = load_synonyms("term,system,targets,basis\nMI,icd10,I21,x\nmi,icd10,I22,y\nMI,opcs4,K40,z\n").unwrap_err();
        assert!(err.contains("line 3") && err.contains("already on line 2"), "{err}");
        assert!(load_synonyms("wrong header\n").is_err());
        assert!(load_synonyms("term,system,targets,basis\n\"MI,icd10,I21,x\n").is_err());
    }
}
