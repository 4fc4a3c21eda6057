//! When held keys must be fetched again: when none are held or they are
//! older than `jwksCacheMaxAgeSeconds`; and when a token names a key not
//! held, but such refetches at most once per `jwksCooldownSeconds`. After a
//! failed fetch, no new attempt is made within the cooldown either, so a
//! provider that is down is not hammered.

use crate::error::Result;
use crate::validator::policy::seconds;

/// The default least time between two refetches, in seconds.
pub const DEFAULT_COOLDOWN: f64 = 30.0;
/// The default age after which keys are fetched again, in seconds.
pub const DEFAULT_MAX_AGE: f64 = 600.0;

/// The refetch policy and the times of the last fetches.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyCache {
    cooldown: f64,
    max_age: f64,
    loaded_at: Option<f64>,
    refetched_at: Option<f64>,
    failed_at: Option<f64>,
}

/// Whether `since` is absent or at least `span` seconds before `now` (a
/// clock that went backwards counts as elapsed, so nothing freezes).
fn elapsed(since: Option<f64>, now: f64, span: f64) -> bool {
    since.is_none_or(|t| now - t >= span || now < t)
}

impl KeyCache {
    /// A cache with the given cooldown and maximum age (seconds, >= 0).
    pub fn new(cooldown: f64, max_age: f64) -> Result<Self> {
        Ok(KeyCache {
            cooldown: seconds("jwksCooldownSeconds", cooldown)?,
            max_age: seconds("jwksCacheMaxAgeSeconds", max_age)?,
            loaded_at: None,
            refetched_at: None,
            failed_at: None,
        })
    }

    /// Records keys received (or given) at `now`.
    pub fn loaded(&mut self, now: f64) {
        self.loaded_at = Some(now);
        self.failed_at = None;
    }

    /// Records a fetch that failed at `now`.
    pub fn failed(&mut self, now: f64) {
        self.failed_at = Some(now);
    }

    /// Records a refetch for an unknown key, starting at `now`.
    pub fn refetching(&mut self, now: f64) {
        self.refetched_at = Some(now);
    }

    /// Whether keys are missing or older than the maximum age at `now`.
    pub fn is_stale(&self, now: f64) -> bool {
        elapsed(self.loaded_at, now, self.max_age)
    }

    /// Whether a fetch may be attempted at `now`: no failure within the cooldown.
    pub fn may_retry(&self, now: f64) -> bool {
        elapsed(self.failed_at, now, self.cooldown)
    }

    /// Whether a token naming an unknown key may trigger a refetch at `now`:
    /// the last such refetch, and the last failure, are a cooldown ago.
    pub fn may_refetch(&self, now: f64) -> bool {
        elapsed(self.refetched_at, now, self.cooldown) && self.may_retry(now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staleness() {
        let mut c = KeyCache::new(30.0, 600.0).unwrap();
        assert!(c.is_stale(1000.0));
        c.loaded(1000.0);
        assert!(!c.is_stale(1599.0));
        assert!(c.is_stale(1600.0));
        assert!(
            c.is_stale(900.0),
            "a clock that went backwards does not freeze the cache"
        );
    }

    #[test]
    fn refetch_cooldown_counts_refetches_not_the_first_load() {
        let mut c = KeyCache::new(30.0, 600.0).unwrap();
        c.loaded(1000.0);
        // A key rotated right after the first load is picked up at once.
        assert!(c.may_refetch(1001.0));
        c.refetching(1001.0);
        c.loaded(1001.0);
        assert!(!c.may_refetch(1030.0));
        assert!(c.may_refetch(1031.0));
    }

    #[test]
    fn failures_back_off_for_the_cooldown() {
        let mut c = KeyCache::new(30.0, 600.0).unwrap();
        c.failed(1000.0);
        assert!(!c.may_retry(1029.0) && !c.may_refetch(1029.0));
        assert!(c.may_retry(1030.0));
        c.loaded(1030.0);
        assert!(c.may_retry(1031.0));
        assert_eq!(
            KeyCache::new(-1.0, 1.0).unwrap_err().code(),
            "ERR_INVALID_OPTIONS"
        );
    }
}
