//! Login attempts are limited per account and per client address, so that neither one password nor the
//! whole user list can be guessed quickly.

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

pub struct LoginLimiter {
    per_account: DefaultKeyedRateLimiter<String>,
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
}

fn quota(burst: u32, one_per: Duration) -> Quota {
    Quota::with_period(one_per)
        .expect("a non-zero replenish period")
        .allow_burst(NonZeroU32::new(burst).expect("a non-zero burst"))
}

/// How many login attempts may come at once before the limit sets in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginLimits {
    /// Attempts per account; then one a minute.
    pub per_account: u32,
    /// Attempts per client address; then one every ten seconds.
    pub per_address: u32,
}

impl Default for LoginLimits {
    fn default() -> Self {
        Self {
            per_account: 5,
            per_address: 30,
        }
    }
}

impl LoginLimiter {
    /// Five attempts per account, then one a minute; thirty per address, then one every ten seconds.
    pub fn standard() -> Self {
        Self::with_limits(LoginLimits::default())
    }

    /// Limits of zero are taken as one: an account can always be tried once.
    pub fn with_limits(limits: LoginLimits) -> Self {
        Self::new(
            quota(limits.per_account.max(1), Duration::from_secs(60)),
            quota(limits.per_address.max(1), Duration::from_secs(10)),
        )
    }

    pub fn new(per_account: Quota, per_ip: Quota) -> Self {
        Self {
            per_account: RateLimiter::keyed(per_account),
            per_ip: RateLimiter::keyed(per_ip),
            clock: DefaultClock::default(),
        }
    }

    /// Counts one attempt. `Err` holds how long to wait before the next attempt may be made.
    pub fn check(&self, account: &str, ip: IpAddr) -> Result<(), Duration> {
        let now = self.clock.now();
        self.per_ip
            .check_key(&ip)
            .map_err(|until| until.wait_time_from(now))?;
        self.per_account
            .check_key(&account.trim().to_lowercase())
            .map_err(|until| until.wait_time_from(now))
    }

    /// Forgets keys whose limits have fully recovered, so memory does not grow with every name tried.
    pub fn forget_idle(&self) {
        self.per_account.retain_recent();
        self.per_ip.retain_recent();
        self.per_account.shrink_to_fit();
        self.per_ip.shrink_to_fit();
    }
}

/// Whole seconds for a `Retry-After` header: never zero, rounded up.
pub fn retry_after_secs(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 1));
    const AWAY: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 2));

    #[test]
    fn an_account_is_limited_from_every_address_and_in_any_case() {
        let limiter = LoginLimiter::standard();
        for _ in 0..5 {
            assert!(limiter.check("anna", HOME).is_ok());
        }
        let wait = limiter.check("ANNA", AWAY).unwrap_err();
        assert!(
            wait > Duration::from_secs(50) && wait <= Duration::from_secs(60),
            "{wait:?}"
        );
        assert!(
            limiter.check("bo", AWAY).is_ok(),
            "other accounts are not affected"
        );
    }

    #[test]
    fn an_address_is_limited_across_accounts() {
        let limiter = LoginLimiter::standard();
        for i in 0..30 {
            assert!(limiter.check(&format!("user{i}"), HOME).is_ok());
        }
        assert!(limiter.check("someone-new", HOME).is_err());
        assert!(limiter.check("someone-new", AWAY).is_ok());
    }

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(retry_after_secs(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_secs(Duration::from_secs(59)), 59);
        assert_eq!(retry_after_secs(Duration::from_millis(59_001)), 60);
    }
}
