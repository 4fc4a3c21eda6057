//! When held keys must be fetched again: when none are held or they are
//! older than `jwksCacheMaxAgeSeconds`; and when a token names a key not
//! held, but such refetches at most once per `jwksCooldownSeconds`. After a
//! failed fetch, no new attempt is made within the cooldown either, so a
//! provider that is down is not hammered.

use crate::error::{instant, secs, Result};
use crate::validator::policy::seconds;
use alloc::format;
use alloc::string::String;

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

/// Why a fetch may not be made yet, and when it may.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Wait {
    /// Whether the fetch that started the cooldown failed (else it was a
    /// refetch for an unknown key).
    pub failed: bool,
    /// When that fetch was made, seconds since the epoch.
    pub since: f64,
    /// When the next fetch may be made, seconds since the epoch.
    pub until: f64,
}

impl Wait {
    /// The wait at `now`, for a message: how long ago the last fetch was,
    /// and when the next may happen, in seconds from now and as an instant.
    pub fn describe(&self, now: f64, cooldown: f64) -> String {
        let last = if self.failed {
            "the last fetch failed"
        } else {
            "the last refetch was"
        };
        format!(
            "{last} {} s ago, within jwksCooldownSeconds ({} s); the next may happen in {} s, {}",
            secs(now - self.since),
            secs(cooldown),
            secs(self.until - now),
            instant("at", self.until)
        )
    }
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

    /// Whether keys were ever received (or given).
    pub fn has_loaded(&self) -> bool {
        self.loaded_at.is_some()
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

    /// The least time between two refetches, in seconds.
    pub fn cooldown(&self) -> f64 {
        self.cooldown
    }

    /// The cooldown that `since` started, if it still runs at `now`.
    fn waiting(&self, since: Option<f64>, failed: bool, now: f64) -> Option<Wait> {
        let since = since?;
        (!elapsed(Some(since), now, self.cooldown)).then_some(Wait {
            failed,
            since,
            until: since + self.cooldown,
        })
    }

    /// Why [`KeyCache::may_retry`] is false at `now`: the failure within
    /// the cooldown. `None` when a fetch may be attempted.
    pub fn retry_wait(&self, now: f64) -> Option<Wait> {
        self.waiting(self.failed_at, true, now)
    }

    /// Why [`KeyCache::may_refetch`] is false at `now`: the recent refetch or
    /// failure whose cooldown ends last; on a tie (a refetch that failed
    /// within the same clock tick), the failure. `None` when a refetch may
    /// happen.
    pub fn refetch_wait(&self, now: f64) -> Option<Wait> {
        let refetched = self.waiting(self.refetched_at, false, now);
        match (refetched, self.retry_wait(now)) {
            (Some(r), Some(f)) => Some(if f.until >= r.until { f } else { r }),
            (r, f) => r.or(f),
        }
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
    fn waits_say_why_and_until_when() {
        let mut c = KeyCache::new(30.0, 600.0).unwrap();
        assert_eq!(c.refetch_wait(1_700_000_000.0), None);
        c.refetching(1_700_000_000.0);
        c.loaded(1_700_000_000.0);
        let w = c.refetch_wait(1_700_000_005.0).unwrap();
        assert_eq!(
            (w.failed, w.since, w.until),
            (false, 1_700_000_000.0, 1_700_000_030.0)
        );
        assert_eq!(
            w.describe(1_700_000_005.0, c.cooldown()),
            "the last refetch was 5 s ago, within jwksCooldownSeconds (30 s); the next may \
             happen in 25 s, at 1700000030 (2023-11-14T22:13:50Z)"
        );
        assert_eq!(c.retry_wait(1_700_000_005.0), None);
        // A later failure ends its cooldown later, so it is the one named.
        c.failed(1_700_000_010.0);
        let w = c.refetch_wait(1_700_000_012.5).unwrap();
        assert_eq!(
            w.describe(1_700_000_012.5, 30.0),
            "the last fetch failed 2.500 s ago, within jwksCooldownSeconds (30 s); the next \
             may happen in 27.500 s, at 1700000040 (2023-11-14T22:14:00Z)"
        );
        assert_eq!(c.retry_wait(1_700_000_012.5), Some(w));
        // The waits end exactly when may_refetch / may_retry turn true.
        assert!(!c.may_refetch(1_700_000_039.9) && c.refetch_wait(1_700_000_039.9).is_some());
        assert!(c.may_refetch(1_700_000_040.0) && c.refetch_wait(1_700_000_040.0).is_none());
        // A clock that went backwards: no wait, as may_refetch allows it.
        assert!(c.may_refetch(1_699_999_000.0) && c.refetch_wait(1_699_999_000.0).is_none());
    }

    #[test]
    fn a_refetch_that_fails_in_the_same_tick_is_named_as_a_failure() {
        let mut c = KeyCache::new(20.0, 600.0).unwrap();
        c.loaded(1_700_000_000.0);
        c.refetching(1_700_000_001.0);
        c.failed(1_700_000_001.0);
        let w = c.refetch_wait(1_700_000_001.0).unwrap();
        assert!(w.failed, "{w:?}");
        assert_eq!(c.retry_wait(1_700_000_001.0), Some(w));
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
