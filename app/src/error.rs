//! The one error type at the app's boundaries: server functions and the JSON API both answer with it.
//! Each variant has one status code and a message a person can act on; internal causes are logged on the
//! server and never sent to the client.

use crate::i18n::{td_string, Locale};
use crate::labels::fill;
use crate::problem::{Problem, Problems};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum AppError {
    Unauthenticated,
    Forbidden,
    NotFound,
    BadCredentials,
    TooManyAttempts {
        retry_after_secs: u64,
    },
    /// Bad input: nothing was changed. `fields` maps a field name to what is wrong with it, already in the
    /// reader's language.
    Invalid {
        message: String,
        fields: BTreeMap<String, String>,
    },
    /// The request could not be read at all (not JSON, wrong types).
    Malformed {
        message: String,
    },
    /// The request clashes with what is stored (it exists already, or was changed meanwhile); `message`
    /// says how, in the reader's language.
    Conflict {
        message: String,
    },
    /// Someone else saved the item after this edit began: nothing was overwritten.
    EditConflict,
    Internal,
    /// The browser could not reach the server or read its answer.
    Unreachable,
}

impl AppError {
    /// What to tell the person, in their language. The messages of `Invalid` and `Conflict` were written
    /// in it when the error was made.
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
            Self::Invalid { message, .. } => message.clone(),
            Self::Malformed { message } => fill(
                td_string!(locale, errors.malformed),
                &[("message", message)],
            ),
            Self::Conflict { message } => message.clone(),
            Self::EditConflict => td_string!(locale, errors.edit_conflict).to_owned(),
            Self::Internal => td_string!(locale, errors.internal).to_owned(),
            Self::Unreachable => td_string!(locale, errors.unreachable).to_owned(),
        }
    }
}

/// In Swedish, the default language: for logs and for callers of the API that chose no language.
impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Locale::sv))
    }
}

impl std::error::Error for AppError {}

impl AppError {
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::Invalid {
            message: message.into(),
            fields: BTreeMap::new(),
        }
    }

    /// One field's problem, worded in `locale`.
    pub fn refused(field: &str, problem: impl Into<Problem>, locale: Locale) -> Self {
        let message = problem.into().text(locale);
        Self::Invalid {
            message: format!("{field}: {message}"),
            fields: BTreeMap::from([(field.to_owned(), message)]),
        }
    }

    /// A form's or item's problems under a `summary`, worded in `locale`.
    pub fn refused_fields(summary: Problem, problems: &Problems, locale: Locale) -> Self {
        Self::Invalid {
            message: summary.text(locale),
            fields: problems.render(locale),
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
            Self::Unreachable => 503,
        }
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match value {
            E::Request(_) | E::Response(_) => Self::Unreachable,
            E::Args(message) | E::Deserialization(message) | E::MissingArg(message) => {
                // Worded in the request's language on the server; the browser only meets this for an
                // answer it cannot read, and then says it in the default language.
                #[cfg(feature = "ssr")]
                let locale = crate::language::current();
                #[cfg(not(feature = "ssr"))]
                let locale = Locale::default();
                let error = Self::invalid(fill(
                    td_string!(locale, errors.malformed),
                    &[("message", &message)],
                ));
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
    use crate::problem::Problem;
    use axum::http::{header, HeaderValue, StatusCode};
    use axum::response::{IntoResponse, Response};

    impl AppError {
        /// One field's problem, worded in the language of the request being answered.
        pub fn problem(field: &str, problem: impl Into<Problem>) -> Self {
            Self::refused(field, problem, crate::language::current())
        }

        /// A conflict, worded in the language of the request being answered.
        pub fn conflict(problem: impl Into<Problem>) -> Self {
            Self::Conflict {
                message: problem.into().text(crate::language::current()),
            }
        }

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
                if let Self::TooManyAttempts { retry_after_secs } = &self {
                    res.insert_header(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
                }
            }
            self
        }
    }

    impl From<sqlx::Error> for AppError {
        fn from(e: sqlx::Error) -> Self {
            Self::internal(chain(&e))
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
            let mut body = serde_json::to_value(&self).unwrap_or_default();
            if let Some(obj) = body.as_object_mut() {
                obj.insert("message".into(), self.to_string().into());
            }
            let mut response = (status, axum::Json(body)).into_response();
            if let Self::TooManyAttempts { retry_after_secs } = self {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
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
        assert_eq!(AppError::invalid("x").status(), 422);
    }

    #[test]
    fn errors_round_trip_as_json_for_the_browser() {
        let e = AppError::refused("notes", Problem::PersonalNumber, Locale::en);
        let json = serde_json::to_string(&e).unwrap();
        assert!(json.contains("\"error\":\"invalid\""), "{json}");
        assert_eq!(serde_json::from_str::<AppError>(&json).unwrap(), e);
    }

    #[test]
    fn every_kind_of_error_reads_in_both_languages() {
        let kinds = [
            AppError::Unauthenticated,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::BadCredentials,
            AppError::TooManyAttempts {
                retry_after_secs: 30,
            },
            AppError::Malformed {
                message: "x".into(),
            },
            AppError::EditConflict,
            AppError::Internal,
            AppError::Unreachable,
        ];
        for e in kinds {
            let (sv, en) = (e.text(Locale::sv), e.text(Locale::en));
            assert!(!sv.is_empty() && sv != en, "{e:?}: {sv} / {en}");
            assert!(!sv.contains('{') && !en.contains('{'), "{sv} / {en}");
            assert_eq!(e.to_string(), sv);
        }
        assert!(AppError::TooManyAttempts {
            retry_after_secs: 30
        }
        .text(Locale::en)
        .contains("30 seconds"));
        let refused = AppError::refused("date", Problem::NotDate, Locale::en);
        let AppError::Invalid { message, fields } = refused else {
            panic!("a refusal is invalid input")
        };
        assert_eq!(message, "date: must be a date (YYYY-MM-DD)");
        assert_eq!(fields["date"], "must be a date (YYYY-MM-DD)");
    }
}
