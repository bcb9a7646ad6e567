//! The browser entry point: hydrates the islands of the server-rendered page (the officer's form, queue and
//! sync engine). Everything else is HTML from the server and stays as it is.

// Release builds keep Leptos's full view types (debug builds erase them), and the page's types nest deeper
// than the default limit.
#![recursion_limit = "512"]

// Links the islands into this build: `hydrate_islands` finds them by name.
#[allow(clippy::single_component_path_imports, unused_imports)]
use app;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // Tells tests and styles that the page's islands are interactive.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
