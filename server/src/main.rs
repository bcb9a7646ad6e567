// Leptos's typed views nest deeply; the release build (without erased components) needs the room.
#![recursion_limit = "512"]

use anyhow::Context;
use app::auth::db::{self as users, CreateUserError};
use app::i18n::Locale;
use app::web::login_limit::LoginLimits;
use app::web::Settings;
use app::words::problems::Words;
use clap::Parser;
use domain::credentials::{Password, Username};
use domain::problem::Problem;
use lofte::cli::{Cli, Command, ServeArgs, UserCommand};
use lofte::{Application, Config};
use std::io::BufRead;

fn main() -> anyhow::Result<()> {
    // Before any thread starts: the secrets given as files become the settings they stand for.
    let from_files = lofte::secrets::load_secret_files()?;
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run(from_files))
}

async fn run(from_files: Vec<lofte::secrets::FromFile>) -> anyhow::Result<()> {
    return_large_blocks_to_the_system();
    let cli = Cli::parse();
    match cli.command {
        None => serve(cli.database_url, ServeArgs::default_from_env()).await,
        Some(Command::Serve(args)) => serve(cli.database_url, *args).await,
        Some(Command::Demo) => demo(&cli.database_url).await,
        Some(Command::User(command)) => {
            init_tracing(false);
            user(&cli.database_url, command).await
        }
        Some(Command::Backup { path }) => {
            init_tracing(false);
            let summary = lofte::backup::backup(&cli.database_url, &path).await?;
            println!("Backed up to {}: integrity ok; {summary}.", path.display());
            Ok(())
        }
        Some(Command::Restore { path }) => {
            init_tracing(false);
            let summary = lofte::backup::restore(&cli.database_url, &path).await?;
            println!(
                "Restored {} to {}: integrity ok; {summary}. Start the server.",
                path.display(),
                lofte::backup::database_file(&cli.database_url)?.display()
            );
            Ok(())
        }
        Some(Command::CopyToPostgres { url }) => {
            init_tracing(false);
            let copied = lofte::to_postgres::copy(&cli.database_url, &url).await?;
            println!("Copied to PostgreSQL and checked: {copied}.");
            Ok(())
        }
        Some(Command::Check) => {
            init_tracing(false);
            check(&cli.database_url).await
        }
        Some(Command::Healthcheck { url }) => healthcheck(url).await,
        Some(Command::Config) => {
            print_config(
                &cli.database_url,
                &ServeArgs::default_from_env(),
                &from_files,
            );
            Ok(())
        }
    }
}

/// `lofte config`: the effective configuration, a setting a line, secrets redacted.
fn print_config(database_url: &str, args: &ServeArgs, from_files: &[lofte::secrets::FromFile]) {
    let source = |name: &str| {
        from_files
            .iter()
            .find(|f| f.name == name)
            .map(|f| format!("  (from {name}_FILE, {})", f.path.display()))
            .unwrap_or_default()
    };
    let redacted = |url: &str| match app::database_url::DatabaseUrl::parse(url) {
        Ok(url) => url.redacted(),
        Err(_) => "(not a database URL the server accepts)".to_owned(),
    };
    let lines: Vec<(&str, String)> = vec![
        (
            "DATABASE_URL",
            format!("{}{}", redacted(database_url), source("DATABASE_URL")),
        ),
        (
            "LOFTE_COPY_TO",
            std::env::var("LOFTE_COPY_TO").map_or_else(
                |_| "(unset)".to_owned(),
                |url| format!("{}{}", redacted(&url), source("LOFTE_COPY_TO")),
            ),
        ),
        (
            "LEPTOS_SITE_ADDR",
            args.site_addr.map_or_else(
                || "127.0.0.1:3000 (the build's)".to_owned(),
                |a| a.to_string(),
            ),
        ),
        (
            "LEPTOS_SITE_ROOT",
            args.site_root.as_ref().map_or_else(
                || "target/site (the build's)".to_owned(),
                |r| r.display().to_string(),
            ),
        ),
        ("LOFTE_COOKIE_SECURE", args.cookie_secure.to_string()),
        (
            "LOFTE_LOGIN_FAILURES_PER_ACCOUNT_ADDRESS",
            args.login_failures_per_account_address.to_string(),
        ),
        (
            "LOFTE_LOGIN_FAILURES_PER_ADDRESS",
            args.login_failures_per_address.to_string(),
        ),
        (
            "LOFTE_LOGIN_FAILURES_PER_ACCOUNT",
            args.login_failures_per_account.to_string(),
        ),
        (
            "LOFTE_TRUSTED_PROXIES",
            format!("{:?}", args.trusted_proxies),
        ),
        (
            "LOFTE_PUBLIC_ORIGIN",
            args.public_origin
                .as_ref()
                .map_or_else(|| "(unset)".to_owned(), |o| format!("{o:?}")),
        ),
        (
            "LOFTE_ACCESSIBILITY_CONTACT",
            args.accessibility_contact.clone(),
        ),
        ("LOFTE_PUBLISHER_NAME", args.publisher_name.clone()),
        ("LOFTE_PUBLISHER_ORGNR", args.publisher_orgnr.clone()),
        ("LOFTE_PUBLISHER_EMAIL", args.publisher_email.clone()),
        ("LOFTE_DB_TIMEOUT", format!("{} s", args.db_timeout)),
        ("LOFTE_DRAIN_SECONDS", format!("{} s", args.drain_seconds)),
        (
            "LOFTE_SHUTDOWN_SECONDS",
            format!("{} s", args.shutdown_seconds),
        ),
        (
            "LOFTE_METRICS_ADDR",
            args.metrics_addr
                .map_or_else(|| "(unset: no metrics)".to_owned(), |a| a.to_string()),
        ),
        ("LOFTE_LOG_JSON", args.log_json.to_string()),
    ];
    for (name, value) in lines {
        println!("{name:<42} {value}");
    }
}

/// `lofte healthcheck`: GET /readyz of a running server; exits 1 unless it answers 200 within 5 s.
async fn healthcheck(url: Option<String>) -> anyhow::Result<()> {
    let base = match url {
        Some(url) => url,
        None => {
            let addr =
                std::env::var("LEPTOS_SITE_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".into());
            // A server listening on every address is asked on the loopback one.
            let addr = addr
                .replace("0.0.0.0:", "127.0.0.1:")
                .replace("[::]:", "[::1]:");
            format!("http://{addr}")
        }
    };
    let url = format!("{}/readyz", base.trim_end_matches('/'));
    let answer = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(5))
        .build()?
        .get(&url)
        .send()
        .await;
    match answer {
        Ok(res) if res.status().is_success() => {
            println!("ready: {url}");
            Ok(())
        }
        Ok(res) => {
            let status = res.status();
            let body = res.text().await.unwrap_or_default();
            eprintln!("not ready: {url} answered {status}: {body}");
            std::process::exit(1)
        }
        Err(e) => {
            eprintln!("not ready: {url}: {e}");
            std::process::exit(1)
        }
    }
}

/// glibc's allocator serves a block of at least `M_MMAP_THRESHOLD` from its own mapping and unmaps it when
/// freed. By default the threshold rises to the size of the largest such block freed (up to 32 MB), and
/// the point above which it gives free memory back rises with it: after the static files' brotli encoders
/// (tens of MB each, once at start) and the pages' (1–2 MB, at every render), the memory freed by the
/// renders stayed with the process, 455 MB of it with 34 MB in use after a minute of load. A fixed
/// threshold keeps both where they start.
fn return_large_blocks_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt changes a setting of the allocator under its own lock; it takes no pointers.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1024 * 1024);
    }
}

/// `lofte check`: the tallies against the record, and what the move to organisations could not place.
/// Prints each finding and fails if there is one.
async fn check(database_url: &str) -> anyhow::Result<()> {
    use app::places::db::Unplaced;
    let pool = lofte::open_database(database_url, &app::web::Clock::default()).await?;
    let differences = app::agreements::db::tallies::check(&pool).await?;
    if differences.is_empty() {
        println!("The tallies agree with the record.");
    }
    for difference in &differences {
        println!("{difference}");
    }
    let unplaced = app::places::db::unplaced(&pool).await?;
    if unplaced.is_empty() {
        println!("Every agreement and office hour has its municipality and police area.");
    }
    for u in &unplaced {
        match u {
            Unplaced::Municipality { agreement, text } => println!(
                "agreement {agreement}: its municipality {text:?} names no Swedish municipality; \
                 set its municipalities (codes) in the admin"
            ),
            Unplaced::PoliceArea { agreement, text } => println!(
                "agreement {agreement}: no police area (was {text:?}); set one in the admin"
            ),
            Unplaced::OfficeHours { slots, extras } => {
                println!("{slots} weekly and {extras} extra office hours have no police area")
            }
        }
    }
    let found = differences.len() + unplaced.len();
    if found == 0 {
        return Ok(());
    }
    anyhow::bail!(
        "{} tallies differ from the record, {} items are not placed",
        differences.len(),
        unplaced.len()
    )
}

async fn serve(database_url: String, args: ServeArgs) -> anyhow::Result<()> {
    init_tracing(args.log_json);
    let mut leptos_options = leptos::config::get_configuration(None)
        .context("reading the Leptos site configuration")?
        .leptos_options;
    if let Some(addr) = args.site_addr {
        leptos_options.site_addr = addr;
    }
    if let Some(root) = args.site_root {
        leptos_options.site_root = root.to_string_lossy().into_owned().into();
    }
    let login_limits = LoginLimits {
        per_account_address: args.login_failures_per_account_address,
        per_address: args.login_failures_per_address,
        per_account: args.login_failures_per_account,
    };
    if !args.trusted_proxies.is_empty() {
        tracing::info!(proxies = ?args.trusted_proxies, "client addresses from X-Forwarded-For of trusted proxies");
    }
    let app = Application::build(Config {
        database_url,
        leptos_options,
        settings: Settings {
            cookie_secure: args.cookie_secure,
            login_limits,
            accessibility_contact: args.accessibility_contact.trim().to_owned(),
            publisher: app::web::Publisher {
                name: args.publisher_name.trim().to_owned(),
                orgnr: args.publisher_orgnr.trim().to_owned(),
                email: args.publisher_email.trim().to_owned(),
            },
            trusted_proxies: args.trusted_proxies,
            public_origin: args.public_origin,
            db_timeout: app::web::storage::DbTimeout(std::time::Duration::from_secs(
                args.db_timeout,
            )),
            metrics_addr: args.metrics_addr,
        },
        clock: app::web::Clock::default(),
        drain: std::time::Duration::from_secs(args.drain_seconds),
        finish: std::time::Duration::from_secs(args.shutdown_seconds),
    })
    .await?;
    if let Some(token) = app::auth::db::issue_first_admin_link(app.pool())
        .await
        .map_err(|e| anyhow::anyhow!("issuing the first-admin link: {e:?}"))?
    {
        tracing::warn!("no accounts yet: create the first admin from the link printed on stdout");
        println!(
            "\nNo accounts yet. Create the first admin in the browser (the link works once, for {} hours):\n    \
             http://{}{}?token={token}\n\
             or on the command line: lofte user add admin --role admin (the password, at least {} \
             characters, on stdin or in LOFTE_PASSWORD).\n",
            app::auth::db::FIRST_ADMIN_LINK_HOURS,
            app.local_addr()?,
            app::paths::FIRST_ADMIN,
            Password::MIN_NEW
        );
    }
    tracing::info!(addr = %app.local_addr()?, "listening");
    app.run_until_stopped().await.context("serving")
}

async fn demo(database_url: &str) -> anyhow::Result<()> {
    use app::agreements::db::demo::{add, Outcome};
    let pool = lofte::open_database(database_url, &app::web::Clock::default()).await?;
    match add(&pool, app::web::Clock::default().today())
        .await
        .map_err(|e| anyhow::anyhow!("adding the example: {e:?}"))?
    {
        Outcome::Added {
            slugs,
            reports,
            marks,
        } => {
            println!(
                "Added {} example agreements with {reports} example reports and {marks} held office hours. \
                 Their pages say that they are example data:",
                slugs.len()
            );
            for slug in slugs {
                println!("  /avtal/{slug}");
            }
            Ok(())
        }
        Outcome::NotEmpty => anyhow::bail!(
            "the database holds agreements, reports or office-hour marks besides the seed; the example is \
             only added to an empty database"
        ),
    }
}

async fn user(database_url: &str, command: UserCommand) -> anyhow::Result<()> {
    let pool = lofte::open_database(database_url, &app::web::Clock::default()).await?;
    match command {
        UserCommand::Add { name, role, scope } => {
            let username = Username::parse(&name).map_err(worded)?;
            let raw = match std::env::var("LOFTE_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    eprintln!(
                        "Password for {username} (at least {} characters):",
                        Password::MIN_NEW
                    );
                    let mut line = String::new();
                    std::io::stdin()
                        .lock()
                        .read_line(&mut line)
                        .context("reading the password from stdin")?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let password = Password::new_secret(raw).map_err(worded)?;
            // A police area's scope names an area that exists.
            let scope = users::scope_for_new_account(
                &pool,
                &domain::places::Scope::National,
                &scope.to_string(),
            )
            .await
            .map_err(|e| anyhow::anyhow!("--scope {scope}: {e}"))?;
            users::create_user_as(
                &pool,
                &app::audit::Actor::system("cli"),
                &username,
                password,
                role.into(),
                &scope,
            )
            .await
            .map_err(|e| match e {
                CreateUserError::Exists(username) => worded(Problem::UsernameTaken { username }),
                other => other.into(),
            })?;
            println!(
                "Created {} {username} ({scope}).",
                domain::credentials::Role::from(role)
            );
        }
        UserCommand::List => {
            let accounts = users::list_users(&pool).await?;
            if accounts.is_empty() {
                println!("No accounts. Create one with `lofte user add NAME --role admin`.");
            }
            for a in accounts {
                let state = if a.disabled { "disabled" } else { "active" };
                println!(
                    "{:<24} {:<8} {:<9} {:<28} created {}",
                    a.username,
                    a.role,
                    state,
                    a.scope.to_string(),
                    a.created_at
                );
            }
        }
    }
    Ok(())
}

/// A refusal as the command line says it: in words, in Swedish (the app's default language).
fn worded(problem: impl Into<Problem>) -> anyhow::Error {
    anyhow::anyhow!(problem.into().text(Locale::sv))
}

fn init_tracing(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}
