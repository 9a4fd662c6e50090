//! Progress on stderr for long runs: an `indicatif` bar that appears only when stderr is a
//! terminal and the run has already taken a second, so quick runs, pipes, files and tests see
//! nothing, and stdout is never touched.
//!
//! The pattern for a long library operation: the library stays ignorant of indicatif and
//! takes a plain callback, `progress: &(dyn Fn(usize) + Sync)`, called (from any thread) with
//! the number of work units done so far, and documents how many units there are (for
//! `batch::compare`, one search per pair and network). The command makes a [`Progress`] with
//! that total and a label, passes `&|done| bar.set(done)`, and calls [`Progress::finish`]
//! when the call returns, which clears the line:
//!
//! ```ignore
//! let bar = Progress::new("comparing", pairs.len() * networks);
//! let result = corridor::batch::compare(&base, &named, &pairs, &options, &|n| bar.set(n));
//! bar.finish();
//! ```

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a run goes before its bar appears.
const DELAY: Duration = Duration::from_secs(1);

/// A progress bar on stderr, hidden until [`DELAY`] has passed (and for good when stderr is not
/// a terminal). Cheap to update from many threads.
pub(crate) struct Progress {
    bar: ProgressBar,
    started: Instant,
    /// Whether stderr is a terminal, decided once.
    terminal: bool,
    shown: AtomicBool,
}

impl Progress {
    /// A bar for `total` units of work, labelled `label` ("comparing").
    pub(crate) fn new(label: &str, total: usize) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template(
            "{msg} [{bar:30}] {pos}/{len} ({elapsed}, about {eta} left)",
        ) {
            bar.set_style(style.progress_chars("#>."));
        }
        bar.set_message(label.to_owned());
        Progress {
            bar,
            started: Instant::now(),
            terminal: std::io::stderr().is_terminal(),
            shown: AtomicBool::new(false),
        }
    }

    /// Records that `done` units are done; shows the bar once the run is past the delay.
    pub(crate) fn set(&self, done: usize) {
        self.bar.set_position(done as u64);
        if should_show(self.terminal, self.started.elapsed())
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.bar.enable_steady_tick(Duration::from_millis(250));
        }
    }

    /// Clears the bar (if it was shown).
    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// Whether a bar is drawn: only on a terminal, and only for a run already past [`DELAY`].
fn should_show(terminal: bool, elapsed: Duration) -> bool {
    terminal && elapsed >= DELAY
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawn_only_on_a_terminal_after_a_second() {
        assert!(!should_show(false, Duration::from_secs(60)));
        assert!(!should_show(true, Duration::from_millis(999)));
        assert!(should_show(true, Duration::from_secs(1)));
    }

    #[test]
    fn a_bar_off_a_terminal_stays_hidden() {
        let bar = Progress {
            terminal: false,
            started: Instant::now()
                .checked_sub(Duration::from_secs(5))
                .unwrap_or_else(Instant::now),
            ..Progress::new("testing", 10)
        };
        bar.set(5);
        assert!(!bar.shown.load(Ordering::Relaxed));
        assert!(bar.bar.is_hidden());
        bar.finish();
    }
}
