use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use super::about::AboutPage;
use super::browse::BrowsePage;
use super::code_page::CodePage;
use super::estimator::{ComparePage, GroupPage};
use super::layout::{Footer, Header};
use super::search::SearchPage;
use crate::hooks::use_dataset::use_dataset;
use crate::hooks::use_hash_route::{current_route, use_hash_route};
use crate::hooks::use_recent::{saved_recent, use_saved_recent};
use crate::hooks::use_shortcuts::use_slash_shortcut;
use crate::route::Route;
use crate::state::State;

/// What every component reads the state from and sends actions to.
pub type AppContext = UseReducerHandle<State>;

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(|| State::new(current_route(), saved_recent()));
    use_dataset(state.dispatcher());
    use_hash_route(&state);
    use_saved_recent(&state.recent);
    use_slash_shortcut();
    use_page_arrival(&state);

    let page = match &state.route {
        Route::Search { .. } => html! { <SearchPage /> },
        Route::Code { system, code } => html! { <CodePage system={*system} code={code.clone()} /> },
        Route::Browse { system, code } => html! { <BrowsePage system={*system} code={code.clone()} /> },
        Route::About => html! { <AboutPage /> },
        Route::Group { case } => html! { <GroupPage case={case.clone()} /> },
        Route::Compare { a, b } => html! { <ComparePage a={a.clone()} b={b.clone()} /> },
        Route::NotFound { hash } => html! {
            <>
                <h1 tabindex="-1">{ "Page not found" }</h1>
                <p class="nhsuk-body">{ format!("There is no page at {hash}. ") }<a href={Route::HOME.to_hash()}>{ "Search the codes" }</a>{ "." }</p>
            </>
        },
    };

    html! {
        <ContextProvider<AppContext> context={state.clone()}>
            <a class="nhsuk-skip-link" href="#maincontent" onclick={skip_to_main()}>{ "Skip to main content" }</a>
            <Header route={state.route.clone()} case={state.case.clone()} />
            <div class="nhsuk-width-container">
                <main class="nhsuk-main-wrapper cg-main" id="maincontent" data-ready={state.data.ready().is_some().to_string()}>
                    { page }
                </main>
            </div>
            <Footer />
        </ContextProvider<AppContext>>
    }
}

/// Routes live in the fragment, so the skip link moves focus itself instead of changing the URL.
fn skip_to_main() -> Callback<MouseEvent> {
    Callback::from(|event: MouseEvent| {
        event.prevent_default();
        focus_heading();
    })
}

fn focus_heading() {
    if let Some(heading) = gloo::utils::document()
        .query_selector("main h1")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        let _ = heading.focus();
    }
}

/// On arriving at a page: name the tab after its heading, and (except on the search page, which
/// focuses its search box) move focus to the heading so a screen reader announces the new page.
#[hook]
fn use_page_arrival(state: &State) {
    // Typing in the search box changes the route's query, not the page: no arrival then.
    let page = (!matches!(state.route, Route::Search { .. })).then(|| state.route.clone());
    let arrival = (page, state.data.ready().is_some());
    use_effect_with(arrival, |(page, _)| {
        let document = gloo::utils::document();
        let heading = document
            .query_selector("main h1")
            .ok()
            .flatten()
            .and_then(|h| h.text_content())
            .unwrap_or_default();
        document.set_title(&format!("{} – Codegroup", heading.trim()));
        if page.is_some() {
            focus_heading();
        }
    });
}
