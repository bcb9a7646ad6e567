//! Accounts' server functions: signing in and out, the people admin's changes and the first admin.

use super::model::PeoplePage;
#[cfg(feature = "ssr")]
use super::model::Person;
use crate::error::AppError;
use domain::credentials::CurrentUser;
use leptos::prelude::*;

/// Signs in, then goes to `next` (a path on this site) or the front page.
#[server]
pub async fn login(
    username: String,
    password: String,
    next: Option<String>,
) -> Result<CurrentUser, AppError> {
    use crate::web::ClientAddr;
    use axum::Extension;
    let state = crate::web::app_state()?;
    let mut auth = crate::web::extract::<super::session::AuthSession>().await?;
    let Extension(ClientAddr(client)) = crate::web::extract::<Extension<ClientAddr>>().await?;
    let user =
        super::session::sign_in(&mut auth, &state.login_limiter, client, &username, password)
            .await
            .map_err(AppError::respond)?;
    leptos_axum::redirect(domain::credentials::local_path(next.as_deref()));
    Ok(user)
}

#[server]
pub async fn logout() -> Result<(), AppError> {
    let mut auth = crate::web::extract::<super::session::AuthSession>().await?;
    super::session::sign_out(&mut auth).await?;
    // `utloggad` tells the service worker to forget the officer pages it kept (public/sw.js).
    leptos_axum::redirect(crate::paths::SIGNED_OUT);
    Ok(())
}

/// The signed-in user, if any.
#[server]
pub async fn signed_in_user() -> Result<Option<CurrentUser>, AppError> {
    let auth = crate::web::extract::<super::session::AuthSession>().await?;
    Ok(auth.user.as_ref().map(|u| u.current()))
}

#[server(prefix = "/api/v1/admin", endpoint = "users/list")]
pub async fn people() -> Result<PeoplePage, AppError> {
    let admin = super::session::admin().await?;
    let state = crate::web::app_state()?;
    let pool = state.pool;
    let session = crate::web::extract::<tower_sessions::Session>().await?;
    let new_password = session
        .id()
        .and_then(|id| state.handovers.take(&id.to_string()));
    let mut people = Vec::new();
    for a in super::db::list_users_in(&pool, &admin.scope).await? {
        people.push(Person {
            id: a.id,
            username: a.username,
            role: a.role,
            scope: a.scope,
            disabled: a.disabled,
            version: a.version,
        });
    }
    Ok(PeoplePage {
        people,
        new_password,
        police_areas: crate::places::db::police_areas_in(&pool, &admin.scope).await?,
        scope: admin.scope,
    })
}

#[server(prefix = "/api/v1/admin", endpoint = "users/create")]
pub async fn add_person(
    username: String,
    password: String,
    role: String,
    #[server(default)] scope: String,
) -> Result<(), AppError> {
    use super::db::CreateUserError;
    use domain::credentials::{Password, Username};
    let admin = super::session::admin().await?;
    let pool = crate::web::app_state()?.pool;
    let scope = super::db::scope_for_new_account(&pool, &admin.scope, &scope)
        .await
        .map_err(AppError::respond)?;
    let mut c = domain::forms::Checker::default();
    let username = c.check("username", Username::parse(&username));
    let password = c.check("password", Password::new_secret(password));
    let role = c.check(
        "role",
        role.parse::<domain::credentials::Role>()
            .map_err(|_| domain::problem::Choice::Role),
    );
    let (username, (password, role)) = c
        .finish(username.zip(password.zip(role)))
        .map_err(crate::ui::admin::invalid)?;
    super::db::create_user_as(&pool, &admin.actor, &username, password, role, &scope)
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
    let admin = super::session::admin().await?;
    let role: domain::credentials::Role = role
        .parse()
        .map_err(|_| AppError::problem("role", domain::problem::Choice::Role).respond())?;
    let pool = crate::web::app_state()?.pool;
    super::db::require_account_in(&pool, &admin.scope, id)
        .await
        .map_err(AppError::respond)?;
    super::db::change_account(&pool, &admin.actor, id, version, AccountChange::Role(role))
        .await
        .map_err(AppError::respond)
        .map(|_| ())
}

#[server(prefix = "/api/v1/admin", endpoint = "users/disable")]
pub async fn set_disabled(id: i64, version: i64, disabled: bool) -> Result<(), AppError> {
    use super::db::AccountChange;
    let admin = super::session::admin().await?;
    let pool = crate::web::app_state()?.pool;
    super::db::require_account_in(&pool, &admin.scope, id)
        .await
        .map_err(AppError::respond)?;
    super::db::change_account(
        &pool,
        &admin.actor,
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
    let admin = super::session::admin().await?;
    let state = crate::web::app_state()?;
    let pool = &state.pool;
    super::db::require_account_in(pool, &admin.scope, id)
        .await
        .map_err(AppError::respond)?;
    let session = crate::web::extract::<tower_sessions::Session>().await?;
    let password = super::db::reset_password(pool, &admin.actor, id)
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

/// Whether the first-admin page may still create an admin.
#[server(prefix = "/api/v1", endpoint = "first-admin/open")]
pub async fn first_admin_open() -> Result<bool, AppError> {
    let pool = crate::web::app_state()?.pool;
    Ok(!super::db::admin_exists(&pool).await?)
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
    if super::db::admin_exists(&pool).await? {
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
        &domain::places::Scope::National,
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
