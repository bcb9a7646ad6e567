//! A password given out by a reset, waiting to be shown once to the admin who reset it. It is kept in this
//! process's memory only, never in the database (the sessions table included), for at most
//! [`HANDOVER_TTL`], and the people page takes it when it shows it. Behind a balancer the page may be
//! rendered by another instance; the admin then resets the password again.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a new password waits to be shown.
pub const HANDOVER_TTL: Duration = Duration::from_secs(300);

/// Passwords to show, by the session id of the admin who reset them.
#[derive(Debug, Default)]
pub struct Handovers(Mutex<HashMap<String, Handover>>);

#[derive(Debug)]
struct Handover {
    username: String,
    password: String,
    at: Instant,
}

impl Handovers {
    /// Keeps `password` for `username` until the admin with session `session` sees it.
    pub fn put(&self, session: String, username: String, password: String) {
        let mut waiting = self.0.lock().expect("never poisoned");
        waiting.retain(|_, h| h.at.elapsed() < HANDOVER_TTL);
        waiting.insert(
            session,
            Handover {
                username,
                password,
                at: Instant::now(),
            },
        );
    }

    /// The username and password waiting for `session`, once.
    pub fn take(&self, session: &str) -> Option<(String, String)> {
        self.0
            .lock()
            .expect("never poisoned")
            .remove(session)
            .filter(|h| h.at.elapsed() < HANDOVER_TTL)
            .map(|h| (h.username, h.password))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_is_shown_once_and_only_to_its_session() {
        let handovers = Handovers::default();
        handovers.put("s1".into(), "anna".into(), "nytt-lösen".into());
        assert_eq!(handovers.take("s2"), None);
        assert_eq!(
            handovers.take("s1"),
            Some(("anna".to_owned(), "nytt-lösen".to_owned()))
        );
        assert_eq!(handovers.take("s1"), None);
    }

    #[test]
    fn a_password_not_seen_in_time_is_gone() {
        let handovers = Handovers::default();
        handovers.put("s1".into(), "anna".into(), "x".into());
        handovers.0.lock().unwrap().get_mut("s1").unwrap().at =
            Instant::now() - HANDOVER_TTL - Duration::from_millis(1);
        assert_eq!(handovers.take("s1"), None);
    }
}
