//! The command line: `lofte [serve]`, `lofte user add`, `lofte user list`, `lofte backup`, `lofte restore`,
//! `lofte check`, `lofte demo`, `lofte copy-to-postgres`.

use app::web::{PublicOrigin, TrustedProxies};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "lofte",
    version,
    about = "Medborgarlöfte: citizen promises made measurable",
    long_about = "Medborgarlöfte: serves the public agreement pages, the officers' reporting and the open-data \
                  API from one binary with an embedded SQLite database.\n\nWith no command, `lofte` serves."
)]
pub struct Cli {
    /// The database, as a URL with its scheme: `sqlite://PATH` (created, migrated and seeded on first
    /// start) or `postgres://…`. Any other URL is refused at start. DATABASE_URL_FILE may name a file that
    /// holds it instead.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/lofte.db",
        global = true
    )]
    pub database_url: String,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the web app (the default).
    Serve(Box<ServeArgs>),
    /// Manage accounts for officers and admins.
    #[command(subcommand)]
    User(UserCommand),
    /// Write a consistent copy of the database to PATH (which must not exist), also while the server runs,
    /// and check it (SQLite's integrity check, and what it holds).
    Backup { path: PathBuf },
    /// Replace the database with the backup at PATH, after checking it. Stop the server first: a database
    /// in use is refused.
    Restore { path: PathBuf },
    /// Copy the whole SQLite database (DATABASE_URL) into the empty PostgreSQL database at URL, creating
    /// its schema, then check that both hold the same rows and tallies. Stop the server first, so that
    /// nothing is written to SQLite during the copy. Sessions are not copied: people sign in again.
    CopyToPostgres {
        /// postgres://user:password@host/database (the database must exist and be empty). From the
        /// environment, it stays out of the process list.
        #[arg(env = "LOFTE_COPY_TO")]
        url: String,
    },
    /// Derive the progress tallies from the record again and report any difference (exit status 1 if
    /// there is one).
    Check,
    /// Print the configuration the server would start with, from the environment and the flags' defaults,
    /// with secrets redacted, and where each secret came from.
    Config,
    /// Ask a running server whether it is ready (GET /readyz on LEPTOS_SITE_ADDR, or on --url): exit status
    /// 0 when it is, 1 when it is not or does not answer within 5 s. For container and unit health checks.
    Healthcheck {
        /// The server's address [default: http:// and LEPTOS_SITE_ADDR, 127.0.0.1:3000].
        #[arg(long)]
        url: Option<String>,
    },
    /// Add clearly labelled example agreements for the current period in six municipalities (copied from
    /// Sävsjö's), with example reports and office-hour marks. Only on an empty database: no agreement but
    /// the seed, no reports, no marks.
    Demo,
}

#[derive(clap::Args, Debug, Default)]
pub struct ServeArgs {
    /// Address to listen on [default: the build's site-addr, 127.0.0.1:3000].
    #[arg(long, env = "LEPTOS_SITE_ADDR")]
    pub site_addr: Option<std::net::SocketAddr>,

    /// Folder with the built site (pkg/, static files) [default: target/site].
    #[arg(long, env = "LEPTOS_SITE_ROOT")]
    pub site_root: Option<PathBuf>,

    /// Mark the session cookie Secure. Set this when the app is served over HTTPS.
    #[arg(long, env = "LOFTE_COOKIE_SECURE", default_value_t = false)]
    pub cookie_secure: bool,

    /// Failed sign-ins to one account from one client address before the limit (then one a minute).
    #[arg(long, env = "LOFTE_LOGIN_FAILURES_PER_ACCOUNT_ADDRESS", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    pub login_failures_per_account_address: u32,

    /// Failed sign-ins from one client address, to any accounts, before the limit (then one every ten
    /// seconds).
    #[arg(long, env = "LOFTE_LOGIN_FAILURES_PER_ADDRESS", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..))]
    pub login_failures_per_address: u32,

    /// Failed sign-ins to one account from addresses it has not signed in from in 30 days, before the
    /// limit (then one every five minutes).
    #[arg(long, env = "LOFTE_LOGIN_FAILURES_PER_ACCOUNT", default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..))]
    pub login_failures_per_account: u32,

    /// Reverse proxies whose X-Forwarded-For names the client: comma-separated addresses or CIDR
    /// networks (e.g. 127.0.0.1,10.0.0.0/8). Empty: the TCP peer is the client.
    #[arg(long, env = "LOFTE_TRUSTED_PROXIES", default_value = "", value_parser = TrustedProxies::parse)]
    pub trusted_proxies: TrustedProxies,

    /// This site's origin as browsers see it (e.g. https://lofte.example.se), when a proxy in front
    /// changes the Host header. Unset: the Host header is the origin.
    #[arg(long, env = "LOFTE_PUBLIC_ORIGIN", value_parser = PublicOrigin::parse)]
    pub public_origin: Option<PublicOrigin>,

    /// Where the public reports accessibility problems (an e-mail address), shown on the accessibility
    /// statement.
    #[arg(long, env = "LOFTE_ACCESSIBILITY_CONTACT", default_value = "")]
    pub accessibility_contact: String,

    /// Who publishes the open data, named in its DCAT catalogue (/dcat.rdf) for the national data portal.
    #[arg(long, env = "LOFTE_PUBLISHER_NAME", default_value = "Medborgarlöfte")]
    pub publisher_name: String,

    /// The publisher's organisation number, e.g. 212000-0142.
    #[arg(long, env = "LOFTE_PUBLISHER_ORGNR", default_value = "")]
    pub publisher_orgnr: String,

    /// Where questions about the open data go (an e-mail address): the catalogue's contact point.
    #[arg(long, env = "LOFTE_PUBLISHER_EMAIL", default_value = "")]
    pub publisher_email: String,

    /// Seconds a request waits on the database (for a connection, for SQLite's write lock, for a sync's
    /// transaction) before it is refused with 503 storage_unavailable; /healthz answers within it too.
    #[arg(long, env = "LOFTE_DB_TIMEOUT", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=300))]
    pub db_timeout: u64,

    /// Serve metrics for Prometheus at /metrics on this address (e.g. 127.0.0.1:9464), never on the public
    /// one. Unset: no metrics.
    #[arg(long, env = "LOFTE_METRICS_ADDR")]
    pub metrics_addr: Option<std::net::SocketAddr>,

    /// Seconds to keep serving after SIGTERM or Ctrl-C, with /readyz answering 503 so that a load balancer
    /// moves traffic away, before no new connections are accepted.
    #[arg(long, env = "LOFTE_DRAIN_SECONDS", default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=600))]
    pub drain_seconds: u64,

    /// Seconds the requests in flight get to finish once the server stops accepting connections; a
    /// request still running then is cut off, unanswered.
    #[arg(long, env = "LOFTE_SHUTDOWN_SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub shutdown_seconds: u64,

    /// Log as JSON lines instead of text (for log collectors).
    #[arg(long, env = "LOFTE_LOG_JSON", default_value_t = false)]
    pub log_json: bool,
}

impl ServeArgs {
    /// The serve options when no command is given: the same flags' environment variables apply.
    pub fn default_from_env() -> Self {
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            args: ServeArgs,
        }
        Only::parse_from(["lofte"]).args
    }
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create an account. The password is read from LOFTE_PASSWORD, or else from the first line of stdin.
    Add {
        /// Login name: 2–64 characters of a–z, 0–9, '.', '-' or '_'.
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// What the account may see and change: `national` (the default), `region:<slug>`,
        /// `police_area:<slug>` or `municipality:<code>`.
        #[arg(long, default_value = "national", value_parser = parse_scope)]
        scope: domain::places::Scope,
    },
    /// List the accounts.
    List,
}

fn parse_scope(raw: &str) -> Result<domain::places::Scope, String> {
    domain::places::Scope::parse(raw).map_err(|_| {
        format!("{raw:?} is not a scope: national, region:<slug>, police_area:<slug> or municipality:<code>")
    })
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleArg {
    Officer,
    Admin,
}

impl From<RoleArg> for domain::credentials::Role {
    fn from(value: RoleArg) -> Self {
        match value {
            RoleArg::Officer => Self::Officer,
            RoleArg::Admin => Self::Admin,
        }
    }
}
