//! Forms posted without JavaScript keep what was typed. A server function that refuses such a form sends
//! the browser back to its page with the refusal in the address (Leptos's `__path` and `__err`); this
//! middleware adds the form's own values (`__input`), so the page can fill them in again. Passwords, and
//! anything shaped like a personal identity number, are never echoed: they are typed again.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;

/// The query parameter that carries the echoed values.
pub const INPUT: &str = "__input";
/// Echoes longer than this are left out (the values are then typed again), to keep addresses short.
const MAX_ECHO: usize = 8 * 1024;

fn is_html_form_post(request: &Request) -> bool {
    let header_has = |name: header::HeaderName, needle: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains(needle))
    };
    request.method() == Method::POST
        && request.uri().path().starts_with("/api/")
        && header_has(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        && header_has(header::ACCEPT, "text/html")
}

pub async fn echo_refused_forms(request: Request, next: Next) -> Response {
    if !is_html_form_post(&request) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    // The body limit layer outside bounds this already; a body that cannot be read is passed on empty,
    // and the server function refuses it as it would any malformed form.
    let bytes = axum::body::to_bytes(body, super::router::BODY_LIMIT_BYTES)
        .await
        .unwrap_or_default();
    let mut response = next
        .run(Request::from_parts(parts, Body::from(bytes.clone())))
        .await;
    if !response.status().is_redirection() {
        return response;
    }
    let Some(location) = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
    else {
        return response;
    };
    if let Ok(value) = HeaderValue::from_str(&with_echo(&location, &bytes)) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// The address to go back to: without the refusals and echoes of earlier posts, and with this post's
/// values if it was refused.
fn with_echo(location: &str, form: &[u8]) -> String {
    let (path, query) = location.split_once('?').unwrap_or((location, ""));
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
    let (refused_path, refused) = (last("__path"), last("__err"));
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "__path" | "__err" | INPUT))
    {
        out.append_pair(k, v);
    }
    if let (Some(refused_path), Some(refused)) = (refused_path, refused) {
        out.append_pair("__path", &refused_path)
            .append_pair("__err", &refused);
        let echo = echo(form);
        if !echo.is_empty() && echo.len() <= MAX_ECHO {
            out.append_pair(INPUT, &echo);
        }
    }
    let query = out.finish();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// The form's values that may be shown again, form-encoded.
fn echo(form: &[u8]) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (name, value) in form_urlencoded::parse(form) {
        if !name.contains("password") && !domain::pnr::contains_personal_number(&value) {
            out.append_pair(&name, &value);
        }
    }
    out.finish()
}

/// The values echoed for a refused post to the server function at `path`, read from the page's address.
pub fn echoed(query: &str, path: &str) -> Option<Vec<(String, String)>> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let refused_path = pairs.iter().rev().find(|(k, _)| k == "__path")?;
    if refused_path.1 != path {
        return None;
    }
    let input = pairs.iter().rev().find(|(k, _)| k == INPUT)?;
    Some(
        form_urlencoded::parse(input.1.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_post_comes_back_with_its_values_but_no_password_or_personal_number() {
        let form =
            b"slug=ny&title=L%C3%B6fte&password=hemligt-l%C3%B6sen&notes=Kontroll+av+811228-9874";
        let back = with_echo(
            "http://x/admin?a=1&__path=%2Fold&__err=e1&__path=%2Fapi%2Fnew&__err=e2",
            form,
        );
        let query = back.split_once('?').unwrap().1;
        let values = echoed(query, "/api/new").expect("the refused post's values");
        assert_eq!(
            values,
            vec![
                ("slug".to_owned(), "ny".to_owned()),
                ("title".to_owned(), "Löfte".to_owned())
            ]
        );
        assert!(
            echoed(query, "/old").is_none(),
            "only the last refusal counts"
        );
        assert!(back.contains("a=1"));
        assert_eq!(back.matches("__err=").count(), 1);
        assert!(!back.contains("hemligt") && !back.contains("9874"));
    }

    #[test]
    fn a_post_that_succeeded_leaves_no_refusal_or_values_behind() {
        // Leptos strips its own refusal from the page's address after a success; the echo goes too.
        let back = with_echo("http://x/admin?__input=slug%3Dny", b"slug=ny");
        assert_eq!(back, "http://x/admin");
        let back = with_echo("http://x/rapportera?sparad=1", b"place=Torget");
        assert_eq!(back, "http://x/rapportera?sparad=1");
    }
}
