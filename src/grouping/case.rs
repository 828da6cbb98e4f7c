//! One case (spell) as the grouper reads it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sex {
    Male,
    Female,
    Unknown,
}

impl Sex {
    pub fn parse(s: &str) -> Option<Sex> {
        match s.trim().to_ascii_lowercase().as_str() {
            "male" | "m" => Some(Sex::Male),
            "female" | "f" => Some(Sex::Female),
            "unknown" | "u" | "" => Some(Sex::Unknown),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
            Sex::Unknown => "unknown",
        }
    }
}

/// Which price applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Admission {
    Elective,
    NonElective,
    DayCase,
}

impl Admission {
    pub fn parse(s: &str) -> Option<Admission> {
        match s.trim().to_ascii_lowercase().replace(['_', ' '], "-").as_str() {
            "elective" | "el" => Some(Admission::Elective),
            "non-elective" | "nonelective" | "emergency" | "ne" => Some(Admission::NonElective),
            "day-case" | "daycase" | "dc" => Some(Admission::DayCase),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Admission::Elective => "elective",
            Admission::NonElective => "non-elective",
            Admission::DayCase => "day case",
        }
    }
}

/// Age at the start of the episode. Infants may be given in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Age {
    Years(u16),
    Days(u16),
    Unknown,
}

impl Age {
    /// Completed years, as the age splits count them.
    pub fn years(self) -> Option<u32> {
        match self {
            Age::Years(y) => Some(y as u32),
            Age::Days(d) => Some(d as u32 / 365),
            Age::Unknown => None,
        }
    }

    pub fn label(self) -> String {
        match self {
            Age::Years(y) => format!("{y} years"),
            Age::Days(d) => format!("{d} days"),
            Age::Unknown => "unknown".into(),
        }
    }
}

/// Codes are `String`s where a case is entered; a batch borrows them from the input row
/// (`Case<&str>`), so grouping a file copies no code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Case<S = String> {
    /// Primary diagnosis (ICD-10, any written form).
    pub primary: S,
    /// Secondary diagnoses in coded order.
    pub secondary: Vec<S>,
    /// Procedures (OPCS-4) in coded order.
    pub procedures: Vec<S>,
    pub age: Age,
    pub sex: Sex,
    pub admission: Admission,
    pub los_days: u32,
    /// ODS provider code for the Market Forces Factor.
    pub provider: Option<S>,
    /// £ per excess bed day, when the user knows it (the sources here have none).
    pub excess_day_rate_gbp: Option<f64>,
}
