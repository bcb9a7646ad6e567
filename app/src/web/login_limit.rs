//! Failed sign-ins are limited three ways, so that neither one password nor the whole user list can be
//! guessed quickly, while someone else's wrong guesses cannot lock an officer out of their own phone:
//!
//! - per account and address together (the tight one: one person mistyping or one attacker at one place);
//! - per client address, across accounts (one place trying many accounts);
//! - per account, across addresses, slower (guessing spread over many addresses). It does not apply from
//!   an address the account has signed in from lately, so such an attack cannot lock the owner out.
//!
//! Only failures count. Each attempt is charged when it begins (so parallel guesses cannot slip past the
//! limit before the first one fails) and the charge is given back if it succeeds; a success also clears the
//! account's failures, on that address and across addresses. It does not clear the address's: anyone can
//! sign in to an account of their own from there.
//!
//! Each limit is a bucket of `burst` failures that refills one every `refill`: kept as the time at which
//! the bucket is full again, which is all the state a key needs.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long an address the account signed in from counts as the owner's, for the per-account limit.
pub const KNOWN_ADDRESS_FOR: Duration = Duration::from_secs(30 * 24 * 3600);

/// How many failed sign-ins each limit allows at once; then one per its refill time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginLimits {
    /// Failures per account from one address; then one a minute.
    pub per_account_address: u32,
    /// Failures per client address, whatever the account; then one every ten seconds.
    pub per_address: u32,
    /// Failures per account from addresses it has not signed in from lately; then one every five minutes.
    pub per_account: u32,
}

impl LoginLimits {
    pub const ACCOUNT_ADDRESS_REFILL: Duration = Duration::from_secs(60);
    pub const ADDRESS_REFILL: Duration = Duration::from_secs(10);
    pub const ACCOUNT_REFILL: Duration = Duration::from_secs(300);
}

impl Default for LoginLimits {
    fn default() -> Self {
        Self {
            per_account_address: 5,
            per_address: 30,
            per_account: 50,
        }
    }
}

/// One limit's shape: `burst` failures at once, then one per `refill`.
#[derive(Debug, Clone, Copy)]
struct Rule {
    burst: u32,
    refill: Duration,
}

impl Rule {
    fn new(burst: u32, refill: Duration) -> Self {
        Self {
            burst: burst.max(1),
            refill,
        }
    }

    /// How much charge the bucket may hold before it is empty: `burst - 1` refills ahead, plus the one
    /// being made.
    fn headroom(self) -> Duration {
        self.refill * (self.burst - 1)
    }

    /// `None` if one more failure may be tried now, else how long until it may.
    fn wait(self, full_at: Instant, now: Instant) -> Option<Duration> {
        let owed = full_at.saturating_duration_since(now);
        (owed > self.headroom()).then(|| owed - self.headroom())
    }

    fn charge(self, full_at: &mut Instant, now: Instant) {
        *full_at = (*full_at).max(now) + self.refill;
    }

    fn refund(self, full_at: &mut Instant, now: Instant) {
        *full_at = full_at.checked_sub(self.refill).map_or(now, |t| t.max(now));
    }
}

/// An account and an address together.
#[derive(Debug, Default)]
struct Pair {
    /// When this pair's bucket is full again (in the past: full).
    full_at: Option<Instant>,
    /// The last successful sign-in to the account from the address.
    signed_in_at: Option<Instant>,
}

#[derive(Default)]
struct Buckets {
    pairs: HashMap<(String, IpAddr), Pair>,
    addresses: HashMap<IpAddr, Instant>,
    accounts: HashMap<String, Instant>,
}

pub struct LoginLimiter {
    pair: Rule,
    address: Rule,
    account: Rule,
    buckets: Mutex<Buckets>,
}

/// An attempt under way, charged against the limits it is under. Settle it with `succeeded` or
/// `failed`; a dropped attempt stays charged, as a failure.
#[must_use = "settle the attempt with `succeeded` or `failed`"]
#[derive(Debug)]
pub struct Attempt {
    account: String,
    ip: IpAddr,
}

impl LoginLimiter {
    /// The default limits: see `LoginLimits::default`.
    pub fn standard() -> Self {
        Self::with_limits(LoginLimits::default())
    }

    /// Limits of zero are taken as one: an account can always be tried once.
    pub fn with_limits(limits: LoginLimits) -> Self {
        Self {
            pair: Rule::new(
                limits.per_account_address,
                LoginLimits::ACCOUNT_ADDRESS_REFILL,
            ),
            address: Rule::new(limits.per_address, LoginLimits::ADDRESS_REFILL),
            account: Rule::new(limits.per_account, LoginLimits::ACCOUNT_REFILL),
            buckets: Mutex::default(),
        }
    }

    /// Begins an attempt to sign in to `account` from `ip`. `Err` holds how long to wait before one may.
    pub fn begin(&self, account: &str, ip: IpAddr) -> Result<Attempt, Duration> {
        self.begin_at(account, ip, Instant::now())
    }

    pub fn begin_at(&self, account: &str, ip: IpAddr, now: Instant) -> Result<Attempt, Duration> {
        let account = normalise(account);
        let mut b = self.lock();
        let key = (account.clone(), ip);
        let pair = b.pairs.get(&key);
        let known = pair
            .and_then(|p| p.signed_in_at)
            .is_some_and(|t| now.saturating_duration_since(t) < KNOWN_ADDRESS_FOR);
        let waits = [
            pair.and_then(|p| p.full_at)
                .and_then(|t| self.pair.wait(t, now)),
            b.addresses
                .get(&ip)
                .and_then(|&t| self.address.wait(t, now)),
            (!known)
                .then(|| b.accounts.get(&account))
                .flatten()
                .and_then(|&t| self.account.wait(t, now)),
        ];
        if let Some(wait) = waits.into_iter().flatten().max() {
            return Err(wait);
        }
        let pair = b.pairs.entry(key).or_default();
        let mut full_at = pair.full_at.unwrap_or(now);
        self.pair.charge(&mut full_at, now);
        pair.full_at = Some(full_at);
        self.address
            .charge(b.addresses.entry(ip).or_insert(now), now);
        if !known {
            self.account
                .charge(b.accounts.entry(account.clone()).or_insert(now), now);
        }
        Ok(Attempt { account, ip })
    }

    /// The attempt signed in: its charge is given back, and the account's failures are forgotten.
    pub fn succeeded(&self, attempt: Attempt) {
        self.succeeded_at(attempt, Instant::now());
    }

    pub fn succeeded_at(&self, attempt: Attempt, now: Instant) {
        let mut b = self.lock();
        if let Some(full_at) = b.addresses.get_mut(&attempt.ip) {
            self.address.refund(full_at, now);
        }
        b.accounts.remove(&attempt.account);
        let pair = b.pairs.entry((attempt.account, attempt.ip)).or_default();
        pair.full_at = None;
        pair.signed_in_at = Some(now);
    }

    /// The attempt failed: it stays counted.
    pub fn failed(&self, _attempt: Attempt) {}

    /// Forgets keys whose buckets are full again, so memory does not grow with every name tried.
    pub fn forget_idle(&self) {
        self.forget_idle_at(Instant::now());
    }

    pub fn forget_idle_at(&self, now: Instant) {
        let mut b = self.lock();
        b.addresses.retain(|_, t| *t > now);
        b.accounts.retain(|_, t| *t > now);
        b.pairs.retain(|_, p| {
            p.full_at.is_some_and(|t| t > now)
                || p.signed_in_at
                    .is_some_and(|t| now.saturating_duration_since(t) < KNOWN_ADDRESS_FOR)
        });
        b.addresses.shrink_to_fit();
        b.accounts.shrink_to_fit();
        b.pairs.shrink_to_fit();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Buckets> {
        // The buckets hold no invariant a panic elsewhere could break half-way.
        self.buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Accounts are one whatever the case or surrounding spaces of the name typed.
fn normalise(account: &str) -> String {
    account.trim().to_lowercase()
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

    fn address(n: u32) -> IpAddr {
        IpAddr::V4(std::net::Ipv4Addr::from(0x0a01_0000 + n))
    }

    /// A clock the test moves by hand.
    struct Clock(Instant);
    impl Clock {
        fn new() -> Self {
            Self(Instant::now())
        }
        fn at(&self, secs: u64) -> Instant {
            self.0 + Duration::from_secs(secs)
        }
    }

    fn fail(
        limiter: &LoginLimiter,
        account: &str,
        ip: IpAddr,
        now: Instant,
    ) -> Result<(), Duration> {
        limiter
            .begin_at(account, ip, now)
            .map(|a| limiter.failed(a))
    }

    fn succeed(
        limiter: &LoginLimiter,
        account: &str,
        ip: IpAddr,
        now: Instant,
    ) -> Result<(), Duration> {
        limiter
            .begin_at(account, ip, now)
            .map(|a| limiter.succeeded_at(a, now))
    }

    #[test]
    fn failures_on_one_account_from_one_address_are_limited_in_any_case() {
        let clock = Clock::new();
        let limiter = LoginLimiter::standard();
        for _ in 0..5 {
            assert!(fail(&limiter, "anna", HOME, clock.at(0)).is_ok());
        }
        let wait = limiter.begin_at("ANNA ", HOME, clock.at(0)).unwrap_err();
        assert_eq!(wait, Duration::from_secs(60));
        assert_eq!(
            limiter.begin_at("anna", HOME, clock.at(59)).unwrap_err(),
            Duration::from_secs(1)
        );
        // Then one a minute.
        assert!(fail(&limiter, "anna", HOME, clock.at(60)).is_ok());
        assert!(limiter.begin_at("anna", HOME, clock.at(61)).is_err());
        assert!(fail(&limiter, "anna", HOME, clock.at(120)).is_ok());
        assert!(
            fail(&limiter, "bo", HOME, clock.at(120)).is_ok(),
            "other accounts are not affected"
        );
    }

    #[test]
    fn successes_are_not_counted_and_reset_the_account() {
        let clock = Clock::new();
        let limiter = LoginLimiter::standard();
        for i in 0..100 {
            assert!(
                succeed(&limiter, "anna", HOME, clock.at(i)).is_ok(),
                "sign-in {i}"
            );
        }
        for _ in 0..4 {
            fail(&limiter, "anna", HOME, clock.at(100)).unwrap();
        }
        succeed(&limiter, "anna", HOME, clock.at(100)).unwrap();
        for _ in 0..5 {
            assert!(
                fail(&limiter, "anna", HOME, clock.at(100)).is_ok(),
                "the success forgot the four failures"
            );
        }
        assert!(limiter.begin_at("anna", HOME, clock.at(100)).is_err());
    }

    #[test]
    fn guesses_from_another_address_do_not_lock_the_owner_out() {
        let clock = Clock::new();
        let limiter = LoginLimiter::standard();
        for _ in 0..5 {
            fail(&limiter, "anna", AWAY, clock.at(0)).unwrap();
        }
        assert!(limiter.begin_at("anna", AWAY, clock.at(0)).is_err());
        assert!(succeed(&limiter, "anna", HOME, clock.at(0)).is_ok());
        assert!(
            limiter.begin_at("anna", AWAY, clock.at(1)).is_err(),
            "the owner's success does not free the guesser"
        );
    }

    #[test]
    fn guessing_spread_over_many_addresses_is_stopped_but_not_from_the_owners_address() {
        let clock = Clock::new();
        let limiter = LoginLimiter::standard();
        succeed(&limiter, "anna", HOME, clock.at(0)).unwrap();
        for n in 0..50 {
            fail(&limiter, "anna", address(n), clock.at(1)).unwrap();
        }
        let wait = limiter
            .begin_at("anna", address(50), clock.at(1))
            .unwrap_err();
        assert_eq!(wait, Duration::from_secs(300));
        assert!(
            succeed(&limiter, "anna", HOME, clock.at(2)).is_ok(),
            "the address anna signs in from is not under the per-account limit"
        );
        // Her success forgave the account's failures; the guessers' pair limits stay.
        assert!(fail(&limiter, "anna", address(51), clock.at(3)).is_ok());
        // An address not seen for longer than KNOWN_ADDRESS_FOR is like any other.
        let later = clock.at(KNOWN_ADDRESS_FOR.as_secs() + 10);
        for n in 100..150 {
            fail(&limiter, "anna", address(n), later).unwrap();
        }
        assert!(limiter.begin_at("anna", HOME, later).is_err());
    }

    #[test]
    fn an_address_is_limited_across_accounts_and_its_own_sign_ins_do_not_clear_it() {
        let clock = Clock::new();
        let limiter = LoginLimiter::standard();
        for i in 0..29 {
            fail(&limiter, &format!("user{i}"), HOME, clock.at(0)).unwrap();
        }
        succeed(&limiter, "mallory", HOME, clock.at(0)).unwrap();
        fail(&limiter, "user29", HOME, clock.at(0)).unwrap();
        assert_eq!(
            limiter
                .begin_at("someone-new", HOME, clock.at(0))
                .unwrap_err(),
            Duration::from_secs(10)
        );
        assert!(fail(&limiter, "someone-new", AWAY, clock.at(0)).is_ok());
        assert!(fail(&limiter, "someone-new", HOME, clock.at(10)).is_ok());
    }

    #[test]
    fn parallel_attempts_are_charged_before_they_are_settled() {
        let clock = Clock::new();
        let limiter = LoginLimiter::standard();
        let pending: Vec<_> = (0..5)
            .map(|_| limiter.begin_at("anna", HOME, clock.at(0)).unwrap())
            .collect();
        assert!(limiter.begin_at("anna", HOME, clock.at(0)).is_err());
        for attempt in pending {
            limiter.failed(attempt);
        }
    }

    #[test]
    fn idle_keys_are_forgotten_and_the_owners_address_is_remembered() {
        let clock = Clock::new();
        let limiter = LoginLimiter::standard();
        succeed(&limiter, "anna", HOME, clock.at(0)).unwrap();
        fail(&limiter, "bo", AWAY, clock.at(0)).unwrap();
        limiter.forget_idle_at(clock.at(3600));
        let b = limiter.lock();
        assert!(b.addresses.is_empty() && b.accounts.is_empty());
        assert_eq!(
            b.pairs.len(),
            1,
            "anna's address is kept, bo's failure is gone"
        );
    }

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(retry_after_secs(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_secs(Duration::from_secs(59)), 59);
        assert_eq!(retry_after_secs(Duration::from_millis(59_001)), 60);
    }
}
