//! The one error type at the app's boundaries: server functions and the JSON API both answer with it.
//! Each variant has one status code and a message a person can act on; internal causes are logged on the
//! server and never sent to the client.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum AppError {
    #[error("Du måste logga in.")]
    Unauthenticated,
    #[error("Ditt konto har inte behörighet till detta.")]
    Forbidden,
    #[error("Det finns inget här.")]
    NotFound,
    #[error("Fel användarnamn eller lösenord.")]
    BadCredentials,
    #[error("För många inloggningsförsök. Försök igen om {retry_after_secs} sekunder.")]
    TooManyAttempts { retry_after_secs: u64 },
    /// Bad input: nothing was changed. `fields` maps a field name to what is wrong with it.
    #[error("{message}")]
    Invalid {
        message: String,
        fields: BTreeMap<String, String>,
    },
    /// The request could not be read at all (not JSON, wrong types).
    #[error("Ogiltig begäran: {message}")]
    Malformed { message: String },
    #[error("Det finns redan: {message}")]
    Conflict { message: String },
    /// Someone else saved the item after this edit began: nothing was overwritten.
    #[error("Någon annan har ändrat detta sedan du öppnade sidan. Ladda om sidan och gör om din ändring.")]
    EditConflict,
    #[error("Något gick fel på servern. Försök igen om en stund.")]
    Internal,
    /// The browser could not reach the server or read its answer.
    #[error("Kunde inte nå servern. Kontrollera anslutningen och försök igen.")]
    Unreachable,
}

impl AppError {
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::Invalid {
            message: message.into(),
            fields: BTreeMap::new(),
        }
    }

    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Self::Invalid {
            message: format!("{field}: {message}"),
            fields: BTreeMap::from([(field.to_owned(), message)]),
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
                let error = Self::invalid(format!("Ogiltig begäran: {message}"));
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
        let e = AppError::invalid_field("notes", "innehåller ett personnummer");
        let json = serde_json::to_string(&e).unwrap();
        assert!(json.contains("\"error\":\"invalid\""), "{json}");
        assert_eq!(serde_json::from_str::<AppError>(&json).unwrap(), e);
    }
}
