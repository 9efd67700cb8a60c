//! Whole-process measurements for the `side_by_side` bench: a [`Contender`] is one program run
//! on vectors (an `fvmi vectors` call or the reference's conformance runner), timed by wall
//! clock with its peak resident memory read from `/usr/bin/time`, and [`alternate`] runs several
//! of them in turn, repetition after repetition, so that load changes hit each one alike.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::reference::ReferenceCorpus;

/// One program to time on vectors.
#[derive(Debug)]
pub enum Contender<'a> {
    /// `binary vectors <args>`; the run must end with a `conformance:` summary of 0 failures.
    Fvmi {
        /// The `fvmi` executable.
        binary: &'a Path,
        /// Arguments after `vectors`.
        args: &'a [String],
    },
    /// The reference's conformance runner (a test binary) on one corpus, on one thread; every
    /// vector must pass or be skipped.
    Reference {
        /// The runner test binary.
        binary: &'a Path,
        /// The working directory that makes the runner find the corpus.
        corpus: &'a ReferenceCorpus,
    },
}

/// What one or several runs of a [`Contender`] measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measured {
    /// Wall time: of one run, or the median of several.
    pub wall: Duration,
    /// Peak resident memory in KiB (the largest over the runs), 0 when `/usr/bin/time` is
    /// missing.
    pub peak_kib: u64,
    /// The result line the program printed last (its pass, fail and skip counts); for a run
    /// that did not pass, also its exit status and the end of its error output.
    pub summary: String,
    /// Whether every vector passed or was skipped (for several runs: the last one).
    pub passed: bool,
}

const TIME: &str = "/usr/bin/time";
const RSS_PREFIX: &str = "fvmi-sbs-maxrss ";

impl Contender<'_> {
    /// The command that runs this contender, wrapped in `/usr/bin/time` when it is there.
    fn command(&self) -> Command {
        let program: &Path = match self {
            Contender::Fvmi { binary, .. } | Contender::Reference { binary, .. } => binary,
        };
        let mut command = if Path::new(TIME).exists() {
            let mut c = Command::new(TIME);
            c.arg("-f").arg(format!("{RSS_PREFIX}%M")).arg(program);
            c
        } else {
            Command::new(program)
        };
        match self {
            Contender::Fvmi { args, .. } => {
                command.arg("vectors").args(args.iter());
            }
            Contender::Reference { corpus, .. } => corpus.configure(&mut command),
        }
        command
    }

    /// A short name of the program and its arguments, for messages.
    fn describe(&self) -> String {
        match self {
            Contender::Fvmi { binary, args } => format!("{} vectors {args:?}", binary.display()),
            Contender::Reference { binary, corpus } => {
                format!("{} on {}", binary.display(), corpus.corpus().display())
            }
        }
    }

    /// Runs the contender once. Panics when it cannot start; a run in which a vector fails
    /// comes back with `passed` false (its time means nothing).
    pub fn run(&self) -> Measured {
        let mut command = self.command();
        let start = Instant::now();
        let output = command
            .output()
            .unwrap_or_else(|error| panic!("running {}: {error}", self.describe()));
        let wall = start.elapsed();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let mut summary = match self {
            Contender::Fvmi { .. } => last_line_starting(&stdout, "conformance:"),
            Contender::Reference { .. } => last_line_starting(&stdout, "conformance tests result:"),
        };
        let passed = match self {
            Contender::Fvmi { .. } => summary.contains(" 0 failed"),
            Contender::Reference { .. } => {
                output.status.success() && crate::reference::all_passed(&summary)
            }
        };
        if !passed {
            let last_error = stderr
                .lines()
                // `/usr/bin/time` adds its own lines: the memory and "Command exited ...".
                .rfind(|l| {
                    !l.starts_with(RSS_PREFIX) && !l.starts_with("Command ") && !l.trim().is_empty()
                })
                .unwrap_or("");
            summary = match last_error {
                "" => format!("{summary} ({})", output.status),
                error => format!("{summary} ({}; {error})", output.status),
            };
        }
        let peak_kib = stderr
            .lines()
            .find_map(|l| l.strip_prefix(RSS_PREFIX))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        Measured {
            wall,
            peak_kib,
            summary,
            passed,
        }
    }
}

/// The last line of `text` that starts with `prefix` (after any terminal colour codes), or "".
fn last_line_starting(text: &str, prefix: &str) -> String {
    text.lines()
        .map(strip_colours)
        .rfind(|l| l.trim_start().starts_with(prefix))
        .map_or_else(String::new, |l| l.trim().to_owned())
}

/// `line` without ANSI escape sequences (`ESC [ ... letter`).
fn strip_colours(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The median of `values` (the upper one of the middle two for an even count).
///
/// # Panics
/// When `values` is empty.
pub fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

/// Runs every contender `reps` times (at least once), repetition `r` starting with contender
/// `r % n` so none is always first; returns, in the order given, each one's median wall time,
/// largest peak memory and last summary. A contender whose run does not pass is not run again:
/// its result has `passed` false.
pub fn alternate(contenders: &[Contender<'_>], reps: usize) -> Vec<Measured> {
    let n = contenders.len();
    let mut runs: Vec<Vec<Measured>> = vec![Vec::new(); n];
    for rep in 0..reps.max(1) {
        for k in 0..n {
            let i = (rep + k) % n;
            if runs[i].last().is_none_or(|m| m.passed) {
                runs[i].push(contenders[i].run());
            }
        }
    }
    runs.into_iter()
        .map(|runs| Measured {
            wall: median(runs.iter().map(|m| m.wall).collect()),
            peak_kib: runs.iter().map(|m| m.peak_kib).max().unwrap_or(0),
            summary: runs.last().map_or_else(String::new, |m| m.summary.clone()),
            passed: runs.last().is_some_and(|m| m.passed),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_lines_are_found_through_colour_codes() {
        let text =
            "OK a\n\u{1b}[1mconformance tests result: 3/4 tests passed (1 skipped)\u{1b}[0m\n";
        assert_eq!(
            last_line_starting(text, "conformance tests result:"),
            "conformance tests result: 3/4 tests passed (1 skipped)"
        );
        assert_eq!(last_line_starting(text, "conformance:"), "");
    }

    #[test]
    fn median_takes_the_middle() {
        let ms = Duration::from_millis;
        assert_eq!(median(vec![ms(9), ms(1), ms(5)]), ms(5));
        assert_eq!(median(vec![ms(4), ms(2)]), ms(4));
    }
}
