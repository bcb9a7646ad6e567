//! The request being answered on this task: its id, which `web::request_id` gives it and an internal error
//! names (`error`). Both read it from here, so neither imports the other.

use std::sync::Arc;

tokio::task_local! {
    static CURRENT: Arc<str>;
}

/// Runs `work` as the answer to the request with id `id`.
pub async fn with_id<F: std::future::Future>(id: Arc<str>, work: F) -> F::Output {
    CURRENT.scope(id, work).await
}

/// The id of the request being answered on this task, if any.
pub fn current_id() -> Option<String> {
    CURRENT.try_with(|id| id.to_string()).ok()
}
