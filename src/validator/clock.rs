//! The validator's source of the current time, injected so that tests and
//! hosts without `std::time` (wasm32) supply their own.

/// Tells the current time in seconds since the Unix epoch.
pub trait Clock {
    /// The current time, seconds since the epoch (fractions allowed).
    fn now(&self) -> f64;
}

/// A clock stopped at one instant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FixedClock(pub f64);

impl Clock for FixedClock {
    fn now(&self) -> f64 {
        self.0
    }
}

impl<F: Fn() -> f64> Clock for F {
    fn now(&self) -> f64 {
        self()
    }
}

/// The operating system's clock (not on wasm32, where the host supplies one).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

#[cfg(not(target_arch = "wasm32"))]
impl Clock for SystemClock {
    fn now(&self) -> f64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64())
    }
}
