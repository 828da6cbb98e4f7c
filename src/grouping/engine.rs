//! The grouping steps, in the order the HRG4+ grouper takes them: validate the primary
//! diagnosis, find the root (dominant procedure, else primary diagnosis), score CCs, pick the
//! split, price. Every step leaves a line in the trace saying which data it used.

use serde::{Deserialize, Serialize};

use super::case::{Admission, Case};
use super::code_map::{CodeMap, MapRow};
use super::edits::{self, Coded, Edit, Warning};
use super::reference::{Hrg, Reference};
use super::index::CodeIndex;
use crate::model::{Classification, ConceptId, System};

/// The HRG for invalid data, price £0.
pub const INVALID_HRG: &str = "UZ01Z";

/// How much explanation to build: the batch needs the outcome only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Detail {
    /// Trace, what-if for each code, candidate roots when unmapped, unbundled roots.
    Full,
    Brief,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DrivenBy {
    /// Validation failed: UZ01Z.
    Invalid,
    Procedure,
    Diagnosis,
    /// Neither map has a root for the case's codes.
    Unmapped,
}

/// CC points are a lower bound (membership only), so the score reads "at least N".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CcScore {
    pub at_least: u32,
}

/// The case regrouped without one of its codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Marginal {
    /// The code left out, dotted.
    pub without: String,
    /// "secondary diagnosis" or "procedure".
    pub role: String,
    pub hrg: Option<String>,
    pub price_gbp: Option<f64>,
    /// Price without the code minus the price with it.
    pub change_gbp: Option<f64>,
}

/// An unbundled HRG root a procedure maps to (imaging, chemotherapy, dialysis, ...): reported
/// beside the core HRG, never driving it, and not priced here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unbundled {
    /// The procedure, dotted.
    pub code: String,
    pub root: String,
    pub name: String,
}

/// A root offered when no map row matches; never chosen automatically.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub root: String,
    pub name: String,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Grouping {
    pub hrg: Option<String>,
    pub description: Option<String>,
    pub root: Option<String>,
    pub driven_by: DrivenBy,
    /// The code that drove the root (dotted; `Detail::Full` only).
    pub driver_code: Option<String>,
    /// Why there is no HRG or no price (invalid data, unmapped codes, unpriced root).
    pub reason: Option<String>,
    /// Indicative spell price after MFF (if a provider was given) and priced excess days.
    pub price_gbp: Option<f64>,
    pub price_year: String,
    /// Which price column: "elective", "non-elective" or "day case".
    pub price_basis: String,
    pub cc_score: CcScore,
    /// Days beyond the trim point (not priced unless a per-day rate was given).
    pub excess_bed_days: u32,
    pub mff_factor: Option<f64>,
    pub trace: Vec<String>,
    pub warnings: Vec<Warning>,
    pub marginal: Vec<Marginal>,
    pub candidates: Vec<Candidate>,
    /// Unbundled HRG roots of the case's procedures (`Detail::Full` only).
    pub unbundled: Vec<Unbundled>,
    pub indicative: String,
}

/// What a grouping decides, borrowing codes and names from the reference: a batch writes it
/// out without copying them, and `group` makes a `Grouping` of it with the explanation.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome<'r> {
    pub hrg: Option<&'r str>,
    pub description: Option<&'r str>,
    pub root: Option<&'r str>,
    pub driven_by: DrivenBy,
    /// Why there is no HRG or no price (invalid data, unmapped codes, unpriced root).
    pub reason: Option<String>,
    /// Indicative spell price after MFF (if a provider was given) and priced excess days.
    pub price_gbp: Option<f64>,
    /// Which price column: "elective", "non-elective" or "day case".
    pub price_basis: &'static str,
    pub cc_score: CcScore,
    /// Days beyond the trim point (not priced unless a per-day rate was given).
    pub excess_bed_days: u32,
    pub mff_factor: Option<f64>,
    pub warnings: Vec<Warning>,
}

/// The parts of a `Grouping` only `Detail::Full` builds.
struct Explanation {
    trace: Trace,
    driver_code: Option<String>,
    marginal: Vec<Marginal>,
    candidates: Vec<Candidate>,
    unbundled: Vec<Unbundled>,
}

/// `£2,336` or `£1,776.86`.
pub fn money(gbp: f64) -> String {
    let pence = (gbp * 100.0).round() as i64;
    let (pounds, rest) = (pence.abs() / 100, pence.abs() % 100);
    let digits = pounds.to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if pence < 0 { "-" } else { "" };
    if rest == 0 {
        format!("{sign}£{grouped}")
    } else {
        format!("{sign}£{grouped}.{rest:02}")
    }
}

fn round_pence(gbp: f64) -> f64 {
    (gbp * 100.0).round() / 100.0
}

/// Collects trace lines only when asked to, so the batch does not format them.
struct Trace {
    on: bool,
    lines: Vec<String>,
}

impl Trace {
    fn step(&mut self, line: impl FnOnce() -> String) {
        if self.on {
            self.lines.push(line());
        }
    }
}

/// What selects a split among a root's HRGs.
struct Facts {
    cc: u32,
    age_years: Option<u32>,
    interventions: u32,
    los: u32,
}

/// The data a grouping reads. Batches build the code index once (`Grouper::indexed`); a
/// single case does without it.
pub struct Grouper<'a> {
    pub reference: &'a Reference,
    pub classification: &'a Classification,
    index: Option<CodeIndex>,
}

impl<'a> Grouper<'a> {
    pub fn new(reference: &'a Reference, classification: &'a Classification) -> Grouper<'a> {
        Grouper { reference, classification, index: None }
    }

    /// With a hash index of every code: worth it from a few hundred cases on.
    pub fn indexed(reference: &'a Reference, classification: &'a Classification) -> Grouper<'a> {
        Grouper { reference, classification, index: Some(CodeIndex::new(reference, classification)) }
    }

    pub(crate) fn find(&self, system: System, compact: &str) -> Option<ConceptId> {
        match &self.index {
            Some(index) => index.find(self.classification, system, compact),
            None => self.classification.find(system, compact),
        }
    }

    fn is_asterisk(&self, id: ConceptId) -> bool {
        match &self.index {
            Some(index) => index.is_asterisk(id),
            None => edits::is_asterisk(self.classification, id),
        }
    }

    /// The winning map row of a code that is in the classification.
    fn map_row(&self, coded: &Coded, map: &'a CodeMap) -> Option<&'a MapRow> {
        match (&self.index, coded.concept) {
            (Some(index), Some((id, _))) => index.map_row(id).map(|i| &map.rows()[i]),
            _ => map.lookup(&coded.key),
        }
    }

    fn root_hrgs(&self, root: &str) -> &'a [Hrg] {
        match self.index.as_ref().and_then(|index| index.root_range(root)) {
            Some(range) => &self.reference.hrgs[range],
            None => self.reference.root_hrgs(root),
        }
    }

    fn is_unbundled_root(&self, root: &str) -> bool {
        match self.index.as_ref().and_then(|index| index.is_unbundled_root(root)) {
            Some(unbundled) => unbundled,
            None => self.reference.is_unbundled_root(root),
        }
    }

    /// The subchapter's CC list, looked up once per case: the index's bit for it, if any.
    fn cc_list(&self, subchapter: &str) -> Option<u64> {
        self.index.as_ref().and_then(|index| index.cc_list(subchapter))
    }

    fn is_cc(&self, list: Option<u64>, subchapter: &str, coded: &Coded) -> bool {
        match (&self.index, list, coded.concept) {
            (Some(index), Some(list), Some((id, _))) => index.is_cc(list, id),
            _ => self.reference.is_cc(subchapter, &coded.key),
        }
    }

    /// The HRG, price and warnings, without the explanation (what a batch writes).
    pub fn outcome<S: AsRef<str> + Clone>(&self, case: &Case<S>) -> Outcome<'a> {
        group_with(self, case, Detail::Brief).0
    }

    /// The grouping with its trace, what-if for each code and the indicative note.
    pub fn group<S: AsRef<str> + Clone>(&self, case: &Case<S>) -> Grouping {
        let (g, e) = group_with(self, case, Detail::Full);
        let reference = self.reference;
        Grouping {
            hrg: g.hrg.map(str::to_string),
            description: g.description.map(str::to_string),
            root: g.root.map(str::to_string),
            driven_by: g.driven_by,
            driver_code: e.driver_code,
            reason: g.reason,
            price_gbp: g.price_gbp,
            price_year: reference.price_year.clone(),
            price_basis: g.price_basis.to_string(),
            cc_score: g.cc_score,
            excess_bed_days: g.excess_bed_days,
            mff_factor: g.mff_factor,
            trace: e.trace.lines,
            warnings: g.warnings,
            marginal: e.marginal,
            candidates: e.candidates,
            unbundled: e.unbundled,
            indicative: reference.indicative_note(),
        }
    }
}

/// Group one case with the full explanation.
pub fn group(reference: &Reference, classification: &Classification, case: &Case) -> Grouping {
    Grouper::new(reference, classification).group(case)
}

/// The one grouping logic; the explanation stays empty unless `Detail::Full`.
fn group_with<'r, S: AsRef<str> + Clone>(grouper: &Grouper<'r>, case: &Case<S>, detail: Detail) -> (Outcome<'r>, Explanation) {
    let (reference, classification) = (grouper.reference, grouper.classification);
    let full = detail == Detail::Full;
    let mut g = Outcome {
        hrg: None,
        description: None,
        root: None,
        driven_by: DrivenBy::Unmapped,
        reason: None,
        price_gbp: None,
        price_basis: case.admission.label(),
        cc_score: CcScore::default(),
        excess_bed_days: 0,
        mff_factor: None,
        warnings: Vec::new(),
    };
    let mut e = Explanation {
        trace: Trace { on: full, lines: Vec::new() },
        driver_code: None,
        marginal: Vec::new(),
        candidates: Vec::new(),
        unbundled: Vec::new(),
    };

    // Diagnoses (primary first), then procedures: one allocation for both.
    let codes: Vec<Coded> = std::iter::once(&case.primary)
        .chain(&case.secondary)
        .map(|w| Coded::read(grouper, System::Icd10, w.as_ref()))
        .chain(case.procedures.iter().map(|w| Coded::read(grouper, System::Opcs4, w.as_ref())))
        .collect();
    let (diagnoses, procedures) = codes.split_at(1 + case.secondary.len());
    edits::check(case, diagnoses, procedures, &mut g.warnings);

    let primary = &diagnoses[0];
    if let Err(reason) = validate_primary(grouper, primary, &mut g.warnings) {
        e.trace.step(|| format!("validation: {reason} → {INVALID_HRG}"));
        g.reason = Some(reason);
        g.driven_by = DrivenBy::Invalid;
        g.hrg = Some(INVALID_HRG);
        g.description = Some(reference.hrg(INVALID_HRG).map(|h| h.description.as_str()).filter(|d| !d.is_empty()).unwrap_or("Data Invalid for Grouping"));
        g.price_gbp = Some(0.0);
        e.trace.step(|| format!("{INVALID_HRG} is not paid: £0 ({})", reference.price_year));
        return (g, e);
    }

    // Root: the dominant mapped procedure, else the primary diagnosis. A procedure whose root
    // is unbundled (imaging, chemotherapy, dialysis, ...) is reported beside the core HRG and
    // never drives it.
    let mut dominant: Option<(usize, &MapRow)> = None;
    for (i, p) in procedures.iter().enumerate() {
        if p.concept.is_none() || p.is_method_or_site() {
            continue;
        }
        let Some(row) = grouper.map_row(p, &reference.procedure_map) else { continue };
        if grouper.is_unbundled_root(&row.root) {
            if full && !e.unbundled.iter().any(|u| u.code == p.dotted()) {
                let name = reference.root_name(&row.root);
                e.trace.step(|| {
                    format!(
                        "procedure {} → unbundled HRG root {} {} (procedure map row {}: {}): beside the core HRG, never drives it, not priced",
                        p.dotted(),
                        row.root,
                        name,
                        row.codes(),
                        row.basis
                    )
                });
                e.unbundled.push(Unbundled { code: p.dotted(), root: row.root.clone(), name });
            }
            continue;
        }
        if dominant.is_none_or(|(_, best)| row.rank > best.rank) {
            dominant = Some((i, row));
        }
    }
    let diagnosis_row = grouper.map_row(primary, &reference.diagnosis_map);
    // A minor procedure on a spell of a day or more counts as an intervention and the diagnosis
    // drives (data/hrg/README.md): the map ranks a procedure root by its lowest elective price,
    // and a rank below the diagnosis root's lowest non-elective price marks a minor procedure.
    let mut demoted = false;
    if let (true, Some((i, row)), Some(drow)) = (reference.minor_procedure_rule, dominant, diagnosis_row) {
        let lowest = grouper.root_hrgs(&drow.root).iter().filter_map(|h| h.price.map(|p| p.non_elective_gbp)).filter(|p| *p > 0.0).min_by(f64::total_cmp);
        if let Some(floor) = lowest.filter(|f| (row.rank as f64) < *f && case.los_days >= 1) {
            e.trace.step(|| {
                format!(
                    "procedure {} → {} has rank {} below the lowest non-elective price of diagnosis root {} ({}) on a stay of {} days: counted as an intervention, the diagnosis drives",
                    procedures[i].dotted(),
                    row.root,
                    row.rank,
                    drow.root,
                    money(floor),
                    case.los_days
                )
            });
            dominant = None;
            demoted = true;
        }
    }
    let (root, driver_index) = if let Some((i, row)) = dominant {
        g.driven_by = DrivenBy::Procedure;
        e.driver_code = full.then(|| procedures[i].dotted());
        e.trace.step(|| {
            format!(
                "procedure {} → root {} {} (procedure map row {}, rank {}: {})",
                procedures[i].dotted(),
                row.root,
                reference.root_name(&row.root),
                row.codes(),
                row.rank,
                row.basis
            )
        });
        (row.root.as_str(), Some(i))
    } else if let Some(row) = diagnosis_row {
        g.driven_by = DrivenBy::Diagnosis;
        e.driver_code = full.then(|| primary.dotted());
        e.trace.step(|| {
            let aec = reference
                .aec
                .iter()
                .find(|c| c.matches_diagnosis(&primary.key) && c.names_root(&row.root))
                .map(|c| format!("; AEC directory: {}", c.condition))
                .unwrap_or_default();
            let procs = if procedures.is_empty() {
                "no procedures"
            } else if demoted || !e.unbundled.is_empty() {
                "no procedure drives"
            } else {
                "no procedure with a procedure root"
            };
            format!(
                "{procs}; primary {} → root {} {} (diagnosis map row {}: {}{aec})",
                primary.dotted(),
                row.root,
                reference.root_name(&row.root),
                row.codes(),
                row.basis
            )
        });
        (row.root.as_str(), None)
    } else {
        g.driven_by = DrivenBy::Unmapped;
        g.reason = Some(format!("no procedure root and no diagnosis root for primary {}", primary.dotted()));
        e.trace.step(|| {
            format!(
                "no procedure root and no diagnosis root for primary {} in {}: no HRG is chosen",
                primary.dotted(),
                reference.maps_label
            )
        });
        if full {
            e.candidates = candidate_roots(reference, classification, primary);
            if !e.candidates.is_empty() {
                e.trace.step(|| format!("candidate roots to check (not chosen): {}", e.candidates.iter().map(|c| c.root.as_str()).collect::<Vec<_>>().join(", ")));
            }
        }
        return (g, e);
    };
    g.root = Some(root);

    let hrgs = grouper.root_hrgs(root);
    if hrgs.is_empty() {
        g.warnings.push(Warning {
            edit: Edit::RootNotPriced,
            code: Some(root.to_string()),
            message: format!("root {root} has no HRG in the {} price list", reference.price_year),
        });
        g.reason = Some(format!("root {root} is not in the {} price list", reference.price_year));
        e.trace.step(|| format!("root {root} is not in the {} price list: no price", reference.price_year));
        return (g, e);
    }

    // CC score: distinct secondary diagnoses on the root's subchapter CC list.
    let subchapter = &root[..2];
    let cc_list = grouper.cc_list(subchapter);
    // "Distinct" by comparing with the codes before (a case has a handful): no set to allocate.
    for (j, d) in diagnoses.iter().enumerate().skip(1) {
        if d.concept.is_none() || d.key == primary.key || diagnoses[1..j].iter().any(|c| c.concept.is_some() && c.key == d.key) {
            continue;
        }
        if grouper.is_cc(cc_list, subchapter, d) {
            g.cc_score.at_least += 1;
            e.trace.step(|| format!("{} +1 ({subchapter} CC list)", d.dotted()));
        }
    }
    if full && hrgs.iter().any(|h| h.cc.is_some()) && !reference.has_cc_list(subchapter) {
        e.trace.step(|| format!("no CC list for subchapter {subchapter} in the sources: the CC score cannot rise above 0"));
    }

    // Interventions: distinct OPCS-4 procedures other than the driving one, outside chapters
    // Y and Z (method and site qualifiers) and U (imaging, testing, rehabilitation, which HRG4+
    // unbundles or ignores for the core HRG).
    let counts = |i: usize, p: &Coded| Some(i) != driver_index && p.concept.is_some() && !p.key.starts_with(['Y', 'Z', 'U']);
    let interventions = (0..procedures.len())
        .filter(|&i| counts(i, &procedures[i]) && !(0..i).any(|k| counts(k, &procedures[k]) && procedures[k].key == procedures[i].key))
        .count();

    let facts = Facts {
        cc: g.cc_score.at_least,
        age_years: case.age.years(),
        interventions: interventions as u32,
        los: case.los_days,
    };
    let hrg = select_split(hrgs, &facts, &mut e.trace, &mut g.warnings);
    g.hrg = Some(&hrg.code);
    g.description = Some(&hrg.description);

    price(reference, hrg, case, &mut g, &mut e.trace);

    if full {
        e.marginal = marginal(grouper, case, g.price_gbp);
    }
    (g, e)
}

fn validate_primary(grouper: &Grouper, primary: &Coded, warnings: &mut Vec<Warning>) -> Result<(), String> {
    if primary.is_blank() {
        return Err("no primary diagnosis".into());
    }
    let Some((id, _)) = primary.concept else {
        return Err(format!("primary diagnosis `{}` is not a valid ICD-10 code", primary.written.trim()));
    };
    if edits::is_external_cause(&primary.key) {
        let message = format!("{} is an external cause (V01-Y98), which is never a primary diagnosis", primary.dotted());
        warnings.push(Warning { edit: Edit::ExternalCausePrimary, code: Some(primary.dotted()), message: message.clone() });
        return Err(message);
    }
    if grouper.is_asterisk(id) {
        let message = format!("{} is an asterisk (manifestation) code, which may not be the primary diagnosis", primary.dotted());
        warnings.push(Warning { edit: Edit::AsteriskPrimary, code: Some(primary.dotted()), message: message.clone() });
        return Err(message);
    }
    Ok(())
}

/// Narrow the root's HRGs criterion by criterion; a criterion no HRG fits is skipped with a
/// warning. Among what remains, a matching length-of-stay split wins (its description names the
/// stay), then the HRG that states the most criteria, then code order.
fn select_split<'r>(hrgs: &'r [Hrg], facts: &Facts, trace: &mut Trace, warnings: &mut Vec<Warning>) -> &'r Hrg {
    // The HRGs still in play as a bit mask (no root has more than 64 HRGs: the largest in the
    // 2024/25 list has 12, and a test guards it), so a batch allocates nothing here.
    let hrgs = &hrgs[..hrgs.len().min(64)];
    let root = &hrgs[0].root;
    let mut remaining: u64 = if hrgs.len() == 64 { u64::MAX } else { (1 << hrgs.len()) - 1 };
    let mut narrow = |remaining: &mut u64, fits: &dyn Fn(&Hrg) -> bool, what: &dyn Fn() -> String| {
        let kept = hrgs.iter().enumerate().filter(|(i, h)| *remaining & (1 << i) != 0 && fits(h)).fold(0u64, |m, (i, _)| m | 1 << i);
        if kept == 0 {
            let message = format!("no split of {root} fits {}; that criterion was ignored", what());
            warnings.push(Warning { edit: Edit::NoSplitFits, code: Some(root.clone()), message });
        } else {
            *remaining = kept;
        }
    };
    if hrgs.iter().any(|h| h.interventions.is_some()) {
        narrow(&mut remaining, &|h| h.interventions.is_none_or(|i| i.admits(facts.interventions)), &|| format!("{} interventions", facts.interventions));
    }
    let age_unknown = hrgs.iter().any(|h| h.age.is_some()) && facts.age_years.is_none();
    if let Some(age) = facts.age_years.filter(|_| hrgs.iter().any(|h| h.age.is_some())) {
        narrow(&mut remaining, &|h| h.age.is_none_or(|b| b.contains(age)), &|| format!("age {age}"));
    }
    if hrgs.iter().any(|h| h.los.is_some()) {
        narrow(&mut remaining, &|h| h.los.is_none_or(|b| b.contains(facts.los)), &|| format!("a stay of {} days", facts.los));
    }
    if hrgs.iter().any(|h| h.cc.is_some()) {
        narrow(&mut remaining, &|h| h.cc.is_none_or(|b| b.contains(facts.cc)), &|| format!("CC score {}", facts.cc));
    }
    if age_unknown {
        warnings.push(Warning {
            edit: Edit::AgeUnknown,
            code: Some(root.clone()),
            message: format!("{root} splits by age but the age is unknown: the first fitting split is shown"),
        });
    }
    let stated = |h: &Hrg| {
        let los_match = h.los.is_some_and(|b| b.contains(facts.los));
        let count = [h.cc.is_some(), h.age.is_some(), h.interventions.is_some(), h.los.is_some()].iter().filter(|x| **x).count();
        (los_match, count)
    };
    let mut chosen: Option<&Hrg> = None;
    for (i, h) in hrgs.iter().enumerate() {
        if remaining & (1 << i) != 0 && chosen.is_none_or(|c| stated(h) > stated(c)) {
            chosen = Some(h);
        }
    }
    let chosen = chosen.unwrap_or(&hrgs[0]);
    trace.step(|| {
        let mut why = Vec::new();
        if let Some(i) = chosen.interventions {
            why.push(format!("{} interventions → {}", facts.interventions, i.label()));
        }
        if let Some(b) = chosen.age {
            match facts.age_years {
                Some(a) => why.push(format!("age {a} → {} years", b.label())),
                None => why.push(format!("age unknown → {} years assumed", b.label())),
            }
        }
        if let Some(b) = chosen.los {
            why.push(format!("stay {} days → {} days", facts.los, b.label()));
        }
        if let Some(b) = chosen.cc {
            why.push(format!("CC ≥ {} → band {}", facts.cc, b.label()));
        }
        if hrgs.len() == 1 {
            why.push("no split".into());
        }
        format!("{} → {} {}", why.join(", "), chosen.code, chosen.description)
    });
    chosen
}

fn price<S: AsRef<str>>(reference: &Reference, hrg: &Hrg, case: &Case<S>, g: &mut Outcome, trace: &mut Trace) {
    let year = &reference.price_year;
    let Some(prices) = hrg.price else {
        // A real HRG of the year that the national tariff does not price (mental health WD,
        // same-day chemotherapy SB97, ...): say so rather than show £0 as if it were a price.
        let message = format!("no {year} admitted-patient price for {}; indicative price not available", hrg.root);
        trace.step(|| format!("{}: {message}", hrg.code));
        g.warnings.push(Warning { edit: Edit::RootNotPriced, code: Some(hrg.root.clone()), message: message.clone() });
        g.reason = Some(message);
        return;
    };
    let (base, trim, trim_kind) = match case.admission {
        Admission::Elective => (prices.elective_gbp, hrg.trim_elective_days, "elective"),
        Admission::DayCase => (prices.day_case_gbp, hrg.trim_elective_days, "elective"),
        Admission::NonElective => (prices.non_elective_gbp, hrg.trim_non_elective_days, "non-elective"),
    };
    trace.step(|| format!("{} {year} {}", case.admission.label(), money(base)));
    if case.admission == Admission::DayCase && case.los_days > 0 {
        g.warnings.push(Warning {
            edit: Edit::DayCaseWithStay,
            code: None,
            message: format!("a day case with a stay of {} days: check the admission type", case.los_days),
        });
    }
    let mut total = base;
    match trim {
        Some(trim) if case.los_days > trim as u32 => {
            g.excess_bed_days = case.los_days - trim as u32;
            let days = g.excess_bed_days;
            match case.excess_day_rate_gbp {
                Some(rate) => {
                    total += rate * days as f64;
                    trace.step(|| format!("stay {} days > {trim_kind} trim point {trim} days ({}): {days} excess bed days × {} = {}", case.los_days, reference.trim_point_label, money(rate), money(rate * days as f64)));
                }
                None => trace.step(|| format!("stay {} days > {trim_kind} trim point {trim} days ({}): {days} excess bed days, not priced (no per-day rate supplied)", case.los_days, reference.trim_point_label)),
            }
        }
        Some(trim) => trace.step(|| format!("stay {} days within the {trim_kind} trim point of {trim} days ({})", case.los_days, reference.trim_point_label)),
        None => trace.step(|| format!("no {trim_kind} trim point for {} ({})", hrg.code, reference.trim_point_label)),
    }
    if let Some(provider) = case.provider.as_ref().map(AsRef::as_ref).filter(|p| !p.trim().is_empty()) {
        match reference.mff(provider) {
            Some(m) => {
                total *= m.factor;
                g.mff_factor = Some(m.factor);
                trace.step(|| format!("MFF {} {} {} × {} → {}", reference.mff_year, m.provider, m.name, m.factor, money(total)));
            }
            None => g.warnings.push(Warning {
                edit: Edit::UnknownProvider,
                code: Some(provider.trim().to_string()),
                message: format!("provider `{}` is not in the MFF {} list: no MFF applied", provider.trim(), reference.mff_year),
            }),
        }
    }
    g.price_gbp = Some(round_pence(total));
}

/// For each secondary diagnosis and procedure: the HRG and price without it.
fn marginal<S: AsRef<str> + Clone>(grouper: &Grouper, case: &Case<S>, with_price_gbp: Option<f64>) -> Vec<Marginal> {
    let mut out = Vec::new();
    let mut regroup = |without: &str, role: &str, reduced: Case<S>| {
        let g = grouper.outcome(&reduced);
        let change = match (g.price_gbp, with_price_gbp) {
            (Some(a), Some(b)) => Some(round_pence(a - b)),
            _ => None,
        };
        out.push(Marginal { without: crate::code::dotted(&crate::code::compact(without)), role: role.into(), hrg: g.hrg.map(str::to_string), price_gbp: g.price_gbp, change_gbp: change });
    };
    for i in 0..case.secondary.len() {
        let mut reduced = case.clone();
        let removed = reduced.secondary.remove(i);
        regroup(removed.as_ref(), "secondary diagnosis", reduced);
    }
    for i in 0..case.procedures.len() {
        let mut reduced = case.clone();
        let removed = reduced.procedures.remove(i);
        regroup(removed.as_ref(), "procedure", reduced);
    }
    out
}

/// Lower-case content words, with a crude plural fold, for title similarity.
fn words(text: &str) -> Vec<String> {
    const STOP: [&str; 10] = ["with", "without", "other", "unspecified", "specified", "elsewhere", "classified", "diseases", "disorders", "procedures"];
    let mut w: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|t| t.len() >= 4)
        .map(|t| t.to_ascii_lowercase())
        .filter(|t| !STOP.contains(&t.as_str()))
        .map(|t| t.strip_suffix('s').map(str::to_string).unwrap_or(t))
        .collect();
    w.sort();
    w.dedup();
    w
}

fn similarity(a: &[String], b: &[String]) -> f64 {
    let shared = a.iter().filter(|w| b.contains(w)).count();
    let union = a.len() + b.len() - shared;
    if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    }
}

/// Roots to check for an unmapped primary: those the AEC directory names for it, and those the
/// diagnosis map uses for its ICD-10 chapter, ranked by title similarity. Never chosen.
fn candidate_roots(reference: &Reference, classification: &Classification, primary: &Coded) -> Vec<Candidate> {
    let Some((id, concept)) = primary.concept else { return Vec::new() };
    let mut title = concept.title.clone();
    if let Some(parent) = concept.parent.and_then(|p| classification.get(p)) {
        title = format!("{} {title}", parent.title);
    }
    let title_words = words(&title);
    let chapter = classification.path(id).first().copied();

    let mut pool: Vec<(String, String)> = Vec::new(); // (root, why)
    for c in reference.aec.iter().filter(|c| c.matches_diagnosis(&primary.key)) {
        for root in c.roots() {
            pool.push((root, format!("AEC directory: {}", c.condition)));
        }
    }
    for row in reference.diagnosis_map.rows() {
        let same_chapter = classification.find(System::Icd10, &row.from).map(|r| classification.path(r).first().copied()) == Some(chapter);
        if same_chapter {
            pool.push((row.root.clone(), format!("diagnosis map uses it for {} in the same ICD-10 chapter", row.codes())));
        }
    }
    let from_pool = !pool.is_empty();
    if !from_pool {
        pool = reference.roots().map(|r| (r.to_string(), "title similarity across all roots".to_string())).collect();
    }
    let mut scored: Vec<(bool, f64, Candidate)> = Vec::new();
    for (root, why) in pool {
        if scored.iter().any(|(_, _, c)| c.root == root) || reference.root_hrgs(&root).is_empty() || reference.is_unbundled_root(&root) {
            continue;
        }
        let name = reference.root_name(&root);
        let score = similarity(&title_words, &words(&name));
        let aec = why.starts_with("AEC");
        if aec || from_pool || score > 0.0 {
            scored.push((aec, score, Candidate { root, name, why: format!("{why}; title similarity {score:.2}") }));
        }
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)));
    scored.into_iter().take(5).map(|(_, _, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands_and_shows_pence_only_when_needed() {
        assert_eq!(money(2336.0), "£2,336");
        assert_eq!(money(1754.0), "£1,754");
        assert_eq!(money(0.0), "£0");
        assert_eq!(money(1776.861), "£1,776.86");
        assert_eq!(money(1234567.5), "£1,234,567.50");
    }

    #[test]
    fn similar_titles_share_content_words() {
        let a = words("Acute myocardial infarction");
        let b = words("Actual or Suspected Myocardial Infarction");
        assert!(similarity(&a, &b) > 0.3);
        assert_eq!(similarity(&a, &words("Appendicectomy Procedures")), 0.0);
    }
}
