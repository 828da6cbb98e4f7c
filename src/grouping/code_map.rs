//! Code → HRG root maps (`data/hrg/diagnosis_roots.csv`, `data/hrg/procedure_roots.csv`, or a
//! trust's own Code-to-Group extract in the same normalised form; see `docs/hrg-tables.md`).
//!
//! A row's `codes` is a compact code (`I214`) or an inclusive range `FROM-TO` (`I21-I22`). A
//! compact code X matches when `X[..len(FROM)] >= FROM` and `X[..len(TO)] <= TO`. When several
//! rows match, the most specific wins (the longer of its two bounds), ties by the earlier row.
//!
//! Lookups must be fast (a batch groups ~10 codes per episode), so the rows are compiled into
//! disjoint segments of the code space, each with its winning row: one binary search per code.

use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::BTreeSet;

/// One row of a code → root table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapRow {
    /// Lower bound, compact (no dot, upper case).
    pub from: String,
    /// Upper bound, compact; equal to `from` for a single code.
    pub to: String,
    /// 4-character HRG root, e.g. `EB10`.
    pub root: String,
    /// Procedures: higher = more dominant. Diagnoses: 0.
    pub rank: i32,
    /// What the row rests on.
    pub basis: String,
}

impl MapRow {
    /// `I21-I22` or `I214`, as written in the table.
    pub fn codes(&self) -> String {
        if self.from == self.to {
            self.from.clone()
        } else {
            format!("{}-{}", self.from, self.to)
        }
    }

    fn specificity(&self) -> usize {
        self.from.len().max(self.to.len())
    }

    /// The exclusive end of the row's interval: every string that starts with `to` sorts below
    /// `to` followed by `~` (after every letter and digit).
    fn end(&self) -> String {
        format!("{}~", self.to)
    }
}

/// Parse a `codes` cell: `I21`, `I21.4`, `I21-I22`, `W371-W379`.
pub fn parse_codes(cell: &str) -> Result<(String, String), String> {
    let bound = |s: &str| -> Result<String, String> {
        let c = crate::code::compact(s);
        let b = c.as_bytes();
        if b.len() < 2 || b.len() > 6 || !b[0].is_ascii_uppercase() || !b[1].is_ascii_digit() || !b.iter().all(|ch| ch.is_ascii_alphanumeric()) {
            return Err(format!("`{}` is not a code (expected e.g. I21, I214 or I21-I22)", s.trim()));
        }
        Ok(c)
    };
    match cell.split_once('-') {
        Some((from, to)) => {
            let (from, to) = (bound(from)?, bound(to)?);
            if to.as_str() < &from[..from.len().min(to.len())] {
                return Err(format!("the range `{}` runs backwards", cell.trim()));
            }
            Ok((from, to))
        }
        None => {
            let code = bound(cell)?;
            Ok((code.clone(), code))
        }
    }
}

/// A compiled code → root table.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(from = "Vec<MapRow>", into = "Vec<MapRow>")]
pub struct CodeMap {
    rows: Vec<MapRow>,
    /// Sorted segment starts; segment `i` is `[starts[i], starts[i+1])`.
    starts: Vec<String>,
    /// `starts` as integers (`pack`), when every start packs: a batch looks up every code of
    /// the classification, and comparing strings was most of the cost.
    packed: Option<Vec<u64>>,
    /// Winning row of each segment.
    winners: Vec<Option<u32>>,
}

impl From<Vec<MapRow>> for CodeMap {
    fn from(rows: Vec<MapRow>) -> CodeMap {
        CodeMap::new(rows)
    }
}

impl From<CodeMap> for Vec<MapRow> {
    fn from(map: CodeMap) -> Vec<MapRow> {
        map.rows
    }
}

impl CodeMap {
    pub fn new(rows: Vec<MapRow>) -> CodeMap {
        // Sweep the segment boundaries in order, keeping the rows that cover the current point
        // ordered by (most specific, earliest row).
        let mut events: Vec<(String, bool, u32)> = Vec::with_capacity(rows.len() * 2);
        for (i, r) in rows.iter().enumerate() {
            events.push((r.from.clone(), true, i as u32));
            events.push((r.end(), false, i as u32));
        }
        events.sort();
        let mut active: BTreeSet<(Reverse<usize>, u32)> = BTreeSet::new();
        let mut starts: Vec<String> = Vec::new();
        let mut winners = Vec::new();
        let mut k = 0;
        while k < events.len() {
            let point = events[k].0.clone();
            while k < events.len() && events[k].0 == point {
                let (_, opens, i) = events[k];
                let key = (Reverse(rows[i as usize].specificity()), i);
                if opens {
                    active.insert(key);
                } else {
                    active.remove(&key);
                }
                k += 1;
            }
            starts.push(point);
            winners.push(active.iter().next().map(|&(_, i)| i));
        }
        let packed = starts.iter().map(|s| pack(s)).collect();
        CodeMap { rows, starts, packed, winners }
    }

    pub fn rows(&self) -> &[MapRow] {
        &self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The winning row for a compact code (X filler already removed).
    pub fn lookup(&self, compact: &str) -> Option<&MapRow> {
        self.position(compact).map(|i| &self.rows[i])
    }

    /// The index in `rows()` of the winning row.
    pub fn position(&self, compact: &str) -> Option<usize> {
        let after = match (&self.packed, pack(compact)) {
            (Some(packed), Some(key)) => packed.partition_point(|&s| s <= key),
            _ => self.starts.partition_point(|s| s.as_str() <= compact),
        };
        self.winners.get(after.checked_sub(1)?)?.map(|i| i as usize)
    }
}

/// Up to 8 bytes, none of them zero, as a big-endian integer padded with zero bytes: such
/// strings compare as their integers do (a prefix is padded with zeros, below any byte).
fn pack(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    if b.len() > 8 || b.contains(&0) {
        return None;
    }
    let mut word = [0u8; 8];
    word[..b.len()].copy_from_slice(b);
    Some(u64::from_be_bytes(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(codes: &str, root: &str) -> MapRow {
        let (from, to) = parse_codes(codes).unwrap();
        MapRow { from, to, root: root.into(), rank: 0, basis: String::new() }
    }

    /// The rule as the table format states it, checked row by row.
    fn naive<'a>(rows: &'a [MapRow], x: &str) -> Option<&'a MapRow> {
        let cut = |s: &str, n: usize| s[..s.len().min(n)].to_string();
        let mut best: Option<&MapRow> = None;
        for r in rows {
            if cut(x, r.from.len()) >= r.from && cut(x, r.to.len()) <= r.to && best.is_none_or(|b| r.specificity() > b.specificity()) {
                best = Some(r);
            }
        }
        best
    }

    #[test]
    fn most_specific_row_wins_then_the_earlier_one() {
        let map = CodeMap::new(vec![row("I21-I22", "EB10"), row("I214", "XX01"), row("W371-W379", "HN12"), row("I21", "YY01")]);
        assert_eq!(map.lookup("I214").unwrap().root, "XX01");
        assert_eq!(map.lookup("I219").unwrap().root, "EB10"); // I21-I22 (3) ties I21 (3): first row
        assert_eq!(map.lookup("I22").unwrap().root, "EB10");
        assert_eq!(map.lookup("I2291").unwrap().root, "EB10");
        assert_eq!(map.lookup("I23"), None);
        assert_eq!(map.lookup("I20"), None);
        assert_eq!(map.lookup("W370"), None);
        assert_eq!(map.lookup("W375").unwrap().root, "HN12");
        assert_eq!(map.lookup("W37"), None); // shorter than the bound: "W37" < "W371"
        assert_eq!(map.lookup(""), None);
        // Longer than 8 bytes: compared as strings, not integers.
        assert_eq!(map.lookup("I21400000").unwrap().root, "XX01");
        assert_eq!(map.lookup("W379999999").unwrap().root, "HN12");
    }

    #[test]
    fn parse_rejects_what_is_not_a_code() {
        assert_eq!(parse_codes("I21.4").unwrap(), ("I214".into(), "I214".into()));
        assert_eq!(parse_codes("C00-C14").unwrap(), ("C00".into(), "C14".into()));
        assert!(parse_codes("").is_err());
        assert!(parse_codes("I22-I21").is_err());
        assert!(parse_codes("heart").is_err());
    }

    #[test]
    fn compiled_lookup_agrees_with_the_stated_rule() {
        use proptest::prelude::*;
        let code = "[A-C][0-2]{1,2}[0-9]{0,2}";
        proptest!(|(rows in proptest::collection::vec((code, code), 1..12), probes in proptest::collection::vec(code, 1..30))| {
            let rows: Vec<MapRow> = rows
                .into_iter()
                .enumerate()
                .filter_map(|(i, (a, b))| {
                    let (from, to) = if a <= b { (a, b) } else { (b, a) };
                    parse_codes(&format!("{from}-{to}")).ok().map(|(from, to)| MapRow { from, to, root: format!("R{i:03}"), rank: 0, basis: String::new() })
                })
                .collect();
            let map = CodeMap::new(rows.clone());
            for p in &probes {
                prop_assert_eq!(map.lookup(p).map(|r| &r.root), naive(&rows, p).map(|r| &r.root), "probe {}", p);
            }
        });
    }
}
