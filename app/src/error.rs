//! The one error type at the app's boundaries: server functions and the JSON API both answer with it.
//! Each variant has one status code and a message a person can act on; internal causes are logged on the
//! server and never sent to the client.

use crate::i18n::{td_string, Locale};
use crate::words::names::fill;
use crate::words::problems::{render, Words};
use domain::problem::{Problem, Problems};
use domain::report::FieldErrors;
use serde::{Deserialize, Serialize};

pub use crate::storage_fault::StorageFault;

/// What went wrong, as data. It is worded only when it is answered (`Serialize` and `IntoResponse`, in the
/// request's language) or shown (`text`, in the page's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppError {
    Unauthenticated,
    Forbidden,
    NotFound,
    BadCredentials,
    TooManyAttempts {
        retry_after_secs: u64,
    },
    /// Bad input: nothing was changed. `problems` says what is wrong with each field; `summary`, if any,
    /// what to do about it as a whole.
    Invalid {
        summary: Option<Problem>,
        problems: Problems,
    },
    /// The request could not be read at all (not JSON, wrong types); `detail` is the parser's own account,
    /// or `problem` says what shape was expected.
    Malformed {
        detail: String,
        problem: Option<Problem>,
    },
    /// The request clashes with what is stored (it exists already, or was changed meanwhile).
    Conflict {
        problem: Problem,
    },
    /// Someone else saved the item after this edit began: nothing was overwritten.
    EditConflict,
    Internal,
    /// The browser could not reach the server or read its answer.
    Unreachable,
    /// The server cannot store or read anything right now: nothing was changed, and the same request may
    /// be sent again later (phones keep their reports and do).
    Storage(StorageFault),
}

/// How long a client is asked to wait before it sends again after a storage fault.
pub const STORAGE_RETRY_AFTER_SECS: u64 = 5;

impl AppError {
    /// The machine-readable `error` of the answer.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthenticated => "unauthenticated",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::BadCredentials => "bad_credentials",
            Self::TooManyAttempts { .. } => "too_many_attempts",
            Self::Invalid { .. } => "invalid",
            Self::Malformed { .. } => "malformed",
            Self::Conflict { .. } => "conflict",
            Self::EditConflict => "edit_conflict",
            Self::Internal => "internal",
            Self::Unreachable => "unreachable",
            Self::Storage(fault) => fault.code(),
        }
    }

    /// What to tell the person, in their language.
    pub fn text(&self, locale: Locale) -> String {
        match self {
            Self::Unauthenticated => td_string!(locale, errors.unauthenticated).to_owned(),
            Self::Forbidden => td_string!(locale, errors.forbidden).to_owned(),
            Self::NotFound => td_string!(locale, errors.not_found).to_owned(),
            Self::BadCredentials => td_string!(locale, errors.bad_credentials).to_owned(),
            Self::TooManyAttempts { retry_after_secs } => fill(
                td_string!(locale, errors.too_many_attempts),
                &[("seconds", retry_after_secs)],
            ),
            Self::Invalid {
                summary: Some(summary),
                ..
            } => summary.text(locale),
            Self::Invalid {
                summary: None,
                problems,
            } => problems
                .iter()
                .map(|(field, problem)| format!("{field}: {}", problem.text(locale)))
                .collect::<Vec<_>>()
                .join("; "),
            Self::Malformed { detail, problem } => fill(
                td_string!(locale, errors.malformed),
                &[(
                    "message",
                    &problem
                        .as_ref()
                        .map_or_else(|| detail.clone(), |p| p.text(locale)),
                )],
            ),
            Self::Conflict { problem } => problem.text(locale),
            Self::EditConflict => td_string!(locale, errors.edit_conflict).to_owned(),
            Self::Internal => td_string!(locale, errors.internal).to_owned(),
            Self::Unreachable => td_string!(locale, errors.unreachable).to_owned(),
            Self::Storage(StorageFault::Full) => td_string!(locale, errors.storage_full).to_owned(),
            Self::Storage(StorageFault::Unavailable) => {
                td_string!(locale, errors.storage_unavailable).to_owned()
            }
        }
    }

    /// One field's problem.
    pub fn problem(field: &str, problem: impl Into<Problem>) -> Self {
        Self::Invalid {
            summary: None,
            problems: Problems::from([(field, problem.into())]),
        }
    }

    /// A form's or item's problems under a `summary`.
    pub fn problems(summary: Problem, problems: Problems) -> Self {
        Self::Invalid {
            summary: Some(summary),
            problems,
        }
    }

    /// A clash with what is stored.
    pub fn conflict(problem: impl Into<Problem>) -> Self {
        Self::Conflict {
            problem: problem.into(),
        }
    }

    /// The problems of bad input, per field, as data; empty for any other error.
    pub fn field_problems(&self) -> Problems {
        match self {
            Self::Invalid { problems, .. } => problems.clone(),
            _ => Problems::default(),
        }
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            Self::Unauthenticated | Self::BadCredentials => 401,
            Self::Malformed { .. } => 400,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::Conflict { .. } | Self::EditConflict => 409,
            Self::Invalid { .. } => 422,
            Self::TooManyAttempts { .. } => 429,
            Self::Internal => 500,
            Self::Unreachable | Self::Storage(_) => 503,
        }
    }

    /// How many seconds the client should wait before it tries again, when the answer says.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            Self::TooManyAttempts { retry_after_secs } => Some(*retry_after_secs),
            Self::Storage(_) => Some(STORAGE_RETRY_AFTER_SECS),
            _ => None,
        }
    }

    /// The answer's body, worded in `locale`: `error` and `message` always; `fields` (words) and `problems`
    /// (data) for bad input, `problem` for a conflict.
    pub fn body(&self, locale: Locale) -> ErrorBody {
        let problems = match self {
            Self::Invalid { problems, .. } => Some(problems.clone()),
            _ => None,
        };
        ErrorBody {
            error: self.code().to_owned(),
            message: self.text(locale),
            fields: problems.as_ref().map(|p| render(p, locale)),
            problems,
            summary: match self {
                Self::Invalid { summary, .. } => summary.clone(),
                _ => None,
            },
            problem: match self {
                Self::Conflict { problem } => Some(problem.clone()),
                Self::Malformed { problem, .. } => problem.clone(),
                _ => None,
            },
            retry_after_secs: self.retry_after_secs(),
            detail: match self {
                Self::Malformed { detail, .. } if !detail.is_empty() => Some(detail.clone()),
                _ => None,
            },
            request_id: match self {
                Self::Internal => request_id(),
                _ => None,
            },
        }
    }
}

/// An error as answered: the same for the JSON API and server functions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: String,
    #[serde(default)]
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<FieldErrors>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problems: Option<Problems>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Problem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<Problem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The request's id, on an internal error: what a person quotes to whoever runs the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// The id of the request being answered, on the server.
fn request_id() -> Option<String> {
    #[cfg(feature = "ssr")]
    return crate::request_scope::current_id();
    #[cfg(not(feature = "ssr"))]
    None
}

impl From<ErrorBody> for AppError {
    /// Reads an answer back by its codes; the words in it are not needed, as the reader's page words it.
    fn from(body: ErrorBody) -> Self {
        match body.error.as_str() {
            "unauthenticated" => Self::Unauthenticated,
            "forbidden" => Self::Forbidden,
            "not_found" => Self::NotFound,
            "bad_credentials" => Self::BadCredentials,
            "too_many_attempts" => Self::TooManyAttempts {
                retry_after_secs: body.retry_after_secs.unwrap_or_default(),
            },
            "invalid" => Self::Invalid {
                summary: body.summary,
                problems: body.problems.unwrap_or_default(),
            },
            "malformed" => Self::Malformed {
                detail: body.detail.unwrap_or_default(),
                problem: body.problem,
            },
            "conflict" => Self::Conflict {
                problem: body.problem.unwrap_or(Problem::Unrecognised),
            },
            "edit_conflict" => Self::EditConflict,
            "unreachable" => Self::Unreachable,
            "storage_full" => Self::Storage(StorageFault::Full),
            "storage_unavailable" => Self::Storage(StorageFault::Unavailable),
            _ => Self::Internal,
        }
    }
}

/// The language an error is worded in when it is answered: the request's on the server.
fn answer_locale() -> Locale {
    #[cfg(feature = "ssr")]
    return crate::language::current();
    #[cfg(not(feature = "ssr"))]
    Locale::default()
}

impl Serialize for AppError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.body(answer_locale()).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for AppError {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        ErrorBody::deserialize(deserializer).map(Self::from)
    }
}

/// In Swedish, the default language: for logs and for callers of the API that chose no language.
impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Locale::sv))
    }
}

impl std::error::Error for AppError {}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match value {
            E::Request(_) | E::Response(_) => Self::Unreachable,
            E::Args(message) | E::Deserialization(message) | E::MissingArg(message) => {
                let error = Self::Malformed {
                    detail: message,
                    problem: None,
                };
                // On the server this runs inside the request, so the answer gets its 422.
                #[cfg(feature = "ssr")]
                let error = error.respond();
                error
            }
            other => {
                #[cfg(feature = "ssr")]
                tracing::error!(error = %other, "server function failed");
                #[cfg(not(feature = "ssr"))]
                let _ = other;
                Self::Internal
            }
        }
    }
}

#[cfg(feature = "ssr")]
pub use server::chain;

#[cfg(feature = "ssr")]
mod server {
    use super::AppError;
    use axum::http::{header, HeaderValue, StatusCode};
    use axum::response::{IntoResponse, Response};

    impl AppError {
        /// Logs an internal cause and returns the opaque error the client sees.
        pub fn internal(cause: impl std::fmt::Display) -> Self {
            tracing::error!(error = %cause, "internal error");
            Self::Internal
        }

        /// Sets this error's status on the server function's response, then returns it. A form posted by a
        /// browser without JavaScript is left alone: it must get the redirect back to its page, which
        /// carries the error, since browsers do not follow a redirect on a 4xx.
        pub fn respond(self) -> Self {
            use leptos::prelude::use_context;
            let html_form = use_context::<axum::http::request::Parts>().is_some_and(|p| {
                p.method == axum::http::Method::POST
                    && p.headers
                        .get(header::ACCEPT)
                        .and_then(|v| v.to_str().ok())
                        .is_some_and(|a| a.contains("text/html"))
            });
            if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
                if !html_form {
                    res.set_status(
                        StatusCode::from_u16(self.status())
                            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                    );
                }
                if let Some(secs) = self.retry_after_secs() {
                    res.insert_header(header::RETRY_AFTER, HeaderValue::from(secs));
                }
            }
            self
        }
    }

    impl From<sqlx::Error> for AppError {
        /// A fault of the storage (a full disk, a database that does not answer) is answered `503` with
        /// its code; anything else is internal. Either way the cause is logged, not sent.
        fn from(e: sqlx::Error) -> Self {
            match crate::storage_fault::of(&e) {
                Some(fault) => {
                    tracing::error!(
                        error = %chain(&e),
                        fault = fault.code(),
                        "the database cannot store or read: refused with 503, nothing acknowledged"
                    );
                    Self::Storage(fault)
                }
                None => Self::internal(chain(&e)),
            }
        }
    }

    /// An error and all its sources, for the log.
    pub fn chain(e: &dyn std::error::Error) -> String {
        let mut text = e.to_string();
        let mut source = e.source();
        while let Some(s) = source {
            text.push_str(": ");
            text.push_str(&s.to_string());
            source = s.source();
        }
        text
    }

    impl IntoResponse for AppError {
        fn into_response(self) -> Response {
            let status =
                StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let body = self.body(crate::language::current());
            let mut response = (status, axum::Json(body)).into_response();
            if let Some(secs) = self.retry_after_secs() {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(secs));
            }
            // For the storage watch, which reports it on `/healthz`.
            if let Self::Storage(fault) = self {
                response.extensions_mut().insert(fault);
            }
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_distinct_per_kind() {
        assert_eq!(AppError::Unauthenticated.status(), 401);
        assert_eq!(AppError::Forbidden.status(), 403);
        assert_eq!(AppError::NotFound.status(), 404);
        assert_eq!(
            AppError::TooManyAttempts {
                retry_after_secs: 3
            }
            .status(),
            429
        );
        assert_eq!(AppError::problem("date", Problem::NotDate).status(), 422);
    }

    #[test]
    fn errors_round_trip_as_json_for_the_browser_by_their_codes() {
        let e = AppError::problems(
            Problem::FixReport,
            Problems::from([("notes", Problem::PersonalNumber)]),
        );
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["error"], "invalid");
        assert_eq!(json["problems"]["notes"]["code"], "personnummer");
        assert!(json["fields"]["notes"]
            .as_str()
            .unwrap()
            .contains("personnummer"));
        assert_eq!(serde_json::from_value::<AppError>(json).unwrap(), e);
        let conflict = AppError::conflict(Problem::AlreadyVoided);
        let json = serde_json::to_value(&conflict).unwrap();
        assert_eq!(json["problem"]["code"], "already_voided");
        assert_eq!(serde_json::from_value::<AppError>(json).unwrap(), conflict);
    }

    #[test]
    fn every_kind_of_error_has_a_code_and_reads_in_both_languages() {
        let kinds = [
            AppError::Unauthenticated,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::BadCredentials,
            AppError::TooManyAttempts {
                retry_after_secs: 30,
            },
            AppError::Malformed {
                detail: "x".into(),
                problem: None,
            },
            AppError::EditConflict,
            AppError::Internal,
            AppError::Unreachable,
            AppError::Storage(StorageFault::Full),
            AppError::Storage(StorageFault::Unavailable),
        ];
        for e in kinds {
            let (sv, en) = (e.text(Locale::sv), e.text(Locale::en));
            assert!(!sv.is_empty() && sv != en, "{e:?}: {sv} / {en}");
            assert!(!sv.contains('{') && !en.contains('{'), "{sv} / {en}");
            assert_eq!(e.to_string(), sv);
            let body = e.body(Locale::en);
            assert_eq!(body.error, e.code());
            assert_eq!(body.message, en);
            assert_eq!(AppError::from(body), e);
        }
        assert!(AppError::TooManyAttempts {
            retry_after_secs: 30
        }
        .text(Locale::en)
        .contains("30 seconds"));
        let refused = AppError::problem("date", Problem::NotDate);
        assert_eq!(
            refused.text(Locale::en),
            "date: must be a date (YYYY-MM-DD)"
        );
        let body = refused.body(Locale::sv);
        assert_eq!(
            body.fields.unwrap()["date"],
            "ska vara ett datum (ÅÅÅÅ-MM-DD)"
        );
    }
}
