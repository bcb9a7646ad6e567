//! Where kept pages are rendered: on a runtime of their own, apart from the threads that answer requests.
//!
//! A page that shows the whole country takes tens of milliseconds of CPU to render (its reads, its sums and
//! its HTML), and a burst of reports makes it render once a second. On the request runtime such a render
//! holds one of its few worker threads for all that time, and the requests queued behind it on that
//! thread wait as long, although every one of them would be answered from memory in microseconds. Here a
//! render runs on the render thread instead; the operating system shares the cores between it and the
//! request threads, so a kept page keeps flowing while another is rendered.
//!
//! Whatever a render starts (Leptos's resources, its server functions' reads) runs on the render runtime
//! too, as tasks spawned from it go to the runtime they were spawned on. The runtime lives as long as the
//! process.

use std::future::Future;
use std::sync::OnceLock;
use tokio::runtime::{Builder, Runtime};

/// Threads rendering at once: renders are one per page at a time already, and a second thread would only
/// take more of the cores from the requests.
const THREADS: usize = 1;

fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        Builder::new_multi_thread()
            .worker_threads(THREADS)
            .thread_name("lofte-render")
            .enable_all()
            .build()
            .expect("the render runtime starts")
    })
}

/// Runs `work` on the render runtime and waits for it. A panic in it is raised again here, as if it had
/// run here. Should the waiting request go away, the work still runs to its end (a render then still
/// keeps its page for the next request).
pub async fn apart<F>(work: F) -> F::Output
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    match runtime().spawn(work).await {
        Ok(output) => output,
        Err(e) => match e.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(e) => unreachable!("the render runtime is never shut down: {e}"),
        },
    }
}
