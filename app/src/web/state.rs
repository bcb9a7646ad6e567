//! The app's state: built once at start and shared by every handler and server function. It holds the
//! plumbing's state only (the database, the page cache, the limits, the clock) and imports no feature.

use super::cache::PageCache;
use super::client::TrustedProxies;
use super::handover::Handovers;
use super::login_limit::{LoginLimiter, LoginLimits};
use super::origin::PublicOrigin;
use super::storage::{DbTimeout, StorageWatch};
use crate::db::Db;
use crate::error::AppError;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

/// Built once at start and shared by every handler and server function.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: Db,
    pub login_limiter: Arc<LoginLimiter>,
    pub cookie_secure: bool,
    /// Names this build's front-end assets; the service worker's cache is named after it.
    pub asset_version: Arc<str>,
    /// Where accessibility problems are reported; empty when not configured.
    pub accessibility_contact: Arc<str>,
    /// Who publishes the open data, for its DCAT catalogue.
    pub publisher: Arc<Publisher>,
    /// Public pages and static files kept in memory (see `cache`).
    pub pages: Arc<PageCache>,
    /// Today's date where the agreements apply; tests set it.
    pub clock: Clock,
    /// The proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Arc<TrustedProxies>,
    /// This server's origin as browsers see it, when a proxy changes `Host`.
    pub public_origin: Option<Arc<PublicOrigin>>,
    /// How long a request waits on the database before it is refused with `storage_unavailable`.
    pub db_timeout: std::time::Duration,
    /// The last storage fault a request met, for `/healthz`.
    pub storage: Arc<StorageWatch>,
    /// New passwords waiting to be shown once to the admin who reset them.
    pub handovers: Arc<Handovers>,
    /// Set when the server has been told to stop: `/readyz` then answers `503` while requests are still
    /// served, so that a load balancer moves traffic away first.
    pub draining: Arc<std::sync::atomic::AtomicBool>,
}

/// Who publishes the catalogue (`LOFTE_PUBLISHER_NAME`, `LOFTE_PUBLISHER_ORGNR`, `LOFTE_PUBLISHER_EMAIL`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Publisher {
    pub name: String,
    /// The organisation number (organisationsnummer), e.g. `212000-0142`.
    pub orgnr: String,
    /// Where questions about the data go; the catalogue's contact point.
    pub email: String,
}

/// What the app is told at start, beside its site options and database.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub cookie_secure: bool,
    pub login_limits: LoginLimits,
    /// An e-mail address for reporting accessibility problems; empty when not configured.
    pub accessibility_contact: String,
    /// Who publishes the open data (`LOFTE_PUBLISHER_*`).
    pub publisher: Publisher,
    pub trusted_proxies: TrustedProxies,
    pub public_origin: Option<PublicOrigin>,
    pub db_timeout: DbTimeout,
    /// Where to serve metrics for Prometheus (`LOFTE_METRICS_ADDR`); none when unset.
    pub metrics_addr: Option<std::net::SocketAddr>,
}

impl AppState {
    pub fn new(leptos_options: LeptosOptions, pool: Db, settings: Settings) -> Self {
        let asset_version = asset_version(&leptos_options).into();
        Self {
            leptos_options,
            pool,
            login_limiter: Arc::new(LoginLimiter::with_limits(settings.login_limits)),
            cookie_secure: settings.cookie_secure,
            asset_version,
            accessibility_contact: settings.accessibility_contact.into(),
            publisher: Arc::new(settings.publisher),
            trusted_proxies: Arc::new(settings.trusted_proxies),
            public_origin: settings.public_origin.map(Arc::new),
            pages: Arc::default(),
            clock: Clock::default(),
            db_timeout: settings.db_timeout.0,
            storage: Arc::default(),
            handovers: Arc::default(),
            draining: Arc::default(),
        }
    }

    /// The same state with another clock.
    pub fn with_clock(self, clock: Clock) -> Self {
        Self { clock, ..self }
    }

    /// Today's date where the agreements apply.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }
}

/// Where the app takes today's date from: Stockholm's calendar, or a date a test sets.
#[derive(Clone, Default, Debug)]
pub struct Clock(Option<Arc<std::sync::Mutex<chrono::NaiveDate>>>);

impl Clock {
    /// A clock that says `day` until it is set to another.
    pub fn fixed(day: chrono::NaiveDate) -> Self {
        Self(Some(Arc::new(std::sync::Mutex::new(day))))
    }

    /// Moves a fixed clock to `day`; the real clock cannot be moved.
    pub fn set(&self, day: chrono::NaiveDate) {
        if let Some(fixed) = &self.0 {
            *fixed.lock().expect("the clock's lock is never poisoned") = day;
        }
    }

    pub fn today(&self) -> chrono::NaiveDate {
        match &self.0 {
            Some(fixed) => *fixed.lock().expect("the clock's lock is never poisoned"),
            None => stockholm_today(),
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// A hash of the built WASM, JS and CSS, the parts of the WASM split off to load later among them, so that
/// every deploy that changes any of them gets a new service worker and cache. Without a built front end (as
/// in the integration tests) it is "unbuilt".
fn asset_version(options: &LeptosOptions) -> String {
    use std::hash::{DefaultHasher, Hasher};
    let pkg = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let mut files: Vec<_> = std::fs::read_dir(&pkg)
        .map(|dir| dir.flatten().map(|entry| entry.path()).collect())
        .unwrap_or_default();
    files.retain(|path| {
        path.extension()
            .is_some_and(|ext| ["wasm", "js", "css", "json"].iter().any(|e| ext == *e))
    });
    files.sort();
    let mut hasher = DefaultHasher::new();
    let mut found = false;
    for path in files {
        if let Ok(bytes) = std::fs::read(&path) {
            hasher.write(path.file_name().unwrap_or_default().as_encoded_bytes());
            hasher.write(&bytes);
            found = true;
        }
    }
    if found {
        format!("{:016x}", hasher.finish())
    } else {
        "unbuilt".into()
    }
}

/// The app state inside a server function.
pub fn app_state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        AppError::Internal
    })
}

fn stockholm_today() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .date_naive()
}
