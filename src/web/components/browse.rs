use codegroup::{Dataset, System};
use yew::prelude::*;

use super::app::AppContext;
use super::code_page::{breadcrumbs, concept_list};
use super::with_dataset;
use crate::route::Route;

#[derive(Properties, PartialEq)]
pub struct BrowsePageProps {
    pub system: System,
    pub code: Option<String>,
}

/// A classification's chapters, or the entries under one chapter, block or category.
#[function_component]
pub fn BrowsePage(props: &BrowsePageProps) -> Html {
    let state = use_context::<AppContext>().expect("BrowsePage is rendered inside App");
    with_dataset(&state.data, |dataset| match &props.code {
        None => chapters(dataset, props.system),
        Some(code) => entry(dataset, props.system, code),
    })
}

fn chapters(dataset: &Dataset, system: System) -> Html {
    let classification = &dataset.classification;
    let chapters: Vec<_> = classification.chapters(system).collect();
    let other = match system {
        System::Icd10 => System::Opcs4,
        System::Opcs4 => System::Icd10,
    };
    html! {
        <>
            <h1 tabindex="-1">{ format!("Browse {}", system.label()) }</h1>
            <p class="nhsuk-body">
                { format!("{} chapters. ", chapters.len()) }
                <a href={Route::Browse { system: other, code: None }.to_hash()}>{ format!("Browse {} instead", other.label()) }</a>{ "." }
            </p>
            { concept_list(classification, &chapters) }
        </>
    }
}

fn entry(dataset: &Dataset, system: System, code: &str) -> Html {
    let classification = &dataset.classification;
    let Some(id) = classification.find(system, code) else {
        return html! {
            <>
                <h1 tabindex="-1">{ format!("{} has no chapter, block or code “{code}”", system.label()) }</h1>
                <p class="nhsuk-body"><a href={Route::Browse { system, code: None }.to_hash()}>{ format!("Browse the {} chapters", system.label()) }</a>{ "." }</p>
            </>
        };
    };
    let Some(concept) = classification.get(id) else {
        return Html::default();
    };
    let children = classification.children(id);
    let code_page = Route::for_concept(concept);
    html! {
        <>
            { breadcrumbs(classification, id) }
            <h1 tabindex="-1"><span class="cg-code">{ concept.display_code() }</span>{ " " }{ &concept.title }</h1>
            if matches!(code_page, Route::Code { .. }) {
                <p class="nhsuk-body"><a href={code_page.to_hash()}>{ format!("Open the page for {}", concept.code) }</a></p>
            }
            if children.is_empty() {
                <p class="nhsuk-body">{ "Nothing is listed under it." }</p>
            } else {
                <p class="nhsuk-body">{ format!("{} entries under it.", children.len()) }</p>
                { concept_list(classification, children) }
            }
        </>
    }
}
