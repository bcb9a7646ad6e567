//! `DATABASE_URL` read once at start: which backend it names, or why the app cannot serve it.
//!
//! Before this existed, any text was handed to SQLite as a file name, so `postgres://host/db` quietly became
//! a folder named `postgres:` with a SQLite file in it. Now a URL must name its scheme, and only schemes
//! this build serves are accepted.

use std::fmt;

/// The database engines the app knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The engines the app serves.
    pub const SERVED: &'static [Backend] = &[Backend::Sqlite, Backend::Postgres];

    /// The engine's name, as its makers write it.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }

    /// The schemes that name this backend, as a person would write them in a URL.
    fn schemes(self) -> &'static str {
        match self {
            Backend::Sqlite => "`sqlite:` (e.g. sqlite://data/lofte.db)",
            Backend::Postgres => {
                "`postgres:` or `postgresql:` (e.g. postgres://user:password@host/lofte)"
            }
        }
    }
}

/// A `DATABASE_URL` that names a backend this build serves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatabaseUrl {
    backend: Backend,
    url: String,
}

impl DatabaseUrl {
    /// Reads `url`: its scheme decides the backend. Nothing is opened.
    pub fn parse(url: &str) -> Result<Self, UnservedDatabaseUrl> {
        let url = url.trim();
        let scheme = scheme(url);
        let backend = match scheme.map(str::to_ascii_lowercase).as_deref() {
            Some("sqlite") => Backend::Sqlite,
            Some("postgres" | "postgresql") => Backend::Postgres,
            Some(_) => {
                return Err(UnservedDatabaseUrl::UnknownScheme(
                    scheme.unwrap_or_default().to_owned(),
                ))
            }
            None if url.is_empty() => return Err(UnservedDatabaseUrl::Empty),
            None => return Err(UnservedDatabaseUrl::NoScheme),
        };
        Ok(Self {
            backend,
            url: url.to_owned(),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// The URL as it may be written to a log or an error: a password in it is replaced by `***`.
    pub fn redacted(&self) -> String {
        let Some((scheme, rest)) = self.url.split_once("://") else {
            return self.url.clone();
        };
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(authority_end);
        match authority.rsplit_once('@') {
            Some((user_info, host)) => {
                let user = user_info
                    .split_once(':')
                    .map_or(user_info, |(user, _)| user);
                let hidden = if user_info.contains(':') { ":***" } else { "" };
                format!("{scheme}://{user}{hidden}@{host}{path}")
            }
            None => self.url.clone(),
        }
    }
}

/// The scheme of `url` (the letters before the first `:`), if it has one. A URL's scheme starts with a
/// letter and holds letters, digits, `+`, `-` and `.` (RFC 3986); a path such as `data/lofte.db` has none.
fn scheme(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

/// Why a `DATABASE_URL` cannot be served. Its text never repeats the URL past the scheme, since a
/// Postgres URL may carry a password.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnservedDatabaseUrl {
    Empty,
    /// No `scheme:` in front, e.g. a bare file path.
    NoScheme,
    UnknownScheme(String),
}

impl fmt::Display for UnservedDatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnservedDatabaseUrl::Empty => write!(f, "DATABASE_URL is empty")?,
            UnservedDatabaseUrl::NoScheme => write!(
                f,
                "DATABASE_URL names no scheme; for a SQLite file write sqlite://PATH"
            )?,
            UnservedDatabaseUrl::UnknownScheme(scheme) => write!(
                f,
                "DATABASE_URL has the scheme `{scheme}:`, which this app does not serve"
            )?,
        }
        write!(f, ". It accepts ")?;
        for (i, backend) in Backend::SERVED.iter().enumerate() {
            if i > 0 {
                write!(f, ", or ")?;
            }
            write!(f, "{}", backend.schemes())?;
        }
        write!(f, ".")
    }
}

impl std::error::Error for UnservedDatabaseUrl {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_are_served() {
        for url in [
            "sqlite://data/lofte.db",
            "sqlite:///srv/lofte/data/lofte.db",
            "sqlite::memory:",
            "SQLite://x.db",
            " sqlite://data/lofte.db\n",
        ] {
            let parsed = DatabaseUrl::parse(url).unwrap_or_else(|e| panic!("{url}: {e}"));
            assert_eq!(parsed.backend(), Backend::Sqlite);
            assert_eq!(parsed.as_str(), url.trim());
        }
    }

    #[test]
    fn postgres_urls_are_served_and_their_passwords_never_shown() {
        for (url, shown) in [
            (
                "postgres://lofte:secret@db.example/lofte",
                "postgres://lofte:***@db.example/lofte",
            ),
            (
                "postgresql://localhost/lofte",
                "postgresql://localhost/lofte",
            ),
            (
                "postgres://lofte:p@ss@db.example:5432/lofte?sslmode=require",
                "postgres://lofte:***@db.example:5432/lofte?sslmode=require",
            ),
        ] {
            let parsed = DatabaseUrl::parse(url).unwrap_or_else(|e| panic!("{url}: {e}"));
            assert_eq!(parsed.backend(), Backend::Postgres);
            assert_eq!(parsed.redacted(), shown);
        }
    }

    #[test]
    fn other_schemes_and_bare_paths_are_refused_with_the_accepted_schemes() {
        let refused = DatabaseUrl::parse("mysql://root:pw@localhost/lofte").unwrap_err();
        assert_eq!(refused, UnservedDatabaseUrl::UnknownScheme("mysql".into()));
        let text = refused.to_string();
        assert!(
            text.contains("`mysql:`") && text.contains("`sqlite:`") && text.contains("`postgres:`"),
            "{text}"
        );
        assert!(!text.contains("pw@"), "{text}");

        assert_eq!(
            DatabaseUrl::parse("data/lofte.db").unwrap_err(),
            UnservedDatabaseUrl::NoScheme
        );
        assert_eq!(
            DatabaseUrl::parse("/srv/lofte:old/lofte.db").unwrap_err(),
            UnservedDatabaseUrl::NoScheme
        );
        assert_eq!(
            DatabaseUrl::parse("  ").unwrap_err(),
            UnservedDatabaseUrl::Empty
        );
    }
}
