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
//!
//! A step that cannot count its work (loading a file, building the state graph) gets a
//! [`Status`] instead: one line saying what is being done, shown on the same terms (a
//! terminal, after a second) and cleared when it is finished or dropped.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread::JoinHandle;
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

/// A one-line status on stderr for steps that cannot count their work: a spinner and a
/// message ("loading big.toml (135 MB)"), drawn only when stderr is a terminal and the steps
/// have taken [`DELAY`], and cleared by [`Status::finish`] (or when dropped).
pub(crate) struct Status {
    bar: ProgressBar,
    /// Dropped to tell the waiting thread the steps are over.
    stop: Option<mpsc::Sender<()>>,
    waiter: Option<JoinHandle<()>>,
}

impl Status {
    /// Starts a status with its first message; nothing is drawn before [`DELAY`].
    pub(crate) fn start(message: impl Into<String>) -> Status {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg}… ({elapsed})") {
            bar.set_style(style);
        }
        bar.set_message(message.into());
        if !std::io::stderr().is_terminal() {
            return Status {
                bar,
                stop: None,
                waiter: None,
            };
        }
        let (stop, stopped) = mpsc::channel::<()>();
        let shown = bar.clone();
        let waiter = std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(DELAY) {
                shown.set_draw_target(ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(120));
            }
        });
        Status {
            bar,
            stop: Some(stop),
            waiter: Some(waiter),
        }
    }

    /// Says what the next step is.
    pub(crate) fn say(&self, message: impl Into<String>) {
        self.bar.set_message(message.into());
    }

    /// Clears the line (if it was drawn).
    pub(crate) fn finish(mut self) {
        self.hide();
    }

    /// Clears the line for good (if it was drawn), before something else writes to stderr:
    /// a warning, or a [`Progress`] bar.
    pub(crate) fn hide(&mut self) {
        drop(self.stop.take());
        if let Some(waiter) = self.waiter.take() {
            let _ = waiter.join();
        }
        self.bar.finish_and_clear();
    }
}

impl Drop for Status {
    fn drop(&mut self) {
        self.hide();
    }
}

/// A file's size for a status line: `135 MB`, `3.2 MB`, `48 kB`.
pub(crate) fn size_text(bytes: u64) -> String {
    let b = bytes as f64;
    if b >= 10e6 {
        format!("{:.0} MB", b / 1e6)
    } else if b >= 1e6 {
        format!("{:.1} MB", b / 1e6)
    } else {
        format!("{:.0} kB", (b / 1e3).max(1.0))
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
    fn sizes_read_as_a_person_says_them() {
        assert_eq!(size_text(135_400_000), "135 MB");
        assert_eq!(size_text(3_240_000), "3.2 MB");
        assert_eq!(size_text(48_200), "48 kB");
        assert_eq!(size_text(10), "1 kB");
    }

    #[test]
    fn a_status_off_a_terminal_draws_nothing() {
        let status = Status::start("loading");
        status.say("building");
        if !std::io::stderr().is_terminal() {
            assert!(status.bar.is_hidden());
            assert!(status.waiter.is_none());
        }
        status.finish();
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
