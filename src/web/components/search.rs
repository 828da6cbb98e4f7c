use codegroup::search::{Hit, Rule};
use codegroup::{Dataset, Kind, System};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::app::AppContext;
use super::recent::RecentlyViewed;
use crate::hooks::mark;
use crate::hooks::use_hash_route::navigate;
use crate::hooks::use_shortcuts::{focus_search_input, SEARCH_INPUT_ID};
use crate::route::Route;
use crate::state::{Action, Data, State, RESULT_LIMIT};

const RESULTS_ID: &str = "search-results";

fn option_id(index: usize) -> String {
    format!("search-result-{index}")
}

/// The search box (a combobox that owns the results listbox), the classification filter and the
/// results. The results follow every keystroke; ↑/↓ move the highlight, Enter opens, Esc clears.
#[function_component]
pub fn SearchPage() -> Html {
    let state = use_context::<AppContext>().expect("SearchPage is rendered inside App");
    let ready = state.data.ready().is_some();

    use_effect_with(ready, |&ready| {
        focus_search_input();
        if ready {
            mark("codegroup:search-ready");
        }
    });
    // Keep the highlighted result in view as ↑/↓ move through a long list.
    use_effect_with(state.active, |active| {
        if let Some(option) = active.and_then(|i| gloo::utils::document().get_element_by_id(&option_id(i))) {
            option.scroll_into_view_with_bool(false);
        }
    });

    let oninput = {
        let state = state.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            state.dispatch(Action::Type(input.value()));
        })
    };
    let onkeydown = {
        let state = state.clone();
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "ArrowDown" | "ArrowUp" => {
                event.prevent_default();
                state.dispatch(Action::Move(if event.key() == "ArrowDown" { 1 } else { -1 }));
            }
            "Enter" if event.shift_key() => {
                event.prevent_default();
                if let Some(route) = add_to_case_route(&state) {
                    navigate(&route);
                }
            }
            "Enter" => {
                event.prevent_default();
                if let Some(route) = chosen_route(&state) {
                    navigate(&route);
                }
            }
            "Escape" => {
                event.prevent_default();
                state.dispatch(Action::Type(String::new()));
            }
            _ => {}
        })
    };

    let hits = &state.results.hits;
    let expanded = !hits.is_empty();
    html! {
        <>
            <form role="search" class="cg-search" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <div class="nhsuk-form-group cg-search__group">
                    <h1 class="nhsuk-label-wrapper">
                        <label class="nhsuk-label nhsuk-label--l" for={SEARCH_INPUT_ID}>{ "Search ICD-10 and OPCS-4 codes" }</label>
                    </h1>
                    <div class="nhsuk-hint" id="search-hint">
                        { "A code in any form (I21.4, i214, G20X) or words (heart attack, lap chole). " }
                        <span class="cg-keys">{ "Press / to come back here, ↑ and ↓ to move through results, Enter to open one, Shift+Enter to add it to the estimator’s case, Esc to clear." }</span>
                    </div>
                    <input class="nhsuk-input" id={SEARCH_INPUT_ID} name="q" type="search"
                        role="combobox" aria-autocomplete="list" aria-expanded={expanded.to_string()}
                        aria-controls={expanded.then_some(RESULTS_ID)}
                        aria-activedescendant={state.active.map(option_id)}
                        aria-describedby="search-hint"
                        autocomplete="off" autocapitalize="off" spellcheck="false" enterkeyhint="search"
                        value={state.query.clone()} {oninput} {onkeydown} />
                </div>
                <SystemFilter selected={state.system} />
            </form>
            { status(&state) }
            if let Some(dataset) = state.data.ready() {
                if expanded {
                    <div id={RESULTS_ID} role="listbox" aria-label="Search results" class="cg-results">
                        { for hits.iter().enumerate().map(|(i, hit)| result_option(dataset, i, hit, state.active == Some(i))) }
                    </div>
                }
            }
            if state.query.trim().is_empty() {
                <RecentlyViewed />
            }
        </>
    }
}

/// The result Enter opens: the highlighted one, else the first.
fn chosen_route(state: &State) -> Option<Route> {
    let dataset = state.data.ready()?;
    let hit = state.results.hits.get(state.active.unwrap_or(0))?;
    dataset.classification.get(hit.id).map(Route::for_concept)
}

/// Shift+Enter: the estimator, with the chosen code added to its case (a diagnosis or a procedure).
fn add_to_case_route(state: &State) -> Option<Route> {
    let dataset = state.data.ready()?;
    let hit = state.results.hits.get(state.active.unwrap_or(0))?;
    let concept = dataset.classification.get(hit.id)?;
    if matches!(concept.kind, Kind::Chapter | Kind::Block) {
        return None;
    }
    let mut case = state.case.clone();
    match concept.system {
        System::Icd10 => case.dx.push(concept.code.clone()),
        System::Opcs4 => case.px.push(concept.code.clone()),
    }
    Some(Route::Group { case })
}

/// One line a screen reader announces as the results change.
fn status(state: &State) -> Html {
    let text = match &state.data {
        Data::Loading => "Loading the codes into this browser…".to_string(),
        Data::Failed(message) => message.clone(),
        Data::Ready(_) if state.query.trim().is_empty() => String::new(),
        Data::Ready(_) => {
            let results = &state.results;
            let count = results.hits.len();
            let mut text = match (count, results.partial) {
                (0, _) => format!("No codes match “{}”.", state.query.trim()),
                (n, true) => format!(
                    "No code matches every word; {} partial {}.",
                    n,
                    if n == 1 { "match" } else { "matches" }
                ),
                (1, false) => "1 result.".to_string(),
                (n, false) if n == RESULT_LIMIT => format!("The best {n} results: type more to narrow them."),
                (n, false) => format!("{n} results."),
            };
            if let Some(notice) = &results.notice {
                text = format!("{text} {notice}");
            }
            text
        }
    };
    html! { <p class="nhsuk-body-s cg-status" role="status" aria-live="polite" data-query={state.query.clone()}>{ text }</p> }
}

fn result_option(dataset: &Dataset, index: usize, hit: &Hit, active: bool) -> Html {
    let classification = &dataset.classification;
    let Some(concept) = classification.get(hit.id) else {
        return Html::default();
    };
    // Exact, prefix and synonym matches need no comment; these two are guesses the coder should check.
    let marker = match hit.rule {
        Rule::Fuzzy => Some(("spelling corrected", "nhsuk-tag--orange")),
        Rule::Partial => Some(("partial match", "nhsuk-tag--grey")),
        _ => None,
    };
    let path = classification.path_labels(hit.id).join(" › ");
    html! {
        <a key={hit.id} role="option" id={option_id(index)} tabindex="-1" aria-selected={active.to_string()}
           class={classes!("cg-result", active.then_some("cg-result--active"))}
           href={Route::for_concept(concept).to_hash()} data-code={concept.code.clone()} data-rule={hit.rule.as_str()}>
            <span class="cg-result__head">
                <span class="cg-code">{ concept.display_code() }</span>
                <span class="cg-result__title">{ &concept.title }</span>
            </span>
            <span class="cg-result__meta">
                <span class="cg-result__system">{ concept.system.label() }</span>
                if let Some((label, colour)) = marker {
                    <strong class={classes!("nhsuk-tag", colour, "cg-tag")}>{ label }</strong>
                }
                if !path.is_empty() {
                    <span class="cg-result__path">{ path }</span>
                }
            </span>
        </a>
    }
}

#[derive(Properties, PartialEq)]
struct SystemFilterProps {
    selected: Option<System>,
}

/// ICD-10, OPCS-4 or both, as inline radios.
#[function_component]
fn SystemFilter(props: &SystemFilterProps) -> Html {
    let state = use_context::<AppContext>().expect("SystemFilter is rendered inside App");
    let choices = [
        (None, "Both"),
        (Some(System::Icd10), "ICD-10 diagnoses"),
        (Some(System::Opcs4), "OPCS-4 procedures"),
    ];
    html! {
        <div class="nhsuk-form-group cg-filter">
            <fieldset class="nhsuk-fieldset">
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{ "Classification" }</legend>
                <div class="nhsuk-radios nhsuk-radios--inline nhsuk-radios--small">
                    { for choices.into_iter().map(|(system, label)| {
                        let id = format!("system-{}", system.map_or("both", System::as_str));
                        let onchange = {
                            let state = state.clone();
                            Callback::from(move |_: Event| state.dispatch(Action::Filter(system)))
                        };
                        html! {
                            <div class="nhsuk-radios__item">
                                <input class="nhsuk-radios__input" id={id.clone()} name="system" type="radio"
                                    value={system.map_or("both", System::as_str)} checked={props.selected == system} {onchange} />
                                <label class="nhsuk-label nhsuk-radios__label" for={id}>{ label }</label>
                            </div>
                        }
                    }) }
                </div>
            </fieldset>
        </div>
    }
}
