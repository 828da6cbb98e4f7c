//! Everything loaded from one data bundle, ready to query.

use std::sync::OnceLock;

use crate::bundle::{self, BundleError, Frame, Manifest, Part};
use crate::grouping;
use crate::model::{self, Classification};
use crate::search;

pub struct Dataset {
    pub manifest: Manifest,
    pub classification: Classification,
    pub search: search::Index,
    /// HRG reference data (section `"hrg"`), still compressed: search is usable before it is
    /// decoded, on first use.
    hrg_part: Option<Part>,
    hrg: OnceLock<Result<grouping::Reference, BundleError>>,
}

impl Dataset {
    /// Load a bundle's bytes. Errors say what is wrong in words a user can act on.
    pub fn from_bytes(bytes: &[u8]) -> Result<Dataset, BundleError> {
        let mut frame = Frame::open(bytes)?;
        let hrg_part = frame.take_part(grouping::SECTION);
        let container = frame.into_container()?;
        let classification = Classification::from_section(container.section(model::SECTION)?)?;
        let search = search::Index::from_bytes(container.section(search::SECTION)?)?;
        if search.concept_count() != classification.len() {
            return Err(BundleError::Corrupted(format!(
                "section `{}` was built for {} concepts, the classification has {}",
                search::SECTION,
                search.concept_count(),
                classification.len()
            )));
        }
        Ok(Dataset { manifest: container.manifest, classification, search, hrg_part, hrg: OnceLock::new() })
    }

    /// The HRG reference data, decoded on first use (tens of milliseconds in the browser).
    pub fn hrg(&self) -> Result<&grouping::Reference, BundleError> {
        self.hrg
            .get_or_init(|| {
                let missing = || BundleError::MissingSection(grouping::SECTION.to_string());
                let sections = self.hrg_part.as_ref().ok_or_else(missing)?.decode()?;
                bundle::decode(grouping::SECTION, sections.get(grouping::SECTION).ok_or_else(missing)?)
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}
