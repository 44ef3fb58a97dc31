//! Progress of long work (an export, an import, a report over a year) and its cancellation.
//!
//! The core reports to a [`Progress`] the caller passes in: the CLI draws a bar on standard
//! error, the app sends events to its window and answers `false` once the clerk presses
//! cancel. A cancelled export or import returns [`crate::Error::Cancelled`] and stores
//! nothing: its transaction is rolled back.

/// Where long work reports how far it is. `step` returning `false` cancels the work.
pub trait Progress {
    /// A new phase starts (`"regels kiezen"`, `"bestand schrijven"`), of `total` steps when
    /// known.
    fn phase(&mut self, name: &str, total: Option<u64>);

    /// `done` steps of the current phase are done. Answer `false` to cancel.
    fn step(&mut self, done: u64) -> bool;
}

/// No one is watching: never cancels.
#[derive(Debug, Default, Clone, Copy)]
pub struct Silent;

impl Progress for Silent {
    fn phase(&mut self, _: &str, _: Option<u64>) {}
    fn step(&mut self, _: u64) -> bool {
        true
    }
}

/// How often, in rows, the core reports: often enough for a smooth bar and a prompt cancel,
/// rarely enough to cost nothing.
pub(crate) const EVERY: u64 = 512;

/// Reports `done` every [`EVERY`] steps; a cancel becomes [`crate::Error::Cancelled`].
pub(crate) fn tick(progress: &mut dyn Progress, done: u64) -> crate::Result<()> {
    if done.is_multiple_of(EVERY) && !progress.step(done) {
        return Err(crate::Error::Cancelled);
    }
    Ok(())
}

/// Reports the end of a phase (always, so a bar reaches its end).
pub(crate) fn finish(progress: &mut dyn Progress, done: u64) -> crate::Result<()> {
    if progress.step(done) { Ok(()) } else { Err(crate::Error::Cancelled) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cancels once `after` steps are reported.
    struct CancelAt(u64);
    impl Progress for CancelAt {
        fn phase(&mut self, _: &str, _: Option<u64>) {}
        fn step(&mut self, done: u64) -> bool {
            done < self.0
        }
    }

    #[test]
    fn ticks_every_few_hundred_and_cancels() {
        let mut p = CancelAt(EVERY * 2);
        assert!(tick(&mut p, 1).is_ok(), "not a reporting step");
        assert!(tick(&mut p, EVERY).is_ok());
        assert!(matches!(tick(&mut p, EVERY * 2), Err(crate::Error::Cancelled)));
        assert!(finish(&mut Silent, 3).is_ok());
    }
}
