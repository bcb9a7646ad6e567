//! The `lofte` server: reads configuration, opens and migrates the database, seeds it, builds the router
//! and serves. Everything the app does lives in the `app` crate.

// Leptos's typed views nest deeply; the release build (without erased components) needs the room.
#![recursion_limit = "512"]

pub mod backup;
pub mod cli;
pub mod secrets;
pub mod to_postgres;

use anyhow::Context;
use app::db::Db;
use app::web::{AppState, Settings};
use axum::serve::ListenerExt;
use leptos::config::LeptosOptions;
use std::net::SocketAddr;
use tokio::net::TcpListener;

/// Everything the server needs to start.
#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub leptos_options: LeptosOptions,
    pub settings: Settings,
    /// Today's date: Stockholm's calendar, unless a test fixes it.
    pub clock: app::web::Clock,
    /// How long the server keeps serving after SIGTERM or Ctrl-C, with `/readyz` answering `503`, before
    /// it stops accepting connections.
    pub drain: std::time::Duration,
    /// How long the requests in flight then get to finish before the server stops anyway.
    pub finish: std::time::Duration,
}

/// A bound, ready-to-serve app. Binding happens in `build`, so port 0 gives a free port to tests.
pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    pool: Db,
    draining: std::sync::Arc<std::sync::atomic::AtomicBool>,
    drain: std::time::Duration,
    finish: std::time::Duration,
    /// Where metrics are served, when they are.
    metrics: Option<TcpListener>,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let pool = open_database_with(
            &config.database_url,
            &config.clock,
            config.settings.db_timeout.0,
        )
        .await?;
        let addr = config.leptos_options.site_addr;
        let metrics = match config.settings.metrics_addr {
            Some(addr) => Some(
                TcpListener::bind(addr)
                    .await
                    .with_context(|| format!("binding the metrics address {addr}"))?,
            ),
            None => None,
        };
        let state = AppState::new(config.leptos_options, pool.clone(), config.settings)
            .with_clock(config.clock);
        let draining = state.draining.clone();
        let router = app::routes::router(state)
            .await
            .context("setting up sessions")?;
        let listener = TcpListener::bind(addr)
            .await
            .with_context(|| format!("binding {addr}"))?;
        Ok(Self {
            listener,
            router,
            pool,
            draining,
            drain: config.drain,
            finish: config.finish,
            metrics,
        })
    }

    /// The address metrics are served on, when they are.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics.as_ref().and_then(|l| l.local_addr().ok())
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    pub fn pool(&self) -> &Db {
        &self.pool
    }

    /// Serves until Ctrl-C or SIGTERM; then drains (see [`Config::drain`]), stops accepting connections
    /// and lets requests in flight finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        if let Some(listener) = self.metrics {
            let metrics =
                app::web::metrics::router(app::web::metrics::install(), self.pool.clone());
            tracing::info!(address = ?listener.local_addr().ok(), "metrics for Prometheus at /metrics");
            tokio::spawn(async move {
                if let Err(e) = axum::serve(listener, metrics).await {
                    tracing::error!(error = %e, "the metrics address stopped serving");
                }
            });
        }
        let (draining, drain, finish) = (self.draining, self.drain, self.finish);
        // Told when the server stops accepting connections: from then on, requests in flight get `finish`.
        let (closing, closed) = tokio::sync::oneshot::channel::<()>();
        // Every response goes out as soon as it is written: without TCP_NODELAY a response written in pieces
        // (a streamed CSV) waited ~40 ms for the client's delayed acknowledgement (Nagle's algorithm).
        let listener = self.listener.tap_io(|tcp| {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::debug!(error = %e, "could not set TCP_NODELAY on a connection");
            }
        });
        let serving = axum::serve(listener, service).with_graceful_shutdown(async move {
            shutdown_signal().await;
            draining.store(true, std::sync::atomic::Ordering::SeqCst);
            if !drain.is_zero() {
                tracing::info!(
                    ?drain,
                    "draining: /readyz answers 503 while requests are still served"
                );
                tokio::time::sleep(drain).await;
            }
            tracing::info!(
                ?finish,
                "no longer accepting connections; finishing the requests in flight"
            );
            let _ = closing.send(());
        });
        let deadline = async move {
            if closed.await.is_ok() {
                tokio::time::sleep(finish).await;
            } else {
                std::future::pending::<()>().await;
            }
        };
        tokio::select! {
            served = serving => served,
            () = deadline => {
                // A request still running now is cut off: it is answered nothing, so a sync batch it held
                // was not acknowledged, and is sent again (and answered `duplicate` if it was stored).
                tracing::warn!(?finish, "requests still in flight after the limit: stopping anyway");
                Ok(())
            }
        }
    }
}

/// Opens the database, brings its schema up to date and loads the seed agreement and the example office
/// hours (around `clock`'s today) if they are missing.
pub async fn open_database(url: &str, clock: &app::web::Clock) -> anyhow::Result<Db> {
    open_database_with(url, clock, app::db::DEFAULT_TIMEOUT).await
}

/// [`open_database`], waiting on the database for at most `timeout` per request.
pub async fn open_database_with(
    url: &str,
    clock: &app::web::Clock,
    timeout: std::time::Duration,
) -> anyhow::Result<Db> {
    // Refused before anything is opened or created: a URL of another engine once became a SQLite file.
    let url = app::database_url::DatabaseUrl::parse(url)?;
    let pool = Db::connect_with(&url, timeout).await.with_context(|| {
        format!(
            "opening the {} database {}",
            url.backend().name(),
            url.redacted()
        )
    })?;
    if app::agreements::db::insert_if_absent(&pool, &app::agreements::seed::savsjo()).await? {
        tracing::info!("seeded the Sävsjö agreement 2018–2019");
    }
    if app::office_hours::db::seed_example(&pool, clock.today()).await? {
        tracing::info!("seeded example office hours for Sävsjö");
    }
    // What was written before organisations, placed by its codes; `lofte check` lists what is not.
    app::places::db::adopt(&pool).await?;
    app::office_hours::db::adopt(&pool).await?;
    Ok(pool)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
