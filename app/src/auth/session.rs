//! The signed-in session: signing in and out under the login limits, and the role checks every handler and
//! server function makes.

use super::db::{Backend, Credentials, User};
use crate::error::AppError;
use crate::web::login_limit::{retry_after_secs, LoginLimiter};
use domain::credentials::{CurrentUser, Password, Role, Username};
use domain::places::Scope;
use std::net::IpAddr;

pub type AuthSession = axum_login::AuthSession<Backend>;

/// Signs in with a username and password from the client address `ip`, under the login limits.
/// Shared by the login form and the JSON API.
pub async fn sign_in(
    auth: &mut AuthSession,
    limiter: &LoginLimiter,
    ip: IpAddr,
    username: &str,
    password: String,
) -> Result<CurrentUser, AppError> {
    let attempt = limiter
        .begin(username, ip)
        .map_err(|wait| AppError::TooManyAttempts {
            retry_after_secs: retry_after_secs(wait),
        })?;
    // An attempt that ends in an internal error stays charged: it is rare, and a guesser must not be
    // able to escape the limit by provoking one.
    let (Ok(username), Ok(password)) = (Username::parse(username), Password::offered(password))
    else {
        limiter.failed(attempt);
        return Err(AppError::BadCredentials);
    };
    let Some(user) = auth
        .authenticate(Credentials { username, password })
        .await
        .map_err(AppError::internal)?
    else {
        limiter.failed(attempt);
        tracing::info!(%ip, "sign-in refused: wrong credentials");
        return Err(AppError::BadCredentials);
    };
    // A new session id at every sign-in, also over another account's session: axum-login renews it
    // only when the session had no account, so a session id planted in a browser before someone signed
    // in over it would otherwise become theirs.
    auth.session.cycle_id().await.map_err(AppError::internal)?;
    auth.login(&user).await.map_err(AppError::internal)?;
    limiter.succeeded(attempt);
    tracing::info!(user = %user.username, "signed in");
    Ok(user.current())
}

pub async fn sign_out(auth: &mut AuthSession) -> Result<(), AppError> {
    auth.logout().await.map_err(AppError::internal)?;
    Ok(())
}

/// The signed-in user if their role allows `required`: 401 when anonymous, 403 for the wrong role.
pub fn require(auth: &AuthSession, required: Role) -> Result<User, AppError> {
    match &auth.user {
        None => Err(AppError::Unauthenticated),
        Some(user) if user.role.allows(required) => Ok(user.clone()),
        Some(_) => Err(AppError::Forbidden),
    }
}

/// The server-function side of `require`: extracts the session from the current request.
pub async fn authorize(required: Role) -> Result<User, AppError> {
    let auth = leptos_axum::extract::<AuthSession>().await.map_err(|e| {
        tracing::error!(error = ?e, "no auth session on a server function request");
        AppError::Internal
    })?;
    require(&auth, required).map_err(AppError::respond)
}

/// A signed-in admin: who makes a change, for the audit log, and what their scope holds.
pub struct Admin {
    pub actor: crate::audit::Actor,
    pub scope: Scope,
}

impl From<User> for Admin {
    fn from(user: User) -> Self {
        Admin {
            actor: crate::audit::Actor::user(user.id, &user.username),
            scope: user.scope,
        }
    }
}

/// The admin who makes a change; 401/403 for anyone else.
pub async fn admin() -> Result<Admin, AppError> {
    Ok(authorize(Role::Admin).await?.into())
}
