//! The admin's people page: list accounts, add one, change a role, disable or enable, and reset a password.
//! Accounts are never deleted. A new password is shown once: it is kept in the admin's own session until the
//! page has read it, so it also reaches a browser without JavaScript.

use crate::admin::kit::{admin_action, Input, Outcome, Select};
use crate::error::AppError;
use crate::i18n::{td, td_string, use_i18n, Locale};
use domain::credentials::Role;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// An account as the people page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: i64,
    pub username: String,
    pub role: Role,
    pub disabled: bool,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeoplePage {
    pub people: Vec<Person>,
    /// A password just reset by this admin: (username, password), shown once.
    pub new_password: Option<(String, String)>,
}

#[server(prefix = "/api/v1/admin", endpoint = "users/list")]
pub async fn people() -> Result<PeoplePage, AppError> {
    crate::admin::kit::actor().await?;
    let state = crate::web::app_state()?;
    let pool = state.pool;
    let session = crate::web::extract::<tower_sessions::Session>().await?;
    let new_password = session
        .id()
        .and_then(|id| state.handovers.take(&id.to_string()));
    let people = super::db::list_users(&pool)
        .await
        .map_err(AppError::internal)?
        .into_iter()
        .map(|a| Person {
            id: a.id,
            username: a.username,
            role: a.role,
            disabled: a.disabled,
            version: a.version,
        })
        .collect();
    Ok(PeoplePage {
        people,
        new_password,
    })
}

#[server(prefix = "/api/v1/admin", endpoint = "users/create")]
pub async fn add_person(username: String, password: String, role: String) -> Result<(), AppError> {
    use super::db::CreateUserError;
    use domain::credentials::{Password, Username};
    let actor = crate::admin::kit::actor().await?;
    let mut c = domain::forms::Checker::default();
    let username = c.check("username", Username::parse(&username));
    let password = c.check("password", Password::new_secret(password));
    let role = c.check(
        "role",
        role.parse::<Role>()
            .map_err(|_| domain::problem::Choice::Role),
    );
    let (username, (password, role)) = c
        .finish(username.zip(password.zip(role)))
        .map_err(crate::admin::kit::invalid)?;
    let pool = crate::web::app_state()?.pool;
    super::db::create_user_as(&pool, &actor, &username, password, role)
        .await
        .map_err(|e| match e {
            CreateUserError::Exists(username) => AppError::problem(
                "username",
                domain::problem::Problem::UsernameTaken { username },
            ),
            CreateUserError::Backend(e) => AppError::internal(e),
        })
        .map_err(AppError::respond)?;
    Ok(())
}

#[server(prefix = "/api/v1/admin", endpoint = "users/role")]
pub async fn change_role(id: i64, version: i64, role: String) -> Result<(), AppError> {
    use super::db::AccountChange;
    let actor = crate::admin::kit::actor().await?;
    let role: Role = role
        .parse()
        .map_err(|_| AppError::problem("role", domain::problem::Choice::Role).respond())?;
    let pool = crate::web::app_state()?.pool;
    super::db::change_account(&pool, &actor, id, version, AccountChange::Role(role))
        .await
        .map_err(AppError::respond)
        .map(|_| ())
}

#[server(prefix = "/api/v1/admin", endpoint = "users/disable")]
pub async fn set_disabled(id: i64, version: i64, disabled: bool) -> Result<(), AppError> {
    use super::db::AccountChange;
    let actor = crate::admin::kit::actor().await?;
    let pool = crate::web::app_state()?.pool;
    super::db::change_account(
        &pool,
        &actor,
        id,
        version,
        AccountChange::Disabled(disabled),
    )
    .await
    .map_err(AppError::respond)
    .map(|_| ())
}

#[server(prefix = "/api/v1/admin", endpoint = "users/reset-password")]
pub async fn reset_password(id: i64) -> Result<(), AppError> {
    let actor = crate::admin::kit::actor().await?;
    let state = crate::web::app_state()?;
    let pool = &state.pool;
    let session = crate::web::extract::<tower_sessions::Session>().await?;
    let password = super::db::reset_password(pool, &actor, id)
        .await
        .map_err(AppError::respond)?;
    let username: String =
        crate::db::scalar!(pool, "SELECT username FROM users WHERE id = $1", id)?;
    // An admin is signed in, so the session has its id; shown once on the people page, never stored.
    if let Some(session_id) = session.id() {
        state
            .handovers
            .put(session_id.to_string(), username, password);
    }
    Ok(())
}

/// A role's name as a label on its own ("Polis").
fn role_label(locale: Locale, role: Role) -> &'static str {
    match role {
        Role::Officer => td_string!(locale, users.role_officer),
        Role::Admin => td_string!(locale, users.role_admin),
    }
}

/// A role's name inside a table row ("polis").
fn role_name(locale: Locale, role: Role) -> &'static str {
    match role {
        Role::Officer => td_string!(locale, users.role_officer_lower),
        Role::Admin => td_string!(locale, users.role_admin_lower),
    }
}

fn roles(locale: Locale) -> Vec<(String, String)> {
    [Role::Officer, Role::Admin]
        .into_iter()
        .map(|r| (r.as_str().to_owned(), role_label(locale, r).to_owned()))
        .collect()
}

#[component]
pub fn PeopleAdmin() -> impl IntoView {
    let data = Resource::new(|| (), |_| people());
    let locale = use_i18n().get_locale_untracked();
    let (add, feedback) = admin_action::<AddPerson>(td_string!(locale, users.account_created));
    view! {
        <Title text=td_string!(locale, users.admin_title).to_string()/>
        <section class="card" aria-labelledby="people">
            <h1 id="people">{td!(locale, users.title)}</h1>
            <Suspense fallback=move || view! { <p class="loading">{td!(locale, users.loading)}</p> }>
                {move || Suspend::new(async move {
                    data.await.map(|page| view! {
                        {page.new_password.map(|(user, password)| view! {
                            <div class="notice ok" role="status" data-testid="new-password">
                                <p>{td!(locale, users.new_password_for)} " " <strong>{user}</strong> ": " <code>{password}</code></p>
                                <p>{td!(locale, users.hand_over)}</p>
                            </div>
                        })}
                        <table class="people stack">
                            <thead><tr>
                                <th scope="col">{td!(locale, users.username)}</th><th scope="col">{td!(locale, users.role)}</th>
                                <th scope="col">{td!(locale, users.status)}</th><th scope="col">{td!(locale, users.actions)}</th>
                            </tr></thead>
                            <tbody>{page.people.into_iter().map(|p| view! { <PersonRow person=p/> }).collect_view()}</tbody>
                        </table>
                    })
                })}
            </Suspense>
        </section>
        <section class="card" aria-labelledby="new-person">
            <h2 id="new-person">{td!(locale, users.new_account)}</h2>
            <ActionForm action=add>
                <Input name="username" id="new-username" label=td_string!(locale, users.username) feedback/>
                <Input name="password" id="new-password" label=td_string!(locale, users.password) kind="password" feedback/>
                <Select name="role" id="new-role" label=td_string!(locale, users.role) options=roles(locale) selected="officer" feedback/>
                <button type="submit">{td!(locale, users.create_account)}</button>
                <Outcome feedback/>
            </ActionForm>
        </section>
    }
}

#[component]
fn PersonRow(person: Person) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let (role, role_feedback) = admin_action::<ChangeRole>(td_string!(locale, users.role_changed));
    let (disable, disable_feedback) = admin_action::<SetDisabled>(td_string!(locale, users.saved));
    let (reset, reset_feedback) =
        admin_action::<ResetPassword>(td_string!(locale, users.password_reset));
    let other_role = match person.role {
        Role::Admin => Role::Officer,
        Role::Officer => Role::Admin,
    };
    let make_other = match other_role {
        Role::Admin => td_string!(locale, users.make_admin),
        Role::Officer => td_string!(locale, users.make_officer),
    };
    view! {
        <tr class:disabled=person.disabled>
            <th scope="row">{person.username.clone()}</th>
            <td data-label=td_string!(locale, users.role)>{role_name(locale, person.role)}</td>
            <td data-label=td_string!(locale, users.status)>
                {if person.disabled {
                    td_string!(locale, users.disabled)
                } else {
                    td_string!(locale, users.active)
                }}
            </td>
            <td class="actions" data-label=td_string!(locale, users.actions)>
                <ActionForm action=role>
                    <input type="hidden" name="id" value=person.id/>
                    <input type="hidden" name="version" value=person.version/>
                    <input type="hidden" name="role" value=other_role.as_str()/>
                    <button type="submit" class="link">{make_other}</button>
                    <Outcome feedback=role_feedback/>
                </ActionForm>
                <ActionForm action=disable>
                    <input type="hidden" name="id" value=person.id/>
                    <input type="hidden" name="version" value=person.version/>
                    <input type="hidden" name="disabled" value=(!person.disabled).to_string()/>
                    <button type="submit" class="link">{if person.disabled {
                            td_string!(locale, users.enable)
                        } else {
                            td_string!(locale, users.disable)
                        }}</button>
                    <Outcome feedback=disable_feedback/>
                </ActionForm>
                <ActionForm action=reset>
                    <input type="hidden" name="id" value=person.id/>
                    <button type="submit" class="link">{td!(locale, users.new_password)}</button>
                    <Outcome feedback=reset_feedback/>
                </ActionForm>
            </td>
        </tr>
    }
}
