//! Everything loaded from one data bundle, ready to query.

use crate::bundle::{self, BundleError, Container, Manifest};
use crate::grouping;
use crate::model::{Classification, Concept};
use crate::search;

/// Section names in the bundle.
pub const CLASSIFICATION: &str = "classification";

pub struct Dataset {
    pub manifest: Manifest,
    pub classification: Classification,
    pub search: search::Index,
    /// HRG reference data (section `"hrg"`); `None` when the bundle was built without it.
    pub hrg: Option<grouping::Reference>,
}

impl Dataset {
    /// Load a bundle's bytes. Errors say what is wrong in words a user can act on.
    pub fn from_bytes(bytes: &[u8]) -> Result<Dataset, BundleError> {
        let container = Container::from_bytes(bytes)?;
        let concepts: Vec<Concept> = bundle::decode(CLASSIFICATION, container.section(CLASSIFICATION)?)?;
        let classification = Classification::new(concepts);
        let search = search::Index::from_bytes(container.section(search::SECTION)?)?;
        if search.concept_count() != classification.len() {
            return Err(BundleError::Corrupted(format!(
                "section `{}` was built for {} concepts, the classification has {}",
                search::SECTION,
                search.concept_count(),
                classification.len()
            )));
        }
        let hrg = match container.sections.get(grouping::SECTION) {
            Some(bytes) => Some(bundle::decode(grouping::SECTION, bytes)?),
            None => None,
        };
        Ok(Dataset { manifest: container.manifest, classification, search, hrg })
    }
}
