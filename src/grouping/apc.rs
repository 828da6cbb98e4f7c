//! The HRG4+ grouper's admitted patient care input layout (NHS England's sample test data):
//! PROCODET, PROVSPNO, EPIORDER, STARTAGE, SEX, ..., ADMIMETH, ..., EPIDUR, ..., DIAG_01..,
//! OPER_01.. . Each row is one episode; it is grouped on its own (no spell assembly).
//!
//! Rows are split here, one line at a time, rather than by a general CSV reader: an unbalanced
//! quote must cost one row, not swallow the rest of the file.

use super::case::{Admission, Age, Case, Sex};

/// Column positions of the fields the grouper reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApcLayout {
    pub width: usize,
    pub procodet: usize,
    pub provspno: usize,
    pub epiorder: usize,
    startage: usize,
    sex: usize,
    admimeth: usize,
    epidur: usize,
    diagnoses: Vec<usize>,
    procedures: Vec<usize>,
}

const REQUIRED: [&str; 7] = ["PROCODET", "PROVSPNO", "EPIORDER", "STARTAGE", "SEX", "ADMIMETH", "EPIDUR"];

impl ApcLayout {
    /// Read the header row; names the columns that are missing.
    pub fn from_header(names: &[&str]) -> Result<ApcLayout, String> {
        let position = |name: &str| names.iter().position(|n| n.trim().eq_ignore_ascii_case(name));
        let missing: Vec<&str> = REQUIRED.iter().copied().filter(|n| position(n).is_none()).collect();
        let numbered = |prefix: &str| -> Vec<usize> {
            let mut cols: Vec<(u32, usize)> = names
                .iter()
                .enumerate()
                .filter_map(|(i, n)| {
                    let n = n.trim().to_ascii_uppercase();
                    n.strip_prefix(prefix).and_then(|k| k.parse::<u32>().ok()).map(|k| (k, i))
                })
                .collect();
            cols.sort();
            cols.into_iter().map(|(_, i)| i).collect()
        };
        let diagnoses = numbered("DIAG_");
        let procedures = numbered("OPER_");
        if !missing.is_empty() || diagnoses.is_empty() {
            let mut all = missing.join(", ");
            if diagnoses.is_empty() {
                all.push_str(if all.is_empty() { "DIAG_01" } else { ", DIAG_01" });
            }
            return Err(format!(
                "the header lacks the grouper input column(s) {all}; expected the HRG4+ APC layout (PROCODET, PROVSPNO, EPIORDER, STARTAGE, SEX, ADMIMETH, EPIDUR, DIAG_01.., OPER_01..)"
            ));
        }
        let at = |n: &str| position(n).expect("checked above");
        Ok(ApcLayout {
            width: names.len(),
            procodet: at("PROCODET"),
            provspno: at("PROVSPNO"),
            epiorder: at("EPIORDER"),
            startage: at("STARTAGE"),
            sex: at("SEX"),
            admimeth: at("ADMIMETH"),
            epidur: at("EPIDUR"),
            diagnoses,
            procedures,
        })
    }

    /// The case of one row, its codes borrowed from the fields. `provider_for_mff`: use
    /// PROCODET as the MFF provider.
    pub fn case<'a>(&self, fields: &[&'a str], provider_for_mff: bool) -> Result<Case<&'a str>, String> {
        self.read_case(fields, provider_for_mff, Vec::new(), Vec::new())
    }

    /// Like `case`, filling the given vectors (a batch reuses them from row to row).
    pub fn read_case<'a>(&self, fields: &[&'a str], provider_for_mff: bool, mut secondary: Vec<&'a str>, mut procedures: Vec<&'a str>) -> Result<Case<&'a str>, String> {
        if fields.len() != self.width {
            return Err(format!("the row has {} fields but the header has {}", fields.len(), self.width));
        }
        let f = |i: usize| fields[i].trim_ascii();
        let age = start_age(f(self.startage))?;
        let sex = match f(self.sex) {
            "1" => Sex::Male,
            "2" => Sex::Female,
            _ => Sex::Unknown,
        };
        // Admission methods 11, 12, 13 are elective; everything else takes the non-elective price.
        let admission = if matches!(f(self.admimeth), "11" | "12" | "13") { Admission::Elective } else { Admission::NonElective };
        let los_days = match f(self.epidur) {
            "" => 0,
            d => d.parse().map_err(|_| format!("EPIDUR `{d}` is not a number of days"))?,
        };
        let codes = |into: &mut Vec<&'a str>, cols: &[usize]| {
            into.clear();
            into.extend(cols.iter().map(|&i| f(i)).filter(|c| !c.is_empty()));
        };
        // DIAG_01 is the primary; when it is blank the primary is missing (not the next code).
        codes(&mut secondary, &self.diagnoses[1..]);
        codes(&mut procedures, &self.procedures);
        Ok(Case {
            primary: f(self.diagnoses[0]),
            secondary,
            procedures,
            age,
            sex,
            admission,
            los_days,
            provider: Some(f(self.procodet)).filter(|p| provider_for_mff && !p.is_empty()),
            excess_day_rate_gbp: None,
        })
    }
}

/// STARTAGE: years 0-120; 7001-7007 for infants under one (HES coding, read as the lower
/// bound of each band in days); blank or 999 unknown.
fn start_age(value: &str) -> Result<Age, String> {
    const INFANT_DAYS: [u16; 7] = [0, 1, 7, 28, 91, 182, 273];
    match value {
        "" | "999" => Ok(Age::Unknown),
        v => match v.parse::<u16>() {
            Ok(y) if y <= 120 => Ok(Age::Years(y)),
            Ok(c @ 7001..=7007) => Ok(Age::Days(INFANT_DAYS[(c - 7001) as usize])),
            _ => Err(format!("STARTAGE `{v}` is not an age (0-120 years, 7001-7007 for infants, 999 unknown)")),
        },
    }
}

/// Split one line (without its line ending) into fields. Quoted fields may hold commas and
/// doubled quotes; the line must be UTF-8.
pub fn split_line<'a>(line: &'a [u8], fields: &mut Vec<&'a str>) -> Result<(), String> {
    fields.clear();
    let text = std::str::from_utf8(line).map_err(|e| {
        let column = line[..e.valid_up_to()].iter().filter(|&&b| b == b',').count() + 1;
        format!("the row is not UTF-8 text (bad byte in field {column})")
    })?;
    if split_unquoted(text, fields) {
        return Ok(());
    }
    fields.clear();
    let b = text.as_bytes();
    let mut i = 0;
    loop {
        if b.get(i) == Some(&b'"') {
            let start = i + 1;
            let mut j = start;
            loop {
                match b.get(j) {
                    None => return Err(format!("unbalanced quote in field {}", fields.len() + 1)),
                    Some(b'"') if b.get(j + 1) == Some(&b'"') => j += 2,
                    Some(b'"') => break,
                    Some(_) => j += 1,
                }
            }
            // Doubled quotes inside stay doubled: codes never contain quotes, and a field that
            // does is reported by the grouper as an unknown code.
            fields.push(&text[start..j]);
            i = j + 1;
            match b.get(i) {
                None => return Ok(()),
                Some(b',') => i += 1,
                Some(_) => return Err(format!("text after the closing quote in field {}", fields.len())),
            }
        } else {
            let end = b[i..].iter().position(|&c| c == b',' || c == b'"').map_or(b.len(), |k| i + k);
            if b.get(end) == Some(&b'"') {
                return Err(format!("stray quote in field {}", fields.len() + 1));
            }
            fields.push(&text[i..end]);
            if end == b.len() {
                return Ok(());
            }
            i = end + 1;
        }
    }
}

/// Split a line at its commas, 8 bytes per step; `false` when the line has a quote (then
/// the fields pushed are not the line's). Grouper files quote nothing, and their fields are a
/// few bytes long, dozens to a row: a byte-by-byte scan was a sixth of a batch.
fn split_unquoted<'a>(text: &'a str, fields: &mut Vec<&'a str>) -> bool {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    // The high bit of each zero byte, exactly (no borrow from one byte into the next).
    let zero_bytes = |v: u64| !(((v & LOW7) + LOW7) | v | LOW7);
    let (commas, quotes) = (u64::from_le_bytes([b','; 8]), u64::from_le_bytes([b'"'; 8]));
    let b = text.as_bytes();
    let (mut start, mut quoted) = (0, 0);
    for at in (0..b.len()).step_by(8) {
        let v = match b.get(at..at + 8) {
            Some(word) => u64::from_le_bytes(word.try_into().expect("8 bytes")),
            None => {
                let mut last = [0u8; 8];
                last[..b.len() - at].copy_from_slice(&b[at..]);
                u64::from_le_bytes(last)
            }
        };
        quoted |= zero_bytes(v ^ quotes);
        let mut hits = zero_bytes(v ^ commas);
        while hits != 0 {
            let comma = at + hits.trailing_zeros() as usize / 8;
            // SAFETY: `text` is UTF-8 and the field runs from the start of the line or just
            // after a comma to a comma; commas are ASCII, so both ends are char boundaries.
            // (Checking them again was a fifth of the split.)
            fields.push(unsafe { std::str::from_utf8_unchecked(&b[start..comma]) });
            start = comma + 1;
            hits &= hits - 1;
        }
    }
    fields.push(&text[start..]);
    quoted == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str) -> Result<Vec<String>, String> {
        let mut f = Vec::new();
        split_line(line.as_bytes(), &mut f).map(|_| f.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn splits_plain_and_quoted_fields() {
        assert_eq!(split("a,b,,c").unwrap(), ["a", "b", "", "c"]);
        assert_eq!(split("\"x,y\",z").unwrap(), ["x,y", "z"]);
        assert_eq!(split("a,").unwrap(), ["a", ""]);
        assert!(split("\"open,b").unwrap_err().contains("unbalanced quote in field 1"));
        assert!(split("a,b\"c").unwrap_err().contains("stray quote in field 2"));
        let mut f = Vec::new();
        assert!(split_line(b"ok,\xff\xfe", &mut f).unwrap_err().contains("field 2"));
    }

    #[test]
    fn word_split_agrees_with_a_plain_split() {
        use proptest::prelude::*;
        // Bytes next to the separators' values (`-`, `#`, `+`, `!`), at every word offset.
        proptest!(|(line in "[a-z0-9,#+!\\-]{0,40}")| {
            let mut f = Vec::new();
            prop_assert!(split_unquoted(&line, &mut f));
            prop_assert_eq!(f, line.split(',').collect::<Vec<_>>());
        });
        assert!(!split_unquoted("a,\"b\"", &mut Vec::new()));
    }

    #[test]
    fn header_names_missing_columns() {
        let err = ApcLayout::from_header(&["PROCODET", "SEX", "DIAG_01"]).unwrap_err();
        assert!(err.contains("column(s) PROVSPNO, EPIORDER, STARTAGE, ADMIMETH, EPIDUR;"), "{err}");
    }

    #[test]
    fn reads_a_row_as_the_grouper_does() {
        let header = ["PROCODET", "PROVSPNO", "EPIORDER", "STARTAGE", "SEX", "ADMIMETH", "EPIDUR", "DIAG_01", "DIAG_02", "OPER_01"];
        let layout = ApcLayout::from_header(&header).unwrap();
        let case = layout.case(&["RCF", "1", "1", "7003", "2", "12", "4", "K358", "", "H019"], true).unwrap();
        assert_eq!(case.primary, "K358");
        assert!(case.secondary.is_empty());
        assert_eq!(case.procedures, ["H019"]);
        assert_eq!(case.age, Age::Days(7));
        assert_eq!(case.sex, Sex::Female);
        assert_eq!(case.admission, Admission::Elective);
        assert_eq!(case.provider, Some("RCF"));
        let ne = layout.case(&["RCF", "1", "1", "64", "9", "21", "", "I214", "N184", ""], false).unwrap();
        assert_eq!((ne.admission, ne.sex, ne.los_days, ne.provider), (Admission::NonElective, Sex::Unknown, 0, None));
        assert!(layout.case(&["RCF", "1"], false).unwrap_err().contains("2 fields"));
        assert!(layout.case(&["RCF", "1", "1", "abc", "2", "12", "4", "K358", "", ""], false).unwrap_err().contains("STARTAGE"));
    }
}
