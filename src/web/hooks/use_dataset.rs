use std::rc::Rc;

use codegroup::Dataset;
use gloo::net::http::Request;
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use super::mark;
use crate::state::{Action, State};

/// The bundle built by `codegroup build-data`, copied next to index.html by trunk (and preloaded
/// by a `<link rel="preload">` so it downloads while the WebAssembly compiles).
const BUNDLE_URL: &str = "codegroup.bundle";
/// Long enough for the first paint of the search page to happen first.
const GROUPING_DECODE_DELAY_MS: u32 = 200;

/// Download and decode the data bundle once, when the app starts.
#[hook]
pub fn use_dataset(dispatcher: UseReducerDispatcher<State>) {
    use_effect_with((), move |_| {
        wasm_bindgen_futures::spawn_local(async move {
            match load().await {
                Ok(dataset) => {
                    let dataset = Rc::new(dataset);
                    dispatcher.dispatch(Action::Loaded(dataset.clone()));
                    // Search is usable now; decode the grouping data once the page has painted,
                    // so the estimator opens without that wait.
                    Timeout::new(GROUPING_DECODE_DELAY_MS, move || {
                        let _ = dataset.hrg();
                    })
                    .forget();
                }
                Err(message) => dispatcher.dispatch(Action::LoadFailed(message)),
            }
        });
    });
}

async fn load() -> Result<Dataset, String> {
    let unavailable = |why: String| {
        format!("The code data could not be downloaded ({why}). Check the connection and reload; once loaded, it is kept for offline use.")
    };
    mark("codegroup:fetch-started");
    let response = Request::get(BUNDLE_URL)
        .send()
        .await
        .map_err(|e| unavailable(e.to_string()))?;
    if !response.ok() {
        return Err(unavailable(format!(
            "the server answered {} {}",
            response.status(),
            response.status_text()
        )));
    }
    mark("codegroup:fetch-answered");
    let bytes = response.binary().await.map_err(|e| unavailable(e.to_string()))?;
    mark("codegroup:bundle-fetched");
    let dataset = Dataset::from_bytes(&bytes).map_err(|e| e.to_string())?;
    mark("codegroup:bundle-decoded");
    Ok(dataset)
}
