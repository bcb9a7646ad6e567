//! The first admin of a new install, created in the browser: on a database with no account the server
//! prints a one-time link (`/forsta-admin?token=…`). The token is random, kept only as an argon2 hash,
//! expires after a day and works once; the page refuses once any admin exists. The command line
//! (`lofte user add`) keeps working beside it.

use crate::error::AppError;
use crate::i18n::{td, td_string, use_i18n};
use crate::ui::Field;
use crate::words::problems::render;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;


/// How long a printed link works.
#[cfg(feature = "ssr")]
pub const VALID_HOURS: i64 = 24;

/// A fresh link token when the database has no admin (a new install, or one with only `lofte demo`'s
/// example officer), else `None`. Any earlier token stops working: only the latest printed link is valid.
#[cfg(feature = "ssr")]
pub async fn issue(pool: &crate::db::Db) -> Result<Option<String>, AppError> {
    use domain::credentials::Password;
    if admin_exists(pool).await? {
        return Ok(None);
    }
    let token = format!(
        "{}-{}",
        super::db::generate_password(),
        super::db::generate_password()
    );
    let hash =
        super::db::hash_password(Password::new_secret(token.clone()).map_err(AppError::internal)?)
            .await
            .map_err(AppError::internal)?;
    use crate::db::{self, Stamp};
    let expires = Stamp(chrono::Utc::now() + chrono::Duration::hours(VALID_HOURS));
    let mut tx = pool.begin().await?;
    db::execute!(
        &mut tx,
        "DELETE FROM first_admin_tokens WHERE used_at IS NULL"
    )?;
    db::execute!(
        &mut tx,
        "INSERT INTO first_admin_tokens (token_hash, expires_at) VALUES ($1, $2)",
        hash,
        expires
    )?;
    tx.commit().await?;
    Ok(Some(token))
}

#[cfg(feature = "ssr")]
async fn admin_exists(pool: &crate::db::Db) -> Result<bool, AppError> {
    Ok(crate::db::scalar!(
        pool,
        "SELECT EXISTS (SELECT 1 FROM users WHERE role = 'admin')"
    )?)
}

/// Whether the first-admin page may still create an admin.
#[server(prefix = "/api/v1", endpoint = "first-admin/open")]
pub async fn first_admin_open() -> Result<bool, AppError> {
    let pool = crate::web::app_state()?.pool;
    Ok(!admin_exists(&pool).await?)
}

/// Creates the first admin with the link's token; then the link is used up.
#[server(prefix = "/api/v1", endpoint = "first-admin")]
pub async fn create_first_admin(
    token: String,
    username: String,
    password: String,
) -> Result<(), AppError> {
    use domain::credentials::{Password, Role, Username};
    use domain::problem::{Problem, Problems};
    let pool = crate::web::app_state()?.pool;
    if admin_exists(&pool).await? {
        return Err(AppError::conflict(Problem::AdminExists).respond());
    }
    // The account's rules first, so that a typing mistake does not use the link up.
    let mut problems = Problems::default();
    let name = Username::parse(username.trim())
        .map_err(|e| problems.add("username", e))
        .ok();
    let secret = Password::new_secret(password)
        .map_err(|e| problems.add("password", e))
        .ok();
    let (Some(name), Some(secret)) = (name, secret) else {
        return Err(AppError::problems(Problem::FixFields, problems).respond());
    };
    // The token: one unused, unexpired row whose hash it matches; marked used in the same step.
    use crate::db::{self, Stamp};
    let now = Stamp::now();
    let rows: Vec<String> = db::scalars!(
        &pool,
        "SELECT token_hash FROM first_admin_tokens WHERE used_at IS NULL AND expires_at > $1",
        now
    )?;
    let mut matched = None;
    if let Ok(given) = Password::new_secret(token.trim().to_owned()) {
        for hash in rows {
            if super::db::verify_password(given.clone(), hash.clone())
                .await
                .map_err(AppError::internal)?
            {
                matched = Some(hash);
                break;
            }
        }
    }
    let Some(hash) = matched else {
        return Err(AppError::problem("token", Problem::FirstAdminLink).respond());
    };
    let used = db::execute!(
        &pool,
        "UPDATE first_admin_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL",
        now,
        &hash
    )?;
    if used != 1 {
        return Err(AppError::problem("token", Problem::FirstAdminLink).respond());
    }
    super::db::create_user_as(
        &pool,
        &crate::audit::Actor::system("first-admin link"),
        &name,
        secret,
        Role::Admin,
    )
    .await
    .map_err(|e| match e {
        super::db::CreateUserError::Exists(username) => {
            AppError::problem("username", Problem::UsernameTaken { username }).respond()
        }
        other => AppError::internal(other),
    })?;
    leptos_axum::redirect(&crate::paths::login_then(crate::paths::ADMIN));
    Ok(())
}

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
