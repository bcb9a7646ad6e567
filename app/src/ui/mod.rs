//! Page parts shared by every feature: a labelled form field, a page's data once loaded, and the page for
//! what does not exist.

pub mod admin;
pub mod share;

use crate::i18n::{t, use_i18n};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// A labelled form field with its message, tied together for screen readers: the control inside must have
/// the element id `id` (by default the field's `name`) and may point `aria-describedby` at `{id}-error`.
#[component]
pub fn Field(
    name: &'static str,
    label: &'static str,
    error: impl Fn() -> Option<String> + Send + Sync + Copy + 'static,
    #[prop(into, optional)] id: String,
    children: Children,
) -> impl IntoView {
    let id = if id.is_empty() { name.to_owned() } else { id };
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:invalid=move || error().is_some() data-field=name>
            <label for=id>{label}</label>
            {children()}
            <p class="field-error" id=error_id aria-live="polite">{error}</p>
        </div>
    }
}

/// The content of a `<textarea>` that shows `value` as typed, for its `inner_html`.
///
/// Leptos writes a textarea's children into the page unescaped (the element holds raw text), so a value with
/// `</textarea>` in it would end the field and put what follows into the page as markup: an officer's notes
/// could add a form to an admin's page. Every textarea takes its value through here instead. The text is
/// escaped (the browser decodes the entities back into the field's value), and a line break goes first,
/// because a browser drops one line break at the very start of a textarea.
pub fn textarea_text(value: &str) -> String {
    format!("\n{}", html_escape::encode_text(value))
}

/// A page's data once loaded, rendered by `render`; a "not found" page for `NotFound`, and the message of
/// any other error. `loading` shows meanwhile.
pub fn loaded<T, V>(
    data: Resource<Result<T, crate::error::AppError>>,
    loading: &'static str,
    render: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    use crate::error::AppError;
    let locale = crate::i18n::use_i18n().get_locale_untracked();
    view! {
        <Suspense fallback=move || view! { <p class="loading">{loading}</p> }>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(value) => render(value).into_any(),
                        Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.text(locale)}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <Title text=move || crate::i18n::t_string!(i18n, layout.not_found_title).to_string()/>
        <section class="card">
            <h1>{t!(i18n, layout.not_found_title)}</h1>
            <p>{t!(i18n, layout.not_found_text)} " " <A href=crate::paths::HOME>{t!(i18n, layout.to_front_page)}</A></p>
        </section>
    }
}

/// What was typed into a form that the server function at `path` refused, when it was posted without
/// JavaScript: the page shows it again (see `web::form_echo`). `None` in the browser and for any other page.
pub fn typed_into(path: &str) -> Option<Vec<(String, String)>> {
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<axum::http::request::Parts>()?;
        crate::web::form_echo::typed(&parts, path)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = path;
        None
    }
}
