use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::route::Route;
use crate::state::{Action, State};

/// How long typing must pause before the address bar shows the query.
const URL_UPDATE_DELAY_MS: u32 = 300;

/// The route in the address bar now.
pub fn current_route() -> Route {
    Route::parse(&gloo::utils::window().location().hash().unwrap_or_default())
}

/// Go to a route: a new history entry, so Back returns here.
pub fn navigate(route: &Route) {
    let _ = gloo::utils::window().location().set_hash(&route.to_hash());
}

/// Follow the fragment (links, Back, Forward), and keep the search URL in step with the query
/// without adding a history entry per keystroke.
#[hook]
pub fn use_hash_route(state: &UseReducerHandle<State>) {
    let dispatcher = state.dispatcher();
    use_effect_with((), move |_| {
        let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
            dispatcher.dispatch(Action::Navigate(Box::new(current_route())));
        });
        move || drop(listener)
    });

    // `history.replaceState` costs milliseconds (and browsers throttle it), so the address bar
    // follows the query once typing pauses, not on every keystroke.
    let pending = use_mut_ref(|| None::<Timeout>);
    let search_hash = matches!(state.route, Route::Search { .. }).then(|| state.search_route().to_hash());
    use_effect_with(search_hash, move |hash| {
        let hash = hash.clone();
        *pending.borrow_mut() = hash.map(|hash| {
            Timeout::new(URL_UPDATE_DELAY_MS, move || {
                let window = gloo::utils::window();
                // Only while the address bar still shows a search (a result may have been opened).
                let on_search = matches!(current_route(), Route::Search { .. });
                if on_search && window.location().hash().ok().as_deref() != Some(hash.as_str()) {
                    if let Ok(history) = window.history() {
                        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&hash));
                    }
                }
            })
        });
    });
}
