//! Accounts in the database, argon2id password hashes, and the axum-login backend that reads them.

use crate::audit::{db::append, Action, Actor};
use crate::db::{self, Db, Stamp, Tx};
use crate::error::AppError;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use axum_login::{AuthUser, AuthnBackend, UserId};
use domain::credentials::{CurrentUser, Password, Role, Username};
use domain::places::Scope;
use std::fmt;

/// A signed-in account as the server knows it.
#[derive(Clone)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub role: Role,
    /// What the account may see and change.
    pub scope: Scope,
    password_hash: String,
    /// What the account's sessions are bound to: its version and password hash. Every change to the
    /// account (a role, disabling or enabling it, a new password) bumps the version, so each one ends all
    /// of its sessions; a session of a disabled account does not come back when it is enabled again.
    session_key: String,
}

impl User {
    pub fn current(&self) -> CurrentUser {
        CurrentUser {
            username: self.username.clone(),
            role: self.role,
        }
    }
}

impl fmt::Debug for User {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("username", &self.username)
            .field("role", &self.role)
            .field("scope", &self.scope)
            .finish()
    }
}

impl AuthUser for User {
    type Id = i64;

    fn id(&self) -> i64 {
        self.id
    }

    /// Sessions are bound to the account's version and password hash: see `User::session_key`.
    fn session_auth_hash(&self) -> &[u8] {
        self.session_key.as_bytes()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("password hashing task: {0}")]
    Task(#[from] tokio::task::JoinError),
    #[error("password hash: {0}")]
    Hash(argon2::password_hash::Error),
}

#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("{}", username_taken(.0))]
    Exists(String),
    #[error(transparent)]
    Backend(#[from] BackendError),
}

fn username_taken(username: &str) -> domain::problem::Problem {
    domain::problem::Problem::UsernameTaken {
        username: username.to_owned(),
    }
}

/// What a login offers.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub username: Username,
    pub password: Password,
}

/// Reads accounts for axum-login. Disabled accounts can neither sign in nor keep a session.
#[derive(Debug, Clone)]
pub struct Backend {
    pool: Db,
    /// How long the account lookup of a signed-in request waits on the database.
    timeout: std::time::Duration,
}

impl Backend {
    pub fn new(pool: Db) -> Self {
        Self {
            pool,
            timeout: crate::db::DEFAULT_TIMEOUT,
        }
    }

    pub fn with_timeout(self, timeout: std::time::Duration) -> Self {
        Self { timeout, ..self }
    }
}

type UserRow = (i64, String, String, String, String, i64);

/// The role as stored; the table's CHECK constraint keeps anything else out.
fn parse_role(role: &str) -> Result<Role, BackendError> {
    role.parse()
        .map_err(|e| BackendError::Database(sqlx::Error::Decode(Box::new(e))))
}

/// The scope as stored; only the app writes it, always parsed first.
fn parse_scope(scope: &str) -> Result<Scope, BackendError> {
    Scope::parse(scope).map_err(|e| BackendError::Database(sqlx::Error::Decode(Box::new(e))))
}

fn user_from_row(
    (id, username, role, scope, password_hash, version): UserRow,
) -> Result<User, BackendError> {
    Ok(User {
        id,
        username,
        role: parse_role(&role)?,
        scope: parse_scope(&scope)?,
        session_key: format!("{version}:{password_hash}"),
        password_hash,
    })
}

/// A valid argon2id hash of a password nobody has, verified when the username is unknown so that the
/// answer takes as long as for a known one.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0uPLKVQCUQfvJmK0tf1A5J4WG3RTXh6V0cMnclo1Oxo";

impl AuthnBackend for Backend {
    type User = User;
    type Credentials = Credentials;
    type Error = BackendError;

    async fn authenticate(&self, creds: Credentials) -> Result<Option<User>, BackendError> {
        // `lower` on both sides: one account per name whatever its case (the tables' unique rules).
        let row: Option<UserRow> = db::optional!(
            &self.pool,
            "SELECT id, username, role, scope, password_hash, version FROM users
             WHERE lower(username) = lower($1) AND NOT disabled",
            creds.username.as_str()
        )?;
        let user = row.map(user_from_row).transpose()?;
        let hash = user
            .as_ref()
            .map_or_else(|| DUMMY_HASH.to_owned(), |u| u.password_hash.clone());
        let matches = verify_password(creds.password, hash).await?;
        Ok(user.filter(|_| matches))
    }

    /// Runs before every signed-in request's handler, so it waits at most the timeout; a failure is the
    /// storage's (`storage::session_unavailable`).
    async fn get_user(&self, id: &UserId<Self>) -> Result<Option<User>, BackendError> {
        let lookup = async {
            db::optional!(
                &self.pool,
                as UserRow,
                "SELECT id, username, role, scope, password_hash, version FROM users
                 WHERE id = $1 AND NOT disabled",
                id
            )
        };
        let row = tokio::time::timeout(self.timeout, lookup)
            .await
            .unwrap_or(Err(sqlx::Error::PoolTimedOut))
            .inspect_err(|_| crate::web::storage::session_unavailable())?;
        row.map(user_from_row).transpose()
    }
}

/// Hashes with argon2id off the async runtime: hashing takes tens of milliseconds of CPU.
pub async fn hash_password(password: Password) -> Result<String, BackendError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.expose().as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(BackendError::Hash)
    })
    .await?
}

pub(super) async fn verify_password(
    password: Password,
    hash: String,
) -> Result<bool, BackendError> {
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&hash).map_err(BackendError::Hash)?;
        Ok(Argon2::default()
            .verify_password(password.expose().as_bytes(), &parsed)
            .is_ok())
    })
    .await?
}

/// An account as listed to admins and on the command line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub role: Role,
    pub scope: Scope,
    pub disabled: bool,
    pub created_at: String,
    /// Bumped by every change; an admin's edit names the version it started from.
    pub version: i64,
}

type AccountRow = (i64, String, String, String, bool, Stamp, i64);
const ACCOUNT_COLUMNS: &str = "id, username, role, scope, disabled, created_at, version";

fn account_from_row(
    (id, username, role, scope, disabled, created_at, version): AccountRow,
) -> Result<Account, BackendError> {
    Ok(Account {
        id,
        username,
        role: parse_role(&role)?,
        scope: parse_scope(&scope)?,
        disabled,
        created_at: created_at.text(),
        version,
    })
}

/// Creates an account on the system's behalf (the first admin, tests), for the whole country. See
/// `create_user_as`.
pub async fn create_user(
    pool: &Db,
    username: &Username,
    password: Password,
    role: Role,
) -> Result<Account, CreateUserError> {
    create_user_as(
        pool,
        &Actor::system("system"),
        username,
        password,
        role,
        &Scope::National,
    )
    .await
}

/// Creates an account and returns it, with its audit row. Fails with `Exists` if the username (in any case)
/// is taken.
pub async fn create_user_as(
    pool: &Db,
    actor: &Actor,
    username: &Username,
    password: Password,
    role: Role,
    scope: &Scope,
) -> Result<Account, CreateUserError> {
    let hash = hash_password(password).await?;
    let mut tx = pool.begin().await.map_err(BackendError::from)?;
    // No conflict target: the unique rule is on the name in any case, which the two engines index
    // differently (a NOCASE column, an index on `lower(username)`).
    let row: Option<AccountRow> = db::optional!(
        &mut tx,
        &format!(
            "INSERT INTO users (username, password_hash, role, scope) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING RETURNING {ACCOUNT_COLUMNS}"
        ),
        username.as_str(),
        hash,
        role.as_str(),
        scope.to_string()
    )
    .map_err(BackendError::from)?;
    let row = row.ok_or_else(|| CreateUserError::Exists(username.to_string()))?;
    let account = account_from_row(row)?;
    append(
        &mut tx,
        actor,
        Action::UserCreate,
        account.id,
        None::<&()>,
        Some(&account),
    )
    .await
    .map_err(BackendError::from)?;
    tx.commit().await.map_err(BackendError::from)?;
    Ok(account)
}

async fn account(tx: &mut Tx, id: i64) -> Result<Account, AppError> {
    let row: Option<AccountRow> = db::optional!(
        tx,
        &format!("SELECT {ACCOUNT_COLUMNS} FROM users WHERE id = $1"),
        id
    )?;
    account_from_row(row.ok_or(AppError::NotFound)?).map_err(AppError::internal)
}

/// What an admin changes about an account.
#[derive(Debug, Clone)]
pub enum AccountChange {
    Role(Role),
    Disabled(bool),
}

/// Changes a role or disables/enables an account, if it is still at `version`. Refused when it would leave
/// no enabled admin.
pub async fn change_account(
    pool: &Db,
    actor: &Actor,
    id: i64,
    version: i64,
    change: AccountChange,
) -> Result<Account, AppError> {
    let mut tx = pool.begin().await?;
    // Two admins disabling each other at once must not both succeed: the count below would see the other
    // still enabled in each. The changes to accounts take turns.
    tx.lock("users").await?;
    let before = account(&mut tx, id).await?;
    let (action, saved) = match &change {
        AccountChange::Role(role) => (
            Action::UserRole,
            db::execute!(
                &mut tx,
                "UPDATE users SET role = $1, version = version + 1 WHERE id = $2 AND version = $3",
                role.as_str(),
                id,
                version
            )?,
        ),
        AccountChange::Disabled(disabled) => (
            if *disabled {
                Action::UserDisable
            } else {
                Action::UserEnable
            },
            db::execute!(
                &mut tx,
                "UPDATE users SET disabled = $1, version = version + 1 WHERE id = $2 AND version = $3",
                *disabled,
                id,
                version
            )?,
        ),
    };
    // No row at the version the edit started from: someone saved in between.
    crate::db::at_version(saved)?;
    let admins: i64 = db::scalar!(
        &mut tx,
        "SELECT count(*) FROM users WHERE role = 'admin' AND NOT disabled"
    )?;
    if admins == 0 {
        // Dropping the transaction rolls the change back.
        let field = match change {
            AccountChange::Role(_) => "role",
            AccountChange::Disabled(_) => "disabled",
        };
        return Err(AppError::problem(
            field,
            domain::problem::Problem::LastAdmin,
        ));
    }
    let after = account(&mut tx, id).await?;
    append(&mut tx, actor, action, id, Some(&before), Some(&after)).await?;
    tx.commit().await?;
    Ok(after)
}

/// Gives an account a new random password and returns it, to be shown once. The account's sessions end,
/// since sessions are bound to the password hash.
pub async fn reset_password(pool: &Db, actor: &Actor, id: i64) -> Result<String, AppError> {
    let password = generate_password();
    let hash = hash_password(Password::new_secret(password.clone()).map_err(AppError::internal)?)
        .await
        .map_err(AppError::internal)?;
    let mut tx = pool.begin().await?;
    let before = account(&mut tx, id).await?;
    db::execute!(
        &mut tx,
        "UPDATE users SET password_hash = $1, version = version + 1 WHERE id = $2",
        hash,
        id
    )?;
    let after = account(&mut tx, id).await?;
    // The audit row says that the password changed, never what it is.
    append(
        &mut tx,
        actor,
        Action::UserPasswordReset,
        id,
        Some(&before),
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(password)
}

/// A random password of four groups of four letters and digits (about 80 bits), easy to read out: no 0/O,
/// 1/l/I.
pub fn generate_password() -> String {
    use argon2::password_hash::rand_core::RngCore;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    bytes
        .chunks(4)
        .map(|group| {
            group
                .iter()
                .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("-")
}

pub async fn list_users(pool: &Db) -> Result<Vec<Account>, BackendError> {
    let rows: Vec<AccountRow> = db::all!(
        pool,
        &format!("SELECT {ACCOUNT_COLUMNS} FROM users ORDER BY lower(username)")
    )?;
    rows.into_iter().map(account_from_row).collect()
}

/// The accounts whose scope lies inside `scope`, by name.
pub async fn list_users_in(pool: &Db, scope: &Scope) -> Result<Vec<Account>, AppError> {
    let mut inside = Vec::new();
    for account in list_users(pool).await.map_err(AppError::internal)? {
        if crate::places::db::scope_contains(pool, scope, &account.scope).await? {
            inside.push(account);
        }
    }
    Ok(inside)
}

/// `404` unless the account exists and its scope lies inside `scope`: an admin cannot tell an account
/// outside their scope from one that does not exist.
pub async fn require_account_in(pool: &Db, scope: &Scope, id: i64) -> Result<(), AppError> {
    let stored: Option<String> =
        db::scalar_optional!(pool, "SELECT scope FROM users WHERE id = $1", id)?;
    let Some(stored) = stored else {
        return Err(AppError::NotFound);
    };
    let stored = parse_scope(&stored).map_err(AppError::internal)?;
    if crate::places::db::scope_contains(pool, scope, &stored).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// The scope a new account gets: as typed (empty means the admin's own), known (a police area that
/// exists), and inside the creating admin's scope: `422` on `scope` if it is not a scope, `403` if it lies
/// outside the admin's.
pub async fn scope_for_new_account(
    pool: &Db,
    admin: &Scope,
    typed: &str,
) -> Result<Scope, AppError> {
    if typed.trim().is_empty() {
        return Ok(admin.clone());
    }
    let scope = Scope::parse(typed).map_err(|e| AppError::problem("scope", e))?;
    if let Scope::PoliceArea(slug) = &scope {
        if crate::places::db::region_of(pool, slug.as_str())
            .await?
            .is_none()
        {
            return Err(AppError::problem(
                "scope",
                domain::problem::Problem::UnknownValue {
                    set: "police_area".into(),
                    value: slug.to_string(),
                },
            ));
        }
    }
    if crate::places::db::scope_contains(pool, admin, &scope).await? {
        Ok(scope)
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn count_users(pool: &Db) -> Result<i64, sqlx::Error> {
    db::scalar!(pool, "SELECT count(*) FROM users")
}

// ------------------------------------------------------------------------- the first admin --

/// How long a printed first-admin link works.
pub const FIRST_ADMIN_LINK_HOURS: i64 = 24;

/// A fresh link token when the database has no admin (a new install, or one with only `lofte demo`'s
/// example officer), else `None`. Any earlier token stops working: only the latest printed link is valid.
pub async fn issue_first_admin_link(pool: &crate::db::Db) -> Result<Option<String>, AppError> {
    use domain::credentials::Password;
    if admin_exists(pool).await? {
        return Ok(None);
    }
    let token = format!("{}-{}", generate_password(), generate_password());
    let hash = hash_password(Password::new_secret(token.clone()).map_err(AppError::internal)?)
        .await
        .map_err(AppError::internal)?;
    use crate::db::{self, Stamp};
    let expires = Stamp(chrono::Utc::now() + chrono::Duration::hours(FIRST_ADMIN_LINK_HOURS));
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

pub async fn admin_exists(pool: &crate::db::Db) -> Result<bool, AppError> {
    Ok(crate::db::scalar!(
        pool,
        "SELECT EXISTS (SELECT 1 FROM users WHERE role = 'admin')"
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::test_pool;

    fn creds(name: &str, password: &str) -> Credentials {
        Credentials {
            username: Username::parse(name).unwrap(),
            password: Password::offered(password.into()).unwrap(),
        }
    }

    #[tokio::test]
    async fn a_created_user_signs_in_with_the_right_password_only() {
        let pool = test_pool().await;
        let name = Username::parse("anna").unwrap();
        create_user(
            &pool,
            &name,
            Password::new_secret("rätt lösenord 123".into()).unwrap(),
            Role::Officer,
        )
        .await
        .unwrap();
        let backend = Backend::new(pool.clone());
        let user = backend
            .authenticate(creds("ANNA", "rätt lösenord 123"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!((user.username.as_str(), user.role), ("anna", Role::Officer));
        assert!(backend
            .authenticate(creds("anna", "fel lösenord 123"))
            .await
            .unwrap()
            .is_none());
        assert!(backend
            .authenticate(creds("okand", "rätt lösenord 123"))
            .await
            .unwrap()
            .is_none());

        let stored: String = db::scalar!(&pool, "SELECT password_hash FROM users").unwrap();
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(!stored.contains("rätt lösenord"));
    }

    #[tokio::test]
    async fn usernames_are_unique_in_any_case() {
        let pool = test_pool().await;
        let pw = || Password::new_secret("ett långt lösenord".into()).unwrap();
        create_user(&pool, &Username::parse("anna").unwrap(), pw(), Role::Admin)
            .await
            .unwrap();
        let again = create_user(
            &pool,
            &Username::parse("Anna").unwrap(),
            pw(),
            Role::Officer,
        )
        .await;
        assert!(matches!(again, Err(CreateUserError::Exists(_))));
        assert_eq!(count_users(&pool).await.unwrap(), 1);
    }

    #[tokio::test]
    async fn disabled_accounts_cannot_sign_in_or_keep_a_session() {
        let pool = test_pool().await;
        let pw = "ett långt lösenord";
        let id = create_user(
            &pool,
            &Username::parse("bo").unwrap(),
            Password::new_secret(pw.into()).unwrap(),
            Role::Officer,
        )
        .await
        .unwrap()
        .id;
        db::execute!(&pool, "UPDATE users SET disabled = TRUE WHERE id = $1", id).unwrap();
        let backend = Backend::new(pool);
        assert!(backend
            .authenticate(creds("bo", pw))
            .await
            .unwrap()
            .is_none());
        assert!(backend.get_user(&id).await.unwrap().is_none());
    }

    #[test]
    fn generated_passwords_are_long_and_differ() {
        let a = generate_password();
        assert_eq!(a.len(), 19);
        assert!(Password::new_secret(a.clone()).is_ok());
        assert_ne!(a, generate_password());
    }

    #[tokio::test]
    async fn the_last_enabled_admin_cannot_be_demoted_or_disabled() {
        let pool = test_pool().await;
        let pw = || Password::new_secret("ett långt lösenord".into()).unwrap();
        let ada = create_user(&pool, &Username::parse("ada").unwrap(), pw(), Role::Admin)
            .await
            .unwrap();
        let actor = Actor::user(ada.id, "ada");
        let demote = change_account(
            &pool,
            &actor,
            ada.id,
            ada.version,
            AccountChange::Role(Role::Officer),
        )
        .await;
        assert!(
            matches!(demote, Err(AppError::Invalid { ref problems, .. }) if problems.contains_key("role"))
        );
        let disable = change_account(
            &pool,
            &actor,
            ada.id,
            ada.version,
            AccountChange::Disabled(true),
        )
        .await;
        assert!(matches!(disable, Err(AppError::Invalid { .. })));
        let (role, disabled): (String, bool) = db::one!(
            &pool,
            "SELECT role, disabled FROM users WHERE id = $1",
            ada.id
        )
        .unwrap();
        assert_eq!(
            (role.as_str(), disabled),
            ("admin", false),
            "nothing changed"
        );

        let bo = create_user(&pool, &Username::parse("bo").unwrap(), pw(), Role::Admin)
            .await
            .unwrap();
        let ada = change_account(
            &pool,
            &actor,
            ada.id,
            ada.version,
            AccountChange::Role(Role::Officer),
        )
        .await
        .unwrap();
        assert_eq!((ada.role, ada.version), (Role::Officer, 2));
        // A second save from the old page is a conflict, not a silent overwrite.
        let stale = change_account(&pool, &actor, ada.id, 1, AccountChange::Disabled(true)).await;
        assert_eq!(stale.unwrap_err(), AppError::EditConflict);
        let last = change_account(
            &pool,
            &actor,
            bo.id,
            bo.version,
            AccountChange::Disabled(true),
        )
        .await;
        assert!(matches!(last, Err(AppError::Invalid { .. })));
    }

    #[test]
    fn the_dummy_hash_is_a_valid_argon2id_hash() {
        let parsed = PasswordHash::new(DUMMY_HASH).unwrap();
        assert_eq!(parsed.algorithm.as_str(), "argon2id");
    }
}
