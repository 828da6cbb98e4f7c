use yew::prelude::*;

use super::app::AppContext;
use crate::route::Route;
use crate::state::Action;

/// Codes opened on this device, most recent first (kept in local storage, never sent anywhere).
#[function_component]
pub fn RecentlyViewed() -> Html {
    let state = use_context::<AppContext>().expect("RecentlyViewed is rendered inside App");
    let Some(dataset) = state.data.ready() else {
        return Html::default();
    };
    if state.recent.is_empty() {
        return Html::default();
    }
    let clear = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::ClearRecent))
    };
    html! {
        <section class="cg-recent" aria-labelledby="recent-heading">
            <h2 class="nhsuk-heading-s" id="recent-heading">{ "Recently viewed" }</h2>
            <ul class="nhsuk-list cg-recent__list">
                { for state.recent.iter().map(|viewed| {
                    let title = dataset
                        .classification
                        .find(viewed.system, &viewed.code)
                        .and_then(|id| dataset.classification.get(id))
                        .map(|c| c.title.clone())
                        .unwrap_or_else(|| "not in this version of the data".to_string());
                    html! {
                        <li>
                            <a href={Route::Code { system: viewed.system, code: viewed.code.clone() }.to_hash()}>
                                <span class="cg-code">{ &viewed.code }</span>{ " " }{ title }
                            </a>
                            <span class="cg-result__system">{ format!(" {}", viewed.system.label()) }</span>
                        </li>
                    }
                }) }
            </ul>
            <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="button" onclick={clear}>
                { "Clear recently viewed" }
            </button>
        </section>
    }
}
