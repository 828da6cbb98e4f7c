//! A case as it travels in a link: `dx=I21.4,N18.4&px=H01.9&age=70&sex=male&adm=non-elective&los=3&mff=RCF`.
//! Fields are kept as written, so a malformed link shows what it said next to a message, and the
//! grouper gets a `Case` built from the fields that could be read.

use codegroup::grouping::{Admission, Age, Case, Sex};

use crate::route::Params;

/// The grouper input file has 20 diagnosis and 24 procedure positions.
pub const MAX_DIAGNOSES: usize = 20;
pub const MAX_PROCEDURES: usize = 24;
const MAX_AGE_YEARS: u16 = 130;
const MAX_STAY_DAYS: u32 = 3650;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaseForm {
    /// ICD-10, first is the primary diagnosis.
    pub dx: Vec<String>,
    /// OPCS-4 in coded order.
    pub px: Vec<String>,
    pub age: String,
    pub sex: String,
    pub adm: String,
    pub los: String,
    /// ODS provider code for the Market Forces Factor.
    pub mff: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Diagnoses,
    Procedures,
    Age,
    Sex,
    Admission,
    Stay,
}

impl CaseForm {
    /// Read the fields named `{prefix}dx`, `{prefix}px`, … ; absent fields keep their value in `self`
    /// (so case B of a comparison is case A with its `b.` fields applied).
    pub fn with_params(&self, params: &Params, prefix: &str) -> CaseForm {
        let field = |name: &str| params.get(&format!("{prefix}{name}")).map(|v| v.trim().to_string());
        let codes = |list: String| {
            list.split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect()
        };
        CaseForm {
            dx: field("dx").map(codes).unwrap_or_else(|| self.dx.clone()),
            px: field("px").map(codes).unwrap_or_else(|| self.px.clone()),
            age: field("age").unwrap_or_else(|| self.age.clone()),
            sex: field("sex").unwrap_or_else(|| self.sex.clone()),
            adm: field("adm").unwrap_or_else(|| self.adm.clone()),
            los: field("los").unwrap_or_else(|| self.los.clone()),
            mff: field("mff").unwrap_or_else(|| self.mff.clone()),
        }
    }

    /// `(name, value)` pairs for a link; with `base`, only the fields that differ from it.
    pub fn to_params(&self, prefix: &str, base: Option<&CaseForm>) -> Vec<(String, String)> {
        let fields = [
            ("dx", self.dx.join(","), base.map(|b| b.dx.join(","))),
            ("px", self.px.join(","), base.map(|b| b.px.join(","))),
            ("age", self.age.clone(), base.map(|b| b.age.clone())),
            ("sex", self.sex.clone(), base.map(|b| b.sex.clone())),
            ("adm", self.adm.clone(), base.map(|b| b.adm.clone())),
            ("los", self.los.clone(), base.map(|b| b.los.clone())),
            ("mff", self.mff.clone(), base.map(|b| b.mff.clone())),
        ];
        fields
            .into_iter()
            .filter(|(_, value, base)| match base {
                Some(base) => value != base,
                None => !value.is_empty(),
            })
            .map(|(name, value, _)| (format!("{prefix}{name}"), value))
            .collect()
    }

    /// The case the grouper reads, and a message for each field that could not be read
    /// (that field then takes its neutral value: unknown age or sex, no stay, non-elective).
    pub fn case(&self) -> (Case, Vec<(Field, String)>) {
        let mut problems = Vec::new();
        let age = match self.age.as_str() {
            "" => Age::Unknown,
            text => match text.parse::<u16>() {
                Ok(years) if years <= MAX_AGE_YEARS => Age::Years(years),
                _ => {
                    problems.push((Field::Age, format!("Age “{text}” is not a whole number of years from 0 to {MAX_AGE_YEARS}: age is treated as unknown.")));
                    Age::Unknown
                }
            },
        };
        let sex = Sex::parse(&self.sex).unwrap_or_else(|| {
            problems.push((
                Field::Sex,
                format!("Sex “{}” is not male, female or unknown: treated as unknown.", self.sex),
            ));
            Sex::Unknown
        });
        let admission = match self.adm.as_str() {
            "" => Admission::NonElective,
            text => Admission::parse(text).unwrap_or_else(|| {
                problems.push((
                    Field::Admission,
                    format!("Admission “{text}” is not elective, non-elective or day-case: non-elective is used."),
                ));
                Admission::NonElective
            }),
        };
        let los_days = match self.los.as_str() {
            "" => 0,
            text => match text.parse::<u32>() {
                Ok(days) if days <= MAX_STAY_DAYS => days,
                _ => {
                    problems.push((Field::Stay, format!("Length of stay “{text}” is not a whole number of days from 0 to {MAX_STAY_DAYS}: 0 is used.")));
                    0
                }
            },
        };
        let mut dx = capped(&self.dx, MAX_DIAGNOSES, Field::Diagnoses, "diagnoses", &mut problems).into_iter();
        let px = capped(&self.px, MAX_PROCEDURES, Field::Procedures, "procedures", &mut problems);
        let case = Case {
            primary: dx.next().unwrap_or_default(),
            secondary: dx.collect(),
            procedures: px,
            age,
            sex,
            admission,
            los_days,
            provider: Some(self.mff.clone()).filter(|p| !p.is_empty()),
            excess_day_rate_gbp: None,
        };
        (case, problems)
    }
}

/// The first `max` codes, with a message on `field` when there were more.
fn capped(codes: &[String], max: usize, field: Field, noun: &str, problems: &mut Vec<(Field, String)>) -> Vec<String> {
    if codes.len() > max {
        problems.push((field, format!("{} {noun}: only the first {max} are grouped.", codes.len())));
    }
    codes.iter().take(max).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(query: &str) -> CaseForm {
        CaseForm::default().with_params(&Params::parse(query), "")
    }

    #[test]
    fn a_shared_link_reads_into_a_case() {
        let (case, problems) = form("dx=I21.4,N18.4&px=H01.9&age=70&sex=male&adm=non-elective&los=3").case();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(case.primary, "I21.4");
        assert_eq!(case.secondary, vec!["N18.4".to_string()]);
        assert_eq!(case.procedures, vec!["H01.9".to_string()]);
        assert_eq!(
            (case.age, case.sex, case.admission, case.los_days),
            (Age::Years(70), Sex::Male, Admission::NonElective, 3)
        );
    }

    #[test]
    fn case_b_overrides_only_its_own_fields() {
        let query = "dx=I21.4&age=70&los=3&b.dx=I21.4,N18.4&b.los=5";
        let params = Params::parse(query);
        let a = CaseForm::default().with_params(&params, "");
        let b = a.with_params(&params, "b.");
        assert_eq!(b.dx, vec!["I21.4", "N18.4"]);
        assert_eq!((b.age.as_str(), b.los.as_str()), ("70", "5"));
        assert_eq!(
            b.to_params("b.", Some(&a)),
            vec![("b.dx".into(), "I21.4,N18.4".into()), ("b.los".into(), "5".into())]
        );
    }

    #[test]
    fn malformed_fields_get_a_message_each_and_neutral_values() {
        let (case, problems) = form("dx=I21.4&age=-4&sex=x&adm=soon&los=99999999999").case();
        let fields: Vec<Field> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, vec![Field::Age, Field::Sex, Field::Admission, Field::Stay]);
        assert_eq!(
            (case.age, case.sex, case.admission, case.los_days),
            (Age::Unknown, Sex::Unknown, Admission::NonElective, 0)
        );
    }

    #[test]
    fn too_many_codes_are_cut_with_a_message() {
        let many = vec!["I10"; 30].join(",");
        let (case, problems) = form(&format!("dx={many}")).case();
        assert_eq!(case.secondary.len(), MAX_DIAGNOSES - 1);
        assert_eq!(problems[0].0, Field::Diagnoses);
    }
}
