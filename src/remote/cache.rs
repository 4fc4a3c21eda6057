//! When held keys must be fetched again: after `jwksCacheMaxAgeSeconds`, or
//! when a token names a key not held, but then at most once per
//! `jwksCooldownSeconds`.

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
    fetched_at: Option<f64>,
    attempted_at: Option<f64>,
}

impl KeyCache {
    /// A cache with the given cooldown and maximum age (seconds, >= 0).
    pub fn new(cooldown: f64, max_age: f64) -> Result<Self> {
        Ok(KeyCache {
            cooldown: seconds("jwksCooldownSeconds", cooldown)?,
            max_age: seconds("jwksCacheMaxAgeSeconds", max_age)?,
            fetched_at: None,
            attempted_at: None,
        })
    }

    /// Records a fetch attempt at `now` (successful or not): it starts the cooldown.
    pub fn attempted(&mut self, now: f64) {
        self.attempted_at = Some(now);
    }

    /// Records keys received at `now`.
    pub fn fetched(&mut self, now: f64) {
        self.attempted_at = Some(now);
        self.fetched_at = Some(now);
    }

    /// Whether keys are missing or older than the maximum age at `now`:
    /// they must be fetched before use.
    pub fn is_stale(&self, now: f64) -> bool {
        self.fetched_at
            .is_none_or(|t| now - t >= self.max_age || now < t)
    }

    /// Whether a token naming an unknown key may trigger a refetch at `now`:
    /// the last attempt is at least the cooldown ago.
    pub fn may_refetch(&self, now: f64) -> bool {
        self.attempted_at
            .is_none_or(|t| now - t >= self.cooldown || now < t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staleness_and_cooldown() {
        let mut c = KeyCache::new(30.0, 600.0).unwrap();
        assert!(c.is_stale(1000.0) && c.may_refetch(1000.0));
        c.fetched(1000.0);
        assert!(!c.is_stale(1599.0));
        assert!(c.is_stale(1600.0));
        assert!(!c.may_refetch(1029.0));
        assert!(c.may_refetch(1030.0));
        c.attempted(1100.0);
        assert!(!c.may_refetch(1110.0));
        // A clock that went backwards does not freeze the cache.
        assert!(c.is_stale(900.0) && c.may_refetch(900.0));
        assert_eq!(
            KeyCache::new(-1.0, 1.0).unwrap_err().code(),
            "ERR_INVALID_OPTIONS"
        );
    }
}
