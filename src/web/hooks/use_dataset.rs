use std::cell::RefCell;
use std::rc::Rc;

use codegroup::Dataset;
use gloo::timers::callback::Timeout;
use js_sys::Promise;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;
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
                    announce_ready();
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

/// Tell the page (index.html) that the app has its data: the service worker is registered then.
fn announce_ready() {
    if let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new("codegroup-ready")) {
        let _ = window.dispatch_event(&event);
    }
}

thread_local! {
    /// The bundle's download, started before the first render (see `start_download`).
    static DOWNLOAD: RefCell<Option<Promise>> = const { RefCell::new(None) };
}

/// Ask for the bundle at once, so the download overlaps the first render instead of following it.
pub fn start_download() {
    let promise = web_sys::window().map(|w| w.fetch_with_str(BUNDLE_URL));
    DOWNLOAD.with(|d| *d.borrow_mut() = promise);
}

async fn load() -> Result<Dataset, String> {
    let unavailable = |why: String| {
        format!("The code data could not be downloaded ({why}). Check the connection and reload; once loaded, it is kept for offline use.")
    };
    let why = |e: JsValue| e.as_string().or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message()))).unwrap_or_else(|| "network error".into());
    let promise = DOWNLOAD.with(|d| d.borrow_mut().take()).or_else(|| web_sys::window().map(|w| w.fetch_with_str(BUNDLE_URL)));
    let Some(promise) = promise else {
        return Err(unavailable("no browser window".into()));
    };
    let response: Response = JsFuture::from(promise).await.map_err(|e| unavailable(why(e)))?.unchecked_into();
    if !response.ok() {
        return Err(unavailable(format!("the server answered {} {}", response.status(), response.status_text())));
    }
    mark("codegroup:fetch-answered");
    let buffer = response.array_buffer().map_err(|e| unavailable(why(e)))?;
    let bytes = js_sys::Uint8Array::new(&JsFuture::from(buffer).await.map_err(|e| unavailable(why(e)))?).to_vec();
    mark("codegroup:bundle-fetched");
    let dataset = Dataset::from_bytes(&bytes).map_err(|e| e.to_string())?;
    mark("codegroup:bundle-decoded");
    Ok(dataset)
}
