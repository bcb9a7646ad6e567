//! The admin's people page: list accounts, add one, change a role, disable or enable, and reset a password.
//! Accounts are never deleted. A new password is shown once: it is kept in the admin's own session until the
//! page has read it, so it also reaches a browser without JavaScript.

use super::domain::Role;
use crate::admin::{admin_action, Changes, Input, Outcome, Select};
use crate::error::AppError;
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

#[cfg(feature = "ssr")]
const NEW_PASSWORD_KEY: &str = "admin.new_password";

#[server(prefix = "/api/v1/admin", endpoint = "users/list")]
pub async fn people() -> Result<PeoplePage, AppError> {
    crate::admin::actor().await?;
    let pool = crate::web::app_state()?.pool;
    let session = crate::web::extract::<tower_sessions::Session>().await?;
    let new_password = session
        .remove::<(String, String)>(NEW_PASSWORD_KEY)
        .await
        .map_err(AppError::internal)?;
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
    use super::domain::{Password, Username};
    let actor = crate::admin::actor().await?;
    let mut c = crate::forms::Checker::default();
    let username = c.check("username", Username::parse(&username));
    let password = c.check("password", Password::new_secret(password));
    let role = c.check("role", role.parse::<Role>().map_err(|_| "välj roll"));
    let (username, (password, role)) = c
        .finish(username.zip(password.zip(role)))
        .map_err(crate::admin::invalid)?;
    let pool = crate::web::app_state()?.pool;
    super::db::create_user_as(&pool, &actor, &username, password, role)
        .await
        .map_err(|e| match e {
            CreateUserError::Exists(_) => AppError::invalid_field("username", e.to_string()),
            CreateUserError::Backend(e) => AppError::internal(e),
        })
        .map_err(AppError::respond)?;
    Ok(())
}

#[server(prefix = "/api/v1/admin", endpoint = "users/role")]
pub async fn change_role(id: i64, version: i64, role: String) -> Result<(), AppError> {
    use super::db::AccountChange;
    let actor = crate::admin::actor().await?;
    let role: Role = role
        .parse()
        .map_err(|_| AppError::invalid_field("role", "välj roll").respond())?;
    let pool = crate::web::app_state()?.pool;
    super::db::change_account(&pool, &actor, id, version, AccountChange::Role(role))
        .await
        .map_err(AppError::respond)
        .map(|_| ())
}

#[server(prefix = "/api/v1/admin", endpoint = "users/disable")]
pub async fn set_disabled(id: i64, version: i64, disabled: bool) -> Result<(), AppError> {
    use super::db::AccountChange;
    let actor = crate::admin::actor().await?;
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
    let actor = crate::admin::actor().await?;
    let pool = crate::web::app_state()?.pool;
    let session = crate::web::extract::<tower_sessions::Session>().await?;
    let password = super::db::reset_password(&pool, &actor, id)
        .await
        .map_err(AppError::respond)?;
    let username: String = sqlx::query_scalar("SELECT username FROM users WHERE id = ?")
        .bind(id)
        .fetch_one(&pool)
        .await?;
    session
        .insert(NEW_PASSWORD_KEY, (username, password))
        .await
        .map_err(AppError::internal)?;
    Ok(())
}

fn roles() -> Vec<(String, String)> {
    vec![
        ("officer".into(), "Polis".into()),
        ("admin".into(), "Administratör".into()),
    ]
}

#[component]
pub fn PeopleAdmin() -> impl IntoView {
    let changes = Changes::get();
    let data = Resource::new(move || changes.get(), |_| people());
    let (add, feedback) = admin_action::<AddPerson>("Kontot är skapat.");
    view! {
        <Title text="Personer – administration"/>
        <section class="card" aria-labelledby="people">
            <h1 id="people">"Personer"</h1>
            <Suspense fallback=|| view! { <p class="loading">"Hämtar…"</p> }>
                {move || Suspend::new(async move {
                    data.await.map(|page| view! {
                        {page.new_password.map(|(user, password)| view! {
                            <div class="notice ok" role="status" data-testid="new-password">
                                <p>"Nytt lösenord för " <strong>{user}</strong> ": " <code>{password}</code></p>
                                <p>"Lämna det till personen nu. Det visas bara den här gången."</p>
                            </div>
                        })}
                        <table class="people">
                            <thead><tr><th scope="col">"Användarnamn"</th><th scope="col">"Roll"</th><th scope="col">"Status"</th><th scope="col">"Åtgärder"</th></tr></thead>
                            <tbody>{page.people.into_iter().map(|p| view! { <PersonRow person=p/> }).collect_view()}</tbody>
                        </table>
                    })
                })}
            </Suspense>
        </section>
        <section class="card" aria-labelledby="new-person">
            <h2 id="new-person">"Nytt konto"</h2>
            <ActionForm action=add>
                <Input name="username" id="new-username" label="Användarnamn" feedback/>
                <Input name="password" id="new-password" label="Lösenord (minst 12 tecken)" kind="password" feedback/>
                <Select name="role" id="new-role" label="Roll" options=roles() selected="officer" feedback/>
                <button type="submit">"Skapa kontot"</button>
                <Outcome feedback/>
            </ActionForm>
        </section>
    }
}

#[component]
fn PersonRow(person: Person) -> impl IntoView {
    let (role, role_feedback) = admin_action::<ChangeRole>("Rollen är ändrad.");
    let (disable, disable_feedback) = admin_action::<SetDisabled>("Sparat.");
    let (reset, reset_feedback) = admin_action::<ResetPassword>("Lösenordet är nytt.");
    let other_role = match person.role {
        Role::Admin => Role::Officer,
        Role::Officer => Role::Admin,
    };
    let role_name = |r: Role| match r {
        Role::Admin => "administratör",
        Role::Officer => "polis",
    };
    view! {
        <tr class:disabled=person.disabled>
            <th scope="row">{person.username.clone()}</th>
            <td>{role_name(person.role)}</td>
            <td>{if person.disabled { "Avstängt" } else { "Aktivt" }}</td>
            <td class="actions">
                <ActionForm action=role>
                    <input type="hidden" name="id" value=person.id/>
                    <input type="hidden" name="version" value=person.version/>
                    <input type="hidden" name="role" value=other_role.as_str()/>
                    <button type="submit" class="link">{format!("Gör till {}", role_name(other_role))}</button>
                    <Outcome feedback=role_feedback/>
                </ActionForm>
                <ActionForm action=disable>
                    <input type="hidden" name="id" value=person.id/>
                    <input type="hidden" name="version" value=person.version/>
                    <input type="hidden" name="disabled" value=(!person.disabled).to_string()/>
                    <button type="submit" class="link">{if person.disabled { "Aktivera" } else { "Stäng av" }}</button>
                    <Outcome feedback=disable_feedback/>
                </ActionForm>
                <ActionForm action=reset>
                    <input type="hidden" name="id" value=person.id/>
                    <button type="submit" class="link">"Nytt lösenord"</button>
                    <Outcome feedback=reset_feedback/>
                </ActionForm>
            </td>
        </tr>
    }
}
