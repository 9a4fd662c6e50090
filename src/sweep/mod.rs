//! Work that outgrows one run: the travel-time and cost matrix (one route tree per origin,
//! rows streamed in order), shards of a sweep (`--shard I/N`: a deterministic share of the
//! work units of `compare`, `matrix` and `check`, written as JSON lines), and the merge of
//! shard files back into the output the whole run would have written, byte for byte.
//!
//! Where things live: this file has the shard arithmetic, the run fingerprint and the line
//! format every shard file shares; `matrix` computes and renders matrices; `units` turns the
//! work of each command into units and their results into lines; `merge` reads shard files,
//! checks that they come from one run and cover every unit exactly once, and renders the
//! result.
//!
//! A shard file is JSON lines: a header (`{"corridor":"shard", "version", "command", "run",
//! "shard", "units":[first, end], "total_units", "setup"}`), one line per unit
//! (`{"run", "shard", "unit", "result"}`) in unit order, and an end line (`{"run", "shard",
//! "end":true, "units"}`) that a shard writes only when every unit is done, so a file cut short
//! is recognised. `run` is the run fingerprint: a checksum of the format version, the corridor
//! version, the command and its setup (the network's checksum, scenarios, options and inputs),
//! the same for every shard of one run whatever the shard count.

mod matrix;
mod merge;
mod units;

pub use matrix::{MatrixFormat, MatrixTable, matrix_rows};
pub use merge::{MergeError, MergeFormat, Merged, merge_files};
pub use units::{
    CheckShard, CompareShard, Inputs, MatrixShard, ScenarioInput, check_shard, compare_shard,
    matrix_shard,
};

use std::fmt;
use std::io::{self, Read};
use std::ops::Range;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The version of the shard line format; merge refuses files of another version.
pub const FORMAT_VERSION: u32 = 1;

/// One share of a run's work units: shard `index` of `count`, counted from 0 (as Kubernetes'
/// `JOB_COMPLETION_INDEX` counts), written `I/N` (`0/4` to `3/4`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Shard {
    /// Which shard, from 0 to `count - 1`.
    pub index: usize,
    /// How many shards the work is split into, at least 1.
    pub count: usize,
}

/// The most shards a run may be split into.
pub const MAX_SHARDS: usize = 1_000_000;

impl Shard {
    /// The whole run as one shard (`0/1`).
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    /// The units of this shard among `total`: a contiguous block, `index · total / count`
    /// up to `(index + 1) · total / count`, so that blocks differ in size by at most one and
    /// together cover every unit once. Empty when there are fewer units than shards.
    #[must_use]
    pub fn units(&self, total: usize) -> Range<usize> {
        let at = |i: usize| ((i as u128 * total as u128) / self.count as u128) as usize;
        at(self.index)..at(self.index + 1)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// Why a `--shard` value is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShardError {
    /// Not of the form `I/N`.
    #[error(
        "{0:?} is not a shard: write I/N, the shard index counted from 0 and the shard count, e.g. 0/4"
    )]
    Syntax(String),
    /// N is 0 or too large.
    #[error("{text:?}: the shard count must be from 1 to {max}", max = MAX_SHARDS)]
    Count {
        /// What was given.
        text: String,
    },
    /// I is not below N.
    #[error("{text:?}: shards are counted from 0, so the index must be below {count} (0/{count} to {last}/{count})", last = count - 1)]
    Index {
        /// What was given.
        text: String,
        /// The shard count given.
        count: usize,
    },
}

impl FromStr for Shard {
    type Err = ShardError;

    fn from_str(text: &str) -> Result<Shard, ShardError> {
        let syntax = || ShardError::Syntax(text.to_owned());
        let (index, count) = text.trim().split_once('/').ok_or_else(syntax)?;
        let number = |s: &str| -> Result<usize, ShardError> {
            let s = s.trim();
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(syntax());
            }
            // Too many digits for a count is a count out of range, not a syntax error.
            Ok(s.parse().unwrap_or(usize::MAX))
        };
        let (index, count) = (number(index)?, number(count)?);
        if count == 0 || count > MAX_SHARDS {
            return Err(ShardError::Count {
                text: text.to_owned(),
            });
        }
        if index >= count {
            return Err(ShardError::Index {
                text: text.to_owned(),
                count,
            });
        }
        Ok(Shard { index, count })
    }
}

/// A 64-bit FNV-1a checksum (Fowler, Noll and Vo): stable across platforms and versions, for
/// recognising inputs and runs (not for security). Usable as an [`io::Write`] and a
/// [`fmt::Write`], so that a file or a value's `Debug` text is checksummed without being held.
#[derive(Debug, Clone, Copy)]
pub struct Checksum(u64);

impl Default for Checksum {
    fn default() -> Checksum {
        Checksum(0xcbf2_9ce4_8422_2325)
    }
}

impl Checksum {
    /// Adds bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// The checksum as 16 hexadecimal digits.
    #[must_use]
    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }

    /// The checksum of everything `reader` yields. O(bytes), constant memory.
    ///
    /// # Errors
    /// When reading fails.
    pub fn of_reader(mut reader: impl Read) -> io::Result<Checksum> {
        let mut sum = Checksum::default();
        io::copy(&mut reader, &mut sum)?;
        Ok(sum)
    }

    /// The checksum of a value's `Debug` text (for small values such as scenarios and
    /// references).
    #[must_use]
    pub fn of_debug(value: &impl fmt::Debug) -> Checksum {
        let mut sum = Checksum::default();
        let _ = fmt::Write::write_fmt(&mut sum, format_args!("{value:?}"));
        sum
    }
}

impl io::Write for Checksum {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl fmt::Write for Checksum {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.update(s.as_bytes());
        Ok(())
    }
}

/// The first line of a shard file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Header<S> {
    /// Always `shard`: what the file is.
    pub(crate) corridor: String,
    /// [`FORMAT_VERSION`].
    pub(crate) version: u32,
    /// `compare`, `matrix` or `check`.
    pub(crate) command: String,
    /// The run fingerprint.
    pub(crate) run: String,
    /// `I/N`.
    pub(crate) shard: String,
    /// The units of this shard, `[first, end)`.
    pub(crate) units: [usize; 2],
    /// Units of the whole run.
    pub(crate) total_units: usize,
    /// What the command needs to render the merged output, and what identifies the run.
    pub(crate) setup: S,
}

/// One unit's line.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct UnitLine<T, R> {
    pub(crate) run: T,
    pub(crate) shard: T,
    pub(crate) unit: usize,
    pub(crate) result: R,
}

/// The last line of a complete shard file.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct EndLine {
    pub(crate) run: String,
    pub(crate) shard: String,
    pub(crate) end: bool,
    pub(crate) units: usize,
}

/// The run fingerprint of a command with this setup.
fn fingerprint<S: Serialize>(command: &str, setup: &S) -> String {
    let mut sum = Checksum::default();
    sum.update(
        format!(
            "{FORMAT_VERSION}\n{}\n{command}\n",
            env!("CARGO_PKG_VERSION")
        )
        .as_bytes(),
    );
    let _ = serde_json::to_writer(&mut sum, setup);
    sum.hex()
}

/// Writes one shard file: the header, then units in order, then the end line.
pub(crate) struct ShardWriter<'w> {
    out: &'w mut (dyn io::Write + Send),
    lines: UnitLines,
    units: Range<usize>,
    next: usize,
}

/// Renders the unit lines of one shard (on any thread).
#[derive(Debug, Clone)]
pub(crate) struct UnitLines {
    run: String,
    shard: String,
}

impl UnitLines {
    /// The line of unit `unit`, newline included.
    pub(crate) fn line<R: Serialize>(&self, unit: usize, result: &R) -> String {
        let line = UnitLine {
            run: self.run.as_str(),
            shard: self.shard.as_str(),
            unit,
            result,
        };
        let mut text = serde_json::to_string(&line).unwrap_or_default();
        text.push('\n');
        text
    }
}

impl<'w> ShardWriter<'w> {
    /// Writes the header of `shard` of a run of `command` with `total` units.
    pub(crate) fn start<S: Serialize>(
        out: &'w mut (dyn io::Write + Send),
        command: &str,
        setup: &S,
        shard: Shard,
        total: usize,
    ) -> io::Result<ShardWriter<'w>> {
        let run = fingerprint(command, setup);
        let units = shard.units(total);
        let header = Header {
            corridor: "shard".to_owned(),
            version: FORMAT_VERSION,
            command: command.to_owned(),
            run: run.clone(),
            shard: shard.to_string(),
            units: [units.start, units.end],
            total_units: total,
            setup,
        };
        write_line(out, &header)?;
        Ok(ShardWriter {
            out,
            lines: UnitLines {
                run,
                shard: shard.to_string(),
            },
            next: units.start,
            units,
        })
    }

    /// The units this shard must write, in order.
    pub(crate) fn units(&self) -> Range<usize> {
        self.units.clone()
    }

    /// What renders this shard's unit lines.
    pub(crate) fn lines(&self) -> UnitLines {
        self.lines.clone()
    }

    /// Writes the next unit's result.
    pub(crate) fn unit<R: Serialize>(&mut self, result: &R) -> io::Result<()> {
        let text = self.lines.line(self.next, result);
        self.write_unit_text(&text)
    }

    /// Writes the next unit's line as [`UnitLines::line`] rendered it.
    pub(crate) fn write_unit_text(&mut self, text: &str) -> io::Result<()> {
        self.next += 1;
        self.out.write_all(text.as_bytes())
    }

    /// Writes the end line (the shard is complete) and flushes.
    pub(crate) fn finish(self) -> io::Result<()> {
        let end = EndLine {
            run: self.lines.run,
            shard: self.lines.shard,
            end: true,
            units: self.next - self.units.start,
        };
        write_line(self.out, &end)?;
        self.out.flush()
    }
}

/// Writes a value as one line of compact JSON.
fn write_line(out: &mut (dyn io::Write + Send), value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_refuse_with_reasons() {
        assert_eq!("0/4".parse(), Ok(Shard { index: 0, count: 4 }));
        assert_eq!(" 3 / 4 ".parse(), Ok(Shard { index: 3, count: 4 }));
        let err = |s: &str| s.parse::<Shard>().unwrap_err().to_string();
        assert_eq!(
            err("4/4"),
            "\"4/4\": shards are counted from 0, so the index must be below 4 (0/4 to 3/4)"
        );
        assert_eq!(
            err("1/0"),
            "\"1/0\": the shard count must be from 1 to 1000000"
        );
        assert_eq!(
            err("99999999999999999999999/1"),
            "\"99999999999999999999999/1\": shards are counted from 0, so the index must be below 1 (0/1 to 0/1)"
        );
        for bad in ["", "1", "a/b", "-1/4", "1/4/5", "1.0/4", "/4"] {
            assert!(err(bad).contains("is not a shard: write I/N"), "{bad}");
        }
    }

    #[test]
    fn shards_cover_every_unit_once() {
        for total in [0usize, 1, 2, 7, 100, 101] {
            for count in 1..=12 {
                let mut next = 0;
                for index in 0..count {
                    let units = Shard { index, count }.units(total);
                    assert_eq!(units.start, next);
                    assert!(units.len() <= total / count + 1);
                    next = units.end;
                }
                assert_eq!(next, total);
            }
        }
    }

    #[test]
    fn checksums_are_fnv1a() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(Checksum::default().hex(), "cbf29ce484222325");
        let mut a = Checksum::default();
        a.update(b"a");
        assert_eq!(a.hex(), "af63dc4c8601ec8c");
        assert_eq!(
            Checksum::of_reader(&b"foobar"[..]).map(|c| c.hex()).ok(),
            Some("85944171f73967e8".to_owned())
        );
    }
}
