//! Forms posted without JavaScript keep what was typed. A server function that refuses such a form sends
//! the browser back to its page with the refusal in the address (Leptos's `__path` and `__err`); this
//! middleware keeps the form's own values in the session, for that page and that server function, and
//! hands them to the page's next render, once, to be filled in again.
//!
//! The values never travel in an address: a link could plant them there (markup typed into a textarea
//! once reached an admin's page that way), and the request log and a shared phone's history would keep
//! them. Passwords, and anything shaped like a personal identity number, are never kept: they are typed
//! again.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

/// The session key of the values waiting for their page.
const SESSION_KEY: &str = "form_echo";
/// Values longer than this are not kept (they are then typed again).
const MAX_ECHO: usize = 8 * 1024;

/// What a refused form held, waiting in the session for the page it returns to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Echo {
    /// The path of the page the browser was sent back to.
    page: String,
    /// The server function that refused the form.
    server_fn: String,
    values: Vec<(String, String)>,
}

fn has_header(request: &Request, name: header::HeaderName, needle: &str) -> bool {
    request
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains(needle))
}

fn is_html_form_post(request: &Request) -> bool {
    request.method() == Method::POST
        && request.uri().path().starts_with(crate::paths::API)
        && has_header(
            request,
            header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        && has_header(request, header::ACCEPT, "text/html")
}

/// Runs inside the session layer: keeps a refused form's values, and gives them to the next render of
/// the page they belong to (as a request extension, which `typed` reads).
pub async fn echo_refused_forms(mut request: Request, next: Next) -> Response {
    let Some(session) = request.extensions().get::<Session>().cloned() else {
        return next.run(request).await;
    };
    if is_html_form_post(&request) {
        let (parts, body) = request.into_parts();
        // The body limit layer outside bounds this already; a body that cannot be read is passed on empty,
        // and the server function refuses it as it would any malformed form.
        let bytes = axum::body::to_bytes(body, super::policy::BODY_LIMIT_BYTES)
            .await
            .unwrap_or_default();
        let response = next
            .run(Request::from_parts(parts, Body::from(bytes.clone())))
            .await;
        if let Some(echo) = refused(&response, &bytes) {
            if let Err(e) = session.insert(SESSION_KEY, echo).await {
                tracing::warn!(error = %e, "a refused form's values could not be kept");
            }
        }
        return response;
    }
    if request.method() == Method::GET {
        if let Ok(Some(echo)) = session.get::<Echo>(SESSION_KEY).await {
            if echo.page == request.uri().path() {
                let _ = session.remove::<Echo>(SESSION_KEY).await;
                request.extensions_mut().insert(echo);
            }
        }
    }
    next.run(request).await
}

/// The values to keep when `response` sends the browser back with a refusal of the form `form`.
fn refused(response: &Response, form: &[u8]) -> Option<Echo> {
    if !response.status().is_redirection() {
        return None;
    }
    let location = response.headers().get(header::LOCATION)?.to_str().ok()?;
    let (page, query) = location.split_once('?')?;
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let last = |key: &str| {
        pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    let (server_fn, _) = (last("__path")?, last("__err")?);
    // Leptos sends the browser back to the page's whole address (the Referer).
    let page = match page.find("://") {
        Some(scheme) => {
            let rest = &page[scheme + 3..];
            &rest[rest.find('/').unwrap_or(rest.len())..]
        }
        None => page,
    };
    let values = kept_values(form);
    let size: usize = values.iter().map(|(k, v)| k.len() + v.len()).sum();
    (!values.is_empty() && size <= MAX_ECHO).then(|| Echo {
        page: if page.is_empty() { "/" } else { page }.to_owned(),
        server_fn,
        values,
    })
}

/// The form's values that may be shown again.
fn kept_values(form: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(form)
        .filter(|(name, value)| {
            !name.contains("password") && !domain::pnr::contains_personal_number(value)
        })
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The values kept for a refused post to the server function at `server_fn`, if this render is the page
/// they came back to.
pub fn typed(parts: &axum::http::request::Parts, server_fn: &str) -> Option<Vec<(String, String)>> {
    parts
        .extensions
        .get::<Echo>()
        .filter(|echo| echo.server_fn == server_fn)
        .map(|echo| echo.values.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderValue, StatusCode};

    fn redirect(location: &'static str) -> Response {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::SEE_OTHER;
        response
            .headers_mut()
            .insert(header::LOCATION, HeaderValue::from_static(location));
        response
    }

    #[test]
    fn a_refused_post_keeps_its_values_but_no_password_or_personal_number() {
        let form =
            b"slug=ny&title=L%C3%B6fte&password=hemligt-l%C3%B6sen&notes=Kontroll+av+811228-9874";
        let echo = refused(
            &redirect("http://x/admin?a=1&__path=%2Fold&__err=e1&__path=%2Fapi%2Fnew&__err=e2"),
            form,
        )
        .expect("the refused post's values");
        assert_eq!(echo.page, "/admin");
        assert_eq!(echo.server_fn, "/api/new", "only the last refusal counts");
        assert_eq!(
            echo.values,
            vec![
                ("slug".to_owned(), "ny".to_owned()),
                ("title".to_owned(), "Löfte".to_owned())
            ]
        );
    }

    #[test]
    fn a_post_that_succeeded_keeps_nothing() {
        assert_eq!(refused(&redirect("http://x/admin"), b"slug=ny"), None);
        assert_eq!(
            refused(&redirect("http://x/rapportera?sparad=1"), b"place=Torget"),
            None
        );
        let mut ok = Response::new(Body::empty());
        *ok.status_mut() = StatusCode::OK;
        assert_eq!(refused(&ok, b"slug=ny"), None);
    }

    #[test]
    fn values_are_read_only_by_the_form_that_was_refused() {
        let echo = Echo {
            page: "/admin".into(),
            server_fn: "/api/new".into(),
            values: vec![("slug".into(), "ny".into())],
        };
        let (mut parts, _) = axum::http::Request::new(()).into_parts();
        assert_eq!(typed(&parts, "/api/new"), None);
        parts.extensions.insert(echo);
        assert_eq!(typed(&parts, "/api/other"), None);
        assert_eq!(
            typed(&parts, "/api/new"),
            Some(vec![("slug".to_owned(), "ny".to_owned())])
        );
    }
}
