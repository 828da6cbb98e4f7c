use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

use super::use_hash_route::{current_route, navigate};
use crate::route::Route;

/// The id of the search box, the target of the `/` shortcut.
pub const SEARCH_INPUT_ID: &str = "search-input";

pub fn focus_search_input() {
    if let Some(input) = gloo::utils::document()
        .get_element_by_id(SEARCH_INPUT_ID)
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        let _ = input.focus();
    }
}

/// `/` anywhere outside a text field goes to the search box (the search page focuses it on arrival).
#[hook]
pub fn use_slash_shortcut() {
    use_effect_with((), |_| {
        let options = EventListenerOptions::enable_prevent_default();
        let listener = EventListener::new_with_options(&gloo::utils::window(), "keydown", options, |event| {
            let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            if event.key() != "/" || event.ctrl_key() || event.meta_key() || event.alt_key() || in_text_field(event) {
                return;
            }
            event.prevent_default();
            if matches!(current_route(), Route::Search { .. }) {
                focus_search_input();
            } else {
                navigate(&Route::HOME);
            }
        });
        move || drop(listener)
    });
}

fn in_text_field(event: &KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<HtmlElement>().ok())
        .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || e.is_content_editable())
}
