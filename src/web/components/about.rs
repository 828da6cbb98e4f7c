use codegroup::{Dataset, Kind, System};
use yew::prelude::*;

use super::app::AppContext;
use super::{thousands, with_dataset};

/// Where the data comes from (versions and checksums from the bundle's manifest), licences and limits.
#[function_component]
pub fn AboutPage() -> Html {
    let state = use_context::<AppContext>().expect("AboutPage is rendered inside App");
    with_dataset(&state.data, about)
}

fn about(dataset: &Dataset) -> Html {
    let manifest = &dataset.manifest;
    html! {
        <>
            <h1 tabindex="-1">{ "About the data" }</h1>
            <p class="nhsuk-body-l">
                { "Codegroup searches ICD-10 diagnoses and OPCS-4 procedures in this browser. \
                   The data is downloaded once with the app and kept for offline use; nothing you search or open is sent anywhere." }
            </p>

            <h2 class="nhsuk-heading-m">{ "What is included" }</h2>
            { counts(dataset) }

            <h2 class="nhsuk-heading-m">{ "Sources" }</h2>
            <p class="nhsuk-body">{ format!("Built by {} (bundle format {}) from these inputs:", manifest.tool, manifest.format_version) }</p>
            { for manifest.inputs.iter().map(|input| html! {
                <>
                    <h3 class="nhsuk-heading-s">{ &input.name }</h3>
                    <dl class="nhsuk-summary-list cg-input">
                        <div class="nhsuk-summary-list__row">
                            <dt class="nhsuk-summary-list__key">{ "Version" }</dt>
                            <dd class="nhsuk-summary-list__value">{ &input.version }</dd>
                        </div>
                        <div class="nhsuk-summary-list__row">
                            <dt class="nhsuk-summary-list__key">{ "Used for" }</dt>
                            <dd class="nhsuk-summary-list__value">{ &input.role }</dd>
                        </div>
                        <div class="nhsuk-summary-list__row">
                            <dt class="nhsuk-summary-list__key">{ "SHA-256" }</dt>
                            <dd class="nhsuk-summary-list__value cg-sha">{ &input.sha256 }</dd>
                        </div>
                    </dl>
                </>
            }) }
            if !manifest.notes.is_empty() {
                <h3 class="nhsuk-heading-s">{ "Notes from the data build" }</h3>
                <ul class="nhsuk-list nhsuk-list--bullet">
                    { for manifest.notes.iter().map(|note| html! { <li>{ note }</li> }) }
                </ul>
            }

            <h2 class="nhsuk-heading-m">{ "Limits of the data" }</h2>
            <ul class="nhsuk-list nhsuk-list--bullet">
                <li>{ "ICD-10 codes and titles come from the UK Biobank coding list (a UK-flavoured union of editions, including UK 5th characters and some retired codes) and the WHO ICD-10 2019 tree. It is not the licensed ICD-10 5th Edition product." }</li>
                <li>{ "OPCS-4 is version 4.9 plus the 4.10 codes seen in national usage data (2023-24); some of their new 3-character categories have no title in any source. OPCS-4.11 (from April 2026) is not included." }</li>
                <li>{ "Not in the sources: inclusion and exclusion notes, dagger and asterisk marks, and sex and age limits. Check the classification books for these." }</li>
                <li>{ "National usage counts come from NHS Hospital Episode Statistics for one year; a code with no count may still be valid." }</li>
            </ul>

            <h2 class="nhsuk-heading-m">{ "Licences" }</h2>
            <ul class="nhsuk-list nhsuk-list--bullet">
                <li>{ "ICD-10 is © World Health Organization. OPCS-4 is © Crown copyright, maintained by NHS England. Use this tool for reference and training alongside the official classifications." }</li>
                <li>{ "Hospital Episode Statistics: NHS England, published under the Open Government Licence v3.0." }</li>
                <li>{ "Styles: NHS.UK frontend (MIT licence), without the NHS fonts so that nothing is loaded from other sites." }</li>
            </ul>
        </>
    }
}

fn counts(dataset: &Dataset) -> Html {
    let concepts = dataset.classification.concepts();
    let count = |system: System, kinds: &[Kind]| {
        thousands(
            concepts
                .iter()
                .filter(|c| c.system == system && kinds.contains(&c.kind))
                .count() as u32,
        )
    };
    let complete =
        |system: System| thousands(concepts.iter().filter(|c| c.system == system && c.complete).count() as u32);
    html! {
        <ul class="nhsuk-list nhsuk-list--bullet">
            <li>{ format!(
                "ICD-10: {} chapters, {} blocks, {} 3-character categories, {} 4- and 5-character codes; {} complete codes.",
                count(System::Icd10, &[Kind::Chapter]), count(System::Icd10, &[Kind::Block]), count(System::Icd10, &[Kind::Category]),
                count(System::Icd10, &[Kind::Subcategory, Kind::Extension]), complete(System::Icd10),
            ) }</li>
            <li>{ format!(
                "OPCS-4: {} chapters, {} 3-character categories, {} 4-character codes; {} complete codes.",
                count(System::Opcs4, &[Kind::Chapter]), count(System::Opcs4, &[Kind::Category]),
                count(System::Opcs4, &[Kind::Subcategory, Kind::Extension]), complete(System::Opcs4),
            ) }</li>
        </ul>
    }
}
