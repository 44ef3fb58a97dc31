//! Login throttling for `markt serve`: the core locks an account after nine wrong passwords,
//! which stops guessing one account's password but not trying one password on every
//! account, nor locking the whole office out on purpose. So the server also counts failed
//! logins per client address (too many: refused for a while, 429) and per account (after
//! a few, each failure is answered a second late). Counted in memory: a restart forgets,
//! the core's lockout does not.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

/// Failed attempts per key within a sliding window.
pub struct Throttle {
    limit: usize,
    window: Duration,
    failures: HashMap<String, VecDeque<Instant>>,
}

/// Keys kept before the ones without recent failures are swept out.
const SWEEP_FROM: usize = 10_000;

impl Throttle {
    pub fn new(limit: usize, window: Duration) -> Throttle {
        Throttle { limit, window, failures: HashMap::new() }
    }

    /// The failures of `key` within the window before `now`.
    pub fn count(&mut self, key: &str, now: Instant) -> usize {
        self.recent(key, now).map_or(0, |f| f.len())
    }

    /// How long `key` must wait before it may try again (`None`: it may now): the limit
    /// was reached, and the oldest counted failure leaves the window after that long.
    pub fn refused(&mut self, key: &str, now: Instant) -> Option<Duration> {
        let (limit, window) = (self.limit, self.window);
        let failures = self.recent(key, now)?;
        if failures.len() < limit {
            return None;
        }
        let oldest = *failures.front()?;
        Some(window.saturating_sub(now.duration_since(oldest)).max(Duration::from_secs(1)))
    }

    pub fn failed(&mut self, key: &str, now: Instant) {
        if self.failures.len() >= SWEEP_FROM {
            let window = self.window;
            self.failures.retain(|_, f| f.back().is_some_and(|last| now.duration_since(*last) < window));
        }
        self.failures.entry(key.to_string()).or_default().push_back(now);
    }

    /// A success forgets the key's failures.
    pub fn succeeded(&mut self, key: &str) {
        self.failures.remove(key);
    }

    fn recent(&mut self, key: &str, now: Instant) -> Option<&mut VecDeque<Instant>> {
        let window = self.window;
        let failures = self.failures.get_mut(key)?;
        while failures.front().is_some_and(|at| now.duration_since(*at) >= window) {
            failures.pop_front();
        }
        Some(failures)
    }
}

/// The server's two counts.
pub struct Logins {
    /// Per client address: this many failures in the window and the address waits.
    pub by_address: Throttle,
    /// Per account (user name, any case): after [`SLOW_AFTER`] failures each is answered late.
    pub by_account: Throttle,
}

/// Failed logins from one address within [`WINDOW`] before it is refused.
pub const ADDRESS_LIMIT: usize = 30;
/// Failures of one account within [`WINDOW`] before each further failure is answered late.
pub const SLOW_AFTER: usize = 3;
/// How late: a second per failure stops a script, not a clerk who mistyped.
pub const SLOW_BY: Duration = Duration::from_secs(1);
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

impl Default for Logins {
    fn default() -> Logins {
        Logins { by_address: Throttle::new(ADDRESS_LIMIT, WINDOW), by_account: Throttle::new(usize::MAX, WINDOW) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_refused_at_the_limit_until_its_oldest_failure_leaves_the_window() {
        let start = Instant::now();
        let mut t = Throttle::new(3, Duration::from_secs(60));
        for i in 0..3 {
            assert_eq!(t.refused("10.0.0.5", start + Duration::from_secs(i)), None, "attempt {i} may try");
            t.failed("10.0.0.5", start + Duration::from_secs(i));
        }
        assert_eq!(t.refused("10.0.0.5", start + Duration::from_secs(10)), Some(Duration::from_secs(50)));
        assert_eq!(t.refused("10.0.0.6", start + Duration::from_secs(10)), None, "another address may");
        // The first failure leaves the window at 60 s: one more try.
        assert_eq!(t.refused("10.0.0.5", start + Duration::from_secs(60)), None);
        assert_eq!(t.count("10.0.0.5", start + Duration::from_secs(60)), 2);
    }

    #[test]
    fn a_success_forgets_and_a_long_wait_forgets() {
        let start = Instant::now();
        let mut t = Throttle::new(2, Duration::from_secs(60));
        t.failed("ans", start);
        t.failed("ans", start);
        assert!(t.refused("ans", start).is_some());
        t.succeeded("ans");
        assert_eq!(t.count("ans", start), 0);
        t.failed("piet", start);
        assert_eq!(t.count("piet", start + Duration::from_secs(61)), 0);
    }

    #[test]
    fn the_wait_is_at_least_a_second() {
        let start = Instant::now();
        let mut t = Throttle::new(1, Duration::from_secs(60));
        t.failed("x", start);
        assert_eq!(t.refused("x", start + Duration::from_millis(59_900)), Some(Duration::from_secs(1)));
    }
}
