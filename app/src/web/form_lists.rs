//! A form field repeated (`municipalities=0684&municipalities=0686`, as a `<select multiple>` or a list of
//! checkboxes posts it, and as API clients write a list) reaches the server functions as a list. Their
//! decoder reads lists only when indexed (`municipalities[0]=…`), and refuses a repeated key: this
//! middleware numbers the repeats of every repeated key in a form posted to the API, and leaves every other
//! body as it is.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::HashMap;

/// The form with each repeated plain key numbered (`key[0]`, `key[1]`, …), or `None` if no key repeats.
pub fn numbered(form: &[u8]) -> Option<String> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(form)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (key, _) in &pairs {
        *seen.entry(key.as_str()).or_default() += 1;
    }
    let repeated = |key: &str| !key.contains('[') && seen.get(key).is_some_and(|n| *n > 1);
    if !pairs.iter().any(|(k, _)| repeated(k)) {
        return None;
    }
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (key, value) in &pairs {
        if repeated(key) {
            let i = index.entry(key.as_str()).or_default();
            out.append_pair(&format!("{key}[{i}]"), value);
            *i += 1;
        } else {
            out.append_pair(key, value);
        }
    }
    Some(out.finish())
}

/// Numbers the repeated keys of a form posted to the API (see the module).
pub async fn repeated_fields_as_lists(request: Request, next: Next) -> Response {
    let is_form = request.method() == Method::POST
        && request.uri().path().starts_with(crate::paths::API)
        && request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    // The body limit layer outside bounds this already; a body that cannot be read is passed on empty, and
    // the server function refuses it as it would any malformed form.
    let bytes = axum::body::to_bytes(body, super::policy::BODY_LIMIT_BYTES)
        .await
        .unwrap_or_default();
    let body = match numbered(&bytes) {
        Some(form) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            Body::from(form)
        }
        None => Body::from(bytes),
    };
    next.run(Request::from_parts(parts, body)).await
}

#[cfg(test)]
mod tests {
    use super::numbered;

    #[test]
    fn only_repeated_keys_are_numbered_in_their_order() {
        assert_eq!(numbered(b"a=1&b=2"), None);
        assert_eq!(
            numbered(b"p[0][t]=x&p[0][t]=y"),
            None,
            "keys with brackets are the decoder's"
        );
        assert_eq!(
            numbered(b"slug=x&municipalities=0684&title=T&municipalities=0686").as_deref(),
            Some("slug=x&municipalities%5B0%5D=0684&title=T&municipalities%5B1%5D=0686")
        );
        assert_eq!(
            numbered("m=%C3%A5&m=a+b".as_bytes()).as_deref(),
            Some("m%5B0%5D=%C3%A5&m%5B1%5D=a+b"),
            "values keep what they hold"
        );
    }
}
