//! Signing in and out from the browser, with or without JavaScript.

use super::server::{signed_in_user, Login, Logout};
use crate::error::AppError;
use crate::i18n::{td, td_string, use_i18n};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_query_map};

#[component]
pub fn LoginPage() -> impl IntoView {
    // Created here, under the router's routes: without JavaScript, the error comes back in the URL and only
    // an action created inside a route can read it.
    let login = ServerAction::<Login>::new();
    let locale = use_i18n().get_locale_untracked();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let error = move || {
        login
            .value()
            .get()
            .and_then(Result::err)
            .map(move |e| view! { <p class="error" role="alert">{e.text(locale)}</p> })
    };
    view! {
        <Title text=td_string!(locale, auth.sign_in).to_string()/>
        <section class="card narrow" aria-labelledby="login-heading">
            <h1 id="login-heading">{td!(locale, auth.sign_in)}</h1>
            <p>{td!(locale, auth.intro)}</p>
            <ActionForm action=login>
                <input type="hidden" name="next" value=next/>
                <label for="username">{td!(locale, auth.username)}</label>
                <input
                    id="username"
                    name="username"
                    type="text"
                    autocomplete="username"
                    autocapitalize="none"
                    spellcheck="false"
                    required
                />
                <label for="password">{td!(locale, auth.password)}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required/>
                {error}
                <button type="submit" disabled=move || login.pending().get()>{td!(locale, auth.sign_in)}</button>
            </ActionForm>
        </section>
    }
}

/// The header's account corner: who is signed in and a sign-out button, or a link to sign in.
#[component]
pub fn UserMenu() -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    let location = use_location();
    // Asked again on every navigation (signing in ends with one) and after signing out.
    let user = Resource::new(
        move || (location.pathname.get(), logout.version().get()),
        |_| signed_in_user(),
    );
    let locale = use_i18n().get_locale_untracked();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(user)) => view! {
                        {(user.role == domain::credentials::Role::Admin)
                            .then(|| view! { <A href=crate::paths::ADMIN>{td!(locale, auth.admin)}</A> })}
                        <span class="who">{user.username}</span>
                        <ActionForm action=logout>
                            <button type="submit" class="link">{td!(locale, auth.sign_out)}</button>
                        </ActionForm>
                    }
                    .into_any(),
                    // Offline the session cannot be asked about; saying "sign in" would be wrong.
                    Err(AppError::Unreachable) => view! { <span class="who">{td!(locale, auth.offline)}</span> }.into_any(),
                    _ => view! { <A href=crate::paths::LOGIN>{td!(locale, auth.sign_in)}</A> }.into_any(),
                }
            })}
        </Transition>
    }
}
