//! The first admin of a new install, created in the browser: on a database with no account the server
//! prints a one-time link (`/forsta-admin?token=…`). The token is random, kept only as an argon2 hash,
//! expires after a day and works once; the page refuses once any admin exists. The command line
//! (`lofte user add`) keeps working beside it.

use super::server::{first_admin_open, CreateFirstAdmin};
use crate::i18n::{td, td_string, use_i18n};
use crate::ui::Field;
use crate::words::problems::render;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/forsta-admin?token=…`: the form for the first admin.
#[component]
pub fn FirstAdminPage() -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let query = use_query_map();
    let token = query.with_untracked(|q| q.get("token").unwrap_or_default());
    let action = ServerAction::<CreateFirstAdmin>::new();
    let open = Resource::new(|| (), |_| first_admin_open());
    let errors = move || match action.value().get() {
        Some(Err(e)) => render(&e.field_problems(), locale),
        _ => Default::default(),
    };
    let error_for = move |field: &'static str| move || errors().get(field).cloned();
    view! {
        <Title text=td_string!(locale, auth.first_admin_title)/>
        <section class="card narrow" aria-labelledby="first-admin">
            <h1 id="first-admin">{td!(locale, auth.first_admin_title)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new({
                    let token = token.clone();
                    async move {
                        match open.await {
                            Ok(true) => view! {
                                <p class="hint">{td!(locale, auth.first_admin_hint)}</p>
                                {move || match action.value().get() {
                                    Some(Err(e)) => Some(view! { <p class="notice error" role="alert">{e.text(locale)}</p> }),
                                    _ => None,
                                }}
                                <ActionForm action>
                                    <input type="hidden" name="token" value=token.clone()/>
                                    <Field name="username" label=td_string!(locale, auth.username) error=error_for("username")>
                                        <input id="username" name="username" type="text" autocomplete="username" required aria-describedby="username-error"/>
                                    </Field>
                                    <Field name="password" label=td_string!(locale, auth.first_admin_password) error=error_for("password")>
                                        <input id="password" name="password" type="password" autocomplete="new-password" required aria-describedby="password-error"/>
                                    </Field>
                                    <button type="submit">{td!(locale, auth.first_admin_create)}</button>
                                </ActionForm>
                            }
                            .into_any(),
                            Ok(false) => view! {
                                <p class="notice" data-testid="admin-exists">{td!(locale, auth.first_admin_closed)}</p>
                                <p><a href=crate::paths::LOGIN>{td!(locale, auth.first_admin_sign_in)}</a></p>
                            }
                            .into_any(),
                            Err(e) => view! { <p class="notice error" role="alert">{e.text(locale)}</p> }.into_any(),
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}
