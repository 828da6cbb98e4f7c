//! Codegroup in the browser: search and browse ICD-10 and OPCS-4 offline. The core library does the
//! work; this app only renders its answers (see `state.rs` for the one place state changes).

mod bench;
mod case_form;
mod components;
mod hooks;
mod route;
mod state;

fn main() {
    hooks::mark("codegroup:wasm-started");
    hooks::use_dataset::start_download();
    yew::Renderer::<components::app::App>::new().render();
}
