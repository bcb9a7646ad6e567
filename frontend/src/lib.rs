//! The browser entry point: hydrates the server-rendered page. Everything else lives in `app`.

// Release builds keep Leptos's full view types (debug builds erase them), and the page's types nest deeper
// than the default limit.
#![recursion_limit = "512"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
