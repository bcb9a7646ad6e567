//! The JSON endpoints for API clients: `/api/v1/session` to sign in and out, `/api/v1/users` for admins.

use super::db::{self, CreateUserError};
use super::session::{require, sign_in, sign_out, AuthSession};
use crate::error::AppError;
use crate::web::{ApiJson, AppState, ClientAddr};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Extension, Json, Router};
use domain::credentials::{CurrentUser, Password, Role, Username};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            crate::paths::API_SESSION,
            get(show).post(create).delete(destroy),
        )
        .route(crate::paths::API_USERS, get(list_users).post(create_user))
}

#[derive(Deserialize)]
struct LoginBody {
    username: String,
    password: String,
}

async fn create(
    State(state): State<AppState>,
    Extension(ClientAddr(client)): Extension<ClientAddr>,
    mut auth: AuthSession,
    ApiJson(body): ApiJson<LoginBody>,
) -> Result<Json<CurrentUser>, AppError> {
    sign_in(
        &mut auth,
        &state.login_limiter,
        client,
        &body.username,
        body.password,
    )
    .await
    .map(Json)
}

async fn show(auth: AuthSession) -> Result<Json<CurrentUser>, AppError> {
    auth.user
        .as_ref()
        .map(|u| Json(u.current()))
        .ok_or(AppError::Unauthenticated)
}

async fn destroy(mut auth: AuthSession) -> Result<StatusCode, AppError> {
    sign_out(&mut auth).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct NewUserBody {
    username: String,
    password: String,
    role: String,
    #[serde(default)]
    scope: String,
}

async fn create_user(
    State(state): State<AppState>,
    auth: AuthSession,
    ApiJson(body): ApiJson<NewUserBody>,
) -> Result<(StatusCode, Json<db::Account>), AppError> {
    let admin = require(&auth, Role::Admin)?;
    let username = Username::parse(&body.username).map_err(|e| AppError::problem("username", e))?;
    let password =
        Password::new_secret(body.password).map_err(|e| AppError::problem("password", e))?;
    let role: Role = body
        .role
        .parse()
        .map_err(|e: domain::types::UnknownValue| AppError::problem("role", e))?;
    let admin_name = admin.username.clone();
    let admin = crate::auth::Admin::from(admin);
    let scope = db::scope_for_new_account(&state.pool, &admin.scope, &body.scope).await?;
    let account = db::create_user_as(&state.pool, &admin.actor, &username, password, role, &scope)
        .await
        .map_err(|e| match e {
            CreateUserError::Exists(username) => {
                AppError::conflict(domain::problem::Problem::UsernameTaken { username })
            }
            CreateUserError::Backend(e) => AppError::internal(e),
        })?;
    tracing::info!(by = %admin_name, user = %username, role = %role, %scope, "account created");
    Ok((StatusCode::CREATED, Json(account)))
}

async fn list_users(
    State(state): State<AppState>,
    auth: AuthSession,
) -> Result<Json<Vec<db::Account>>, AppError> {
    let admin = crate::auth::Admin::from(require(&auth, Role::Admin)?);
    db::list_users_in(&state.pool, &admin.scope).await.map(Json)
}
