//! Views. Each renders part of `State`; none owns app state.

pub mod about;
pub mod app;
pub mod browse;
pub mod code_page;
pub mod copy_button;
pub mod estimator;
pub mod layout;
pub mod recent;
pub mod search;

use codegroup::{Classification, ConceptId, Dataset};
use yew::prelude::*;

use crate::route::Route;
use crate::state::Data;

/// Render a page that needs the data, or say why the data is not there.
pub fn with_dataset(data: &Data, page: impl FnOnce(&Dataset) -> Html) -> Html {
    match data {
        Data::Ready(dataset) => page(dataset),
        Data::Loading => html! {
            <>
                <h1 tabindex="-1">{ "Loading the codes" }</h1>
                <p class="nhsuk-body" role="status">{ "Loading ICD-10 and OPCS-4 into this browser…" }</p>
            </>
        },
        Data::Failed(message) => html! {
            <>
                <h1 tabindex="-1">{ "The codes could not be loaded" }</h1>
                <div class="nhsuk-error-summary" role="alert">
                    <h2 class="nhsuk-error-summary__title">{ "There is a problem" }</h2>
                    <div class="nhsuk-error-summary__body"><p>{ message.clone() }</p></div>
                </div>
            </>
        },
    }
}

/// A link to a concept: its code (`I21.4`, `Chapter IX`) and title.
pub fn concept_link(classification: &Classification, id: ConceptId) -> Html {
    let Some(concept) = classification.get(id) else {
        return Html::default();
    };
    html! {
        <a href={Route::for_concept(concept).to_hash()}>
            <span class="cg-code">{ concept.display_code() }</span>{ " " }{ &concept.title }
        </a>
    }
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}
