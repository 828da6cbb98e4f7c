//! Entry points for the side-by-side browser benchmark (`benches/browser/`). The benchmark page
//! calls the search engine through these exports (trunk puts them on `window.wasmBindings`), not
//! through the DOM, so that it measures the engine exactly as FlexSearch, MiniSearch and Fuse.js
//! are measured. The app itself never calls them.

use std::cell::RefCell;

use codegroup::search::Query;
use codegroup::Dataset;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    /// The benchmark's own copy of the data, separate from the app's state.
    static DATASET: RefCell<Option<Dataset>> = const { RefCell::new(None) };
}

/// Decode a bundle (the same bytes the app downloads) and keep it for `bench_search`.
/// Returns the number of concepts.
#[wasm_bindgen]
pub fn bench_load(bundle: &[u8]) -> Result<usize, JsError> {
    let dataset = Dataset::from_bytes(bundle).map_err(|e| JsError::new(&e.to_string()))?;
    let count = dataset.classification.len();
    DATASET.with(|slot| *slot.borrow_mut() = Some(dataset));
    Ok(count)
}

/// Every concept as `[system, code, title]`, in id order, as JSON: the corpus every engine
/// indexes, so that all of them search the same records and ids mean the same concept.
#[wasm_bindgen]
pub fn bench_corpus() -> Result<String, JsError> {
    with_dataset(|dataset| {
        let rows: Vec<(&str, &str, &str)> = dataset
            .classification
            .concepts()
            .iter()
            .map(|c| (c.system.as_str(), c.code.as_str(), c.title.as_str()))
            .collect();
        serde_json::to_string(&rows).map_err(|e| JsError::new(&e.to_string()))
    })?
}

/// Ids of the best `limit` concepts for `text` in both classifications, best first.
#[wasm_bindgen]
pub fn bench_search(text: &str, limit: usize) -> Result<Vec<u32>, JsError> {
    with_dataset(|dataset| {
        let query = Query { text, system: None, limit };
        let results = dataset.search.search(&dataset.classification, &query);
        results.hits.iter().map(|hit| hit.id).collect()
    })
}

/// Size of the WebAssembly linear memory, in bytes (it only ever grows).
#[wasm_bindgen]
pub fn bench_memory_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let buffer: js_sys::ArrayBuffer = memory.buffer().unchecked_into();
    f64::from(buffer.byte_length())
}

fn with_dataset<T>(f: impl FnOnce(&Dataset) -> T) -> Result<T, JsError> {
    DATASET.with(|slot| match slot.borrow().as_ref() {
        Some(dataset) => Ok(f(dataset)),
        None => Err(JsError::new("call bench_load with the data bundle first")),
    })
}
