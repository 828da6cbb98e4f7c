//! Behaviour that connects the app to the browser: the URL fragment, the data download, local
//! storage and keyboard shortcuts.

pub mod use_dataset;
pub mod use_hash_route;
pub mod use_recent;
pub mod use_shortcuts;

/// Record a moment in the browser's performance timeline (read by the measurement script).
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}
