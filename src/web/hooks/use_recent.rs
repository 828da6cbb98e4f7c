use gloo::storage::{LocalStorage, Storage};
use yew::prelude::*;

use crate::state::Viewed;

const KEY: &str = "codegroup.recent";

/// Recently viewed codes saved by an earlier visit; none when storage is unavailable or unreadable.
pub fn saved_recent() -> Vec<Viewed> {
    LocalStorage::get(KEY).unwrap_or_default()
}

/// Save the recently viewed codes whenever they change. Storage can be full or disabled
/// (private browsing); the list then lasts until the tab is closed, which is all we can do.
#[hook]
pub fn use_saved_recent(recent: &[Viewed]) {
    use_effect_with(recent.to_vec(), |recent| {
        let _ = LocalStorage::set(KEY, recent);
    });
}
